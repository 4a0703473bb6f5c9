"""Every request ends: stage handlers against a model that hangs, throttles, fails and answers
differently each call (tests/fakes/openai.py), on the moto server of tests/conftest.py.

Each test drives the real handlers the way Lambda's event source mapping does, with a Lambda
context whose budget is a few seconds, so a test runs in seconds whatever the model does.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from episode_service.handler import lambda_handler as episode_handler
from image_service.handler import lambda_handler as image_handler
from manga_app.event_source_mapping import EventSourceMappings
from manga_app.generation import submit
from manga_app.lambda_runtime import LocalLambdaContext, json_body, rest_api_event, sqs_event
from manga_app.provision import QueueUrls
from manga_common import aws, content
from manga_common.content import ContentStore
from manga_common.context import ServiceContext
from manga_common.errors import EventTooLargeError
from manga_common.first_write import put_model_if_absent
from manga_common.leases import Leases
from manga_common.models.events import EpisodeGenerationRequested, EventDetail, StoryGenerationRequested
from manga_common.models.script import StoryBible
from manga_common.plugins.registry import get_registry
from manga_common.publisher import MAX_EVENT_BYTES, EventPublisher
from manga_common.settings import Settings
from manga_common.stages import stage_named
from manga_common.table import MangaTable
from story_service.handler import lambda_handler as story_handler
from story_service.logic import write_story
from tests.factories import sample_insights, sample_preferences
from tests.fakes.openai import FakeOpenAI, Misbehaviour, openai_error
from tests.fakes.samples import sample_bible, sample_script
from tests.stages import queue_depth, queue_for, receive

Configure = Callable[..., tuple[Settings, list[QueueUrls]]]
USER = "reader-1"
BUDGET_SECONDS = 15
"""A function timeout for the tests that do not test the budget (this machine may be busy)."""
HUNG_BUDGET_SECONDS = 6


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """The `openai` text backend pointed at a loopback fake; images stay offline."""
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        get_registry.cache_clear()  # backends read their configuration once
        yield fake
    get_registry.cache_clear()


def on_model(configure: Configure, **overrides: object) -> tuple[Settings, list[QueueUrls]]:
    return configure(text_backend="openai", **overrides)


def invoke(
    handler: Any, messages: list[dict[str, Any]], stage: str, seconds: int = BUDGET_SECONDS
) -> tuple[dict[str, Any], LocalLambdaContext]:
    """The handler as Lambda runs it: an SQS batch and a context with `seconds` to live."""
    context = LocalLambdaContext(function_name=f"manga-{stage}", timeout_seconds=seconds)
    event = sqs_event(messages, f"arn:aws:sqs:us-east-1:000000000000:{stage}", "us-east-1")
    return handler(event, context), context


def story_messages(settings: Settings, queues: list[QueueUrls]) -> list[dict[str, Any]]:
    return receive(settings, queue_for(queues, "story").queue_url)


def chat_calls(fake: FakeOpenAI) -> int:
    return len(fake.received("chat"))


def object_keys(settings: Settings) -> list[str]:
    listing = aws.client("s3", settings).list_objects_v2(Bucket=settings.content_bucket)
    return [o["Key"] for o in listing.get("Contents", [])]


# -- deadlines ----------------------------------------------------------------------------------


def test_a_hung_model_fails_the_request_with_a_clear_code_within_the_budget(
    configure: Configure, model: FakeOpenAI
) -> None:
    """Before: 3 tries x 120 s plus backoff, far past the function's timeout; PROCESSING for ever."""
    model.serve_manga(sample_bible(), sample_script(pages=2), Misbehaviour(hang_seconds=60))
    settings, queues = on_model(configure, max_receive_count=1, model_timeout_seconds=120)
    request_id = submit(sample_preferences(pages=2), USER)

    messages = story_messages(settings, queues)
    answer, context = invoke(story_handler, messages, "story", seconds=HUNG_BUDGET_SECONDS)

    assert context.get_remaining_time_in_millis() > 0, "the stage ended before Lambda would kill it"
    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None and request.status == "FAILED" and request.error is not None
    assert (request.error.stage, request.error.code) in {
        ("story", "BACKEND_TIMEOUT"),
        ("story", "DEADLINE_EXCEEDED"),
    }
    assert chat_calls(model) == 1, "no retry that could not finish was started"
    # A final transient failure goes on to the DLQ, where `manga dlq redrive` can send it back.
    assert answer == {"batchItemFailures": [{"itemIdentifier": messages[0]["MessageId"]}]}


