"""A circuit breaker: stop calling a failing remote service for a while.

Closed: calls go through. After `failure_threshold` consecutive failures it opens and
refuses calls for `cooldown_seconds`; then it is half-open and lets one trial call
through: success closes it, failure opens it again. A server's "retry after N seconds"
holds it open for at least that long.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

BreakerState = Literal["closed", "open", "half-open"]


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 3,
        cooldown_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self.clock = clock
        self._failures = 0
        self._open_until: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state()

    def _state(self) -> BreakerState:
        if self._open_until is None:
            return "closed"
        return "open" if self.clock() < self._open_until else "half-open"

    def allow(self) -> bool:
        """May a call go out now? In half-open state only one trial call at a time may."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "open" or self._trial_running:
                return False
            self._trial_running = True
            return True

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._open_until = None
            self._trial_running = False

    def record_failure(self, retry_after: float | None = None) -> None:
        """Count a failure; `retry_after` is the wait the server asked for, if it said."""
        with self._lock:
            self._failures += 1
            failed_trial = self._trial_running
            self._trial_running = False
            wait = 0.0
            if failed_trial or self._failures >= self.failure_threshold:
                wait = self.cooldown_seconds
            if retry_after:
                wait = max(wait, retry_after)
            if wait > 0:
                self._open_until = self.clock() + wait
