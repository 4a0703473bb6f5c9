"""Items of the single table (docs/design.md, "Table").

Each entity knows its own keys, so no other module spells a key pattern.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import Field

from manga_common.models.base import CamelModel
from manga_common.models.events import utc_now
from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import PreferencesRequest

KEY_ATTRIBUTES = ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK")

RequestStatus = Literal["PENDING", "PROCESSING", "COMPLETED", "FAILED"]
WorkStatus = Literal["GENERATING", "COMPLETED", "FAILED"]
EpisodeStatus = Literal["GENERATING", "SCRIPTED", "COMPLETED", "FAILED"]
"""An episode's WorkStatus, plus SCRIPTED: its script is written and it awaits drawing, because
the reader asked to edit the script first (`POST /episodes/{id}/draw` draws it)."""
RequestType = Literal["STORY", "EPISODE", "IMAGE"]
Stage = Literal["preferences", "story", "episode", "image"]
"""Where a request stands: the API took it (preferences), or a work stage of manga_common.stages has
it (a test holds the two lists equal)."""


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def story_pk(story_id: str) -> str:
    return f"STORY#{story_id}"


class Entity(CamelModel):
    """An item: attributes in camelCase plus the key attributes `keys()` derives."""

    model_config = CamelModel.model_config | {"extra": "ignore"}
    ENTITY: ClassVar[str]

    def keys(self) -> dict[str, str]:
        raise NotImplementedError

    def to_item(self) -> dict[str, Any]:
        return {**self.dump(), **self.keys(), "entity": self.ENTITY}

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Self:
        return cls.model_validate({k: v for k, v in item.items() if k not in KEY_ATTRIBUTES})


class UserProfile(Entity):
    ENTITY = "UserProfile"

    user_id: str
    email: str
    created_at: str = Field(default_factory=utc_now)
    status: Literal["ACTIVE", "INACTIVE"] = "ACTIVE"
    preferences: dict[str, Any] | None = None

    def keys(self) -> dict[str, str]:
        pk = user_pk(self.user_id)
        return {"PK": pk, "SK": "PROFILE", "GSI1PK": pk, "GSI1SK": "PROFILE"}


class PreferencesRecord(Entity):
    ENTITY = "Preferences"

    user_id: str
    timestamp: str = Field(default_factory=utc_now)
    preferences: PreferencesRequest
    insights: QlooInsights
    fingerprint: str = Field(description="Hash of the preferences: the insights cache key")
    created_at: str = Field(default_factory=utc_now)

    def keys(self) -> dict[str, str]:
        pk = user_pk(self.user_id)
        sk = f"PREFERENCES#{self.timestamp}"
        return {"PK": pk, "SK": sk, "GSI1PK": pk, "GSI1SK": sk}


class StoryRecord(Entity):
    ENTITY = "Story"

    user_id: str
    story_id: str
    request_id: str
    title: str = ""
    s3_key: str = ""
    status: WorkStatus = "GENERATING"
    art_style: str = ""
    reading_direction: Literal["rtl", "ltr"] = "rtl"
    seed: int | None = None
    pages: int | None = Field(default=None, description="Pages per episode the reader asked for")
    episode_count: int = 0
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)

    def keys(self) -> dict[str, str]:
        return {
            "PK": user_pk(self.user_id),
            "SK": f"STORY#{self.story_id}",
            "GSI1PK": story_pk(self.story_id),
            "GSI1SK": "METADATA",
            "GSI2PK": f"STATUS#{self.status}",
            "GSI2SK": self.created_at,
        }


class EpisodeRecord(Entity):
    ENTITY = "Episode"

    story_id: str
    episode_number: int
    episode_id: str
    user_id: str = Field(description="Owner: every read checks it, so no user sees another's episode")
    request_id: str
    title: str = ""
    s3_key: str = ""
    pdf_s3_key: str | None = None
    cbz_s3_key: str | None = None
    page_count: int | None = None
    status: EpisodeStatus = "GENERATING"
    revision: int = Field(default=1, ge=1, description="The script's revision: edits and redraws raise it")
    lettered_revision: int = Field(default=1, ge=1, description="The revision the PDF and CBZ show")
    art_versions: dict[str, int] = Field(
        default_factory=dict, description="Image number → art version, for art drawn again (absent: 1)"
    )
    art_seeds: dict[str, int] = Field(
        default_factory=dict, description="Image number → the seed a redraw asked for"
    )
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)

    def keys(self) -> dict[str, str]:
        return {
            "PK": story_pk(self.story_id),
            "SK": f"EPISODE#{self.episode_number}",
            "GSI1PK": f"EPISODE#{self.episode_id}",
            "GSI1SK": "METADATA",
            "GSI2PK": f"STATUS#{self.status}",
            "GSI2SK": self.created_at,
        }


class RequestError(CamelModel):
    code: str
    message: str
    stage: Stage | None = None


class GenerationRequest(Entity):
    ENTITY = "GenerationRequest"

    user_id: str
    request_id: str
    type: RequestType = "STORY"
    status: RequestStatus = "PENDING"
    stage: Stage = "preferences"
    story_id: str | None = None
    episode_id: str | None = None
    episode_number: int | None = None
    error: RequestError | None = None
    review_script: bool = Field(
        default=False,
        description="The reader edits the script before drawing: the episode stage ends the request",
    )
    attempt: int | None = Field(default=None, description="Delivery of the current stage's event, from 1")
    max_attempts: int | None = Field(default=None, description="Deliveries a stage gets before it gives up")
    last_error: RequestError | None = Field(
        default=None, description="The latest failed attempt's error, while a retry may still succeed"
    )
    panels_drawn: int | None = Field(default=None, description="Images the image stage has (cover, panels)")
    panels_total: int | None = Field(default=None, description="Images the episode needs")
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)

    def keys(self) -> dict[str, str]:
        return {
            "PK": user_pk(self.user_id),
            "SK": f"REQUEST#{self.request_id}",
            "GSI1PK": f"REQUEST#{self.request_id}",
            "GSI1SK": "STATUS",
            "GSI2PK": f"STATUS#{self.status}",
            "GSI2SK": self.created_at,
        }