def test_while_a_stage_retries_the_status_shows_the_attempt_and_the_last_error(
    configure: Configure, model: FakeOpenAI
) -> None:
    model.serve_manga(sample_bible(), sample_script(pages=2), Misbehaviour(every=1, throttled=1))
    settings, queues = on_model(configure)
    request_id = submit(sample_preferences(pages=2), USER)

    answer, _ = invoke(story_handler, story_messages(settings, queues), "story")
    assert len(answer["batchItemFailures"]) == 1, "transient: the message is retried"

    from preferences_service.handler import lambda_handler as api

    status = api(
        rest_api_event(
            "GET",
            f"/status/{request_id}",
            claims={"sub": USER},
            resource="/status/{requestId}",
            path_parameters={"requestId": request_id},
        ),
        LocalLambdaContext(function_name="manga-preferences"),
    )
    body = json_body(status)
    assert status["statusCode"] == 200 and body["status"] == "PROCESSING"
    assert (body["attempt"], body["maxAttempts"]) == (1, settings.max_receive_count)
    assert body["lastError"]["code"] == "BACKEND_UNAVAILABLE" and body["lastError"]["stage"] == "story"
    assert "429" in body["lastError"]["message"]
    assert chat_calls(model) == settings.model_attempts


# -- events checked before any model call ---------------------------------------------------------


def test_events_for_unknown_requests_or_users_or_ended_requests_do_no_work(
    configure: Configure, model: FakeOpenAI
) -> None:
    """Before: a COMPLETED story, 19 S3 objects and 15 model calls for a request that never existed."""
    model.serve_manga(sample_bible(), sample_script(pages=2))
    settings, queues = on_model(configure)
    table = MangaTable(settings)
    real = submit(sample_preferences(pages=2), USER)
    ended = submit(sample_preferences(pages=2), USER)
    table.move_request(USER, ended, "FAILED")
    publisher = EventPublisher(settings)
    for user_id, request_id in (("nobody", "no-such-request"), ("intruder", real)):
        publisher.publish(
            StoryGenerationRequested(
                user_id=user_id,
                request_id=request_id,
                preferences=sample_preferences(pages=2),
                insights=sample_insights(),
            )
        )

    queue_url = queue_for(queues, "story").queue_url
    wanted = {("nobody", "no-such-request"), ("intruder", real), (USER, ended)}
    found: list[dict[str, Any]] = []
    while len(found) < len(wanted):
        batch = receive(settings, queue_url)
        assert batch, "every event reached the story queue"
        for message in batch:
            detail = json.loads(message["Body"])["detail"]
            if (detail["userId"], detail["requestId"]) in wanted:
                found.append(message)
    answer, _ = invoke(story_handler, found, "story")

    assert answer == {"batchItemFailures": []}, "acknowledged: nothing to retry"
    assert chat_calls(model) == 0
    assert object_keys(settings) == []
    assert table.list_stories(USER) == [] and table.list_stories("intruder") == []
    assert table.get_request("intruder", real) is None
    assert {r.request_id: r.status for r in table.list_requests(USER)} == {real: "PENDING", ended: "FAILED"}


# -- permanent errors ----------------------------------------------------------------------------


def test_a_permanent_model_error_fails_the_request_on_the_first_receive(
    configure: Configure, model: FakeOpenAI
) -> None:
    """Before: retried for all three receives, then the DLQ."""
    model.enqueue("chat", openai_error(400, "unsupported parameter: seed"))
    settings, queues = on_model(configure)
    request_id = submit(sample_preferences(pages=2), USER)
    story = queue_for(queues, "story")

    with EventSourceMappings(settings, stages=["story"], dead_letters=False, concurrency=1):
        request = wait_for_status(settings, request_id, "FAILED")

    assert request.error is not None and (request.error.stage, request.error.code) == (
        "story",
        "BACKEND_REJECTED",
    )
    assert chat_calls(model) == 1
    assert queue_depth(settings, story.queue_url) == 0 and queue_depth(settings, story.dlq_url) == 0
    assert request.attempt == 1


