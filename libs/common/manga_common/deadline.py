"""The time a stage has left, handed to backends without changing their interfaces.

A stage runs its work inside `budget(seconds)`; anything below it (the retry policy, an
HTTP client, a boto3 call) asks `remaining()` or `try_timeout()` so that no try and no
backoff outlasts the stage. The deadline lives in a context variable: it follows the
call stack of the thread that set it, and nothing else.

A thread pool does not copy context variables into its workers. Code that fans work out
to threads (panels in parallel) runs each task as `contextvars.copy_context().run(fn, ...)`
so the workers see the stage's deadline too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from manga_common.errors import DeadlineExceededError

MIN_TRY_SECONDS = 0.5
"""A try with less time than this left cannot do useful work: it is not started."""

_deadline: ContextVar[float | None] = ContextVar("manga_deadline", default=None)
"""time.monotonic() at which the current stage's budget ends; None outside any stage."""


@contextmanager
def budget(seconds: float) -> Iterator[float]:
    """Run the block with `seconds` left at most (a budget inside another never extends it)."""
    end = time.monotonic() + max(0.0, seconds)
    outer = _deadline.get()
    if outer is not None:
        end = min(end, outer)
    token = _deadline.set(end)
    try:
        yield end
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left in the current budget (never negative); None when there is no budget."""
    end = _deadline.get()
    return None if end is None else max(0.0, end - time.monotonic())


def check(what: str = "the call") -> None:
    """Raises DeadlineExceededError when too little is left to start a try of `what` at all."""
    left = remaining()
    if left is not None and left < MIN_TRY_SECONDS:
        raise DeadlineExceededError(f"no time left in the stage's budget for {what}")


def try_timeout(preferred: float, what: str = "the call") -> float:
    """The timeout one try may use: `preferred`, cut to what the budget has left (see check)."""
    check(what)
    left = remaining()
    return preferred if left is None else min(preferred, left)


def has_time_for(seconds: float) -> bool:
    """Whether waiting `seconds` still leaves time for one more try."""
    left = remaining()
    return left is None or left >= seconds + MIN_TRY_SECONDS
