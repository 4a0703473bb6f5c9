"""Turns scenes into panels: fills the words, gives each character their voice, stages who is
in frame, and keeps every line of an episode unique.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from manga_common.models.script import MAX_DIALOGUE_CHARS, DialogueLine, Panel
from manga_offline.text.blocking import (
    Moment,
    insert_description,
    listener_description,
    pause_description,
    speaker_description,
)
from manga_offline.text.captions import TIME_WORDS, place_caption
from manga_offline.text.places import Spot
from manga_offline.text.ratings import allowed
from manga_offline.text.script import (
    THEME,
    CaptionCue,
    LineCue,
    PanelCue,
    Scene,
    SfxCue,
    TalkCue,
    parse_cue,
    roles_in,
)
from manga_offline.text.sfx import pick_sfx
from manga_offline.text.story import StoryCore, can_fill
from manga_offline.text.text import clip, fill, for_children
from manga_offline.text.voices import speak

CLOSE_SHOTS = ("close-up", "extreme-close-up")
STRONG_FEELINGS = ("sad", "afraid", "surprised", "determined", "angry")
MAX_IN_FRAME = 4

# How a listener takes what was just said, by the speaker's emotion.
_LISTENER_FEELINGS = {
    "neutral": "neutral",
    "happy": "happy",
    "sad": "sad",
    "angry": "afraid",
    "surprised": "surprised",
    "determined": "determined",
    "afraid": "determined",
    "smug": "angry",
}


@dataclass(frozen=True)
class Where:
    """Where and when a scene plays."""

    spot: Spot
    time_of_day: str


@dataclass
class PanelDraft:
    shot: str
    description: str
    characters: list[str] = field(default_factory=list)
    dialogue: list[DialogueLine] = field(default_factory=list)
    caption: str | None = None
    sfx: str | None = None
    emotion: str = "neutral"
    action: bool = False
    location: str | None = None
    time_of_day: str | None = None
    auto: bool = False
    """Staged by the writer rather than the scene, so the first to go when a page is full."""

    def to_panel(self) -> Panel:
        return Panel(
            shot=self.shot,
            description=clip(self.description, 400),
            characters=self.characters,
            dialogue=self.dialogue,
            caption=clip(self.caption, 200) if self.caption else None,
            sfx=self.sfx,
            emotion=self.emotion,
            action=self.action,
            location=self.location,
            time_of_day=self.time_of_day,
        )


class Writer:
    """One episode's pen: its random source and everything already said."""

    def __init__(self, core: StoryCore, rng: random.Random, episode_slots: dict[str, str]) -> None:
        self.core = core
        self.rng = rng
        self.episode_slots = episode_slots
        self.used_lines: set[str] = set()
        self.used_captions: set[str] = set()
        self.used_sfx: set[str] = set()
        self.used_staging: set[str] = set()
        """Staged gestures and backdrops already drawn, so unscripted panels do not repeat."""
        self.themes_voiced: set[str] = set()
        """Themes a caption or thought has spoken for; every episode voices the main one."""
        self.names = {member.function: member.name for member in core.cast.members}
        self.members = {member.function: member for member in core.cast.members}
        self.addresses = {member.name: member.address for member in core.cast.members}
        self.foes = {member.name for member in core.cast.members if member.function == "foe"}

    # -- words -------------------------------------------------------------------------

    def slots_at(self, where: Where) -> dict[str, str]:
        return {**self.episode_slots, "spot": where.spot.name, "time": TIME_WORDS[where.time_of_day]}

    def polish(self, text: str) -> str:
        return for_children(text) if self.core.taste.audience == "children" else text

    def line_text(self, cue: LineCue, slots: dict[str, str]) -> str:
        return self.polish(fill(cue.text, slots))

    def fresh_line(self, text: str, limit: int | None = None) -> bool:
        return text not in self.used_lines and len(text) <= (limit or self.core.taste.line_limit)

    def playable(self, candidate: Scene, where: Where, limit: int | None = None) -> bool:
        """The story can play it here, its lines fit the reader's bubbles and none has been said yet."""
        slots = self.slots_at(where)
        place_tags = frozenset() if where.spot.kind == "interior" else frozenset({"outdoors"})
        if not self.core.suits(candidate, slots, place_tags):
            return False
        return all(
            self.fresh_line(self.line_text(line, slots), limit)
            for line in candidate.lines()
            if not line.text.startswith("@")
        )

    def choose(self, bank: tuple[Scene, ...], key: str, where: Where, lane: int) -> Scene | None:
        """A seeded pick that suits the story's tone and genres.

        Each story deals the bank into lanes in a fixed order and episode N prefers lane N,
        so consecutive episodes of one story draw different scenes.
        """
        candidates = [candidate for candidate in bank if self.playable(candidate, where)]
        # Long names can push every line of a bank past a young reader's limit; a long
        # bubble is better than a missing beat.
        candidates = candidates or [c for c in bank if self.playable(c, where, MAX_DIALOGUE_CHARS)]
        if not candidates:
            return None
        order = list(range(len(bank)))
        random.Random(f"lanes:{self.core.title}:{key}").shuffle(order)
        position = {bank[index]: rank for rank, index in enumerate(order)}
        lanes = 3 if len(candidates) >= 6 else 2 if len(candidates) >= 3 else 1
        in_lane = [c for c in candidates if position[c] % lanes == lane % lanes] or candidates
        weights = [self._weight(candidate) for candidate in in_lane]
        return self.rng.choices(in_lane, weights=weights, k=1)[0]

    def _weight(self, candidate: Scene) -> float:
        weight = 1.0
        if candidate.genres:
            weight *= 3.0
        if candidate.tones:
            weight *= 2.5 if self.core.taste.tone in candidate.tones else 0.1
        if candidate.rating != "all-ages":
            weight *= 1.5
        lengths = [len(line.text) for line in candidate.lines()] or [40]
        average = sum(lengths) / len(lengths)
        if self.core.taste.audience == "children":
            weight *= (40.0 / max(average, 20.0)) ** 3
        elif self.core.taste.audience == "adults":
            weight *= average / 40.0
        return weight

    def _speak(self, role: str, text: str, kind: str) -> str | None:
        member = self.members[role]
        if (
            self.core.taste.tone == "hardboiled"
            and kind == "speech"
            and text.endswith("!")
            and not text.endswith("?!")
        ):
            text = text[:-1] + "."
        tics = self.core.taste.audience != "children"
        spoken = clip(speak(text, member.voice, self.rng, kind, tics), MAX_DIALOGUE_CHARS)
        for option in (spoken, text):
            if option not in self.used_lines:
                self.used_lines.add(option)
                return option
        return None

    def theme_text(self, bank_name: str, slots: dict[str, str], main_only: bool = False) -> str | None:
        """A caption or thought from one of the story's themes, not used yet in this episode."""
        options: list[tuple[str, str]] = []
        for motif in self.core.motifs[:1] if main_only else self.core.motifs:
            motif_slots = {**slots, "theme": motif.theme}
            bank = getattr(motif.kit, bank_name)
            for template in allowed(bank, self.core.taste.rating):
                if set(roles_in(template)) <= self.core.roles() and can_fill(template, motif_slots):
                    text = self.polish(fill(template, motif_slots))
                    if text not in self.used_lines and text not in self.used_captions:
                        options.append((motif.theme, text))
        if not options:
            return None
        theme, text = self.rng.choice(options)
        self.themes_voiced.add(theme)
        return text

    def theme_talk(self, slots: dict[str, str]) -> list[LineCue]:
        options: list[list[LineCue]] = []
        for motif in self.core.motifs:
            motif_slots = {**slots, "theme": motif.theme}
            for talk in allowed(motif.kit.talks, self.core.taste.rating):
                lines = [parse_cue(cue) for cue in talk]
                cues = [line for line in lines if isinstance(line, LineCue)]
                texts = [fill(line.text, motif_slots) for line in cues]
                if all(can_fill(line.text, motif_slots) for line in cues) and all(
                    self.fresh_line(self.polish(text)) for text in texts
                ):
                    options.append(
                        [
                            LineCue(c.role, c.kind, c.emotion, text)
                            for c, text in zip(cues, texts, strict=True)
                        ]
                    )
        return self.rng.choice(options) if options else []

    # -- panels ------------------------------------------------------------------------

    def _auto_panel(self, cue: LineCue, text: str, partner: str | None, where: Where) -> PanelDraft:
        feeling = cue.emotion or "neutral"
        name = self.names[cue.role]
        shot = "close-up" if feeling in STRONG_FEELINGS or cue.kind == "thought" else "medium"
        characters = [name]
        facing = partner if partner and partner != name and shot == "medium" else None
        if facing:
            characters.append(facing)
        moment = Moment(
            name=self.members[cue.role].address,
            emotion=feeling,
            kind=cue.kind,
            question=text.rstrip().endswith("?"),
            partner=self.addresses[facing] if facing else None,
            prop=self.members[cue.role].character.look.signature,
            place_kind=where.spot.kind,
            genres=self.core.taste.genres,
        )
        description = self.polish(speaker_description(moment, self.used_staging, self.rng))
        return PanelDraft(
            shot=shot, description=description, characters=characters, emotion=feeling, auto=True
        )

    def render(self, candidate: Scene, where: Where) -> list[PanelDraft]:
        slots = self.slots_at(where)
        panels: list[PanelDraft] = []
        pending_caption: str | None = None
        pending_sfx: str | None = None
        last_speaker: str | None = None
        cues: list[object] = []
        for cue in candidate.cues:
            cues.extend(self.theme_talk(slots) if isinstance(cue, TalkCue) else [cue])
        for cue in cues:
            current = panels[-1] if panels else None
            if isinstance(cue, PanelCue):
                names = [self.names[role] for role in roles_in(cue.description) if role in self.names]
                panel = PanelDraft(
                    shot=cue.shot,
                    description=self.polish(fill(cue.description, slots)),
                    characters=names[:MAX_IN_FRAME],
                    emotion=cue.emotion or "neutral",
                    action=cue.action,
                )
                panel.caption, pending_caption = pending_caption, None
                panel.sfx, pending_sfx = pending_sfx, None
                panels.append(panel)
            elif isinstance(cue, LineCue):
                raw = self.theme_text("thoughts", slots) if cue.text == THEME else self.line_text(cue, slots)
                text = self._speak(cue.role, raw, cue.kind) if raw else None
                if text is None:
                    continue
                speaker = self.names[cue.role]
                if current is None or self._needs_new_panel(current, speaker):
                    current = self._auto_panel(cue, text, last_speaker, where)
                    current.caption, pending_caption = pending_caption, None
                    current.sfx, pending_sfx = pending_sfx, None
                    panels.append(current)
                if speaker not in current.characters:
                    current.characters.append(speaker)
                current.dialogue.append(DialogueLine(speaker=speaker, text=text, kind=cue.kind))
                if current.emotion == "neutral" and cue.emotion:
                    current.emotion = cue.emotion
                last_speaker = speaker
            elif isinstance(cue, CaptionCue):
                caption = self._caption(cue.text, slots, where)
                if caption is None:
                    continue
                if current is not None and current.caption is None:
                    current.caption = caption
                else:
                    pending_caption = caption
            elif isinstance(cue, SfxCue):
                sound = pick_sfx(
                    cue.text, self.rng, self.used_sfx, self.core.taste.genres, self.core.setting.weather,
                    self.core.sport.sfx,
                )  # fmt: skip
                if current is not None and current.sfx is None:
                    current.sfx = sound
                else:
                    pending_sfx = sound
        if panels and pending_caption and panels[-1].caption is None:
            panels[-1].caption = pending_caption
        if panels and pending_sfx and panels[-1].sfx is None:
            panels[-1].sfx = pending_sfx
        self._place(panels, where)
        return panels

    def _needs_new_panel(self, panel: PanelDraft, speaker: str) -> bool:
        """A reply usually gets its own panel, as in manga; sometimes a wide or medium shot holds both."""
        if len(panel.dialogue) >= 2:
            return True
        if not panel.dialogue:
            return panel.shot in CLOSE_SHOTS and bool(panel.characters) and speaker not in panel.characters
        if panel.dialogue[-1].speaker == speaker:
            return False
        if panel.shot in CLOSE_SHOTS or (
            len(panel.characters) >= MAX_IN_FRAME and speaker not in panel.characters
        ):
            return True
        return self.rng.random() < 0.85

    def _caption(self, template: str, slots: dict[str, str], where: Where) -> str | None:
        taste = self.core.taste
        if template == THEME:
            text = self.theme_text("captions", slots)
        elif template == "@place":
            text = place_caption(
                self.core.setting.name, where.time_of_day, taste.register, taste.tone, self.rng
            )
        else:
            text = self.polish(fill(template, slots))
        if text is None or text in self.used_captions:
            return None
        self.used_captions.add(text)
        return text

    def _place(self, panels: list[PanelDraft], where: Where) -> None:
        """Mark panels that play away from the story's own setting or at another time of day."""
        setting = self.core.setting
        for panel in panels:
            panel.location = where.spot.kind if where.spot.kind != setting.kind else None
            panel.time_of_day = where.time_of_day if where.time_of_day != setting.time_of_day else None

    def ambient_sound(self, indoors: bool = False) -> str:
        """The sound of the place: rain hisses, wind howls, a clear day chirps, a room ticks."""
        weather = "indoors" if indoors else self.core.setting.weather
        return pick_sfx(
            "ambient", self.rng, self.used_sfx, self.core.taste.genres, weather, self.core.sport.sfx
        )

    def pause(self, reference: PanelDraft) -> PanelDraft:
        """A wordless beat in the same place, with the same people."""
        indoors = (reference.location or self.core.setting.kind) in ("interior", "space")
        return PanelDraft(
            shot="wide",
            description=pause_description(indoors, self.core.taste.genres, self.used_staging, self.rng),
            characters=list(reference.characters[:MAX_IN_FRAME]),
            sfx=self.ambient_sound(indoors),
            location=reference.location,
            time_of_day=reference.time_of_day,
            auto=True,
        )

    def listener_shot(self, panels: list[PanelDraft], index: int) -> PanelDraft | None:
        """The reverse shot after a line: someone else in the scene taking it in, silently."""
        panel = panels[index]
        if not panel.dialogue or panel.dialogue[-1].kind == "thought":
            return None  # nobody hears a thought
        speaker = panel.dialogue[-1].speaker
        present = [name for p in panels[: index + 1] for name in p.characters if name != speaker]
        listeners = [name for name in present if name not in panel.characters] or present
        if not listeners:
            return None
        listener = listeners[-1]
        feeling = _LISTENER_FEELINGS.get(panel.emotion, "neutral")
        if panel.emotion == "smug" and speaker not in self.foes:
            feeling = "happy"  # a friend's teasing gets a grin, not a glare
        member = next(m for m in self.core.cast.members if m.name == listener)
        words = {
            "name": member.address,
            "other": self.addresses.get(speaker, speaker),
            "prop": member.character.look.signature,
        }
        reaction = PanelDraft(
            shot="close-up",
            description=self.polish(listener_description(feeling, words, self.used_staging, self.rng)),
            characters=[listener],
            emotion=feeling,
            location=panel.location,
            time_of_day=panel.time_of_day,
            auto=True,
        )
        if feeling == "surprised" and self.rng.random() < 0.5:
            reaction.sfx = pick_sfx("shock", self.rng, self.used_sfx, (), "clear", ())
        return reaction

    def insert_shot(self, panel: PanelDraft) -> PanelDraft | None:
        """A silent extreme close-up on someone in `panel`, holding the panel's feeling a beat longer."""
        member = next((m for m in self.core.cast.members if m.name in panel.characters), None)
        if member is None:
            return None
        words = {"name": member.address, "prop": member.character.look.signature}
        description = insert_description(panel.emotion, words, self.used_staging, self.rng)
        if description is None:
            return None
        return PanelDraft(
            shot="extreme-close-up",
            description=self.polish(description),
            characters=[member.name],
            emotion=panel.emotion,
            location=panel.location,
            time_of_day=panel.time_of_day,
            auto=True,
        )
