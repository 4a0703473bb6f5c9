"""What plugins provide: art styles, template folders and the three backend kinds.

Backends are structural (typing.Protocol): any object with a `name` and the methods below
will do. Constructors must be cheap and do no I/O, because every registered backend is
built when the registry loads; a backend reads its configuration and opens clients on
first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import MAX_PAGES, PreferencesRequest, ReadingDirection
from manga_common.models.script import EpisodeOutline, EpisodeScript, Panel, StoryBible

# Knobs only one backend reads, and the backend that took them over. A style that still
# passes one at the top level was written for the old interface: it is told where it went.
MOVED_STYLE_FIELDS: dict[str, str] = {
    "stability_preset": "bedrock",
    "screentone": "offline",
    "screentone_density": "offline",
    "background": "offline",
    "proportions": "offline",
    "eye_scale": "offline",
    "speed_lines": "offline",
}


class ArtStyle(BaseModel):
    """How a style looks, in the terms every backend shares.

    What only one backend reads lives in `backend_options[backend name]`, and that backend
    validates it (the offline renderer's screentone and proportions, Stability's preset), so
    a new backend adds its own knobs without touching this interface.
    """

    # defer_build, here and below: the validator is built on first use, not at import, so a
    # handler's cold start does not pay for the plugin contract's models.
    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    display_name: str
    description: str
    prompt_style: str = Field(description="Words added to every image prompt of this style")
    negative_prompt: str = "photo, photorealistic, 3d render, blurry, watermark, text, signature"
    color: bool = Field(default=False, description="False: black-and-white manga")
    palette: tuple[str, ...] = Field(
        default=("#000000", "#ffffff"), description="Hex colours: ink, paper, then accents"
    )
    line_weight: float = Field(
        default=1.0, gt=0, le=4, description="Ink weight: panel borders on the page, and drawn lines"
    )
    voice: str = Field(default="", description="A phrase on tone for story prompts")
    backend_options: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Options for one backend, keyed by the backend's name"
    )

    @model_validator(mode="before")
    @classmethod
    def _no_moved_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            moved = [key for key in data if key in MOVED_STYLE_FIELDS]
            if moved:
                where = "; ".join(
                    f"{key!r} is now backend_options[{MOVED_STYLE_FIELDS[key]!r}][{key!r}]" for key in moved
                )
                raise ValueError(f"art style {data.get('name')!r} uses moved fields: {where}")
        return data

    def options_for(self, backend: str) -> dict[str, Any]:
        """The options this style gives one backend (empty when it gives none)."""
        return self.backend_options.get(backend, {})


class TemplateSource(BaseModel):
    """A folder of jinja2 prompt templates; higher priority wins on a name clash."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    directory: Path
    priority: int = 0


class StoryBrief(BaseModel):
    """Everything a text backend may use to write a story bible."""

    model_config = ConfigDict(defer_build=True)

    preferences: PreferencesRequest
    insights: QlooInsights
    style: ArtStyle
    seed: int
    episodes_planned: int = Field(default=3, ge=1, le=24)


class EpisodeBrief(BaseModel):
    """Everything a text backend may use to write one episode of a story."""

    model_config = ConfigDict(defer_build=True)

    bible: StoryBible
    style: ArtStyle
    episode_number: int = Field(ge=1)
    seed: int
    pages: int | None = Field(default=None, ge=1, le=MAX_PAGES)
    previously: list[EpisodeOutline] = Field(default_factory=list)


class CharacterReference(BaseModel):
    """A character's reference sheet, drawn once per story before any panel."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    png: bytes = Field(repr=False)


class PanelImageRequest(BaseModel):
    """One panel to draw. Prompt-driven backends use `prompt`; the offline renderer reads
    the structured fields."""

    model_config = ConfigDict(defer_build=True)

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
    references: tuple[CharacterReference, ...] = Field(
        default=(),
        description=(
            "Reference sheets of the panel's characters, for backends that take images "
            "(`accepts_references = True`); the others keep faces through the look and the seed"
        ),
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
        """Return a PNG of exactly request.width x request.height pixels.

        A backend that can draw from reference images says so with a class attribute
        `accepts_references = True`; the image stage then draws each main character's
        reference sheet first and hands the sheets of a panel's cast in `request.references`.
        """
        ...


def accepts_references(backend: ImageBackend) -> bool:
    return bool(getattr(backend, "accepts_references", False))


def warm_up(part: object) -> None:
    """Let a backend, or the model client it holds, open now what it opens on first use (its
    HTTP or SDK client). One that can says so with a method `warm()`, as one that draws from
    references says so with `accepts_references`; a sandbox's init calls it for the configured
    backend, so no first request waits while a client opens (the OpenAI-compatible one imports
    its HTTP transport and loads the CA bundle, and a whole wave of panels waited for that)."""
    warm = getattr(part, "warm", None)
    if callable(warm):
        warm()


@runtime_checkable
class InsightsProvider(Protocol):
    name: str

    def insights_for(self, preferences: PreferencesRequest) -> QlooInsights: ...
