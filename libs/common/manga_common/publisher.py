"""Publishes stage events on the platform's EventBridge bus."""

from __future__ import annotations

from manga_common import aws
from manga_common.errors import TransientError
from manga_common.models.events import EventDetail
from manga_common.settings import Settings, get_settings


class EventPublisher:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._events = aws.client("events", self.settings)

    def publish(self, detail: EventDetail) -> str:
        answer = self._events.put_events(
            Entries=[
                {
                    "EventBusName": self.settings.event_bus_name,
                    "Source": detail.SOURCE,
                    "DetailType": detail.DETAIL_TYPE,
                    "Detail": detail.model_dump_json(by_alias=True, exclude_none=True),
                }
            ]
        )
        entry = answer["Entries"][0]
        if answer.get("FailedEntryCount") or "EventId" not in entry:
            # EventBridge takes entries one by one; a failed entry is worth another try.
            raise TransientError(f"event not accepted: {entry.get('ErrorCode', 'unknown')}")
        return entry["EventId"]
