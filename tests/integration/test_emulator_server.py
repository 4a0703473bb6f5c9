"""The emulator's HTTP server: connections kept open between AWS calls, and closed when it stops."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest

from manga_app.emulator_server import EmulatorServer

# moto reads the service and region from the signature's scope; it does not check the signature.
SIGNED_FOR_DYNAMODB = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=emulator/20261201/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-target, Signature=0",
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
}


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    server = EmulatorServer()
    server.start()
    yield server
    server.stop()


def connect(server: EmulatorServer) -> http.client.HTTPConnection:
    host, port = server.url.removeprefix("http://").split(":")
    return http.client.HTTPConnection(host, int(port), timeout=10)


def list_tables(connection: http.client.HTTPConnection, body: bytes = b"{}") -> http.client.HTTPResponse:
    connection.request("POST", "/", body=body, headers=SIGNED_FOR_DYNAMODB)
    return connection.getresponse()


def test_one_connection_carries_call_after_call(server: EmulatorServer) -> None:
    """Before: every answer said `Connection: close`, so each AWS call opened a connection."""
    connection = connect(server)
    first = list_tables(connection)
    assert first.status == 200 and "TableNames" in json.loads(first.read())
    assert first.getheader("Connection") != "close"
    socket_used = connection.sock
    second = list_tables(connection)
    assert second.status == 200 and "TableNames" in json.loads(second.read())
    assert connection.sock is socket_used, "the second call went over the first call's connection"


def test_a_body_the_application_leaves_unread_is_not_taken_for_the_next_request(
    server: EmulatorServer,
) -> None:
    connection = connect(server)
    # ListTables reads only the fields it knows; the rest of a long body must not spill over.
    padded = json.dumps({"Limit": 10, "Padding": "x" * 100_000}).encode()
    assert list_tables(connection, padded).read()
    answer = list_tables(connection)
    assert answer.status == 200 and "TableNames" in json.loads(answer.read())


def test_stopping_ends_the_connections_it_kept_open(server: EmulatorServer) -> None:
    connection = connect(server)
    list_tables(connection).read()
    server.stop()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        list_tables(connection).read()
