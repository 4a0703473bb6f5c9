"""HTTP status and transport failures of httpx calls, as the platform's errors."""

from __future__ import annotations

import email.utils
import time

import httpx

from manga_common.errors import (
    BackendTimeoutError,
    ConfigurationError,
    MangaError,
    PermanentError,
    TransientError,
)
from manga_plugins.llm.retry import RetryLater


def retry_after_seconds(response: httpx.Response, now: float | None = None) -> float | None:
    """The Retry-After header in seconds (it may be a number or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def status_error(response: httpx.Response, service: str, detail: str = "") -> MangaError:
    status = response.status_code
    text = f"{service}: HTTP {status}{': ' + detail[:300] if detail else ''}"
    if status == 429 or status == 408 or status >= 500:
        return RetryLater(text, retry_after_seconds(response))
    if status in (401, 403, 404):
        return ConfigurationError(text)
    return PermanentError(text, code="BACKEND_REJECTED")


def transport_error(error: httpx.HTTPError, service: str, timeout: float | None = None) -> TransientError:
    """Timeouts, refused or dropped connections: worth another try."""
    if isinstance(error, httpx.TimeoutException):
        within = f" within {timeout:.1f} s" if timeout is not None else ""
        return BackendTimeoutError(f"{service} did not answer{within} ({type(error).__name__})")
    return TransientError(f"{service}: {type(error).__name__}")
