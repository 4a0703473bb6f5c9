"""Ending the requests whose messages reached a DLQ, while keeping the messages for redrive.

A message reaches a stage's DLQ after `maxReceiveCount` receives. Usually the stage has
already marked its request FAILED on the last receive; but a worker killed outright (a
Lambda timeout, an OOM, a SIGKILL) records nothing, and its request would stay PROCESSING for
ever. This sweep marks each such request FAILED with the last error a stage recorded for it
(`lastError`, when it is the DLQ's stage's), or `STAGE_ABANDONED` when none was, unless the
request is already COMPLETED or FAILED. A dead letter of work ahead (`Stage.ahead`) ends
nothing: work ahead is best effort, and the stage's own work does what it left undone.

Design: a scheduled function that *peeks*, not an SQS event source on the DLQ. An event
source deletes every message its function handles successfully, and the messages must stay
for `manga dlq redrive`; reporting every message as a batch item failure instead would keep
them but cycle them through the function for ever and hide them from `manga dlq list` while
in flight. So the sweep receives each DLQ message with a short visibility timeout, ends its
request, then makes every message visible again at once (ChangeMessageVisibility 0): it
consumes nothing. Marking is idempotent (a FAILED request is left alone), so sweeping the
same message every run costs one read.

The sweep and `manga dlq redrive` cannot act on the same message at the same time: each holds
the messages it received invisible to the other until it is done, and redrive moves a request
back to PROCESSING only while it holds that request's message.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from manga_common import aws
from manga_common.errors import STAGE_ABANDONED
from manga_common.ids import story_id_for
from manga_common.models.entities import RequestError
from manga_common.observability import logger, metrics
from manga_common.settings import Settings
from manga_common.stages import WORK_STAGES, Stage
from manga_common.table import MangaTable

LOOK_SECONDS = 30
"""Long enough to go through a whole DLQ before its first message shows up again."""
SQS_BATCH = 10
TERMINAL = ("COMPLETED", "FAILED")


@dataclass(frozen=True)
class Envelope:
    """What a dead letter names: the EventBridge envelope's detail-type and the request's ids."""

    request_id: str | None
    user_id: str | None
    detail_type: str | None
    detail: dict[str, Any] = field(default_factory=dict)


def envelope(body: str) -> Envelope:
    try:
        event = json.loads(body)
    except json.JSONDecodeError:
        return Envelope(None, None, None)
    if not isinstance(event, dict):
        return Envelope(None, None, None)
    detail = event.get("detail")
    detail = detail if isinstance(detail, dict) else {}
    return Envelope(
        request_id=detail.get("requestId"),
        user_id=detail.get("userId"),
        detail_type=event.get("detail-type"),
        detail=detail,
    )


def receive_all(sqs: Any, queue_url: str, wait_seconds: int = 1) -> Iterator[dict[str, Any]]:
    """Every message of the queue once, each hidden for LOOK_SECONDS after it is received.

    Long polling (wait_seconds > 0) asks every SQS server, so an empty answer means an empty queue.
    """
    seen: set[str] = set()
    while True:
        messages = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=SQS_BATCH,
            VisibilityTimeout=LOOK_SECONDS,
            WaitTimeSeconds=wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        fresh = [m for m in messages if m["MessageId"] not in seen]
        if not fresh:
            return
        seen.update(m["MessageId"] for m in fresh)
        yield from fresh


def give_back(sqs: Any, queue_url: str, receipt_handles: list[str]) -> None:
    """Make received messages visible again at once."""
    for start in range(0, len(receipt_handles), SQS_BATCH):
        sqs.change_message_visibility_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": handle, "VisibilityTimeout": 0}
                for i, handle in enumerate(receipt_handles[start : start + SQS_BATCH])
            ],
        )


def abandoned(stage: str) -> RequestError:
    return RequestError(
        code=STAGE_ABANDONED,
        message=f"the {stage} stage stopped without recording an error (its worker was stopped "
        "or ran out of time); `manga dlq redrive` sends it back",
        stage=stage,
    )


def end_request(table: MangaTable, stage: Stage, letter: Envelope) -> bool:
    """FAILED with the stage's last recorded error; True when this call ended the request."""
    if not letter.user_id or not letter.request_id:
        return False
    if stage.queue_of(letter.detail_type).ahead:
        return False
    request = table.get_request(letter.user_id, letter.request_id)
    if request is None or request.status in TERMINAL:
        return False
    last = request.last_error
    error = last if last is not None and last.stage == stage.name else abandoned(stage.name)
    if not table.move_request(letter.user_id, letter.request_id, "FAILED", error=error):
        return False
    _mark_work_failed(table, stage, letter)
    logger.warning(
        "request ended from its dead letter",
        extra={"request_id": letter.request_id, "stage": stage.name, "code": error.code},
    )
    metrics.add_metric(name=f"{stage.name}DeadLettered", unit="Count", value=1)
    return True


def _mark_work_failed(table: MangaTable, stage: Stage, letter: Envelope) -> None:
    """The story or episode item the stage was making shows FAILED too, as the stage itself does."""
    if stage.name == "story" and letter.request_id:
        table.set_story_status(letter.user_id or "", story_id_for(letter.request_id), "FAILED")
        return
    story_id, number = letter.detail.get("storyId"), letter.detail.get("episodeNumber")
    if isinstance(story_id, str) and isinstance(number, int):
        table.set_episode_status(story_id, number, "FAILED")


@dataclass
class SweepReport:
    seen: dict[str, int] = field(default_factory=dict)
    """Dead letters per stage."""
    ended: dict[str, int] = field(default_factory=dict)
    """Requests this sweep moved to FAILED, per stage."""

    def counts(self) -> dict[str, Any]:
        return {"seen": dict(self.seen), "ended": dict(self.ended)}


@functools.lru_cache(maxsize=64)
def queue_url(sqs: Any, name: str) -> str:
    """A queue's URL, looked up once per client: a queue's name and URL never part, and the
    local runtime sweeps every few seconds (a GetQueueUrl per DLQ per sweep was most of what
    an idle sweep cost)."""
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def sweep(settings: Settings, wait_seconds: int = 0) -> SweepReport:
    """Look at every stage's DLQ once; end the requests of its messages; keep every message.

    A short poll (wait_seconds=0) may miss a message on real SQS; the next run sees it.
    """
    sqs = aws.client("sqs", settings)
    table = MangaTable(settings)
    report = SweepReport()
    for stage in WORK_STAGES:
        dlq_url = queue_url(sqs, stage.dlq_name(settings.environment))
        handles: list[str] = []
        seen = ended = 0
        try:
            for message in receive_all(sqs, dlq_url, wait_seconds):
                handles.append(message["ReceiptHandle"])
                seen += 1
                ended += end_request(table, stage, envelope(message["Body"]))
        finally:
            give_back(sqs, dlq_url, handles)
        report.seen[stage.name], report.ended[stage.name] = seen, ended
    return report
