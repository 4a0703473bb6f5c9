"""Shared fixtures: a moto server on loopback over HTTP is the AWS the tests talk to.

Set MANGA_TEST_ENDPOINT to run the same tests against LocalStack instead. The services the
suite needs are tried there first (a few seconds each at most); a test that needs one the
endpoint lacks is skipped, with one line per missing service in the summary, rather than left
to time out.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from functools import cache

import pytest

from manga_app.emulator import EMULATOR_CREDENTIALS
from manga_app.emulator_server import EmulatorServer
from manga_app.provision import QueueUrls, provision
from manga_common.settings import Settings, get_settings

_environments = itertools.count(1)

# What the suite calls on its endpoint: the chain's resources everywhere, Cognito for the API tests.
CORE_SERVICES = ("dynamodb", "s3", "sqs", "events")
API_SERVICES = ("cognito-idp",)


def _probe(endpoint: str, service: str) -> str | None:
    """None when `service` answers a small real call at `endpoint`, else what went wrong."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    quick = Config(connect_timeout=3, read_timeout=15, retries={"total_max_attempts": 1})
    client = boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=quick)  # type: ignore[call-overload]
    name = f"manga-probe-{os.getpid()}"
    try:
        if service == "dynamodb":  # creating a table is what LocalStack's DynamoDB cannot do offline
            client.create_table(
                TableName=name,
                BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
            )
            client.delete_table(TableName=name)
        elif service == "s3":
            client.create_bucket(Bucket=name)
            client.delete_bucket(Bucket=name)
        elif service == "sqs":
            client.delete_queue(QueueUrl=client.create_queue(QueueName=name)["QueueUrl"])
        elif service == "events":
            client.list_event_buses(Limit=1)
        elif service == "cognito-idp":
            client.list_user_pools(MaxResults=1)
    except ClientError as error:
        return f"{error.response.get('Error', {}).get('Code', 'error')}"
    except BotoCoreError as error:
        return type(error).__name__
    return None


@cache
def _missing_at(endpoint: str) -> dict[str, str]:
    for name, value in EMULATOR_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    problems = {service: _probe(endpoint, service) for service in CORE_SERVICES + API_SERVICES}
    return {service: problem for service, problem in problems.items() if problem}


def missing_services() -> dict[str, str]:
    """Services MANGA_TEST_ENDPOINT lacks (service -> what the probe got), tried once per run."""
    endpoint = os.environ.get("MANGA_TEST_ENDPOINT")
    return _missing_at(endpoint) if endpoint else {}


def pytest_report_header(config: pytest.Config) -> list[str]:
    endpoint = os.environ.get("MANGA_TEST_ENDPOINT")
    if not endpoint:
        return []
    lines = [f"MANGA_TEST_ENDPOINT={endpoint} lacks {s} ({why})" for s, why in missing_services().items()]
    return lines or [f"MANGA_TEST_ENDPOINT={endpoint} offers every service the suite needs"]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip, naming the service, a test whose endpoint lacks what it needs."""
    if not os.environ.get("MANGA_TEST_ENDPOINT") or "aws_endpoint" not in getattr(item, "fixturenames", ()):
        return
    needed = CORE_SERVICES + (API_SERVICES if "tests/api/" in item.path.as_posix() else ())
    for service in needed:
        if service in missing_services():
            pytest.skip(f"MANGA_TEST_ENDPOINT lacks {service} ({missing_services()[service]})")


@pytest.fixture(scope="session")
def aws_endpoint() -> Iterator[str]:
    """An AWS endpoint: LocalStack if MANGA_TEST_ENDPOINT names one, else a moto server on loopback."""
    for name, value in EMULATOR_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    configured = os.environ.get("MANGA_TEST_ENDPOINT")
    if configured:
        yield configured
        return
    server = EmulatorServer()  # the server `manga dev` runs, in this process
    yield server.start()
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
