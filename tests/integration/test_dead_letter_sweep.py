"""The dead-letter sweep (services/dead_letter) against the moto server of tests/conftest.py."""

from __future__ import annotations

import json
from collections.abc import Callable

from dead_letter_service.handler import lambda_handler
from manga_app.dlq import list_dead_letters, redrive
from manga_app.lambda_runtime import LocalLambdaContext
from manga_app.provision import QueueUrls
from manga_common import aws
from manga_common.models.entities import GenerationRequest, RequestError
from manga_common.models.events import CastSheetsRequested, EpisodeGenerationRequested
from manga_common.settings import Settings
from manga_common.table import MangaTable
from tests.stages import queue_depth, queue_for

Configure = Callable[..., tuple[Settings, list[QueueUrls]]]
BUSY = RequestError(code="BACKEND_UNAVAILABLE", message="the model is busy", stage="episode")


def running(table: MangaTable, request_id: str, last_error: RequestError | None = None) -> None:
    table.create_request(GenerationRequest(user_id="u-1", request_id=request_id))
    table.move_request("u-1", request_id, "PROCESSING", stage="episode")
    if last_error:
        table.note_request_error("u-1", request_id, last_error)


def dead_letter(settings: Settings, queues: list[QueueUrls], request_id: str) -> None:
    detail = EpisodeGenerationRequested(
        user_id="u-1",
        request_id=request_id,
        story_id="s-1",
        story_s3_key="stories/u-1/s-1/story.md",
        episode_number=1,
    )
    body = {"source": detail.SOURCE, "detail-type": detail.DETAIL_TYPE, "detail": detail.dump()}
    aws.client("sqs", settings).send_message(
        QueueUrl=queue_for(queues, "episode").dlq_url, MessageBody=json.dumps(body)
    )


def sweep() -> dict[str, dict[str, int]]:
    return lambda_handler(
        {"source": "aws.events", "detail-type": "Scheduled Event"}, LocalLambdaContext("dlq")
    )


def test_the_sweep_ends_each_dead_lettered_request_with_its_reason_and_keeps_the_messages(
    configure: Configure,
) -> None:
    settings, queues = configure()
    table = MangaTable(settings)
    running(table, "r-busy", last_error=BUSY)
    running(table, "r-killed")
    running(
        table, "r-old", last_error=RequestError(code="X", message="an earlier stage's error", stage="story")
    )
    table.create_request(GenerationRequest(user_id="u-1", request_id="r-done"))
    table.move_request("u-1", "r-done", "PROCESSING")
    table.move_request("u-1", "r-done", "COMPLETED")
    for request_id in ("r-busy", "r-killed", "r-old", "r-done", "r-unknown"):
        dead_letter(settings, queues, request_id)

    report = sweep()

    assert report["seen"] == {"story": 0, "episode": 5, "image": 0}
    assert report["ended"] == {"story": 0, "episode": 3, "image": 0}
    errors = {r.request_id: (r.status, r.error.code if r.error else None) for r in table.list_requests("u-1")}
    assert errors == {
        "r-busy": ("FAILED", "BACKEND_UNAVAILABLE"),
        "r-killed": ("FAILED", "STAGE_ABANDONED"),
        "r-old": ("FAILED", "STAGE_ABANDONED"),
        "r-done": ("COMPLETED", None),
    }
    assert queue_depth(settings, queue_for(queues, "episode").dlq_url) == 5, "kept for `manga dlq redrive`"
    listed = {d.request_id: d.error.code if d.error else None for d in list_dead_letters(settings, "episode")}
    assert listed["r-killed"] == "STAGE_ABANDONED" and listed["r-busy"] == "BACKEND_UNAVAILABLE"

    assert sweep()["ended"] == {"story": 0, "episode": 0, "image": 0}, "a second sweep changes nothing"


def test_a_dead_letter_of_work_ahead_ends_no_request_and_redrives_to_its_own_queue(
    configure: Configure,
) -> None:
    # A worker killed while drawing the cast sheets ahead leaves their event in the image DLQ.
    # Work ahead is best effort: it must not fail the request, and sending it back must not
    # bring a request that failed for its own reasons back to PROCESSING.
    settings, queues = configure()
    table = MangaTable(settings)
    running(table, "r-running")
    running(table, "r-failed")
    table.move_request("u-1", "r-failed", "FAILED", error=BUSY)
    sqs = aws.client("sqs", settings)
    for request_id in ("r-running", "r-failed"):
        sheets = CastSheetsRequested(user_id="u-1", request_id=request_id, story_id="s-1")
        body = {"source": sheets.SOURCE, "detail-type": sheets.DETAIL_TYPE, "detail": sheets.dump()}
        sqs.send_message(QueueUrl=queue_for(queues, "image").dlq_url, MessageBody=json.dumps(body))

    report = sweep()

    assert report["seen"]["image"] == 2 and report["ended"]["image"] == 0
    statuses = {r.request_id: r.status for r in table.list_requests("u-1")}
    assert statuses == {"r-running": "PROCESSING", "r-failed": "FAILED"}

    assert redrive(settings, "image") == 2
    statuses = {r.request_id: r.status for r in table.list_requests("u-1")}
    assert statuses == {"r-running": "PROCESSING", "r-failed": "FAILED"}
    assert queue_depth(settings, queue_for(queues, "image", ahead=True).queue_url) == 2
    assert queue_depth(settings, queue_for(queues, "image").queue_url) == 0


def test_a_sweep_looks_each_dlq_up_once_not_once_a_sweep(configure: Configure) -> None:
    """Before: a GetQueueUrl per DLQ per sweep, most of what an idle sweep cost."""
    settings, _ = configure()
    from dead_letter_service.logic import sweep

    sqs = aws.client("sqs", settings)
    lookups: list[str] = []
    count = lambda params, **kwargs: lookups.append(params["QueueName"])  # noqa: E731
    sqs.meta.events.register("provide-client-params.sqs.GetQueueUrl", count)
    try:
        for _ in range(3):
            sweep(settings)
    finally:
        sqs.meta.events.unregister("provide-client-params.sqs.GetQueueUrl", count)
    assert sorted(lookups) == sorted(set(lookups)), "each DLQ once"
