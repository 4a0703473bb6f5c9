"""Hostile use of the API through the local gateway: nested bodies, signed links, racing
orders, malformed HTTP, shared log keys and a gateway bound beyond loopback."""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manga_app.cli import main
from manga_app.gateway import LocalGateway
from manga_common import aws
from manga_common.errors import ConfigurationError
from manga_common.ids import new_request_id
from manga_common.models.entities import GenerationRequest
from manga_common.observability import logger
from manga_common.table import EpisodeClaimed, MangaTable
from tests.api.conftest import GENERATION_LIMIT, ApiStack, Reader, running_stack, valid_preferences
from tests.api.library import seed_episode
from tests.api.test_openapi import OPENAPI_PATH

RACERS = 10
MAX_BODY = 16 * 1024
NESTINGS = [("[", "]"), ('{"a":', "}")]
BODY_OPERATIONS = [
    operation
    for operation in (
        result.ok()  # type: ignore[union-attr]
        for result in schemathesis.openapi.from_path(OPENAPI_PATH).get_all_operations()
    )
    if operation.body
]


@pytest.fixture(scope="module")
def stack(aws_endpoint: str) -> Iterator[ApiStack]:
    """As many API execution environments as racing callers, so that they really race."""
    with running_stack(aws_endpoint, workers=False, concurrency=RACERS) as running:
        yield running


def error_of(response: httpx.Response) -> dict[str, object]:
    error = response.json()["error"]
    assert {"code", "message", "requestId", "timestamp"} <= set(error)
    return error


