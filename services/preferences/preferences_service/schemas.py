"""The API's answers: the shapes openapi.json publishes (camelCase on the wire)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from manga_common.models.base import CamelModel
from manga_common.models.entities import (
    EpisodeStatus,
    RequestError,
    RequestStatus,
    RequestType,
    WorkStatus,
)
from manga_common.models.preferences import ReadingDirection, ReviewScript
from manga_common.stages import StageName

DownloadFormat = Literal["pdf", "cbz"]
StageState = Literal["waiting", "running", "done", "failed"]


class GenerationAccepted(CamelModel):
    """A generation was started; poll `statusUrl` until it is COMPLETED or FAILED."""

    request_id: str
    status: RequestStatus
    status_url: str
    story_id: str | None = None
    episode_number: int | None = None


class StageProgress(CamelModel):
    name: StageName
    state: StageState = Field(
        description=(
            "waiting: not started; in a COMPLETED request with `reviewScript`, the image stage "
            "waits for the reader (`POST /episodes/{episodeId}/draw`)"
        )
    )


class NextEpisodeRequest(CamelModel):
    """Optional body of `POST /stories/{storyId}/episodes`."""

    review_script: ReviewScript = False


class GenerationStatus(CamelModel):
    request_id: str
    type: RequestType
    status: RequestStatus
    stage: str
    stages: list[StageProgress] = Field(description="Each stage this request goes through, in order")
    story_id: str | None = None
    episode_id: str | None = None
    episode_number: int | None = None
    error: RequestError | None = None
    review_script: bool = Field(
        default=False,
        description=(
            "The reader asked to edit the script first: COMPLETED at stage `episode` means the "
            "script is ready and the episode (SCRIPTED) awaits `POST /episodes/{episodeId}/draw`"
        ),
    )
    attempt: int | None = Field(
        default=None, description="While PROCESSING: which delivery of the current stage's event runs, from 1"
    )
    max_attempts: int | None = Field(
        default=None, description="Deliveries a stage gets before the request fails"
    )
    last_error: RequestError | None = Field(
        default=None,
        description="While PROCESSING: why the current stage's previous attempt failed (it is being retried)",
    )
    panels_drawn: int | None = Field(
        default=None, description="Once the image stage has started: images drawn so far (cover and panels)"
    )
    panels_total: int | None = Field(default=None, description="Images the episode needs")
    created_at: str
    updated_at: str


class EpisodeSummary(CamelModel):
    episode_id: str
    episode_number: int
    title: str
    status: EpisodeStatus = Field(description="SCRIPTED: the script is written and awaits drawing")
    page_count: int | None = None


class StorySummary(CamelModel):
    story_id: str
    title: str
    status: WorkStatus
    art_style: str
    reading_direction: ReadingDirection
    episode_count: int
    created_at: str
    updated_at: str


class StoryList(CamelModel):
    stories: list[StorySummary]


class StoryDetail(StorySummary):
    episodes: list[EpisodeSummary]


class EpisodeDetail(EpisodeSummary):
    story_id: str
    story_title: str
    reading_direction: ReadingDirection
    formats: list[DownloadFormat] = Field(description="Formats ready to download")
    created_at: str
    updated_at: str


class DownloadLink(CamelModel):
    format: DownloadFormat
    url: str = Field(description="A presigned link to the file; it expires after `expiresInSeconds`")
    expires_in_seconds: int
    filename: str


class PageRef(CamelModel):
    number: int = Field(ge=1, description="Position in reading order")
    path: str = Field(description="API path of the page image")


class PageList(CamelModel):
    episode_id: str
    reading_direction: ReadingDirection
    pages: list[PageRef]


class ArtStyleOption(CamelModel):
    name: str
    display_name: str
    description: str


class PageRange(CamelModel):
    min: int
    max: int


class ApiOptions(CamelModel):
    """What a reader may choose in `POST /preferences`."""

    genres: list[str]
    max_genres: int
    max_themes: int
    art_styles: list[ArtStyleOption]
    target_audiences: list[str]
    content_ratings: list[str]
    reading_directions: list[ReadingDirection]
    pages: PageRange
    generation_limit_per_hour: int