def test_an_episode_for_a_story_that_does_not_exist_fails_at_once(
    configure: Configure, model: FakeOpenAI
) -> None:
    settings, _ = on_model(configure)
    request_id = submit(sample_preferences(pages=2), USER)
    detail = EpisodeGenerationRequested(
        user_id=USER, request_id=request_id, story_id="s-missing", story_s3_key="stories/x", episode_number=1
    )
    body = json.dumps({"source": detail.SOURCE, "detail-type": detail.DETAIL_TYPE, "detail": detail.dump()})
    message = {
        "MessageId": "m-1",
        "ReceiptHandle": "h-1",
        "Body": body,
        "Attributes": {"ApproximateReceiveCount": "1"},
    }

    answer, _ = invoke(episode_handler, [message], "episode")

    assert answer == {"batchItemFailures": []}
    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None and request.status == "FAILED"
    assert request.error is not None and request.error.code == "NOT_FOUND"
    assert chat_calls(model) == 0


# -- duplicates --------------------------------------------------------------------------------


def test_the_same_event_three_times_at_once_makes_one_story_that_agrees_everywhere(
    configure: Configure, model: FakeOpenAI
) -> None:
    """Before: the table said one title, the bible in S3 (and so story.md and the PDF) another."""
    chaos = model.serve_manga(
        sample_bible(), sample_script(pages=2), Misbehaviour(vary_titles=True, hang_seconds=0.5)
    )
    settings, queues = on_model(configure)
    request_id = submit(sample_preferences(pages=2), USER)
    (message,) = story_messages(settings, queues)
    copies = [dict(message, MessageId=f"copy-{n}") for n in range(3)]

    answers: list[dict[str, Any]] = []
    threads = [
        threading.Thread(target=lambda m=m: answers.append(invoke(story_handler, [m], "story")[0]))
        for m in copies
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [{"batchItemFailures": []}] * 3, "the duplicates acknowledged their messages"
    assert len(chaos.answered) == 1, "one model call for the story"
    run_stage(settings, queues, "episode", episode_handler)
    run_stage(settings, queues, "image", image_handler)

    table, store = MangaTable(settings), ContentStore(settings)
    request = table.get_request(USER, request_id)
    assert request is not None and request.status == "COMPLETED" and request.story_id
    (story,) = table.list_stories(USER)
    bible = store.get_model(content.story_bible_key(USER, story.story_id), StoryBible)
    markdown = store.get(content.story_markdown_key(USER, story.story_id)).decode()
    episode = table.get_episode(story.story_id, 1)
    assert episode is not None and episode.pdf_s3_key
    pdf = PdfReader(io.BytesIO(store.get(episode.pdf_s3_key)))
    pdf_text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert story.title == bible.title == chaos.answered[0]
    assert markdown.startswith(f"# {story.title}\n")
    assert story.title in pdf_text


def test_a_lease_left_by_a_killed_worker_is_taken_over_once_it_expires(
    configure: Configure, model: FakeOpenAI
) -> None:
    model.serve_manga(sample_bible(), sample_script(pages=2))
    settings, queues = on_model(configure)
    request_id = submit(sample_preferences(pages=2), USER)
    (message,) = story_messages(settings, queues)
    leases = Leases(MangaTable(settings))
    assert leases.claim(f"request/{request_id}", "story", "killed-worker#m-0", seconds=0.05) == "claimed"
    time.sleep(0.1)  # the dead holder's lease runs out

    answer, _ = invoke(story_handler, [message], "story")

    assert answer == {"batchItemFailures": []}
    assert chat_calls(model) == 1
    assert MangaTable(settings).list_stories(USER)[0].status == "COMPLETED"
    lease = leases.get(f"request/{request_id}", "story")
    assert lease is not None and lease.done


def test_a_message_seen_again_while_its_first_delivery_runs_comes_back_later(
    configure: Configure, model: FakeOpenAI
) -> None:
    """A duplicate *event* is acknowledged; the same *message* shown again (a visibility timeout
    shorter than the work) is not, or a failure of the first delivery would lose it."""
    model.serve_manga(sample_bible(), sample_script(pages=2))
    settings, queues = on_model(configure)
    request_id = submit(sample_preferences(pages=2), USER)
    (message,) = story_messages(settings, queues)
    leases = Leases(MangaTable(settings))
    owner = f"busy-worker#{message['MessageId']}"
    assert leases.claim(f"request/{request_id}", "story", owner, seconds=60) == "claimed"

    answer, _ = invoke(story_handler, [message], "story")

    assert answer == {"batchItemFailures": [{"itemIdentifier": message["MessageId"]}]}
    assert chat_calls(model) == 0


def test_two_writers_racing_past_the_lease_still_leave_one_story(
    configure: Configure, model: FakeOpenAI
) -> None:
    """A lease taken over from a worker that was slow, not dead: both call the model, the first
    bible written wins, and the loser adopts it (S3 conditional write, If-None-Match)."""
    chaos = model.serve_manga(
        sample_bible(), sample_script(pages=2), Misbehaviour(vary_titles=True, hang_seconds=0.3)
    )
    settings, queues = on_model(configure)
    submit(sample_preferences(pages=2), USER)
    (message,) = story_messages(settings, queues)
    event = StoryGenerationRequested.model_validate(json.loads(message["Body"])["detail"])
    deps = ServiceContext()

    threads = [threading.Thread(target=write_story, args=(event, deps)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(chaos.answered)) == 2, "both writers got a story of their own"
    (story,) = MangaTable(settings).list_stories(USER)
    store = ContentStore(settings)
    bible = store.get_model(content.story_bible_key(USER, story.story_id), StoryBible)
    assert story.title == bible.title and story.title in chaos.answered
    assert (
        store.get(content.story_markdown_key(USER, story.story_id)).decode().startswith(f"# {bible.title}\n")
    )


def test_s3_conditional_writes_keep_the_first_object(configure: Configure) -> None:
    settings, _ = configure()
    store = ContentStore(settings)
    first, second = sample_bible(), sample_bible().model_copy(update={"title": "Another Title"})
    assert put_model_if_absent(store, "stories/u/s/story.json", first) is True
    assert put_model_if_absent(store, "stories/u/s/story.json", second) is False
    assert store.get_model("stories/u/s/story.json", StoryBible).title == first.title


# -- event size ----------------------------------------------------------------------------------


class Oversized(EventDetail):
    SOURCE = "manga.tests"
    DETAIL_TYPE = "Oversized Test Event"
    blob: str


def test_the_publisher_refuses_an_event_over_256_kib(configure: Configure) -> None:
    settings, _ = configure()
    publisher = EventPublisher(settings)
    assert publisher.publish(Oversized(user_id="u", request_id="r", blob="x" * (MAX_EVENT_BYTES - 1024)))
    with pytest.raises(EventTooLargeError, match="over the 262144-byte limit") as refused:
        publisher.publish(Oversized(user_id="u", request_id="r", blob="x" * MAX_EVENT_BYTES))
    assert refused.value.code == "EVENT_TOO_LARGE" and not refused.value.transient


# -- helpers -------------------------------------------------------------------------------------


def run_stage(settings: Settings, queues: list[QueueUrls], stage: str, handler: Any) -> None:
    """The stage's one event, delivered with any work ahead on its queue (the image stage's sheets)."""
    messages = receive(settings, queue_for(queues, stage).queue_url)
    own = stage_named(stage).event.DETAIL_TYPE
    assert [json.loads(m["Body"])["detail-type"] for m in messages].count(own) == 1, f"one {stage} event"
    answer, _ = invoke(handler, messages, stage, seconds=60)
    assert answer == {"batchItemFailures": []}


def wait_for_status(settings: Settings, request_id: str, status: str, timeout: float = 30) -> Any:
    from manga_app.generation import wait_for

    request, _ = wait_for(settings, USER, request_id, timeout)
    assert request.status == status, request.error
    return request
