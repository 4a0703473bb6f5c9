"""Publishes stage events on the platform's EventBridge bus."""

from __future__ import annotations

from typing import Any

from manga_common import aws
from manga_common.errors import EventTooLargeError, TransientError
from manga_common.models.events import EventDetail
from manga_common.settings import Settings, get_settings

MAX_EVENT_BYTES = 256 * 1024
"""PutEvents refuses a larger entry and SQS a larger message (emulators may accept it)."""
ENTRY_TIME_BYTES = 14
"""EventBridge counts an entry's Time as 14 bytes, whether or not it is given."""


def entry_size(entry: dict[str, Any]) -> int:
    """An entry's size as EventBridge computes it: Time, Source, DetailType, Detail and Resources."""
    parts = [entry.get("Source", ""), entry.get("DetailType", ""), entry.get("Detail", "")]
    parts += list(entry.get("Resources", []))
    return ENTRY_TIME_BYTES + sum(len(part.encode("utf-8")) for part in parts)


class EventPublisher:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._events = aws.client("events", self.settings)

    def publish(self, detail: EventDetail) -> str:
        entry = {
            "EventBusName": self.settings.event_bus_name,
            "Source": detail.SOURCE,
            "DetailType": detail.DETAIL_TYPE,
            "Detail": detail.model_dump_json(by_alias=True, exclude_none=True),
        }
        size = entry_size(entry)
        if size > MAX_EVENT_BYTES:
            # Events carry S3 keys, never content: a large one is a bug, and no retry mends it.
            raise EventTooLargeError(
                f"{detail.DETAIL_TYPE} event is {size} bytes, over the {MAX_EVENT_BYTES}-byte limit"
            )
        answer = self._events.put_events(Entries=[entry])
        entry_answer = answer["Entries"][0]
        if answer.get("FailedEntryCount") or "EventId" not in entry_answer:
            # EventBridge takes entries one by one; a failed entry is worth another try.
            raise TransientError(f"event not accepted: {entry_answer.get('ErrorCode', 'unknown')}")
        return str(entry_answer["EventId"])
