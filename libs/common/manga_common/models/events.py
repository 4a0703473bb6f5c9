"""EventBridge events between the stages (docs/design.md, "Events").

`source` and `detail-type` strings live here only: the publisher, the stage table
(manga_common.stages), the local provisioning and Terraform's rule patterns (checked by a
contract test) read them.
Every detail carries `requestId` (and `userId`, `timestamp`), because each stage keys its
idempotency and status updates by (requestId, stage).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from pydantic import Field

from manga_common.models.base import CamelModel
from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import PreferencesRequest


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class EventDetail(CamelModel):
    SOURCE: ClassVar[str]
    DETAIL_TYPE: ClassVar[str]

    user_id: str = Field(min_length=1, max_length=128)
    request_id: str = Field(min_length=1, max_length=64)
    timestamp: str = Field(default_factory=utc_now)


class StoryGenerationRequested(EventDetail):
    SOURCE = "manga.preferences"
    DETAIL_TYPE = "Story Generation Requested"

    preferences: PreferencesRequest
    insights: QlooInsights


class EpisodeGenerationRequested(EventDetail):
    SOURCE = "manga.story"
    DETAIL_TYPE = "Episode Generation Requested"

    story_id: str
    story_s3_key: str
    episode_number: int = Field(ge=1)


class CastSheetsRequested(EventDetail):
    """The story's cast is written: the image stage can draw the main cast's reference sheets
    while the episode's script is still being written, so its panels need not wait for them.
    Work ahead, not a stage of the request: it changes no request's state, and a lost or failed
    one costs only time (the image stage draws any sheet still missing itself)."""

    SOURCE = "manga.story"
    DETAIL_TYPE = "Cast Sheets Requested"

    story_id: str


class ImageGenerationRequested(EventDetail):
    SOURCE = "manga.episode"
    DETAIL_TYPE = "Image Generation Requested"

    episode_id: str
    episode_s3_key: str
    story_id: str
    episode_number: int = Field(ge=1)
    revision: int | None = Field(
        default=None,
        ge=2,
        description=(
            "Set when a finished episode was edited or a panel redrawn: letter the episode at this "
            "revision of its script, drawing only the panels whose art version is new"
        ),
    )
