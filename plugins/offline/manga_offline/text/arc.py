"""The arc: which stage each episode is at, and the plan that fixes its places, reveal and cliffhanger.

A plan depends only on the story core and the episode number, never on a request's seed,
so the bible's outline for episode N, episode N itself and episode N+1 (which opens on
N's cliffhanger) all agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from manga_common.models.script import EpisodeOutline
from manga_offline.text.beats.stages import (
    FALLBACK_CLIFF,
    FALLBACK_TWIST,
    STAGES,
    THEME_TWISTS,
    Cliff,
    Stage,
    Twist,
)
from manga_offline.text.places import Spot
from manga_offline.text.ratings import allowed
from manga_offline.text.script import Scene, parse_line, roles_in
from manga_offline.text.story import StoryCore, can_fill, strip_article, title_case
from manga_offline.text.text import clip, fill, seeded, sentence
from manga_offline.text.themes import GENERIC, ThemeKit

_MIDDLE_STAGES = ("trial", "secret", "alliance")


def stage_keys(total: int) -> list[str]:
    """Spark first, showdown last; a fall before the showdown once there is room for one."""
    if total <= 1:
        return ["spark"]
    if total == 2:
        return ["spark", "showdown"]
    if total == 3:
        return ["spark", "secret", "showdown"]
    middle = [_MIDDLE_STAGES[index % len(_MIDDLE_STAGES)] for index in range(total - 3)]
    return ["spark", *middle, "fall", "showdown"]


@dataclass(frozen=True)
class EpisodePlan:
    number: int
    stage: Stage
    title: str
    summary: str
    home: Spot
    away: Spot
    finale: Spot
    start_time: str
    twist: Twist
    cliff: Cliff
    cliffhanger: str
    slots: dict[str, str] = field(compare=False)
    """Story slots plus this episode's places and reveal."""

    def outline(self) -> EpisodeOutline:
        return EpisodeOutline(number=self.number, title=self.title, summary=self.summary)


def _secrets(core: StoryCore, slots: dict[str, str]) -> list[tuple[str, str, str]]:
    """The theme secrets this cast can reveal, as (arc clause, speaker, line), in a fixed order."""
    roles = core.roles()

    def options(kit: ThemeKit, theme: str) -> list[tuple[str, str, str]]:
        motif_slots = {**slots, "theme": theme}
        found = []
        for summary, cue in allowed(kit.secrets, core.taste.rating):
            line = parse_line(cue)
            text = summary + line.text
            # A secret about the goal needs a goal that is a thing; one about the threat, a villain.
            if ("{goal}" in text and not core.goal.artifact) or (
                "{threat}" in text and core.kit.foe != "villain"
            ):
                continue
            if set(roles_in(summary + cue)) <= roles and can_fill(summary + line.text, motif_slots):
                found.append((fill(summary, motif_slots), line.role, fill(line.text, motif_slots)))
        return found

    found = [option for motif in core.motifs for option in options(motif.kit, motif.theme)]
    found = found or options(GENERIC, core.motifs[0].theme)
    seeded("secrets", core.title).shuffle(found)
    return found


def _speaks_secret(candidate: Scene, speaker: str) -> bool:
    """A reveal scene fits when the one who says the secret is the one who knows it."""
    return all(line.role == speaker for line in candidate.lines() if "{secret_line}" in line.text)


def plan_episode(core: StoryCore, number: int, total: int) -> EpisodePlan:
    total = max(total, number)
    stage = STAGES[stage_keys(total)[number - 1]]
    rng = seeded("plan", core.title, number)
    count = len(core.spots)
    home, away, finale, next_home = (core.spots[(3 * (number - 1) + k) % count] for k in range(4))
    start_time = core.setting.time_of_day if number == 1 else rng.choice(("dawn", "day", "day", "dusk"))
    slots = core.slots()
    slots.update(
        spot=away.name,
        home=home.name,
        away=away.name,
        finale=finale.name,
        next_spot=next_home.name,
    )
    short_name = strip_article(away.name)
    if len(short_name.split()) <= 3:
        slots["spot_word"] = away.name[: len(away.name) - len(short_name)] + title_case(short_name)
    keys = stage_keys(total)
    secrets = _secrets(core, slots)
    speaker = ""
    if secrets:
        # Each secret stage of a long arc reveals the next secret.
        slots["secret"], speaker, slots["secret_line"] = secrets[
            keys[: number - 1].count("secret") % len(secrets)
        ]

    def fits(twist: Twist) -> bool:
        return (
            core.suits(twist.scene, slots)
            and can_fill(twist.summary, slots)
            and _speaks_secret(twist.scene, speaker)
        )

    def playable(cliff: Cliff) -> bool:
        return (
            core.suits(cliff.scene, slots)
            and core.suits(cliff.followup, slots)
            and can_fill(cliff.text, slots)
        )

    # A small cast may fit none of this stage's reveals or endings; borrow from other stages.
    every_twist = [twist for other in STAGES.values() for twist in other.twists]
    every_cliff = [cliff for other in STAGES.values() for cliff in other.cliffs]
    twists = [t for t in stage.twists if fits(t)] or [t for t in (*THEME_TWISTS, *every_twist) if fits(t)]
    cliffs = [c for c in stage.cliffs if playable(c)] or [c for c in every_cliff if playable(c)]
    twist = rng.choice(twists) if twists else FALLBACK_TWIST
    cliff = rng.choice(cliffs) if cliffs else FALLBACK_CLIFF
    titles = [t for t in stage.titles if can_fill(t, slots)] or ["Chapter {number}"]
    title = fill(rng.choice(titles), {**slots, "number": str(number)})
    twist_slots = {**slots, "twist": fill(twist.summary, slots)}
    summaries = [s for s in stage.summaries if can_fill(s, twist_slots)] or [
        "At {spot}, {hero} learns that {twist}."
    ]
    summary = fill(rng.choice(summaries), twist_slots)
    return EpisodePlan(
        number=number,
        stage=stage,
        title=clip(title, 80),
        summary=clip(sentence(summary), 400),
        home=home,
        away=away,
        finale=finale,
        start_time=start_time,
        twist=twist,
        cliff=cliff,
        cliffhanger=clip(sentence(fill(cliff.text, slots)), 400),
        slots=slots,
    )
