"""Names of the platform's AWS resources for one environment.

Terraform (terraform/modules/core) creates the same names; a contract test compares them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from manga_common.models.events import EventDetail
from manga_common.settings import Settings
from manga_common.stages import WORK_STAGES, StageName


@dataclass(frozen=True)
class StageRoute:
    """One consuming stage: the rule that routes its event types to its queue and DLQ."""

    stage: StageName
    events: tuple[type[EventDetail], ...]
    rule_name: str
    queue_name: str
    dlq_name: str

    def event_pattern(self) -> str:
        # Each event has a source and detail-type of its own, so the pairs across the two lists
        # that no publisher sends match nothing.
        sources = list(dict.fromkeys(event.SOURCE for event in self.events))
        return json.dumps({"source": sources, "detail-type": [event.DETAIL_TYPE for event in self.events]})


def stage_routes(settings: Settings) -> list[StageRoute]:
    return [
        StageRoute(
            stage=stage.name,
            events=stage.events,
            rule_name=stage.rule_name(settings.environment),
            queue_name=stage.queue_name(settings.environment),
            dlq_name=stage.dlq_name(settings.environment),
        )
        for stage in WORK_STAGES
    ]


def stage_sources(settings: Settings) -> set[str]:
    """Every source whose events a stage consumes."""
    return {event.SOURCE for route in stage_routes(settings) for event in route.events}


def archive_name(settings: Settings) -> str:
    return f"manga-{settings.environment}-archive"
