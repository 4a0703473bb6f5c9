"""The AWS environment the local runtime's services run in: an endpoint, or an embedded emulator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from manga_common.settings import Settings, get_settings

QUIET_ENVIRONMENT = {
    # The local chain prints one line per stage; structured logs and metrics stay quiet unless asked for.
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def quiet_services() -> None:
    """Services in this process log warnings only, unless the caller's environment says otherwise."""
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    # The services' logger reads its level when it is created, which an earlier import (a
    # command module's) may already have done.
    from manga_common.observability import logger

    logger.setLevel(os.environ["POWERTOOLS_LOG_LEVEL"])


@contextmanager
def aws_environment(endpoint: str | None) -> Iterator[Settings]:
    """Settings for the services in this process: an explicit or configured endpoint, or an
    embedded emulator when there is neither."""
    from manga_app.emulator import embedded_emulator

    endpoint = endpoint or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        yield configured_settings()
        return
    with embedded_emulator() as url:
        os.environ["AWS_ENDPOINT_URL"] = url
        os.environ.setdefault("AWS_REGION", "us-east-1")
        yield configured_settings()


def configured_settings() -> Settings:
    get_settings.cache_clear()
    return get_settings()


def endpoint_words(settings: Settings) -> str:
    if settings.endpoint_url and settings.endpoint_url.startswith("http://127.0.0.1"):
        return f"embedded AWS emulator at {settings.endpoint_url}"
    return f"AWS endpoint {settings.endpoint_url or 'default'}"
