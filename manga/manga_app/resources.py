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
    """One consuming stage: the rule that routes its event type to its queue and DLQ."""

    stage: StageName
    event: type[EventDetail]
    rule_name: str
    queue_name: str
    dlq_name: str

    def event_pattern(self) -> str:
        return json.dumps({"source": [self.event.SOURCE], "detail-type": [self.event.DETAIL_TYPE]})


def stage_routes(settings: Settings) -> list[StageRoute]:
    return [
        StageRoute(
            stage=stage.name,
            event=stage.event,
            rule_name=stage.rule_name(settings.environment),
            queue_name=stage.queue_name(settings.environment),
            dlq_name=stage.dlq_name(settings.environment),
        )
        for stage in WORK_STAGES
    ]


def archive_name(settings: Settings) -> str:
    return f"manga-{settings.environment}-archive"
