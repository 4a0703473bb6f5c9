"""The engine's content, read from the TOML files under `data/` and checked against a schema.

Everything a reader reads (genre structures, scenes and their dialogue, names, places,
titles, looks) is data; this module says what shape that data must have and loads it once.
A genre file is the whole of one genre: its structure (the beats an episode plays, in order),
its premises (the story's state: goal, threat and the nouns its scenes name), the scenes of
each beat written in the cue language of `cues.py`, its title words and its theme lines.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from manga_common.models.preferences import GENRES
from manga_common.models.script import HAIR_STYLES, SETTING_KINDS

Function = Literal["hero", "ally", "mentor", "foe", "wild"]
FUNCTIONS: tuple[Function, ...] = ("hero", "ally", "mentor", "foe", "wild")
Voice = Literal["bold", "gentle", "dry"]
VOICES: tuple[Voice, ...] = ("bold", "gentle", "dry")
Naming = Literal["modern", "fantasy", "historic", "future"]
Family = Literal["fantastic", "futuristic", "historic", "grounded", "everyday", "sporting", "eerie"]
TIMES: tuple[str, ...] = ("dawn", "day", "dusk", "night")
WEATHERS: tuple[str, ...] = ("clear", "cloudy", "rain", "snow", "fog", "storm")

Text = Annotated[str, StringConstraints(min_length=1, max_length=400)]
Words = Annotated[list[Text], Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _weights_within(weights: dict[str, int], allowed: tuple[str, ...], what: str) -> dict[str, int]:
    unknown = sorted(set(weights) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what} {unknown} (known: {', '.join(allowed)})")
    if not any(weight > 0 for weight in weights.values()):
        raise ValueError(f"{what} weights must not all be zero")
    return weights


class Role(Strict):
    label: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    address: str = Field(default="{given}", description="How others call them: {given} or {family}")


class Scene(Strict):
    beat: str
    cues: list[Text] = Field(min_length=2)
    where: str | None = Field(default=None, description="A setting kind that overrides the story's")
    time: Literal["dawn", "day", "dusk", "night"] | None = None

    @model_validator(mode="after")
    def _where_is_a_kind(self) -> Scene:
        if self.where is not None and self.where not in SETTING_KINDS:
            raise ValueError(f"unknown setting kind {self.where!r}")
        return self


class ThemeLines(Strict):
    """How a genre names a reader's theme: any noun phrase must read well in each slot."""

    logline: Words
    lines: Words = Field(description="Cues spoken for @theme: 'hero: ... {theme} ...'")
    captions: Words


class TitleWords(Strict):
    nouns: Words = Field(description="Singular nouns, capitalised")
    adjectives: Words
    verbs: Words = Field(description="Third person singular, capitalised: 'Falls'")


class Genre(Strict):
    name: str
    family: Family
    naming: Naming
    tone: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    settings: dict[str, int]
    times: dict[str, int]
    weather: dict[str, int]
    structure: list[str] = Field(min_length=3, max_length=8)
    core: list[str] = Field(min_length=1, max_length=3, description="Beats kept in the shortest episodes")
    roles: dict[Function, Role]
    premises: list[dict[str, Text]] = Field(min_length=3)
    loglines: Words
    taglines: Words
    episode_titles: list[Text] = Field(min_length=4)
    summaries: list[Text] = Field(min_length=3)
    cliffhangers: list[Text] = Field(min_length=3)
    default_themes: list[Text] = Field(min_length=2)
    titles: TitleWords
    theme: ThemeLines
    scenes: list[Scene] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Genre:
        _weights_within(self.settings, SETTING_KINDS, "setting kinds")
        _weights_within(self.times, TIMES, "times of day")
        _weights_within(self.weather, WEATHERS, "weathers")
        missing_roles = sorted(set(FUNCTIONS) - set(self.roles))
        if missing_roles:
            raise ValueError(f"roles missing: {missing_roles}")
        if not set(self.core) <= set(self.structure):
            raise ValueError("core beats must be beats of the structure")
        beats = {scene.beat for scene in self.scenes}
        unplayed = [beat for beat in self.structure if beat not in beats]
        if unplayed:
            raise ValueError(f"beats without a scene: {unplayed}")
        stray = sorted(beats - set(self.structure))
        if stray:
            raise ValueError(f"scenes for beats outside the structure: {stray}")
        keys = set(self.premises[0])
        for premise in self.premises:
            if set(premise) != keys:
                raise ValueError(
                    f"every premise must give the same keys {sorted(keys)}; got {sorted(premise)}"
                )
        return self

    def scenes_for(self, beat: str) -> list[Scene]:
        return [scene for scene in self.scenes if scene.beat == beat]


