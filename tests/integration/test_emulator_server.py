"""The emulator's HTTP server: connections kept open between AWS calls, and closed when it stops."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

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


def test_events_reach_their_queue_intact_when_input_paths_are_parsed_once(server: EmulatorServer) -> None:
    """Before: moto built a JSONPath parser for every input path of every event (14 ms each)."""
    import boto3
    import jsonpath_ng.ext

    session = boto3.session.Session(
        aws_access_key_id="emulator", aws_secret_access_key="emulator", region_name="us-east-1"
    )
    events = session.client("events", endpoint_url=server.url)
    sqs = session.client("sqs", endpoint_url=server.url)
    queue = sqs.create_queue(QueueName="parsed-once")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="to-queue", EventPattern=json.dumps({"source": ["manga.test"]}))
    events.put_targets(Rule="to-queue", Targets=[{"Id": "queue", "Arn": arn}])
    for n in range(3):
        events.put_events(
            Entries=[{"Source": "manga.test", "DetailType": "Test", "Detail": json.dumps({"n": n})}]
        )
    bodies = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    assert sorted(json.loads(m["Body"])["detail"]["n"] for m in bodies) == [0, 1, 2]
    assert {json.loads(m["Body"])["source"] for m in bodies} == {"manga.test"}
    assert jsonpath_ng.ext.parse.cache_info().hits > 0  # type: ignore[attr-defined]


def test_items_come_back_as_they_were_put_when_answered_as_stored(server: EmulatorServer) -> None:
    """Every attribute type, nested, round-trips; binary values still take moto's own path."""
    import boto3

    from manga_app.emulator_server import in_wire_form

    session = boto3.session.Session(
        aws_access_key_id="emulator", aws_secret_access_key="emulator", region_name="us-east-1"
    )
    dynamodb = session.client("dynamodb", endpoint_url=server.url)
    dynamodb.create_table(
        TableName="as-stored",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    item: dict[str, Any] = {
        "PK": {"S": "one"},
        "count": {"N": "12.5"},
        "yes": {"BOOL": False},
        "none": {"NULL": True},
        "tags": {"SS": ["a", "b"]},
        "sizes": {"NS": ["1", "2"]},
        "blob": {"B": b"\x00\xffart"},
        "blobs": {"BS": [b"x", b"y"]},
        "nested": {"M": {"list": {"L": [{"S": "x"}, {"N": "1"}, {"M": {"deep": {"B": b"\x01"}}}]}}},
    }
    dynamodb.put_item(TableName="as-stored", Item=item)
    got = dynamodb.get_item(TableName="as-stored", Key={"PK": {"S": "one"}})["Item"]
    assert {name: value for name, value in got.items() if "BS" not in value} == {
        name: value for name, value in item.items() if "BS" not in value
    }
    assert sorted(got["blobs"]["BS"]) == [b"x", b"y"]  # a set: its order is not kept
    queried = dynamodb.query(
        TableName="as-stored",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "one"}},
    )["Items"]
    assert queried == [got]
    assert in_wire_form({"M": {"a": {"L": [{"S": "x"}, {"BOOL": True}]}}})
    assert not in_wire_form({"M": {"a": {"L": [{"B": b"x"}]}}})
    assert not in_wire_form({"S": "x", "N": "1"})
