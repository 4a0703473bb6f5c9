"""boto3 clients: the one way any service reaches AWS, an emulator or a fake.

Clients honour `AWS_ENDPOINT_URL` through Settings, so the same handler runs on AWS,
LocalStack and a moto server on loopback.
"""

from __future__ import annotations

import os
import platform
import threading
from functools import cache
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.loaders import Loader, create_loader

from manga_common.settings import Settings, get_settings

USER_AGENT = f"manga-platform boto3/{boto3.__version__} python/{platform.python_version()}"
"""Every AWS call's User-Agent: the platform (what CloudTrail shows an operator), then the SDK's
and the language's versions (boto3's session adds botocore's). botocore's own header is rebuilt,
character by character, for every request: a sixth to a quarter of a call's CPU in the client.
This one is built once."""
# Standard retry mode: exponential backoff with jitter for throttling and 5xx, at most 3 attempts
# (docs/design.md).
_RETRIES = Config(
    retries={"mode": "standard", "max_attempts": 3},
    connect_timeout=5,
    read_timeout=60,
    user_agent=USER_AGENT,
)
# Presigned links are SigV4 everywhere: without it botocore may sign S3 links with SigV2, which
# AWS has deprecated and newer buckets and regions refuse. The region in the signature is the
# client's, the bucket's own (one region per deployment).
_SERVICE_CONFIG = {"s3": Config(signature_version="s3v4")}


@cache
def _service_models() -> Loader:
    """One loader of botocore's service models for the process: a session with a loader of its
    own parsed DynamoDB's model afresh for every table (80 ms of CPU, each stage invocation)."""
    return create_loader()


def _session() -> boto3.session.Session:
    """A session of its own (sessions are not thread-safe, and each resolves the credentials
    the environment has now) sharing the parsed service models."""
    core = botocore.session.get_session()
    core.register_component("data_loader", _service_models())
    return boto3.session.Session(botocore_session=core)


@cache
def client(service: str, settings: Settings | None = None, max_attempts: int | None = None) -> Any:
    """A cached boto3 client for `service`, configured from `settings`.

    `max_attempts=1` turns botocore's retries off, for callers that retry themselves and
    must count their tries (model backends).
    """
    settings = settings or get_settings()
    config = _config(service)
    if max_attempts is not None:
        config = config.merge(Config(retries={"mode": "standard", "total_max_attempts": max_attempts}))
    return _session().client(
        service,  # type: ignore[call-overload]
        region_name=settings.region,
        endpoint_url=settings.endpoint_url,
        config=config,
    )


_CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE")
_this_thread = threading.local()


def resource(service: str, settings: Settings | None = None) -> Any:
    """A boto3 resource for `service`, one per thread (resources are not thread-safe).

    Building one costs a session and its handlers (a few ms of CPU), and every table access
    used to pay it. A thread keeps its resource while the environment's credentials stay the
    ones it was built with, as a Lambda sandbox's do.
    """
    settings = settings or get_settings()
    key = (service, settings, tuple(os.environ.get(name) for name in _CREDENTIAL_VARIABLES))
    resources: dict[tuple[object, ...], Any] = _this_thread.__dict__.setdefault("resources", {})
    if key not in resources:
        resources[key] = _session().resource(
            service,  # type: ignore[call-overload]
            region_name=settings.region,
            endpoint_url=settings.endpoint_url,
            config=_config(service),
        )
    return resources[key]


def _config(service: str) -> Config:
    service_config = _SERVICE_CONFIG.get(service)
    return _RETRIES.merge(service_config) if service_config else _RETRIES
