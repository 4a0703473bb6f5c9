"""The chain's work stages, listed once.

Each stage consumes one event type from its own queue (with a DLQ beside it) and runs one
service's handler. A stage that starts work ahead (`Stage.ahead`) has a second queue for
those events, read by the same function through a mapping of its own, so work ahead never
holds up a stage's own work; its dead letters go to the stage's DLQ. Everything that needs
the list of stages reads it from here: the stage runner, the status views of the API, the
CLI, the local runtime (provisioning and event source mappings), the packager and the
contract tests against Terraform. Adding a stage is one entry here plus its service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias, get_args

from manga_common.models.events import (
    CastSheetsRequested,
    EpisodeGenerationRequested,
    EventDetail,
    ImageGenerationRequested,
    StoryGenerationRequested,
)

StageName: TypeAlias = Literal["story", "episode", "image"]
"""The names below as a type, for models that carry a stage name (a test holds the two equal)."""

VISIBILITY_PER_TIMEOUT = 6
"""A stage queue's visibility timeout is this many function timeouts: AWS's guidance for SQS event
sources, so a message is not handed to a second worker while the first may still run it."""

PluginKind = Literal[
    "text_backends", "image_backends", "insights_providers", "art_styles", "template_sources"
]


@dataclass(frozen=True)
class Stage:
    """One stage of the chain: the event it consumes, the service that does it, what it needs."""

    name: StageName
    event: type[EventDetail]
    service: str
    """The service under services/ whose handler consumes the stage's queue."""
    plugin_kinds: tuple[PluginKind, ...]
    """The kinds of plugin the stage's work calls (its Lambda zip carries those plugins)."""
    request_type: str
    """The request type (see models.entities.RequestType) whose chain starts at this stage."""
    timeout_seconds: int
    """The function's time limit: the Terraform default, and what the local runtime gives the stage."""
    ahead: tuple[type[EventDetail], ...] = ()
    """Events of work the stage starts ahead, before its own event comes: routed to a queue of
    their own (`queues`), handled as best effort, changing no request's state
    (stage.stage_handler's `ahead`)."""

    @property
    def events(self) -> tuple[type[EventDetail], ...]:
        """Every event the stage's function consumes: its own first."""
        return (self.event, *self.ahead)

    @property
    def queues(self) -> tuple[StageQueue, ...]:
        """The queues the stage's function consumes: its own first, then its work ahead's."""
        own = StageQueue(self, (self.event,), ahead=False)
        return (own, StageQueue(self, self.ahead, ahead=True)) if self.ahead else (own,)

    def queue_of(self, detail_type: str | None) -> StageQueue:
        """The queue an event of `detail_type` is routed to; the stage's own for any other."""
        routed = (queue for queue in self.queues if detail_type in {e.DETAIL_TYPE for e in queue.events})
        return next(routed, self.queues[0])

    @property
    def visibility_timeout_seconds(self) -> int:
        return VISIBILITY_PER_TIMEOUT * self.timeout_seconds

    @property
    def handler(self) -> str:
        """The Lambda handler, as Lambda's `handler` setting spells it."""
        return f"{self.service}_service.handler.lambda_handler"

    def resource_prefix(self, environment: str) -> str:
        return f"manga-{environment}-{self.name}"

    def queue_name(self, environment: str) -> str:
        """The queue of the stage's own event."""
        return self.queues[0].queue_name(environment)

    def dlq_name(self, environment: str) -> str:
        return f"{self.resource_prefix(environment)}-dlq"


@dataclass(frozen=True)
class StageQueue:
    """One queue a stage's function consumes, with the rule that routes its events to it.

    Work ahead has a queue of its own because a function's mapping hands out its invocations in
    the queue's order: on one queue, a burst of work ahead for later requests would hold up the
    stage's own work for earlier ones.
    """

    stage: Stage
    events: tuple[type[EventDetail], ...]
    ahead: bool
    """The queue of the stage's work ahead; False for the stage's own."""

    @property
    def suffix(self) -> str:
        return "-ahead" if self.ahead else ""

    @property
    def key(self) -> str:
        """The stage's name, `-ahead` added for work ahead: Terraform's key for the queue, its
        rule and its event source mapping."""
        return self.stage.name + self.suffix

    def queue_name(self, environment: str) -> str:
        return self.stage.resource_prefix(environment) + self.suffix

    def rule_name(self, environment: str) -> str:
        return f"{self.queue_name(environment)}-requested"

    def dlq_name(self, environment: str) -> str:
        """The stage's one DLQ: dead letters of either queue go there."""
        return self.stage.dlq_name(environment)


WORK_STAGES: tuple[Stage, ...] = (
    Stage(
        name="story",
        event=StoryGenerationRequested,
        service="story",
        plugin_kinds=("text_backends", "art_styles", "template_sources"),
        request_type="STORY",
        timeout_seconds=180,
    ),
    Stage(
        name="episode",
        event=EpisodeGenerationRequested,
        service="episode",
        plugin_kinds=("text_backends", "art_styles", "template_sources"),
        request_type="EPISODE",
        timeout_seconds=180,
    ),
    Stage(
        name="image",
        event=ImageGenerationRequested,
        service="image",
        plugin_kinds=("image_backends", "art_styles", "template_sources"),
        request_type="IMAGE",
        # Lambda's longest: a 48-page episode at a few seconds an image (see bench/).
        timeout_seconds=900,
        # The cast's reference sheets are drawn while the episode stage writes the script.
        ahead=(CastSheetsRequested,),
    ),
)
"""In chain order: each stage publishes the event the next one consumes."""

STAGE_NAMES: tuple[StageName, ...] = tuple(stage.name for stage in WORK_STAGES)


def stage_named(name: str) -> Stage:
    for stage in WORK_STAGES:
        if stage.name == name:
            return stage
    raise KeyError(f"no stage {name!r} (stages: {', '.join(STAGE_NAMES)})")


def stage_for_event(event: type[EventDetail]) -> Stage:
    for stage in WORK_STAGES:
        if stage.event is event:
            return stage
    raise KeyError(f"no stage consumes {event.DETAIL_TYPE!r}")


def stages_from(request_type: str) -> tuple[Stage, ...]:
    """The stages a request of this type goes through, in order."""
    first = next(i for i, stage in enumerate(WORK_STAGES) if stage.request_type == request_type)
    return WORK_STAGES[first:]


assert get_args(StageName) == STAGE_NAMES, "StageName must list WORK_STAGES in order"
