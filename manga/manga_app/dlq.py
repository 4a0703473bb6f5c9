"""Dead letters: the stage messages that failed every attempt, and sending them back.

A stage's DLQ holds the EventBridge envelope exactly as the stage received it. Listing
looks at every message and makes it visible again at once, so nothing is consumed.
Redriving moves each message back to the queue its event is routed to and, for the stage's
own event, its request from FAILED back to PROCESSING, so the stage runs it as a fresh
delivery. A letter of work ahead goes back to the work-ahead queue and touches no request:
work ahead never changes a request's state, so sending it again must not either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dead_letter_service.logic import envelope, give_back, receive_all
from manga_app.resources import StageRoute, own_routes, stage_routes
from manga_common import aws
from manga_common.models.entities import RequestError
from manga_common.settings import Settings
from manga_common.stages import stage_named
from manga_common.table import MangaTable


@dataclass(frozen=True)
class DeadLetter:
    stage: str
    message_id: str
    request_id: str | None
    user_id: str | None
    detail_type: str | None
    error: RequestError | None
    """The request's error: as the stage (or the dead-letter sweep) recorded it, else its last attempt's."""
    receive_count: int
    """Receives so far, the stage's attempts and this look included."""
    sent_at: datetime | None


def _route(settings: Settings, stage: str) -> StageRoute:
    routes = own_routes(settings)
    if stage not in routes:
        raise ValueError(f"unknown stage {stage!r} (known: {', '.join(routes)})")
    return routes[stage]


def _queue_url(sqs: Any, name: str) -> str:
    return sqs.get_queue_url(QueueName=name)["QueueUrl"]


def _sent_at(attributes: dict[str, str]) -> datetime | None:
    stamp = attributes.get("SentTimestamp")
    return datetime.fromtimestamp(int(stamp) / 1000, UTC) if stamp else None


def list_dead_letters(settings: Settings, stage: str) -> list[DeadLetter]:
    """The messages in `stage`'s DLQ with their requests' errors; the queue is left as it was."""
    route = _route(settings, stage)
    sqs = aws.client("sqs", settings)
    table = MangaTable(settings)
    dlq_url = _queue_url(sqs, route.dlq_name)
    letters: list[DeadLetter] = []
    handles: list[str] = []
    try:
        for message in receive_all(sqs, dlq_url):
            handles.append(message["ReceiptHandle"])
            letter = envelope(message["Body"])
            request = table.find_request(letter.request_id) if letter.request_id else None
            attributes = message.get("Attributes", {})
            letters.append(
                DeadLetter(
                    stage=stage,
                    message_id=message["MessageId"],
                    request_id=letter.request_id,
                    user_id=letter.user_id,
                    detail_type=letter.detail_type,
                    error=(request.error or request.last_error) if request else None,
                    receive_count=int(attributes.get("ApproximateReceiveCount", 0)),
                    sent_at=_sent_at(attributes),
                )
            )
    finally:
        give_back(sqs, dlq_url, handles)  # visible again at once: listing consumes nothing
    return letters


def redrive(settings: Settings, stage: str) -> int:
    """Move every message of `stage`'s DLQ back to its queue; returns how many moved.

    Each request goes from FAILED back to PROCESSING before its message is sent, so the
    stage takes the delivery as a retry rather than a late duplicate. A message is deleted
    from the DLQ only after it is on the stage queue: a crash in between leaves a duplicate,
    which the idempotent stages absorb, never a loss.
    """
    own = _route(settings, stage)
    routes = {route.key: route for route in stage_routes(settings)}
    sqs = aws.client("sqs", settings)
    table = MangaTable(settings)
    dlq_url = _queue_url(sqs, own.dlq_name)
    moved = 0
    for message in receive_all(sqs, dlq_url):
        letter = envelope(message["Body"])
        route = routes[stage_named(own.stage).queue_of(letter.detail_type).key]
        if not route.ahead and letter.request_id and letter.user_id:
            table.move_request(letter.user_id, letter.request_id, "PROCESSING", allowed_from=("FAILED",))
        resend: dict[str, Any] = {
            "QueueUrl": _queue_url(sqs, route.queue_name),
            "MessageBody": message["Body"],
        }
        if message.get("MessageAttributes"):
            resend["MessageAttributes"] = message["MessageAttributes"]
        sqs.send_message(**resend)
        sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=message["ReceiptHandle"])
        moved += 1
    return moved
