"""An episode, page by page: the genre's beats in order, one scene a page, cues into panels.

A mystery plays its crime, its clues, a red herring and the reveal; a romance its meeting,
obstacle, misunderstanding and confession. Long episodes give a middle beat a second page
(a different scene), short ones keep the genre's core beats. Episode n plays different
scenes of each beat from episode n-1, so a story moves on instead of repeating itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from manga_common.models.script import DialogueLine, EpisodeOutline, EpisodeScript, Page, Panel, StoryBible
from manga_offline.text.content import Scene, staging
from manga_offline.text.cues import CaptionCue, LineCue, PanelCue, SfxCue, ThemeCue, parse_cue, roles_of
from manga_offline.text.ratings import clean
from manga_offline.text.story import StoryState, outline
from manga_offline.text.text import clip, fill, for_children, seeded, sentence

MIN_PANELS = 3
MAX_PANELS = {"children": 5, "teens": 6, "young-adults": 6, "adults": 6}
# Panels a page aims for (a second speaker in a panel gets a reverse shot while there is
# room) and holds at most, by the style's rhythm: shojo breathes in a few large panels,
# seinen packs the page. Children's pages aim lower still.
DENSITY = {"airy": (3, 4), "regular": (5, 6), "dense": (6, 6)}
CHILDREN_AIM = 4
LINES_PER_PANEL = 2
MAX_DIALOGUE = 160


def page_count(requested: int | None, rng: random.Random) -> int:
    return requested if requested is not None else rng.randint(6, 10)


def beats_of_episode(structure: list[str], number: int, total: int) -> list[str]:
    """The beats an episode plays: a first episode stops before the resolution, a later one
    starts after the opening, so a story runs across its episodes instead of restarting."""
    beats = list(structure)
    if total > 1 and number < total:
        beats = beats[:-1]
    if number > 1:
        beats = beats[1:]
    return beats


def plan_beats(beats: list[str], core: list[str], room: dict[str, int], pages: int) -> list[list[str]]:
    """The beats of each page: every beat when they fit, the core ones when pages are few, and
    more pages for middle beats (while they have unplayed scenes, `room`) when pages are many."""
    if pages >= len(beats):
        plan = [[beat] for beat in beats]
        middle = beats[1:-1] or beats
        left = {beat: room.get(beat, 1) - 1 for beat in beats}
        turn = 0
        while len(plan) < pages:
            open_beats = (
                [beat for beat in middle if left[beat] > 0] or [b for b in beats if left[b] > 0] or middle
            )
            beat = open_beats[turn % len(open_beats)]
            left[beat] -= 1
            position = max(i for i, page in enumerate(plan) if page == [beat]) + 1
            plan.insert(position, [beat])
            turn += 1
        return plan
    keep = [beat for beat in beats if beat in core] or beats[:1]
    optional = [beat for beat in beats if beat not in keep]
    spare = pages - len(keep)
    if spare >= 0:
        chosen = set(keep) | set(optional[:spare])
        return [[beat] for beat in beats if beat in chosen]
    # Fewer pages than core beats: pages share beats, in order.
    groups: list[list[str]] = [[] for _ in range(pages)]
    for index, beat in enumerate(keep):
        groups[index * pages // len(keep)].append(beat)
    return groups


def free_space_for_sound(drafts: list[Draft]) -> list[Draft]:
    """A panel that is all face has no room for a sound effect, so the sound goes to the
    nearest wider panel of the scene; a close-up that shows nobody becomes a view of the place,
    so no panel is drawn as empty filler."""
    for index, draft in enumerate(drafts):
        if draft.roles or draft.lines:
            continue
        if index > 0 and drafts[index - 1].roles:
            # A beat of the scene, not a postcard: the people in it stay in the picture.
            draft.roles = drafts[index - 1].roles[:2]
            draft.shot = "wide" if draft.shot == "extreme-close-up" else draft.shot
        elif draft.shot in ("close-up", "extreme-close-up"):
            draft.shot = "wide"
    for index, draft in enumerate(drafts):
        if draft.sfx is None or not draft.roles or draft.shot not in ("close-up", "extreme-close-up"):
            continue
        nearest = sorted(range(len(drafts)), key=lambda other: abs(other - index))
        roomy = next(
            (o for o in nearest if drafts[o].sfx is None and drafts[o].shot in ("wide", "medium")), None
        )
        if roomy is not None:
            drafts[roomy].sfx, draft.sfx = draft.sfx, None
    return drafts


@dataclass
class Draft:
    shot: str
    description: str
    action: bool = False
    emotion: str = "neutral"
    roles: list[str] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (role, kind, text)
    caption: str | None = None
    sfx: str | None = None


class EpisodeWriter:
    def __init__(
        self,
        state: StoryState,
        bible: StoryBible,
        number: int,
        seed: int,
        previously: list[EpisodeOutline],
        density: str = "regular",
    ):
        self.density = density
        self.state = state
        self.bible = bible
        self.number = number
        self.previously = previously
        self.seed = seed
        self.rng = seeded("episode", state.title, number, seed)
        # How often each beat was played by the episodes before this one (of the same length),
        # so this one picks up the scenes they have not shown.
        self.earlier: dict[str, int] = {}
        self.slots = state.slots()
        self.used_lines: set[str] = set()
        self.theme_turn = 0

    # -- choosing scenes -------------------------------------------------------------------

    def playable(self, beat: str) -> list[Scene]:
        kind = self.state.genre
        scenes = [
            s
            for s in kind.scenes_for(beat)
            if all(clean(fill(c, self.slots), self.state.rating) for c in s.cues)
        ]
        cast = self.state.cast.functions()
        present = [s for s in scenes if roles_of(s.cues) <= cast]
        return present or scenes or kind.scenes_for(beat)

    def scene_for(self, beat: str, turn: int) -> Scene:
        scenes = self.playable(beat)
        start = seeded("scene", self.state.title, beat).randrange(len(scenes))
        return scenes[(start + self.earlier.get(beat, 0) + turn) % len(scenes)]

    def plan(self, number: int, total: int, requested: int | None, played: dict[str, int]) -> list[list[str]]:
        """The pages of episode `number`: which beats each plays. Extra pages go to beats with
        scenes the episodes before (`played`) have not shown."""
        kind = self.state.genre
        count = page_count(requested, seeded("episode", self.state.title, number, self.seed))
        room = {beat: max(1, len(self.playable(beat)) - played.get(beat, 0)) for beat in kind.structure}
        beats = beats_of_episode(kind.structure, number, total)
        if count > sum(room[beat] for beat in beats):
            # Not enough unplayed scenes for a long episode: it plays the whole structure.
            beats = list(kind.structure)
        return plan_beats(beats, kind.core, room, count)

    # -- cues into panels ------------------------------------------------------------------

    def text(self, template: str) -> str:
        text = fill(template, self.slots)
        if self.state.audience == "children":
            text = for_children(text, staging().child_words)
        return text

    def reaction(self, role: str, emotion: str, others: list[str]) -> str:
        options = staging().reactions.get(emotion) or staging().reactions["neutral"]
        other = next((r for r in others if r != role), None)
        usable = [o for o in options if "{other}" not in o or other]
        return fill(
            self.rng.choice(usable),
            {
                "name": self.state.player(role).address,
                "other": self.state.player(other).address if other else "",
            },
        )

    def theme_line(self, which: int) -> tuple[str, str, str]:
        lines = self.state.genre.theme.lines
        theme = self.state.themes[min(which, len(self.state.themes) - 1)]
        for offset in range(len(lines)):
            cue = parse_cue(lines[(self.theme_turn + offset + which) % len(lines)])
            if isinstance(cue, LineCue):
                text = self.text(
                    fill(cue.text_for(self.state.player(cue.role).voice), {**self.slots, "theme": theme})
                )
                if text not in self.used_lines and clean(text, self.state.rating):
                    self.theme_turn += 1
                    return cue.role, cue.kind, text
        self.theme_turn += 1
        caption = self.state.genre.theme.captions[self.theme_turn % len(self.state.genre.theme.captions)]
        return "", "caption", self.text(fill(caption, {**self.slots, "theme": theme}))

    def panels_of(self, scene: Scene) -> list[Draft]:
        drafts: list[Draft] = []
        for raw in scene.cues:
            cue = parse_cue(raw)
            if isinstance(cue, PanelCue):
                description = sentence(self.text(cue.description))
                roles = [r for r in ("hero", "ally", "mentor", "foe", "wild") if "{" + r + "}" in raw.lower()]
                drafts.append(Draft(cue.shot, description, cue.action, cue.emotion or "neutral", roles))
                continue
            if isinstance(cue, ThemeCue):
                role, kind, text = self.theme_line(cue.which)
                if kind == "caption":
                    if drafts and drafts[-1].caption is None:
                        drafts[-1].caption = text
                    continue
                self._add_line(drafts, role, kind, None, text)
                continue
            if isinstance(cue, LineCue):
                voice = self.state.player(cue.role).voice
                self._add_line(drafts, cue.role, cue.kind, cue.emotion, self.text(cue.text_for(voice)))
                continue
            if not drafts:
                drafts.append(Draft("wide", self.text("{place}")))
            if isinstance(cue, CaptionCue):
                text = self.text(cue.text)
                if drafts[-1].caption is None:
                    drafts[-1].caption = text
                else:
                    drafts[-1].caption = clip(f"{drafts[-1].caption} {text}", 200)
            elif isinstance(cue, SfxCue):
                drafts[-1].sfx = cue.text[:24]
        return drafts

    def _add_line(self, drafts: list[Draft], role: str, kind: str, emotion: str | None, text: str) -> None:
        text = text[:1].upper() + text[1:]
        self.used_lines.add(text)
        current = drafts[-1] if drafts else None
        if current is None or len(current.lines) >= LINES_PER_PANEL or (emotion and current.lines):
            shot = "close-up" if emotion else "medium"
            others = current.roles if current else []
            current = Draft(
                shot, self.reaction(role, emotion or "neutral", others), emotion=emotion or "neutral"
            )
            current.roles = [role, *[r for r in others if r != role][:1]]
            drafts.append(current)
        elif emotion:
            current.emotion = emotion
        if role not in current.roles:
            current.roles.append(role)
        current.lines.append((role, kind, clip(text, MAX_DIALOGUE)))

    def fit(self, drafts: list[Draft], budget: int) -> list[Draft]:
        """At most `budget` panels: quiet ones go first, then the scene is cut at its end."""
        while len(drafts) > budget:
            quiet = [i for i, d in enumerate(drafts[1:], start=1) if not d.lines and not d.sfx]
            drafts.pop(quiet[-1] if quiet else len(drafts) - 1)
        while len(drafts) < MIN_PANELS and budget >= MIN_PANELS:
            last = drafts[-1]
            role = last.lines[-1][0] if last.lines else (last.roles[0] if last.roles else "hero")
            listener = next((r for r in last.roles if r != role), "hero" if role != "hero" else "ally")
            drafts.append(Draft("close-up", self.reaction(listener, "neutral", [role]), roles=[listener]))
        return drafts

    def reverse_shots(self, drafts: list[Draft], target: int) -> list[Draft]:
        """Split an exchange into shot and reverse shot until the page has `target` panels."""
        index = 0
        while len(drafts) < target and index < len(drafts):
            draft = drafts[index]
            if len(draft.lines) == 2 and draft.lines[0][0] != draft.lines[1][0]:
                role, kind, text = draft.lines.pop()
                others = [r for r in draft.roles if r != role]
                reply = Draft(
                    "close-up", self.reaction(role, "neutral", others), roles=[role], emotion=draft.emotion
                )
                reply.lines.append((role, kind, text))
                drafts.insert(index + 1, reply)
            index += 1
        # Still short of the aim: the listener's silent reaction after a line, as dense pages do.
        index = 0
        while len(drafts) < target and index < len(drafts):
            draft = drafts[index]
            speaker = draft.lines[-1][0] if draft.lines else None
            listener = next((r for r in draft.roles if r != speaker), None)
            if speaker and listener and not (index + 1 < len(drafts) and not drafts[index + 1].lines):
                reaction = Draft(
                    "close-up", self.reaction(listener, draft.emotion, [speaker]), roles=[listener]
                )
                reaction.emotion = draft.emotion
                drafts.insert(index + 1, reaction)
                index += 1
            index += 1
        return drafts

    def panel(self, draft: Draft, location: str | None, time_of_day: str | None) -> Panel:
        names: list[str] = []
        for role in draft.roles + [line[0] for line in draft.lines]:
            name = self.state.player(role).name
            if name not in names:
                names.append(name)
        return Panel(
            shot=draft.shot,
            description=clip(draft.description, 400),
            characters=names[:4],
            dialogue=[
                DialogueLine(speaker=self.state.player(role).name, text=text, kind=kind)
                for role, kind, text in draft.lines
                if self.state.player(role).name in names[:4]
            ][:4],
            caption=clip(draft.caption, 200) if draft.caption else None,
            sfx=draft.sfx,
            emotion=draft.emotion,
            action=draft.action,
            location=location,
            time_of_day=time_of_day,
        )

    # -- the episode -----------------------------------------------------------------------

    def write(self, pages: int | None) -> EpisodeScript:
        total = max(len(self.bible.arc), self.number)
        for number in range(1, self.number):
            for page in self.plan(number, total, pages, dict(self.earlier)):
                for beat in page:
                    self.earlier[beat] = self.earlier.get(beat, 0) + 1
        plan = self.plan(self.number, total, pages, self.earlier)
        aim, most = DENSITY.get(self.density, DENSITY["regular"])
        budget = min(MAX_PANELS.get(self.state.audience, 6), most)
        if self.state.audience == "children":
            aim = min(aim, CHILDREN_AIM)
        turns: dict[str, int] = {}
        script_pages: list[Page] = []
        for page_number, beats in enumerate(plan, start=1):
            share = max(MIN_PANELS if len(beats) == 1 else 2, budget // len(beats))
            panels: list[Panel] = []
            for beat in beats:
                turn = turns.get(beat, 0)
                turns[beat] = turn + 1
                scene = self.scene_for(beat, turn)
                room = min(share, budget - len(panels))
                drafts = self.fit(self.panels_of(scene), room)
                target = min(room, aim) if len(beats) == 1 else room
                drafts = self.reverse_shots(drafts, target)
                drafts = free_space_for_sound(drafts)
                location = scene.where if scene.where and scene.where != self.state.setting.kind else None
                panels.extend(self.panel(d, location, scene.time) for d in drafts)
            script_pages.append(Page(number=page_number, panels=panels[:budget]))
        self._voice_themes(script_pages)
        self._frame(script_pages, total)
        plan_outline = self.bible.arc[self.number - 1] if self.number <= len(self.bible.arc) else None
        summary = plan_outline or outline(self.state, self.number, total)
        cliff = self._cliffhanger() if self.number < total else None
        return EpisodeScript(
            episode_number=self.number,
            title=summary.title,
            summary=summary.summary,
            pages=script_pages,
            cliffhanger=cliff,
        )

    def _voice_themes(self, pages: list[Page]) -> None:
        """Every theme is acted on: one the scenes did not reach gets a line on a middle page."""
        for which, theme in enumerate(self.state.themes):
            said = " ".join(
                " ".join([p.caption or "", *(line.text for line in p.dialogue)])
                for page in pages
                for p in page.panels
            )
            if theme.lower() in said.lower():
                continue
            page = pages[len(pages) // 2]
            for index, panel in enumerate(page.panels):
                role, kind, text = self.theme_line(which)
                if kind == "caption" or not panel.characters:
                    if panel.caption is None:
                        page.panels[index] = panel.model_copy(update={"caption": clip(text, 200)})
                        break
                    continue
                speaker = self.state.player(role).name
                if len(panel.dialogue) < LINES_PER_PANEL + 1 and speaker in panel.characters:
                    line = DialogueLine(speaker=speaker, text=text, kind=kind)
                    page.panels[index] = panel.model_copy(update={"dialogue": [*panel.dialogue, line]})
                    break
            else:
                last = page.panels[-1]
                caption = fill(
                    self.state.genre.theme.captions[which % len(self.state.genre.theme.captions)],
                    {"theme": theme},
                )
                page.panels[-1] = last.model_copy(
                    update={"caption": clip(f"{last.caption or ''} {caption}".strip(), 200)}
                )

    def _cliffhanger(self) -> str:
        options = self.state.genre.cliffhangers
        return clip(fill(options[(self.number - 1) % len(options)], self.slots), 400)

    def _frame(self, pages: list[Page], total: int) -> None:
        """Place the first page, recall the last episode, and end on the cliffhanger."""
        first = pages[0].panels[0]
        setting = self.state.setting
        time_word = staging().time_words[first.time_of_day or setting.time_of_day]
        where = fill(self.rng.choice(staging().place_captions), {"place": setting.name, "time": time_word})
        caption = where
        if self.previously:
            caption = fill(staging().previously, {"summary": self.previously[-1].summary})
        if first.caption is None:
            pages[0].panels[0] = first.model_copy(update={"caption": clip(caption, 200)})
        if self.number < total:
            last_page = pages[-1]
            last = last_page.panels[-1]
            if last.caption is None:
                last_page.panels[-1] = last.model_copy(update={"caption": self._cliffhanger()[:200]})
