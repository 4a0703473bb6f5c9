"""The shapes of editing a finished episode: its script, a redraw, the work they start."""

from __future__ import annotations

from pydantic import Field

from manga_common.models.base import CamelModel
from manga_common.models.entities import EpisodeStatus
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import EpisodeScript, Sentence
from preferences_service.schemas import GenerationAccepted


class EpisodeScriptDocument(CamelModel):
    """An episode's script at its current revision; send `etag` back in If-Match to change it."""

    episode_id: str
    status: EpisodeStatus = Field(description="SCRIPTED: it awaits drawing (`POST .../draw`)")
    revision: int = Field(ge=1)
    lettered_revision: int = Field(ge=1, description="The revision the pages and downloads show now")
    etag: str = Field(description="The same value as the ETag header")
    reading_direction: ReadingDirection
    cast: list[str] = Field(description="Who may appear in a panel and speak: the story's characters")
    script: EpisodeScript


class PanelPosition(CamelModel):
    page: int = Field(ge=1, description="Page number, 1 is read first")
    panel: int = Field(ge=1, description="Panel on the page in reading order, 1 is read first")


class RevisionAccepted(GenerationAccepted):
    """An edit or redraw was taken: the image stage letters revision `revision` (poll `statusUrl`)."""

    revision: int
    etag: str
    redrawn: list[PanelPosition] = Field(description="Panels drawn again; the rest is only re-lettered")


class RedrawRequest(CamelModel):
    """Optional: a new description of the panel, or the seed to draw it with."""

    description: Sentence | None = None
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
