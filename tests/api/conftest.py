"""The API behind the local gateway, with real tokens from the emulator's user pool.

One gateway per test module: a fresh table, bucket, bus and user pool on the shared
emulator. Each test signs up readers of its own, so tests do not see each other's items.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from manga_app.cognito import LocalUserPool
from manga_app.gateway import LocalGateway
from manga_app.provision import provision
from manga_common.settings import Settings, get_settings
from tests.conftest import fresh_settings

GENERATION_LIMIT = 3
PASSWORD = "Manga-Reader-2026!"
_readers = itertools.count(1)


@dataclass
class ApiStack:
    settings: Settings
    pool: LocalUserPool
    gateway: LocalGateway

    @property
    def url(self) -> str:
        return self.gateway.url


@dataclass
class Reader:
    email: str
    user_id: str
    id_token: str
    access_token: str
    http: httpx.Client

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(path, **kwargs)


def cognito_call(url: str, operation: str, body: dict[str, Any]) -> httpx.Response:
    """Cognito's JSON API through the gateway, as the web page calls it."""
    return httpx.post(
        f"{url}/cognito",
        headers={
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
            "Content-Type": "application/x-amz-json-1.1",
        },
        content=json.dumps(body),
    )


def stack_environment(settings: Settings) -> dict[str, str]:
    return settings.to_env() | {
        "GENERATION_LIMIT_PER_HOUR": str(GENERATION_LIMIT),
        "POWERTOOLS_LOG_LEVEL": "CRITICAL",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }


@contextmanager
def running_stack(aws_endpoint: str, *, workers: bool, concurrency: int = 4) -> Iterator[ApiStack]:
    """Fresh resources and user pool, this process pointed at them, and a gateway in front."""
    settings = fresh_settings(aws_endpoint)
    provision(settings)
    with pytest.MonkeyPatch.context() as env:
        for name, value in stack_environment(settings).items():
            env.setenv(name, value)
        get_settings.cache_clear()
        pool = LocalUserPool.ensure(settings)
        with LocalGateway(settings, pool, workers=workers, concurrency=concurrency) as gateway:
            yield ApiStack(settings, pool, gateway)
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def stack(aws_endpoint: str) -> Iterator[ApiStack]:
    """The API without the stage workers: items are written straight into the table and bucket."""
    with running_stack(aws_endpoint, workers=False) as running:
        yield running


def sign_up_reader(stack: ApiStack) -> Reader:
    """Signs up and signs in a new reader through the page's Cognito path."""
    email = f"reader{next(_readers)}-{os.getpid()}@example.com"
    signed_up = cognito_call(
        stack.url,
        "SignUp",
        {
            "ClientId": stack.pool.client_id,
            "Username": email,
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": email}],
        },
    )
    assert signed_up.status_code == 200, signed_up.text
    signed_in = cognito_call(
        stack.url,
        "InitiateAuth",
        {
            "ClientId": stack.pool.client_id,
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD},
        },
    )
    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()["AuthenticationResult"]
    http = httpx.Client(base_url=stack.url, headers={"Authorization": tokens["IdToken"]}, timeout=30)
    return Reader(email, signed_up.json()["UserSub"], tokens["IdToken"], tokens["AccessToken"], http)


@pytest.fixture
def new_reader(stack: ApiStack) -> Iterator[Callable[[], Reader]]:
    readers: list[Reader] = []

    def make() -> Reader:
        readers.append(sign_up_reader(stack))
        return readers[-1]

    yield make
    for made in readers:
        made.http.close()


@pytest.fixture(scope="module")
def new_reader_module(stack: ApiStack) -> Iterator[Reader]:
    """One reader for a whole module (tests that share state on purpose)."""
    made = sign_up_reader(stack)
    yield made
    made.http.close()


@pytest.fixture
def reader(new_reader: Callable[[], Reader]) -> Reader:
    return new_reader()


@pytest.fixture
def other_reader(new_reader: Callable[[], Reader]) -> Reader:
    return new_reader()


def valid_preferences(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "genres": ["fantasy", "adventure"],
        "themes": ["friendship", "a lost map"],
        "artStyle": "shonen",
        "targetAudience": "teens",
        "contentRating": "teen",
        "seed": 7,
        "pages": 2,
    }
    body.update(overrides)
    return body


@pytest.fixture(scope="module")
def live_stack(aws_endpoint: str) -> Iterator[ApiStack]:
    """The gateway with the stage workers: ordered manga really get made (one per test module)."""
    with running_stack(aws_endpoint, workers=True) as running:
        yield running


@pytest.fixture(scope="module")
def author(live_stack: ApiStack) -> Iterator[Reader]:
    """A signed-up reader on the live stack, for the whole module."""
    made = sign_up_reader(live_stack)
    yield made
    made.http.close()
