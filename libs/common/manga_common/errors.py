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