def raw_exchange(stack: ApiStack, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """One request written as bytes (no client library would send it), and the parsed answer."""
    host, port = stack.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = connection.makefile("rb")
        status = int(answer.readline().split()[1])
        headers: dict[str, str] = {}
        while (line := answer.readline().strip()) != b"":
            name, value = line.decode("latin-1").split(":", 1)
            headers[name.strip().lower()] = value.strip()
        body = answer.read(int(headers.get("content-length", "0")))
    return status, headers, body


# -- nested JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "closing", "levels"), [("[", "]", 7000), ('{"a":', "}", 2500)], ids=["arrays", "objects"]
)
def test_deeply_nested_bodies_are_400_naming_the_limit(
    stack: ApiStack, reader: Reader, opening: str, closing: str, levels: int
) -> None:
    body = opening * levels + "1" + closing * levels
    assert len(body) < 16 * 1024
    seeded = seed_episode(stack.settings, reader.user_id)
    for path in ("/preferences", f"/stories/{seeded.story_id}/episodes"):
        answer = reader.post(path, content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (path, answer.text)
        error = error_of(answer)
        assert error["code"] == "INVALID_REQUEST"
        assert "nest" in str(error["message"]) and "32" in str(error["message"])


def test_nesting_inside_strings_is_only_text(reader: Reader) -> None:
    answer = reader.post("/preferences", json=valid_preferences(themes=["[[[[" * 10, "{{{{" * 10]))
    assert "nest" not in answer.text


@pytest.mark.parametrize(
    "operation", BODY_OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in BODY_OPERATIONS]
)
@given(data=st.data())
@settings(
    max_examples=15,
    database=None,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_schemathesis_bodies_nested_deep_are_400_on_every_route_with_a_body(
    stack: ApiStack, new_reader_module: Reader, operation: schemathesis.APIOperation, data: st.DataObject
) -> None:
    """Each body schemathesis makes from the contract, wrapped in up to thousands of levels."""
    case = data.draw(operation.as_strategy())
    opening, closing = data.draw(st.sampled_from(NESTINGS))
    # An optional body schemathesis chose to leave out is nested as an empty object.
    inner = json.dumps(case.body if isinstance(case.body, dict | list | str | int | float) else {})
    deepest = (MAX_BODY - len(inner)) // (len(opening) + len(closing))
    depth = data.draw(st.integers(min_value=33, max_value=max(deepest, 33)))
    answer = new_reader_module.http.request(
        case.method,
        case.formatted_path,
        params=case.query or None,
        content=opening * depth + inner + closing * depth,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 400, answer.text
    assert error_of(answer)["code"] == "INVALID_REQUEST" and "nest" in answer.text


def test_deeply_nested_cognito_bodies_are_a_serialization_error(stack: ApiStack) -> None:
    answer = httpx.post(
        f"{stack.url}/cognito",
        headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.SignUp"},
        content="[" * 100_000 + "]" * 100_000,
    )
    assert answer.status_code == 400
    assert answer.json()["__type"] == "SerializationException"


# -- download links ------------------------------------------------------------------------


def test_download_links_are_signed_with_sigv4_in_the_buckets_region(stack: ApiStack, reader: Reader) -> None:
    seeded = seed_episode(stack.settings, reader.user_id)
    for file_format in ("pdf", "cbz"):
        link = reader.get(f"/episodes/{seeded.episode_id}/download", params={"format": file_format}).json()
        query = parse_qs(urlsplit(link["url"]).query)
        assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in link["url"]
        assert query["X-Amz-Credential"][0].endswith(f"/{stack.settings.region}/s3/aws4_request")
        assert int(query["X-Amz-Expires"][0]) <= 900
        assert "AWSAccessKeyId" not in query and "Signature" not in query
        assert httpx.get(link["url"]).status_code == 200


# -- next episode --------------------------------------------------------------------------


@pytest.mark.parametrize("used", [0, GENERATION_LIMIT - 1], ids=["quota-free", "one-unit-left"])
def test_racing_next_episode_orders_start_exactly_one_generation(
    stack: ApiStack, reader: Reader, used: int
) -> None:
    """Losers are told who won (409), never 429, even when the winner took the hour's last unit."""
    seeded = seed_episode(stack.settings, reader.user_id)
    for _ in range(used):
        assert reader.post("/preferences", json=valid_preferences()).status_code == 202
    start = threading.Barrier(RACERS)

    def order(_: int) -> httpx.Response:
        with httpx.Client(base_url=stack.url, headers={"Authorization": reader.id_token}, timeout=30) as http:
            start.wait()
            return http.post(f"/stories/{seeded.story_id}/episodes")

    with ThreadPoolExecutor(RACERS) as pool:
        answers = list(pool.map(order, range(RACERS)))

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [202] + [409] * (RACERS - 1), [a.text for a in answers]
    winner = next(a.json() for a in answers if a.status_code == 202)
    for refused in (a for a in answers if a.status_code == 409):
        error = error_of(refused)
        assert error["code"] == "EPISODE_IN_PROGRESS"
        assert error["details"] == {"requestId": winner["requestId"]}
    table = MangaTable(stack.settings)
    episode_requests = [r for r in table.list_requests(reader.user_id) if r.type == "EPISODE"]
    assert [r.request_id for r in episode_requests] == [winner["requestId"]]
    # One generation counted against the hour for the episode, beside the stories ordered.
    rate = [i for i in table.dynamo.scan()["Items"] if str(i["SK"]).startswith("RATE#")]
    assert [int(i["count"]) for i in rate if i["PK"] == f"USER#{reader.user_id}"] == [used + 1]


def test_an_order_past_the_hourly_limit_leaves_no_claim(stack: ApiStack, reader: Reader) -> None:
    seeded = seed_episode(stack.settings, reader.user_id)
    for _ in range(GENERATION_LIMIT):
        assert reader.post("/preferences", json=valid_preferences()).status_code == 202
    assert reader.post(f"/stories/{seeded.story_id}/episodes").status_code == 429
    table = MangaTable(stack.settings)
    assert table.episode_claim(seeded.story_id, 2) is None
    assert [r for r in table.list_requests(reader.user_id) if r.type == "EPISODE"] == []


def test_writes_made_while_a_claim_fails_are_kept(stack: ApiStack) -> None:
    """A transaction refused on a held claim leaves the rest of the table as it found it.

    The emulator rolled a failed transaction back to a copy of the whole table taken when it
    began, erasing what other callers wrote meanwhile; a table of some size makes that window
    wide enough to see.
    """
    table = MangaTable(stack.settings)
    with table.dynamo.batch_writer() as batch:
        for number in range(1000):
            batch.put_item(Item={"PK": f"FILLER#{number}", "SK": "FILLER"})
    held = GenerationRequest(
        user_id="claimer", request_id=new_request_id(), type="EPISODE", story_id="s", episode_number=2
    )
    table.claim_episode(held, limit=1000)

    def claim_again(_: int) -> None:
        for _ in range(10):
            with pytest.raises(EpisodeClaimed):
                table.claim_episode(held.model_copy(update={"request_id": new_request_id()}), limit=1000)

    def write(writer: int) -> list[str]:
        made = [new_request_id() for _ in range(20)]
        for request_id in made:
            assert table.create_request(GenerationRequest(user_id=f"writer-{writer}", request_id=request_id))
        return made

    with ThreadPoolExecutor(8) as pool:
        claims = [pool.submit(claim_again, n) for n in range(4)]
        writes = [pool.submit(write, n) for n in range(4)]
        for claim in claims:
            claim.result()
        written = {n: future.result() for n, future in enumerate(writes)}
    for writer, made in written.items():
        assert {r.request_id for r in table.list_requests(f"writer-{writer}")} == set(made)
    assert table.episode_claim("s", 2) == held.request_id


def test_a_failed_episode_can_be_ordered_again(stack: ApiStack, reader: Reader) -> None:
    seeded = seed_episode(stack.settings, reader.user_id)
    first = reader.post(f"/stories/{seeded.story_id}/episodes").json()
    table = MangaTable(stack.settings)
    assert table.move_request(reader.user_id, first["requestId"], "FAILED")
    again = reader.post(f"/stories/{seeded.story_id}/episodes")
    assert again.status_code == 202, again.text
    assert again.json()["episodeNumber"] == 2 and again.json()["requestId"] != first["requestId"]
    third = reader.post(f"/stories/{seeded.story_id}/episodes")
    assert third.status_code == 409
    assert error_of(third)["details"] == {"requestId": again.json()["requestId"]}


# -- the gateway's own answers -------------------------------------------------------------


def test_a_100_kb_header_is_431_in_the_error_format(stack: ApiStack) -> None:
    status, headers, body = raw_exchange(
        stack, b"GET /stories HTTP/1.1\r\nHost: gateway\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
    )
    assert status == 431
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "REQUEST_HEADER_FIELDS_TOO_LARGE"


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"NONSENSE\r\n\r\n", 400),
        (b"GET /stories HTTP/x.y\r\nHost: gateway\r\n\r\n", 400),
        (b"GET /stories HTTP/2.0\r\nHost: gateway\r\n\r\n", 505),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    ],
    ids=["no-request-line", "bad-version", "http-2", "long-uri"],
)
def test_malformed_http_is_answered_in_the_error_format(
    stack: ApiStack, request_bytes: bytes, status: int
) -> None:
    answered, headers, body = raw_exchange(stack, request_bytes)
    assert answered == status
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert {"code", "message", "requestId", "timestamp"} <= set(error)
    assert "<" not in body.decode()  # no HTML page


