"""The cue language scenes are written in, one cue per string, so a scene reads like a script:

    "= wide: {Hero} runs along the pier."    a new panel: shot (wide, medium, close, xclose);
    "= close!/angry: ..."                    "!" marks an action panel, "/emotion" sets its mood
    "hero: Line."                            dialogue by story function (hero, ally, mentor, foe, wild);
    "ally!: Shout!" "foe~: whisper"          "!" shout, "~" whisper, "*" thought, "/emotion" optional
    "hero: [bold] Move! [gentle] Please, move. [dry] Moving would be nice."
                                             one line per voice: the speaker's voice picks
    "cap: Caption."                          narration on the current panel
    "sfx: CRASH"                             a sound effect on the current panel
    "@theme" / "@theme2"                     a line of the genre's about the reader's first (second) theme

`{Hero}`, `{Ally}`, ... are how the cast calls each other; `{place}` is the setting; any other
slot is a key of the story's premise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from manga_offline.text.content import FUNCTIONS, VOICES

SHOTS = {"wide": "wide", "medium": "medium", "close": "close-up", "xclose": "extreme-close-up"}
EMOTIONS = ("neutral", "happy", "sad", "angry", "surprised", "determined", "afraid", "smug")
KINDS = {"": "speech", "!": "shout", "~": "whisper", "*": "thought"}

_PANEL = re.compile(r"^=\s*(wide|medium|close|xclose)(!?)(?:/([a-z]+))?:\s*(.+)$")
_LINE = re.compile(rf"^({'|'.join(FUNCTIONS)})([!~*]?)(?:/([a-z]+))?:\s*(.+)$")
_CAPTION = re.compile(r"^cap:\s*(.+)$")
_SFX = re.compile(r"^sfx:\s*(.+)$")
_VOICE = re.compile(rf"\[({'|'.join(VOICES)})\]\s*")
_SLOT = re.compile(r"\{(\w+)\}")


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
    variants: dict[str, str]

    def text_for(self, voice: str) -> str:
        return self.variants.get(voice) or next(iter(self.variants.values()))


@dataclass(frozen=True)
class CaptionCue:
    text: str


@dataclass(frozen=True)
class SfxCue:
    text: str


@dataclass(frozen=True)
class ThemeCue:
    which: int


Cue = PanelCue | LineCue | CaptionCue | SfxCue | ThemeCue


def _emotion(word: str | None, cue: str) -> str | None:
    if word is not None and word not in EMOTIONS:
        raise ValueError(f"unknown emotion {word!r} in cue {cue!r}")
    return word


def voice_variants(text: str) -> dict[str, str]:
    """`[bold] a [dry] b` as {"bold": "a", "dry": "b"}; plain text is one line for every voice."""
    parts = _VOICE.split(text)
    if len(parts) == 1:
        return {"": text.strip()}
    if parts[0].strip():
        raise ValueError(f"text before the first voice in {text!r}")
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


def parse_cue(cue: str) -> Cue:
    if cue in ("@theme", "@theme2"):
        return ThemeCue(0 if cue == "@theme" else 1)
    if match := _PANEL.match(cue):
        shot, bang, emotion, description = match.groups()
        return PanelCue(SHOTS[shot], bang == "!", _emotion(emotion, cue), description)
    if match := _LINE.match(cue):
        role, mark, emotion, text = match.groups()
        return LineCue(role, KINDS[mark], _emotion(emotion, cue), voice_variants(text))
    if match := _CAPTION.match(cue):
        return CaptionCue(match.group(1))
    if match := _SFX.match(cue):
        return SfxCue(match.group(1).strip())
    raise ValueError(f"not a cue: {cue!r}")


def slots_of(cue: str) -> set[str]:
    """The slot names a cue uses, lower-cased."""
    return {name.lower() for name in _SLOT.findall(cue)}


def roles_of(cues: list[str]) -> set[str]:
    """The story functions a scene needs on stage: speakers and characters it names."""
    roles: set[str] = set()
    for text in cues:
        cue = parse_cue(text)
        if isinstance(cue, LineCue):
            roles.add(cue.role)
        roles |= slots_of(text) & set(FUNCTIONS)
    return roles
