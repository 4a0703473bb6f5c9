"""Powertools logger, tracer and metrics shared by the services.

Logs are JSON with a correlation id (the generation request id); user text, emails and
secrets are never logged, only ids and counts.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

NAMESPACE = "MangaPlatform"


class PerThreadKeysFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON format with the appended keys (`append_keys`, the correlation id, the
    Lambda context) kept per thread rather than per process.

    Lambda runs one request per process, so there it changes nothing. The local runtime runs
    API requests and stage workers as threads of one process: with process-wide keys a log line
    carried whichever function name, user id and correlation id another thread set last.
    """

    def __init__(self, **options: Any) -> None:
        self._local = threading.local()
        self._defaults: dict[str, Any] = {}
        super().__init__(**options)

    @property
    def log_format(self) -> dict[str, Any]:
        if not hasattr(self._local, "keys"):
            self._local.keys = dict(self._defaults)
        keys: dict[str, Any] = self._local.keys
        return keys

    @log_format.setter
    def log_format(self, keys: dict[str, Any]) -> None:
        self._local.keys = keys

    def settle(self) -> None:
        """The keys set so far (the service's) are where every thread starts."""
        self._defaults = dict(self.log_format)


_formatter = PerThreadKeysFormatter()
logger = Logger(service="manga-platform", logger_formatter=_formatter)
_formatter.settle()
F = TypeVar("F", bound=Callable[..., Any])


def tracing_enabled() -> bool:
    """Powertools' own rule: off when POWERTOOLS_TRACE_DISABLED says so, and outside Lambda
    (no LAMBDA_TASK_ROOT) or in SAM/Chalice's local emulators."""
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").strip().lower() in ("1", "true", "yes", "on"):
        return False
    local = os.environ.get("AWS_SAM_LOCAL") or os.environ.get("AWS_CHALICE_CLI_MODE")
    return bool(os.environ.get("LAMBDA_TASK_ROOT")) and not local


class UntracedTracer:
    """Tracer's decorators when tracing is off: they return the function as it is. Powertools'
    Tracer imports the X-Ray SDK (about a quarter of a second) even when disabled, which every
    cold start without tracing would pay for nothing."""

    def capture_lambda_handler(self, handler: F | None = None, **_: Any) -> Any:
        return handler if handler is not None else (lambda function: function)

    def capture_method(self, method: F | None = None, **_: Any) -> Any:
        return method if method is not None else (lambda function: function)

    def put_annotation(self, key: str, value: Any) -> None:
        pass

    def put_metadata(self, key: str, value: Any, namespace: str | None = None) -> None:
        pass


def _tracer() -> Any:
    if not tracing_enabled():
        return UntracedTracer()
    from aws_lambda_powertools import Tracer

    return Tracer(service="manga-platform")


tracer = _tracer()
metrics = Metrics(namespace=NAMESPACE, service="manga-platform")
