"""What plugins provide: art styles, template folders and the three backend kinds.

Backends are structural (typing.Protocol): any object with a `name` and the methods below
will do. Constructors must be cheap and do no I/O, because every registered backend is
built when the registry loads; a backend reads its configuration and opens clients on
first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import PreferencesRequest, ReadingDirection
from manga_common.models.script import EpisodeOutline, EpisodeScript, Panel, StoryBible


class ArtStyle(BaseModel):
    """How a style looks: read by the offline renderer, the prompt templates and image backends."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    display_name: str
    description: str
    prompt_style: str = Field(description="Words added to every image prompt of this style")
    negative_prompt: str = "photo, photorealistic, 3d render, blurry, watermark, text, signature"
    stability_preset: str = "anime"
    color: bool = Field(default=False, description="False: black-and-white manga")
    palette: tuple[str, ...] = Field(
        default=("#000000", "#ffffff"), description="Hex colours: ink, paper, then accents"
    )
    line_weight: float = Field(default=1.0, gt=0, le=4)
    screentone: Literal["dots", "lines", "crosshatch", "none"] = "dots"
    screentone_density: float = Field(default=0.5, ge=0, le=1)
    background: Literal["detailed", "simple", "sparkles", "shadow"] = "detailed"
    proportions: Literal["regular", "chibi", "tall"] = "regular"
    eye_scale: float = Field(default=1.0, gt=0, le=3)
    speed_lines: float = Field(default=0.5, ge=0, le=1, description="How readily action gets speed lines")
    voice: str = Field(default="", description="A phrase on tone for story prompts")


class TemplateSource(BaseModel):
    """A folder of jinja2 prompt templates; higher priority wins on a name clash."""

    model_config = ConfigDict(frozen=True)

    name: str
    directory: Path
    priority: int = 0


class StoryBrief(BaseModel):
    """Everything a text backend may use to write a story bible."""

    preferences: PreferencesRequest
    insights: QlooInsights
    style: ArtStyle
    seed: int
    episodes_planned: int = Field(default=3, ge=1, le=24)


class EpisodeBrief(BaseModel):
    """Everything a text backend may use to write one episode of a story."""

    bible: StoryBible
    style: ArtStyle
    episode_number: int = Field(ge=1)
    seed: int
    pages: int | None = Field(default=None, ge=1, le=16)
    previously: list[EpisodeOutline] = Field(default_factory=list)


class PanelImageRequest(BaseModel):
    """One panel to draw. Prompt-driven backends use `prompt`; the offline renderer reads
    the structured fields."""

    prompt: str
    negative_prompt: str
    width: int = Field(ge=64, le=4096)
    height: int = Field(ge=64, le=4096)
    seed: int
    style: ArtStyle
    panel: Panel
    bible: StoryBible
    page_number: int
    panel_index: int
    reading_direction: ReadingDirection = Field(
        default="rtl", description="Where reading starts decides where the first speaker stands"
    )


@runtime_checkable
class TextBackend(Protocol):
    name: str

    def write_story(self, brief: StoryBrief) -> StoryBible: ...

    def write_episode(self, brief: EpisodeBrief) -> EpisodeScript: ...


@runtime_checkable
class ImageBackend(Protocol):
    name: str

    def draw_panel(self, request: PanelImageRequest) -> bytes:
        """Return a PNG of exactly request.width x request.height pixels."""
        ...


@runtime_checkable
class InsightsProvider(Protocol):
    name: str

    def insights_for(self, preferences: PreferencesRequest) -> QlooInsights: ...
