"""Powertools logger, tracer and metrics shared by the services.

Logs are JSON with a correlation id (the generation request id); user text, emails and
secrets are never logged, only ids and counts.
"""

from __future__ import annotations

import threading
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
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
tracer = Tracer(service="manga-platform")
metrics = Metrics(namespace=NAMESPACE, service="manga-platform")