@pytest.fixture
def api_log() -> Iterator[io.StringIO]:
    """What the shared logger writes, at INFO, while a test runs."""
    handler = logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous_stream, previous_level = handler.setStream(buffer), logger.log_level
    logger.setLevel("INFO")
    yield buffer
    logger.setLevel(previous_level)
    handler.setStream(previous_stream)


def test_log_keys_belong_to_the_request_not_the_process(
    stack: ApiStack, new_reader: Callable[[], Reader], api_log: io.StringIO
) -> None:
    """A stage worker's keys (set in its own thread) never reach an API request's log lines."""
    readers = [new_reader() for _ in range(4)]
    worker_ready, api_done = threading.Event(), threading.Event()

    def stage_worker() -> None:
        logger.append_keys(user_id="someone-else", function_name="manga-story")
        logger.set_correlation_id("a-story-request")
        worker_ready.set()
        api_done.wait(30)

    worker = threading.Thread(target=stage_worker)
    worker.start()
    worker_ready.wait(30)
    try:
        with ThreadPoolExecutor(len(readers)) as pool:
            answers = list(pool.map(lambda r: r.post("/preferences", json=valid_preferences()), readers))
    finally:
        api_done.set()
        worker.join()
    assert [a.status_code for a in answers] == [202] * len(readers)
    lines = [json.loads(line) for line in api_log.getvalue().splitlines() if line.startswith("{")]
    requested = [line for line in lines if line.get("message") == "generation requested"]
    assert sorted(line["correlation_id"] for line in requested) == sorted(
        a.json()["requestId"] for a in answers
    )
    for line in requested:
        assert line.get("user_id") != "someone-else", line
        assert line["function_name"].endswith("-preferences"), line


# -- binding -------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.0.2.10"])
def test_the_gateway_refuses_to_listen_beyond_loopback(stack: ApiStack, host: str) -> None:
    with pytest.raises(ConfigurationError, match="--insecure-bind-any"):
        LocalGateway(stack.settings, stack.pool, host=host, workers=False).start()


def test_loopback_addresses_are_served(stack: ApiStack) -> None:
    with LocalGateway(stack.settings, stack.pool, host="localhost", workers=False, concurrency=1) as gateway:
        assert httpx.get(f"{gateway.url}/config.json").status_code == 200


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_links_are_sigv4_on_aws_too(stack: ApiStack, region: str) -> None:
    """No endpoint (AWS itself), in regions where botocore would otherwise sign with SigV2."""
    on_aws = stack.settings.model_copy(update={"endpoint_url": None, "region": region})
    url = aws.client("s3", on_aws).generate_presigned_url(
        "get_object", Params={"Bucket": "a-bucket", "Key": "k"}, ExpiresIn=60
    )
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and f"%2F{region}%2Fs3%2Faws4_request" in url


def test_manga_dev_refuses_a_public_address_before_starting_anything(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["dev", "--host", "0.0.0.0"]) == 2
    assert "--insecure-bind-any" in capsys.readouterr().err
