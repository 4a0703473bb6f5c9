"""Error taxonomy shared by services and plugins.

A stage turns any of these into the request's FAILED status (code and message) once its
retries are spent; `transient` tells the retry logic whether another try can help.
"""

from __future__ import annotations


class MangaError(Exception):
    code = "INTERNAL_ERROR"
    transient = False

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class TransientError(MangaError):
    """Throttling, timeouts, 5xx: worth another try."""

    code = "BACKEND_UNAVAILABLE"
    transient = True


class PermanentError(MangaError):
    """Another try gives the same answer."""

    code = "PERMANENT_FAILURE"


class ContentFilteredError(PermanentError):
    """A guardrail or content filter refused the prompt or the output."""

    code = "CONTENT_FILTERED"


class InvalidModelOutputError(PermanentError):
    """The model's output did not fit the schema, even after one repair attempt."""

    code = "INVALID_MODEL_OUTPUT"


class ConfigurationError(PermanentError):
    code = "CONFIGURATION_ERROR"


class NotFoundError(PermanentError):
    code = "NOT_FOUND"


class BackendTimeoutError(TransientError):
    """A backend did not answer within the time one try may take."""

    code = "BACKEND_TIMEOUT"


class DeadlineExceededError(TransientError):
    """The stage's time budget ran out before its work was done; a later delivery may finish it."""

    code = "DEADLINE_EXCEEDED"


class EventTooLargeError(PermanentError):
    """An event over EventBridge's and SQS's 256 KiB limit: events carry keys, never content."""

    code = "EVENT_TOO_LARGE"


STAGE_ABANDONED = "STAGE_ABANDONED"
"""The code of a request whose message reached a DLQ with no error recorded (its worker died)."""


def is_transient(error: BaseException) -> bool:
    """Whether another delivery can help: platform errors say so; a malformed event never heals;
    anything else (a network or AWS error) is taken as transient."""
    if isinstance(error, MangaError):
        return error.transient
    # pydantic's ValidationError and json's JSONDecodeError are ValueErrors: the event is malformed.
    return not isinstance(error, ValueError)
