"""The story bible and episode script schema.

Every text backend returns these models, the offline story engine and the LLM backends
alike; the image service draws and letters from them. Field limits here are what keeps a
model's output printable (a line of dialogue that fits a bubble, a page that fits a grid).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from manga_common.models.base import CamelModel
from manga_common.models.preferences import MAX_PAGES, ContentRating, TargetAudience

Shot = Literal["wide", "medium", "close-up", "extreme-close-up"]
SHOTS: tuple[str, ...] = Shot.__args__  # type: ignore[attr-defined]

SettingKind = Literal[
    "city", "school", "forest", "sea", "space", "interior", "mountain", "desert", "village", "ruins"
]
SETTING_KINDS: tuple[str, ...] = SettingKind.__args__  # type: ignore[attr-defined]
TimeOfDay = Literal["dawn", "day", "dusk", "night"]
Weather = Literal["clear", "cloudy", "rain", "snow", "fog", "storm"]

HairStyle = Literal[
    "short", "spiky", "long", "ponytail", "twin-tails", "bob", "messy", "braid", "shaved", "curly"
]
HAIR_STYLES: tuple[str, ...] = HairStyle.__args__  # type: ignore[attr-defined]
Build = Literal["small", "average", "tall", "broad"]
Emotion = Literal["neutral", "happy", "sad", "angry", "surprised", "determined", "afraid", "smug"]
LineKind = Literal["speech", "thought", "shout", "whisper"]

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Sentence = Annotated[str, StringConstraints(min_length=1, max_length=400)]

MAX_DIALOGUE_CHARS = 160


class Look(CamelModel):
    """A character's fixed appearance, reused in every panel and image prompt."""

    hair_style: HairStyle
    hair_color: ShortText
    eye_color: ShortText
    outfit: ShortText
    signature: ShortText = Field(description="A prop or colour that identifies them at a glance")
    accent_color: ShortText = Field(description="Colour name of the signature item")
    build: Build = "average"

    def describe(self) -> str:
        """One phrase for image prompts: the same words in every prompt keep a face stable."""
        return (
            f"{self.hair_color} {self.hair_style} hair, {self.eye_color} eyes, {self.build} build, "
            f"wearing {self.outfit}, with {self.signature}"
        )


class Character(CamelModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    role: ShortText
    personality: Sentence
    look: Look


class Setting(CamelModel):
    kind: SettingKind
    name: ShortText
    description: Sentence
    time_of_day: TimeOfDay = "day"
    weather: Weather = "clear"


class EpisodeOutline(CamelModel):
    number: int = Field(ge=1)
    title: ShortText
    summary: Sentence


class StoryBible(CamelModel):
    title: ShortText
    logline: Sentence
    tagline: Sentence
    setting: Setting
    characters: list[Character] = Field(min_length=1, max_length=6)
    arc: list[EpisodeOutline] = Field(min_length=1, max_length=24)
    genres: list[ShortText] = Field(default_factory=list)
    themes: list[ShortText] = Field(default_factory=list)
    tone: ShortText = "earnest"
    target_audience: TargetAudience = "teens"
    content_rating: ContentRating = "teen"
    art_style: ShortText = "shonen"

    @model_validator(mode="after")
    def _unique_names(self) -> StoryBible:
        names = [c.name for c in self.characters]
        if len(set(names)) != len(names):
            raise ValueError("character names must be unique")
        return self

    def character(self, name: str) -> Character | None:
        return next((c for c in self.characters if c.name == name), None)


class DialogueLine(CamelModel):
    speaker: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_DIALOGUE_CHARS)]
    kind: LineKind = "speech"


class Panel(CamelModel):
    shot: Shot
    description: Sentence
    characters: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=4
    )
    dialogue: list[DialogueLine] = Field(default_factory=list, max_length=4)
    caption: Annotated[str, StringConstraints(max_length=200)] | None = None
    sfx: Annotated[str, StringConstraints(max_length=24)] | None = None
    emotion: Emotion = "neutral"
    action: bool = Field(default=False, description="Speed or focus lines: movement or impact")
    location: SettingKind | None = Field(default=None, description="Overrides the story setting")
    time_of_day: TimeOfDay | None = None

    @model_validator(mode="after")
    def _speakers_are_present(self) -> Panel:
        for line in self.dialogue:
            if line.speaker not in self.characters:
                raise ValueError(f"speaker {line.speaker!r} is not among the panel's characters")
        return self


class Page(CamelModel):
    number: int = Field(ge=1)
    panels: list[Panel] = Field(min_length=1, max_length=6)


class EpisodeScript(CamelModel):
    episode_number: int = Field(ge=1)
    title: ShortText
    summary: Sentence
    pages: list[Page] = Field(min_length=1, max_length=MAX_PAGES)
    cliffhanger: Sentence | None = None

    @model_validator(mode="after")
    def _pages_in_order(self) -> EpisodeScript:
        if [p.number for p in self.pages] != list(range(1, len(self.pages) + 1)):
            raise ValueError("pages must be numbered 1..n in order")
        return self

    def panels(self) -> list[Panel]:
        return [panel for page in self.pages for panel in page.panels]

    def problems_with(self, bible: StoryBible) -> list[str]:
        """Cross-checks against the bible that a schema alone cannot express."""
        known = {c.name for c in bible.characters}
        problems = []
        for page in self.pages:
            for index, panel in enumerate(page.panels, start=1):
                unknown = sorted(set(panel.characters) - known)
                if unknown:
                    problems.append(f"page {page.number} panel {index}: unknown characters {unknown}")
        return problems
