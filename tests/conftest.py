"""Shared fixtures: a moto server on loopback over HTTP is the AWS the tests talk to.

Set MANGA_TEST_ENDPOINT to run the same tests against LocalStack instead.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from manga_app.emulator import EMULATOR_CREDENTIALS
from manga_app.provision import QueueUrls, provision
from manga_common.settings import Settings, get_settings

_environments = itertools.count(1)


@pytest.fixture(scope="session")
def aws_endpoint() -> Iterator[str]:
    """An AWS endpoint: LocalStack if MANGA_TEST_ENDPOINT names one, else a moto server on loopback."""
    for name, value in EMULATOR_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    configured = os.environ.get("MANGA_TEST_ENDPOINT")
    if configured:
        yield configured
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def fresh_settings(endpoint: str, **overrides: object) -> Settings:
    """Settings naming resources no other test uses, so tests share one server safely."""
    environment = f"test{next(_environments)}-{os.getpid()}"
    values: dict[str, object] = {
        "environment": environment,
        "endpoint_url": endpoint,
        "table_name": f"MangaPlatformTable-{environment}",
    }
    values.update(overrides)
    return Settings.model_validate(values)


@pytest.fixture
def configure(aws_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Returns a function that provisions fresh resources and points this process at them."""

    def apply(visibility_timeout: int = 30, **overrides: object) -> tuple[Settings, list[QueueUrls]]:
        settings = fresh_settings(aws_endpoint, **overrides)
        queues = provision(settings, visibility_timeout=visibility_timeout)
        for name, value in settings.to_env().items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        assert get_settings() == settings
        return settings, queues

    yield apply
    get_settings.cache_clear()


@pytest.fixture
def aws(configure: object) -> tuple[Settings, list[QueueUrls]]:
    """Fresh provisioned resources with the default (offline) backends."""
    return configure()  # type: ignore[operator]


@pytest.fixture
def settings(aws: tuple[Settings, list[QueueUrls]]) -> Settings:
    return aws[0]
