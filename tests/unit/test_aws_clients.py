"""boto3 clients and resources: resources built once per thread, rebuilt when the environment's
credentials change; every call names the platform in its User-Agent."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from urllib3.response import HTTPResponse

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


def sent_user_agent(client: Any) -> str:
    """The User-Agent header of one GetItem, caught as it would leave (answered here, no network)."""
    sent: list[str] = []

    def answer(request: Any, **_: object) -> AWSResponse:
        sent.append(request.headers["User-Agent"].decode())
        raw = HTTPResponse(body=io.BytesIO(b"{}"), status=200, preload_content=False)
        return AWSResponse(request.url, 200, HTTPHeaders(), raw)

    client.meta.events.register_first("before-send.dynamodb.GetItem", answer)
    try:
        client.get_item(TableName="t", Key={"PK": {"S": "p"}})
    finally:
        client.meta.events.unregister("before-send.dynamodb.GetItem", answer)
    return sent[0]


def test_calls_name_the_platform_in_their_user_agent() -> None:
    """Before: botocore's own header, rebuilt for every request (a sixth to a quarter of a call's
    CPU in the client)."""
    for client in (aws.client("dynamodb", SETTINGS), aws.resource("dynamodb", SETTINGS).meta.client):
        agent = sent_user_agent(client)
        assert agent.split(" ")[:3] == aws.USER_AGENT.split(" ")
        assert agent.startswith("manga-platform boto3/")
