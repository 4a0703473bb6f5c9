"""boto3 resources: built once per thread, rebuilt when the environment's credentials change."""

from __future__ import annotations

import threading

import pytest

from manga_common import aws
from manga_common.settings import Settings

SETTINGS = Settings(endpoint_url="http://127.0.0.1:9", region="us-east-1")


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "first")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "first-secret")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def test_a_thread_reuses_its_resource() -> None:
    """Before: every table access built a session and a resource (a few ms of CPU each)."""
    assert aws.resource("dynamodb", SETTINGS) is aws.resource("dynamodb", SETTINGS)


def test_threads_do_not_share_a_resource() -> None:
    mine = aws.resource("dynamodb", SETTINGS)
    theirs: list[object] = []
    thread = threading.Thread(target=lambda: theirs.append(aws.resource("dynamodb", SETTINGS)))
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine


def test_new_credentials_get_a_new_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    before = aws.resource("dynamodb", SETTINGS)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "second")
    after = aws.resource("dynamodb", SETTINGS)
    assert after is not before
    assert after.meta.client._request_signer._credentials.access_key == "second"
