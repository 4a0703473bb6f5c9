"""Retries with exponential backoff and jitter, for throttling, 5xx and timeouts.

A backend makes one attempt in a function that raises the platform's error taxonomy:
`TransientError` (or `RetryLater`, which names the wait the server asked for) is tried
again until the attempts are spent; any other error ends the call at once.

The tries, the wait cap and (through the backends) each try's timeout come from Settings
(MODEL_ATTEMPTS, MODEL_BACKOFF_CAP_SECONDS, MODEL_TIMEOUT_SECONDS), so Terraform can check
that a whole call fits the function's timeout. Inside a stage the call also keeps to the
stage's deadline (manga_common.deadline): no try starts without time to finish, and a wait
that would leave no time for the next try ends the call with the last error instead.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from manga_common import deadline
from manga_common.errors import TransientError
from manga_common.observability import logger
from manga_common.settings import get_settings

T = TypeVar("T")


class RetryLater(TransientError):
    """A transient refusal that says how long to wait (HTTP 429/503 with Retry-After)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = field(default_factory=lambda: get_settings().model_attempts)
    """Tries in all, the first included."""
    base_delay: float = 0.5
    max_delay: float = field(default_factory=lambda: get_settings().model_backoff_cap_seconds)
    max_retry_after: float = field(default_factory=lambda: get_settings().model_backoff_cap_seconds)
    """A server asking for a longer wait than this is not waited for: the call fails now."""
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def backoff(self, retry: int) -> float:
        """Seconds before retry number `retry` (1-based): half fixed, half random ("equal jitter"),
        so clients throttled together spread out but never hammer at once."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry - 1))
        return ceiling / 2 + self.jitter() * ceiling / 2

    def call(self, attempt: Callable[[], T], what: str = "call") -> T:
        """Run `attempt` until it succeeds, fails permanently, or the attempts are spent."""
        for number in range(1, self.attempts + 1):
            deadline.check(what)
            try:
                return attempt()
            except TransientError as error:
                if number == self.attempts:
                    raise
                delay = self.backoff(number)
                retry_after = getattr(error, "retry_after", None)
                if retry_after is not None:
                    if retry_after > self.max_retry_after:
                        raise
                    delay = max(delay, retry_after)
                if not deadline.has_time_for(delay):
                    logger.warning(
                        "transient failure, no time left in the stage for another try",
                        extra={"what": what, "attempt": number, "code": error.code},
                    )
                    raise
                logger.warning(
                    "transient failure, retrying",
                    extra={"what": what, "attempt": number, "delay_s": round(delay, 3), "code": error.code},
                )
                self.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")
