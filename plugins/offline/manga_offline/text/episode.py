"""An episode, page by page: which beats it plays, where each plays, and how panels fill pages.

Every episode opens (or picks up the last cliffhanger), is hit by a complication, turns on
a reveal and stops on a cliffhanger; the pages between are filled with the beats its genres
and tone like best. A beat is a page, except in very short episodes where two share one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_common.models.script import EpisodeOutline, EpisodeScript, Page, StoryBible
from manga_offline.text.arc import EpisodePlan, plan_episode
from manga_offline.text.beats.companions import BONDS, MENTOR_TALKS, QUIET_TALKS
from manga_offline.text.beats.conflicts import CLASHES, CLIMAXES, CLUES, COMEDY, JOURNEYS
from manga_offline.text.beats.genre_scenes import (
    GENRE_BONDS,
    GENRE_CLASHES,
    GENRE_CLIMAXES,
    GENRE_CLUES,
    GENRE_COMEDY,
    GENRE_JOURNEYS,
    GENRE_MENTOR_TALKS,
    GENRE_QUIET,
)
from manga_offline.text.beats.openings import OPENINGS, RECAPS
from manga_offline.text.captions import (
    ending_caption,
    establishing_description,
    place_caption,
    previously_caption,
    scene_caption,
)
from manga_offline.text.places import later_time
from manga_offline.text.script import PanelCue, Scene
from manga_offline.text.story import StoryCore
from manga_offline.text.writer import PanelDraft, Where, Writer

# The order beats play in; an episode uses the four fixed ones and some of the rest.
CANON = (
    "open",
    "bond",
    "inciting",
    "mentor",
    "journey",
    "comic",
    "clue",
    "clash",
    "turn",
    "quiet",
    "climax",
    "cliff",
)
FIXED = ("open", "inciting", "turn", "cliff")
# From this many pages on, every episode also gets a clash: something has to move.
CLASH_FROM_PAGES = 6
OPTIONAL_WEIGHTS = {
    "bond": 3,
    "mentor": 2,
    "journey": 2,
    "comic": 1,
    "clue": 1,
    "clash": 3,
    "quiet": 2,
    "climax": 2,
}
# Beats that may take a second page when an episode is long.
REPEATABLE = ("clash", "journey", "bond", "quiet", "comic")
GENRE_BEATS: dict[str, tuple[str, ...]] = {
    "action": ("clash", "climax"),
    "adventure": ("journey", "clash"),
    "comedy": ("comic", "bond"),
    "drama": ("quiet", "bond"),
    "fantasy": ("journey", "mentor"),
    "historical": ("mentor", "clash"),
    "horror": ("clue", "quiet"),
    "mystery": ("clue", "mentor"),
    "romance": ("quiet", "bond"),
    "sci-fi": ("journey", "clue"),
    "slice-of-life": ("bond", "comic", "quiet"),
    "sports": ("clash", "climax"),
    "supernatural": ("mentor", "quiet"),
    "thriller": ("clue", "clash"),
}
TONE_BEATS = {
    "fiery": "clash",
    "heartfelt": "quiet",
    "grounded": "clue",
    "playful": "comic",
    "hardboiled": "clue",
}
BANKS: dict[str, tuple[Scene, ...]] = {
    "bond": BONDS + GENRE_BONDS,
    "mentor": MENTOR_TALKS + GENRE_MENTOR_TALKS,
    "journey": JOURNEYS + GENRE_JOURNEYS,
    "comic": COMEDY + GENRE_COMEDY,
    "clue": CLUES + GENRE_CLUES,
    "clash": CLASHES + GENRE_CLASHES,
    "quiet": QUIET_TALKS + GENRE_QUIET,
    "climax": CLIMAXES + GENRE_CLIMAXES,
}
# Where a beat plays: 0 at home, 1 out in the world, 2 at the episode's finale.
ZONES = {
    "open": 0, "bond": 0, "inciting": 0, "mentor": 0, "journey": 1, "comic": 1, "clue": 1, "clash": 1,
    "turn": 2, "quiet": 2, "climax": 2, "cliff": 2,
}  # fmt: skip
# Children read fewer, bigger panels; older readers get denser pages.
MAX_PANELS_FOR_CHILDREN = 5
PANEL_TARGETS: dict[str, tuple[int, ...]] = {
    "children": (3, 4, 4, 5),
    "teens": (4, 5, 5, 6),
    "young-adults": (4, 5, 5, 6),
    "adults": (5, 5, 6, 6),
}
# Beats that earn a denser page: the reader's pulse should quicken with the panels.
BUSY_BEATS = frozenset({"inciting", "clash", "climax", "comic", "journey"})
MIN_PANELS = 3
MAX_PANELS = 6


@dataclass(frozen=True)
class PageSlot:
    beats: tuple[str, ...]


def page_count(requested: int | None, rng: random.Random) -> int:
    return requested if requested is not None else rng.randint(8, 12)


def plan_pages(core: StoryCore, pages: int, available: set[str], rng: random.Random) -> list[PageSlot]:
    """`pages` page slots, each one beat, or two beats when pages are fewer than fixed beats."""
    if pages < len(FIXED):
        layouts = {
            1: (("open", "cliff"),),
            2: (("open", "inciting"), ("turn", "cliff")),
            3: (("open",), ("inciting", "turn"), ("cliff",)),
        }
        return [PageSlot(beats) for beats in layouts[pages]]
    fixed = [*FIXED, "clash"] if pages >= CLASH_FROM_PAGES and "clash" in available else list(FIXED)
    weights = {beat: weight for beat, weight in OPTIONAL_WEIGHTS.items() if beat not in fixed}
    for index, genre in enumerate(core.taste.genres):
        for beat in GENRE_BEATS.get(genre, ()):
            if beat in weights:
                weights[beat] += 4 if index == 0 else 2
    if TONE_BEATS[core.taste.tone] in weights:
        weights[TONE_BEATS[core.taste.tone]] += 2
    pool = sorted(beat for beat in weights if beat in available)
    chosen: list[str] = []
    for _ in range(min(pages - len(fixed), len(pool))):
        beat = rng.choices(pool, weights=[weights[b] for b in pool], k=1)[0]
        chosen.append(beat)
        pool.remove(beat)
    repeats = [beat for beat in REPEATABLE if beat in available] or ["bond"]
    extra = 0
    while len(chosen) + len(fixed) < pages:
        chosen.append(repeats[extra % len(repeats)])
        extra += 1
    beats = sorted([*fixed, *chosen], key=CANON.index)
    return [PageSlot((beat,)) for beat in beats]


class EpisodeWriter:
    def __init__(
        self, core: StoryCore, bible: StoryBible, number: int, seed: int, previously: list[EpisodeOutline]
    ) -> None:
        self.core = core
        self.bible = bible
        self.number = number
        self.previously = previously
        total = max(len(bible.arc), number)
        self.plan: EpisodePlan = plan_episode(core, number, total)
        self.previous: EpisodePlan | None = plan_episode(core, number - 1, total) if number > 1 else None
        self.rng = random.Random(f"episode:{seed}:{number}:{core.title}")
        self.writer = Writer(core, self.rng, self.plan.slots)
        self.times = (
            self.plan.start_time,
            "day" if self.plan.start_time == "dawn" else self.plan.start_time,
            later_time(self.plan.start_time),
        )
        self.spots = (self.plan.home, self.plan.away, self.plan.finale)

    def where(self, beat: str) -> Where:
        zone = ZONES[beat]
        return Where(self.spots[zone], self.times[zone])

    def scenes_for(self, beat: str, where: Where) -> list[Scene]:
        """The scenes a beat plays; a sequel opens on the last cliffhanger's follow-up, then regroups."""
        if beat == "turn":
            return [self.plan.twist.scene]
        if beat == "cliff":
            return [self.plan.cliff.scene]
        if beat == "inciting":
            key = f"inciting:{self.plan.stage.key}"
            chosen = self.writer.choose(self.plan.stage.complications, key, where, self.number)
        elif beat == "open" and self.previous is not None:
            followup = self.previous.cliff.followup
            recap = self.writer.choose(RECAPS, "recap", where, self.number)
            if self.writer.playable(followup, where):
                short = sum(isinstance(cue, PanelCue) for cue in followup.cues) < 2
                return [followup, recap] if short and recap else [followup]
            chosen = recap
        elif beat == "open":
            chosen = self.writer.choose(OPENINGS, "open", where, self.number)
        else:
            chosen = self.writer.choose(BANKS[beat], beat, where, self.number)
        return [chosen] if chosen else []

    def available(self) -> set[str]:
        slots = self.writer.slots_at(self.where("bond"))
        return {beat for beat, bank in BANKS.items() if any(self.core.suits(scene, slots) for scene in bank)}

    def write(self, pages: int | None) -> EpisodeScript:
        count = page_count(pages, self.rng)
        layout = plan_pages(self.core, count, self.available(), self.rng)
        drafts: list[list[PanelDraft]] = []
        last_where: Where | None = None
        most = MAX_PANELS_FOR_CHILDREN if self.core.taste.audience == "children" else MAX_PANELS
        for slot in layout:
            budget = most // len(slot.beats)
            page: list[PanelDraft] = []
            splash = False
            for beat in slot.beats:
                where = self.where(beat)
                scenes = self.scenes_for(beat, where) or self._fallback(where)
                if not scenes:
                    continue
                scene = scenes[0]
                panels = self.writer.render(scenes[0], where)
                for extra in scenes[1:]:
                    # A scene played straight after another needs no second establishing shot.
                    more = self.writer.render(extra, where)
                    if len(more) > 1 and more[0].shot == "wide" and not more[0].dialogue:
                        more = more[1:]
                    panels.extend(more)
                if where != last_where:
                    panels = self._establish(panels, where)
                last_where = where
                splash = splash or (scene.splash and len(slot.beats) == 1)
                page.extend(self._fit(panels, budget, splash, beat))
            drafts.append(page)
        self._frame(drafts)
        return EpisodeScript(
            episode_number=self.number,
            title=self._outline_title(),
            summary=self._outline_summary(),
            pages=[
                Page(number=index, panels=[d.to_panel() for d in page])
                for index, page in enumerate(drafts, 1)
            ],
            cliffhanger=self.plan.cliffhanger,
        )

    def _fallback(self, where: Where) -> list[Scene]:
        for other in ("bond", "journey", "quiet", "comic", "clue", "clash"):
            scene = self.writer.choose(BANKS[other], other, where, self.number)
            if scene is not None:
                return [scene]
        return []

    def _establish(self, panels: list[PanelDraft], where: Where) -> list[PanelDraft]:
        """A scene somewhere new opens on a wide shot, with the sound of the place when it has one."""
        indoors = where.spot.kind == "interior" or self.core.setting.kind in ("interior", "space")
        if panels and panels[0].shot == "wide":
            if panels[0].sfx is None and self.rng.random() < 0.5:
                panels[0].sfx = self.writer.ambient_sound(indoors)
            return panels
        establishing = PanelDraft(
            shot="wide",
            description=establishing_description(
                where.spot.name, where.time_of_day, self.core.setting.weather, indoors
            ),
            characters=list(panels[0].characters[:4]) if panels else [],
            caption=scene_caption(where.spot.name, where.time_of_day, self.core.taste.register),
            sfx=self.writer.ambient_sound(indoors) if self.rng.random() < 0.7 else None,
            location=panels[0].location if panels else None,
            time_of_day=panels[0].time_of_day if panels else None,
        )
        return [establishing, *panels]

    def _fit(self, panels: list[PanelDraft], budget: int, splash: bool, beat: str) -> list[PanelDraft]:
        """Between three and `budget` panels, paced with reverse shots and close inserts.

        Busy beats (a fight, the big moment) get denser pages; a splash beat keeps its one or two.
        """
        while len(panels) > budget:
            self._drop_one(panels)
        if splash:
            return panels
        target = self.rng.choice(PANEL_TARGETS[self.core.taste.audience]) + (beat in BUSY_BEATS)
        target = min(budget, target)
        self._add_reverse_shots(panels, target)
        if len(panels) < target:
            self._add_inserts(panels, target)
        while len(panels) < min(MIN_PANELS, budget):
            self._pad(panels)
        return panels

    def _add_inserts(self, panels: list[PanelDraft], target: int) -> None:
        """Close on a hand, a fist, a prop: the small panel manga cuts to when a feeling peaks."""
        # Only after a medium or wide shot (a close-up is already close), never after the page's last.
        spots = [
            index
            for index, panel in enumerate(panels[:-1])
            if panel.emotion != "neutral" and panel.characters and panel.shot in ("medium", "wide")
        ]
        self.rng.shuffle(spots)
        for index in sorted(spots[: max(0, target - len(panels))], reverse=True):
            insert = self.writer.insert_shot(panels[index])
            if insert is not None:
                panels.insert(index + 1, insert)

    def _add_reverse_shots(self, panels: list[PanelDraft], target: int) -> None:
        """After lines that land, cut to the listener: the pause manga uses to let a line sink in."""
        spots = [
            i
            for i, panel in enumerate(panels[:-1])
            if panel.dialogue and not panel.action and not panels[i + 1].action and not panels[i + 1].auto
        ]
        self.rng.shuffle(spots)
        for index in sorted(spots[: max(0, target - len(panels))], reverse=True):
            shot = self.writer.listener_shot(panels, index)
            if shot is not None:
                panels.insert(index + 1, shot)

    @staticmethod
    def _drop_one(panels: list[PanelDraft]) -> None:
        """Lose the least: a staged silent panel, else fold a staged reply into the panel before it."""
        middle = range(1, len(panels) - 1)
        for index in middle:
            if panels[index].auto and not panels[index].dialogue:
                del panels[index]
                return
        for index in range(1, len(panels)):
            panel, before = panels[index], panels[index - 1]
            if panel.auto and len(before.dialogue) + len(panel.dialogue) <= 3:
                names = before.characters + [n for n in panel.characters if n not in before.characters]
                if len(names) <= 4:
                    before.characters = names
                    before.dialogue.extend(panel.dialogue)
                    del panels[index]
                    return
        silent = [index for index in middle if not panels[index].dialogue and not panels[index].caption]
        del panels[silent[0] if silent else len(panels) - 2]

    def _pad(self, panels: list[PanelDraft]) -> None:
        """One more panel: a reverse shot straight after a line that is not the page's last, else a pause.

        A reaction sits right after the line it answers; the page's last panel keeps its place.
        """
        spoken = [index for index, panel in enumerate(panels[:-1]) if panel.dialogue and not panel.action]
        for index in reversed(spoken):
            shot = self.writer.listener_shot(panels, index)
            if shot is not None:
                panels.insert(index + 1, shot)
                return
        panels.insert(max(1, len(panels) - 1), self.writer.pause(panels[-1]))

    def _frame(self, drafts: list[list[PanelDraft]]) -> None:
        """The place on the first panel of a story, "previously" on a sequel's, "to be continued" last."""
        taste = self.core.taste
        if drafts and drafts[0]:
            first = drafts[0][0]
            summary = self._previous_summary() if self.number > 1 else None
            if summary:
                first.caption = previously_caption(summary)
            elif first.caption is None:
                first.caption = place_caption(
                    self.core.setting.name, self.times[0], taste.register, taste.tone, self.rng
                )
        self._voice_main_theme(drafts)
        if drafts and drafts[-1]:
            last = drafts[-1][-1]
            next_title = self.bible.arc[self.number].title if self.number < len(self.bible.arc) else None
            ending = ending_caption(self.core.taste.tone, next_title)
            last.caption = f"{last.caption} {ending}" if last.caption else ending

    def _voice_main_theme(self, drafts: list[list[PanelDraft]]) -> None:
        """If no caption or thought spoke for the reader's main theme, a caption does, early on."""
        if self.core.motifs[0].theme in self.writer.themes_voiced:
            return
        pages = drafts[1:] + drafts[:1]
        free = next((panel for page in pages for panel in page if panel.caption is None), None)
        if free is not None:
            where = Where(self.spots[0], self.times[0])
            free.caption = self.writer.theme_text("captions", self.writer.slots_at(where), main_only=True)

    def _previous_summary(self) -> str | None:
        """The brief's last "previously" outline; failing that, the bible's outline before this one."""
        earlier = [o for o in self.previously if o.number < self.number] or list(self.previously)
        if earlier:
            return max(earlier, key=lambda outline: outline.number).summary
        outline = next((o for o in self.bible.arc if o.number == self.number - 1), None)
        if outline:
            return outline.summary
        return self.previous.summary if self.previous else None

    def _outline_title(self) -> str:
        outline = next((o for o in self.bible.arc if o.number == self.number), None)
        return outline.title if outline else self.plan.title

    def _outline_summary(self) -> str:
        outline = next((o for o in self.bible.arc if o.number == self.number), None)
        return outline.summary if outline else self.plan.summary
