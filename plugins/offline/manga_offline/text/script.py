"""Scenes, written in a small cue language so the banks read like a script.

One cue per string:

    "= wide: {Hero} runs along {spot}."     a new panel: shot (wide, medium, close, xclose),
    "= close!/angry: ..."                   "!" marks an action panel, "/emotion" sets its mood
    "hero: Line."                           dialogue by story function (hero, ally, mentor, foe, wild);
    "ally!: Shout!" "foe~: whisper"         "!" shout, "~" whisper, "*" thought, "/emotion" optional
    "hero*: @theme"                         a thought drawn from the story's theme
    "cap: Caption." / "cap: @theme"         narration on the current panel
    "sfx: impact" / "sfx: BAM!"             a sound-effect category, or literal letters
    "@talk"                                 a short exchange drawn from the story's theme

A line after a panel cue belongs to that panel (two at most); further lines open panels of
their own. Which characters a panel shows follows from who speaks and whom the description
names, so a scene never needs to list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from manga_offline.text.genres import FUNCTIONS
from manga_offline.text.ratings import rating_allows
from manga_offline.text.text import slots_in

SHOTS = {"wide": "wide", "medium": "medium", "close": "close-up", "xclose": "extreme-close-up"}
EMOTIONS = ("neutral", "happy", "sad", "angry", "surprised", "determined", "afraid", "smug")
KINDS = {"": "speech", "!": "shout", "~": "whisper", "*": "thought"}
THEME = "@theme"

_PANEL = re.compile(r"^=\s*(wide|medium|close|xclose)(!?)(?:/([a-z]+))?:\s*(.+)$")
_LINE = re.compile(r"^(hero|ally|mentor|foe|wild)([!~*]?)(?:/([a-z]+))?:\s*(.+)$")
_CAPTION = re.compile(r"^cap:\s*(.+)$")
_SFX = re.compile(r"^sfx:\s*(.+)$")


@dataclass(frozen=True)
class PanelCue:
    shot: str
    action: bool
    emotion: str | None
    description: str


@dataclass(frozen=True)
class LineCue:
    role: str
    kind: str
    emotion: str | None
    text: str


@dataclass(frozen=True)
class CaptionCue:
    text: str


@dataclass(frozen=True)
class SfxCue:
    text: str


@dataclass(frozen=True)
class TalkCue:
    pass


Cue = PanelCue | LineCue | CaptionCue | SfxCue | TalkCue


def _emotion(word: str | None, cue: str) -> str | None:
    if word is not None and word not in EMOTIONS:
        raise ValueError(f"unknown emotion {word!r} in cue {cue!r}")
    return word


def parse_cue(cue: str) -> Cue:
    if cue == "@talk":
        return TalkCue()
    if match := _PANEL.match(cue):
        shot, action, emotion, description = match.groups()
        return PanelCue(SHOTS[shot], action == "!", _emotion(emotion, cue), description)
    if match := _LINE.match(cue):
        role, mark, emotion, text = match.groups()
        return LineCue(role, KINDS[mark], _emotion(emotion, cue), text)
    if match := _CAPTION.match(cue):
        return CaptionCue(match.group(1))
    if match := _SFX.match(cue):
        return SfxCue(match.group(1))
    raise ValueError(f"cannot read cue {cue!r}")


def parse_line(cue: str) -> LineCue:
    line = parse_cue(cue)
    if not isinstance(line, LineCue):
        raise ValueError(f"cue {cue!r} is not a line of dialogue")
    return line


def roles_in(text: str) -> list[str]:
    """Story functions a text names through its slots ({hero}, {Ally}, {foe_prop}), in order."""
    roles: list[str] = []
    for slot in slots_in(text):
        role = slot.split("_")[0]
        if role in FUNCTIONS and role not in roles:
            roles.append(role)
    return roles


def cue_text(cue: Cue) -> str:
    if isinstance(cue, PanelCue):
        return cue.description
    if isinstance(cue, LineCue | CaptionCue | SfxCue):
        return cue.text
    return ""


@dataclass(frozen=True)
class Scene:
    cues: tuple[Cue, ...]
    rating: str = "all-ages"
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    """Story facts the scene relies on: "artifact" (the goal is a thing), "villain", "rival"."""
    tones: tuple[str, ...] = ()
    """Tones the scene suits best; any tone may still use it."""
    splash: bool = False
    """A big beat drawn on one or two panels; the page is not padded."""
    roles: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        roles: set[str] = set()
        for cue in self.cues:
            roles.update(roles_in(cue_text(cue)))
            if isinstance(cue, LineCue):
                roles.add(cue.role)
            if isinstance(cue, TalkCue):
                roles.update(("hero", "ally"))
        object.__setattr__(self, "roles", frozenset(roles))

    def lines(self) -> list[LineCue]:
        return [cue for cue in self.cues if isinstance(cue, LineCue)]


def scene(
    *cues: str,
    rating: str = "all-ages",
    genres: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    tones: tuple[str, ...] = (),
    splash: bool = False,
) -> Scene:
    return Scene(tuple(parse_cue(cue) for cue in cues), rating, genres, tags, tones, splash)


def teen_scene(*cues: str, **options: object) -> Scene:
    return scene(*cues, rating="teen", **options)  # type: ignore[arg-type]


def mature_scene(*cues: str, **options: object) -> Scene:
    return scene(*cues, rating="mature", **options)  # type: ignore[arg-type]


def suits(
    candidate: Scene,
    rating: str,
    genres: tuple[str, ...],
    roles: frozenset[str],
    tags: frozenset[str],
    slots: dict[str, str],
) -> bool:
    """Whether a story can play this scene at all: rating, genre, cast, facts and words."""
    if not rating_allows(rating, candidate.rating):
        return False
    if candidate.genres and not set(candidate.genres).intersection(genres):
        return False
    if not candidate.roles <= roles or not set(candidate.tags) <= tags:
        return False
    for cue in candidate.cues:
        text = cue_text(cue)
        if text.startswith("@"):
            continue
        if any(name not in slots for name in slots_in(text)):
            return False
    return True
