"""Listing and redriving a stage's dead letters, against the moto server of tests/conftest.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from manga_app.dlq import list_dead_letters, redrive
from manga_app.provision import QueueUrls
from manga_common import aws
from manga_common.models.entities import GenerationRequest, RequestError
from manga_common.models.events import EpisodeGenerationRequested
from manga_common.settings import Settings
from manga_common.table import MangaTable

MODEL_DOWN = RequestError(code="MODEL_UNAVAILABLE", message="the text model did not answer", stage="episode")

Configure = Callable[..., tuple[Settings, list[QueueUrls]]]


@pytest.fixture
def episode(configure: Configure) -> tuple[Settings, QueueUrls]:
    """Fresh resources; the episode stage's queue and DLQ."""
    settings, queues = configure(visibility_timeout=1)
    return settings, next(q for q in queues if q.stage == "episode")


def failed_request(settings: Settings, user_id: str, request_id: str) -> None:
    table = MangaTable(settings)
    table.create_request(GenerationRequest(user_id=user_id, request_id=request_id))
    table.move_request(user_id, request_id, "PROCESSING", stage="episode")
    assert table.move_request(user_id, request_id, "FAILED", error=MODEL_DOWN)


def envelope(user_id: str, request_id: str) -> str:
    """An Episode Generation Requested event as EventBridge delivers it to SQS."""
    detail = EpisodeGenerationRequested(
        user_id=user_id,
        request_id=request_id,
        story_id="s-1",
        story_s3_key=f"stories/{user_id}/s-1/story.md",
        episode_number=1,
    )
    return json.dumps(
        {
            "source": detail.SOURCE,
            "detail-type": detail.DETAIL_TYPE,
            "detail": detail.model_dump(mode="json", by_alias=True),
        }
    )


def receive(sqs: Any, queue_url: str) -> list[dict[str, Any]]:
    answer = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["All"]
    )
    return answer.get("Messages", [])


def fail_every_receive(sqs: Any, queue_url: str, attempts: int) -> None:
    """What a stage that keeps failing does: receive, never delete, let the message come back."""
    for _ in range(attempts):
        (message,) = receive(sqs, queue_url)
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
        )
    assert receive(sqs, queue_url) == [], "past maxReceiveCount the message moves to the DLQ"


def test_a_message_that_failed_every_attempt_is_listed_with_its_request_error(
    episode: tuple[Settings, QueueUrls],
) -> None:
    settings, queues = episode
    failed_request(settings, "u-1", "r-dead")
    sqs = aws.client("sqs", settings)
    sqs.send_message(QueueUrl=queues.queue_url, MessageBody=envelope("u-1", "r-dead"))
    fail_every_receive(sqs, queues.queue_url, settings.max_receive_count)

    letters = list_dead_letters(settings, "episode")

    assert [(d.stage, d.request_id, d.user_id, d.detail_type) for d in letters] == [
        ("episode", "r-dead", "u-1", "Episode Generation Requested")
    ]
    assert letters[0].error == MODEL_DOWN
    assert letters[0].receive_count > settings.max_receive_count
    assert letters[0].sent_at is not None


def test_listing_consumes_nothing(episode: tuple[Settings, QueueUrls]) -> None:
    settings, queues = episode
    sqs = aws.client("sqs", settings)
    for number in range(12):  # more than one receive batch
        sqs.send_message(QueueUrl=queues.dlq_url, MessageBody=envelope("u-2", f"r-{number}"))

    first = list_dead_letters(settings, "episode")
    second = list_dead_letters(settings, "episode")

    assert sorted(d.request_id or "" for d in first) == sorted(f"r-{n}" for n in range(12))
    assert sorted(d.message_id for d in second) == sorted(d.message_id for d in first)
    assert all(d.error is None for d in first), "no request item: no error to show"


def test_redrive_moves_messages_back_and_requests_to_processing(episode: tuple[Settings, QueueUrls]) -> None:
    settings, queues = episode
    failed_request(settings, "u-3", "r-retry")
    sqs = aws.client("sqs", settings)
    body = envelope("u-3", "r-retry")
    sqs.send_message(QueueUrl=queues.dlq_url, MessageBody=body)

    assert redrive(settings, "episode") == 1

    request = MangaTable(settings).get_request("u-3", "r-retry")
    assert request is not None and request.status == "PROCESSING" and request.error is None
    assert [m["Body"] for m in receive(sqs, queues.queue_url)] == [body]
    assert list_dead_letters(settings, "episode") == []


def test_redrive_of_an_empty_dlq_moves_nothing(episode: tuple[Settings, QueueUrls]) -> None:
    settings, _ = episode
    assert redrive(settings, "episode") == 0


def test_unknown_stage_is_refused(episode: tuple[Settings, QueueUrls]) -> None:
    settings, _ = episode
    with pytest.raises(ValueError, match="unknown stage 'preferences'"):
        list_dead_letters(settings, "preferences")
