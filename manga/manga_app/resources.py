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
    """One queue a stage consumes (stages.StageQueue): the rule that routes its event types to
    it, and the stage's DLQ behind it."""

    stage: StageName
    key: str
    """The stage's name, or for its work ahead's queue the stage's name and `-ahead`."""
    ahead: bool
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
    """Every queue a stage consumes, in chain order, a stage's own queue before its work ahead's."""
    return [
        StageRoute(
            stage=stage.name,
            key=queue.key,
            ahead=queue.ahead,
            events=queue.events,
            rule_name=queue.rule_name(settings.environment),
            queue_name=queue.queue_name(settings.environment),
            dlq_name=queue.dlq_name(settings.environment),
        )
        for stage in WORK_STAGES
        for queue in stage.queues
    ]


def own_routes(settings: Settings) -> dict[str, StageRoute]:
    """Each stage's own queue, by stage name."""
    return {route.stage: route for route in stage_routes(settings) if not route.ahead}


def stage_sources(settings: Settings) -> set[str]:
    """Every source whose events a stage consumes."""
    return {event.SOURCE for route in stage_routes(settings) for event in route.events}


def archive_name(settings: Settings) -> str:
    return f"manga-{settings.environment}-archive"