class NamePool(Strict):
    given: list[Annotated[str, StringConstraints(min_length=2, max_length=18)]] = Field(min_length=100)
    family: list[Annotated[str, StringConstraints(min_length=2, max_length=18)]] = Field(min_length=100)

    @model_validator(mode="after")
    def _unique(self) -> NamePool:
        for kind, names in (("given", self.given), ("family", self.family)):
            if len(set(names)) != len(names):
                raise ValueError(f"duplicate {kind} names")
        return self


class Names(Strict):
    pools: dict[Naming, NamePool]


class FunctionLooks(Strict):
    outfits: Words
    props: Words = Field(description="Signature items; {accent} is the accent colour")


class Looks(Strict):
    natural_hair: Words
    vivid_hair: Words
    elder_hair: Words
    eyes: Words
    accents: Words
    hair_styles: dict[Function, list[str]]
    builds: dict[Function, list[Literal["small", "average", "tall", "broad"]]]
    school_uniforms: Words
    families: dict[Family, dict[Function, FunctionLooks]]
    traits: dict[Function, list[Text]]
    quirks: list[Text] = Field(min_length=40)

    @model_validator(mode="after")
    def _renderable(self) -> Looks:
        for function, styles in self.hair_styles.items():
            unknown = sorted(set(styles) - set(HAIR_STYLES))
            if unknown:
                raise ValueError(f"unknown hair styles for {function}: {unknown}")
        return self


class PlaceKind(Strict):
    names: dict[str, list[Text]] = Field(description="Name patterns by genre family, and 'default'")
    details: Words
    spots: Words


class Places(Strict):
    stems: dict[Literal["jp", "fan", "sci"], Words]
    kinds: dict[str, PlaceKind]

    @model_validator(mode="after")
    def _every_kind(self) -> Places:
        missing = sorted(set(SETTING_KINDS) - set(self.kinds))
        if missing:
            raise ValueError(f"setting kinds without places: {missing}")
        return self


class ThemeHint(Strict):
    words: Words = Field(description="Words in a reader's theme that set the hint")
    setting: str | None = None
    weather: Literal["clear", "cloudy", "rain", "snow", "fog", "storm"] | None = None
    time: Literal["dawn", "day", "dusk", "night"] | None = None


class Staging(Strict):
    """Shared stagecraft: descriptions of panels a scene did not describe, captions, titles."""

    reactions: dict[str, Words]
    time_words: dict[str, Text]
    place_captions: Words
    previously: Text
    title_shapes: list[Text] = Field(min_length=12)
    theme_hints: list[ThemeHint]
    child_words: dict[str, Text]


def _read(path: str) -> dict[str, object]:
    data = (
        resources.files("manga_offline.text").joinpath("data", *path.split("/")).read_text(encoding="utf-8")
    )
    return tomllib.loads(data)


@cache
def genre(name: str) -> Genre:
    return Genre.model_validate(_read(f"genres/{name}.toml"))


@cache
def genres() -> dict[str, Genre]:
    return {name: genre(name) for name in GENRES}


@cache
def names() -> Names:
    return Names.model_validate({"pools": _read("names.toml")})


@cache
def looks() -> Looks:
    return Looks.model_validate(_read("looks.toml"))


@cache
def places() -> Places:
    return Places.model_validate(_read("places.toml"))


@cache
def staging() -> Staging:
    return Staging.model_validate(_read("staging.toml"))
