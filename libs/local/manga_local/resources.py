"""Names of the platform's AWS resources for one environment.

Terraform (terraform/modules/core) creates the same names; a contract test compares them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from manga_common.models.events import STAGE_EVENTS, EventDetail
from manga_common.settings import Settings


@dataclass(frozen=True)
class StageRoute:
    """One consuming stage: the rule that routes its event type to its queue and DLQ."""

    stage: str
    event: type[EventDetail]
    rule_name: str
    queue_name: str
    dlq_name: str

    def event_pattern(self) -> str:
        return json.dumps({"source": [self.event.SOURCE], "detail-type": [self.event.DETAIL_TYPE]})


def stage_routes(settings: Settings) -> list[StageRoute]:
    prefix = f"manga-{settings.environment}"
    return [
        StageRoute(
            stage=event.STAGE,
            event=event,
            rule_name=f"{prefix}-{event.STAGE}-requested",
            queue_name=f"{prefix}-{event.STAGE}",
            dlq_name=f"{prefix}-{event.STAGE}-dlq",
        )
        for event in STAGE_EVENTS
    ]


def archive_name(settings: Settings) -> str:
    return f"manga-{settings.environment}-archive"
