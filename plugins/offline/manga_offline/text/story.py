"""The heart of a story, and how a bible says it: title, logline, tagline.

`StoryCore` holds what every episode needs to know. The story writer builds it from the
reader's brief; an episode rebuilds it from the bible alone (the goal and the threat are
found again in the logline, the rest follows from the title), so two episodes of one
story agree on everything without shared state.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from manga_common.models.script import Setting, StoryBible
from manga_common.plugins.interfaces import ArtStyle
from manga_offline.text.cast import Cast, cast_of_bible
from manga_offline.text.genres import KITS, SPORTS, GenreKit, Goal, Sport, kit_for
from manga_offline.text.places import Spot, spots_for
from manga_offline.text.ratings import Bank, allowed, as_rated, mature, teen
from manga_offline.text.script import Scene, suits
from manga_offline.text.taste import Taste, Tone, taste_for_episode
from manga_offline.text.text import clip, fill, join_words, seeded, slots_in
from manga_offline.text.themes import Motif, kit_for_theme, motifs_for

# When a reader names no theme, the tone picks one to carry the motifs.
_DEFAULT_THEMES: dict[Tone, str] = {
    "fiery": "courage",
    "heartfelt": "friendship",
    "grounded": "loyalty",
    "playful": "friendship",
    "hardboiled": "loyalty",
}
_TONE_ADJECTIVES: dict[Tone, str] = {
    "fiery": "fiery",
    "heartfelt": "heartfelt",
    "grounded": "quiet",
    "playful": "playful",
    "hardboiled": "hard-boiled",
}
_SMALL_WORDS = {"of", "the", "a", "an", "and", "in", "to", "for", "on", "at", "by"}
_NOT_PLACE_WORDS = {
    "The",
    "City",
    "High",
    "School",
    "Academy",
    "West",
    "Bay",
    "Forest",
    "Pass",
    "Mount",
    "Café",
    "Flight",
    "Great",
    "Library",
    "Wood",
    "Whispering",
    "Sea",
    "Shattered",
    "Trees",
    "Skyspine",
    "Wastes",
    "Edo's",
    "Private",
    "Neo",
}


@dataclass(frozen=True)
class StoryCore:
    title: str
    taste: Taste
    kit: GenreKit
    setting: Setting
    cast: Cast
    goal: Goal
    threat: str
    sport: Sport
    motifs: tuple[Motif, ...]
    power: str
    technique: str | None
    contest: str
    stakes: str
    spots: tuple[Spot, ...]

    def has_tag(self, tag: str) -> bool:
        if tag == "artifact":
            return self.goal.artifact
        if tag in ("villain", "rival"):
            return self.kit.foe == tag
        if tag == "technique":
            return self.technique is not None
        return False

    def tags(self) -> frozenset[str]:
        return frozenset(tag for tag in ("artifact", "villain", "rival", "technique") if self.has_tag(tag))

    def roles(self) -> frozenset[str]:
        return frozenset(member.function for member in self.cast.members)

    def suits(
        self, candidate: Scene, slots: dict[str, str], place_tags: frozenset[str] = frozenset()
    ) -> bool:
        tags = self.tags() | place_tags
        return suits(candidate, self.taste.rating, self.taste.genres, self.roles(), tags, slots)

    def slots(self) -> dict[str, str]:
        slots = base_slots(self.setting, self.goal, self.threat, self.sport)
        for member in self.cast.members:
            slots[member.function] = member.address
            slots[f"{member.function}_full"] = member.name
            slots[f"{member.function}_prop"] = member.character.look.signature
            slots[f"{member.function}_job"] = member.job
        slots.update(
            power=self.power,
            contest=self.contest,
            stakes=self.stakes,
            crowd=crowd_of(self.setting.kind, self.kit),
            theme=self.motifs[0].theme,
            theme2=self.motifs[-1].theme,
            place_word=place_word(self.setting.name),
            goal_word=title_case(strip_article(self.goal.noun)),
        )
        if self.technique:
            slots["technique"] = self.technique
        return slots


# Who stands around in a scene depends on where it is; a sports crowd is always spectators.
_CROWDS = {
    "city": "passers-by",
    "school": "students",
    "forest": "villagers",
    "sea": "sailors",
    "space": "crew",
    "interior": "regulars",
    "mountain": "pilgrims",
    "desert": "traders",
    "village": "villagers",
    "ruins": "onlookers",
}


def crowd_of(kind: str, kit: GenreKit) -> str:
    return kit.crowd if kit.family == "sporting" else _CROWDS.get(kind, kit.crowd)


def base_slots(setting: Setting, goal: Goal, threat: str, sport: Sport) -> dict[str, str]:
    return {
        "place": setting.name,
        "goal": goal.noun,
        "quest": goal.quest,
        "threat": threat,
        "sport": sport.name,
        "venue": sport.venue,
        "sport_technique": sport.techniques[0],
    }


def can_fill(template: str, slots: dict[str, str]) -> bool:
    return all(name in slots for name in slots_in(template))


def strip_article(noun: str) -> str:
    for article in ("the ", "a ", "an "):
        if noun.lower().startswith(article):
            return noun[len(article) :]
    return noun


def title_case(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        word if (index and word.lower() in _SMALL_WORDS) else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def place_word(name: str) -> str:
    """The proper name inside a place name: "the walled city of Ashvale" gives "Ashvale"."""
    words = [word.strip(",.") for word in re.split(r"[\s-]+", name)]
    proper = [word for word in words if word[:1].isupper() and word not in _NOT_PLACE_WORDS]
    return proper[0] if proper else title_case(strip_article(name))


def with_article(phrase: str) -> str:
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def default_motifs(tone: Tone) -> list[Motif]:
    theme = _DEFAULT_THEMES[tone]
    return [Motif(theme, kit_for_theme(theme))]


def sport_for(title: str, goal_noun: str) -> Sport:
    """The sport a goal names, or one fixed by the title for stories where sport is a side note."""
    named = next((sport for sport in SPORTS if sport.name in goal_noun), None)
    return named or seeded("sport", title).choice(SPORTS)


def pick_goal(kit: GenreKit, taste: Taste, sport: Sport, rng: random.Random) -> Goal:
    goal = rng.choice(allowed(kit.goals, taste.rating, taste.genres))
    values = {"sport": sport.name}
    return Goal(fill(goal.noun, values), fill(goal.quest, values), goal.artifact)


def flavour(
    title: str, kit: GenreKit, taste: Taste, sport: Sport, slots: dict[str, str]
) -> tuple[str, str | None, str, str]:
    """Power, technique, contest and stakes: fixed by the title, so every episode agrees."""
    rng = seeded("flavour", title)
    power = rng.choice(allowed(kit.powers, taste.rating, taste.genres))
    techniques = allowed(kit.techniques, taste.rating, taste.genres)
    technique = (
        fill(rng.choice(techniques), {"sport_technique": rng.choice(sport.techniques)})
        if techniques
        else None
    )
    contests = allowed(kit.contests, taste.rating, taste.genres)
    # The strongest contest the rating allows: a duel where duels are allowed.
    contest = contests[-1] if rng.random() < 0.6 else rng.choice(contests)
    stakes_bank = [
        stake for stake in allowed(kit.stakes, taste.rating, taste.genres) if can_fill(stake, slots)
    ]
    stakes = fill(rng.choice(stakes_bank), slots)
    return power, technique, contest, stakes


def story_spots(title: str, setting: Setting, kit: GenreKit) -> tuple[Spot, ...]:
    """The story's spots in a fixed order; the first is in the setting itself, where the story opens."""
    spots = spots_for(setting.kind, kit.family)
    seeded("spots", title).shuffle(spots)
    home = next((spot for spot in spots if spot.kind == setting.kind), spots[0])
    return (home, *(spot for spot in spots if spot is not home))


# Titles are built from the story's own words: the goal, the place, the reader's theme.
_TITLE_PATTERNS: Bank[str] = (
    "{Word} of {place_word}",
    "The {place_word} {Word}",
    "{motif_word} & the {Word}",
    "{hero}'s {Word}",
    "{motif_word} in {place_word}",
    "Beyond the {Word}",
    "{Word}!",
)
_THING_TITLES: Bank[str] = ("Chasing the {Word}", "Whoever Holds the {Word}", "The {Word}")
_CAUSE_TITLES: Bank[str] = ("Until the {Word}", "The Road to the {Word}", "One Season for the {Word}")
# Words that name no thing of their own ("the locked library case" is about the library).
_LINKS = re.compile(r"\s+(?:of|with|in|at|to|behind|between|on|from)\s+(?:the\s+|a\s+|an\s+)?")
_PLAIN_WORDS = {
    "last", "lost", "old", "legendary", "national", "prefectural", "missing", "normal", "first",
    "seventh", "thousand", "phantom", "locked", "sealed", "silent", "no", "lead", "high",
}  # fmt: skip
_GENERIC_WORDS = {"case", "future", "title", "final", "tournament", "role", "name", "truth", "thing", "wish"}


def goal_title_words(noun: str) -> list[str]:
    """Short title-cased names inside a goal: "the Lantern of Nine Winds" gives Lantern and Nine Winds."""
    text = strip_article(noun.replace(",", ""))
    found: list[str] = []
    for part in _LINKS.split(text):
        owner, _, owned = part.rpartition("'s ")
        words = _core_words(owned.split())
        if owner and len(words) == 1 and _core_words(owner.split()):
            words = [f"{owner.split()[-1]}'s", *words]
        words = words or _core_words(owner.split())
        if words:
            found.append(title_case(" ".join(words)))
    return found


def _core_words(words: list[str]) -> list[str]:
    """The naming words of a phrase: generic tails and plain adjectives dropped, two words at most."""
    while words and words[-1].lower() in _GENERIC_WORDS:
        words = words[:-1]
    while words and words[0].lower() in _PLAIN_WORDS:
        words = words[1:]
    # Two words when they belong together: "Star Compass", "seed vault", a name before a thing.
    if (
        len(words) >= 2
        and words[-2].lower() not in _PLAIN_WORDS
        and (words[-2][:1].isupper() or not words[-1][:1].isupper())
    ):
        return words[-2:]
    return words[-1:]


def write_title(
    taste: Taste, kit: GenreKit, motifs: list[Motif], goal: Goal, slots: dict[str, str], rng: random.Random
) -> str:
    values = dict(slots)
    words = goal_title_words(goal.noun)
    # A genre title word the goal itself uses ("Lantern" for the Lantern of Nine Winds) is a gift.
    words += [word for word in kit.title_words if word.lower() in goal.noun.lower() and word not in words]
    values["word"] = words[0] if rng.random() < 0.6 else rng.choice(words)
    motif_word = next((word for word in (m.title_word() for m in motifs) if word), None)
    if motif_word:
        values["motif_word"] = motif_word
    bank = (*_TITLE_PATTERNS, *(_THING_TITLES if goal.artifact else _CAUSE_TITLES))
    patterns = [pattern for pattern in allowed(bank, taste.rating) if can_fill(pattern, values)]
    if taste.tone not in ("fiery", "playful"):
        patterns = [pattern for pattern in patterns if not pattern.endswith("!")]
    if len(values["word"].split()) > 1:
        # Two-word names already read as titles; they do not want a second name beside them.
        patterns = [pattern for pattern in patterns if "{place_word} {Word}" not in pattern]
    return clip(fill(rng.choice(patterns), values), 80)


_LOGLINES: dict[str, Bank[str]] = {
    "villain": (
        "When {threat} comes for {goal}, {hero_full}, {hero_job_a} from {place}, "
        "must {quest} before {stakes}.",
        "{Hero_full} only wanted a quiet life in {place}. Then {goal} turned up, and so did {threat}. "
        "If {hero} cannot {quest}, {stakes}.",
        "Everyone in {place} knows the stories about {goal}. Only {hero_full}, {hero_job_a}, "
        "is reckless enough to go looking, with {threat} one step behind.",
    ),
    "rival": (
        "{Hero_full}, {hero_job_a} in {place}, has one season to {quest}. Standing in the way: {foe_full} "
        "and {threat}.",
        "Everyone in {place} says nobody can {quest}. {Hero_full} disagrees, even with {threat} in the way. "
        "If {hero} fails, {stakes}.",
    ),
}
_TAGLINES: dict[Tone, Bank[str]] = {
    "fiery": ("Run. Fall. Get up. Run faster.", "The impossible is just the starting line."),
    "heartfelt": ("Some stories are written in small gestures.", "Hold on to what matters."),
    "grounded": ("Nothing in {place} comes free.", "Every choice leaves a mark."),
    "playful": ("It's going to be a very strange week.", "Chaos, snacks and one big dream."),
    "hardboiled": (
        "In {place}, everybody pays.",
        teen("Trust no one. Especially yourself."),
        mature("Nobody here dies clean."),
    ),
}


def write_logline(core: StoryCore, rng: random.Random) -> str:
    slots = core.slots()
    slots["hero_job_a"] = with_article(slots["hero_job"])
    templates = [t for t in allowed(_LOGLINES[core.kit.foe], core.taste.rating) if can_fill(t, slots)]
    logline = fill(rng.choice(templates), slots)
    if core.taste.themes:
        themes = join_words([motif.theme for motif in core.motifs])
        if core.taste.register == "plain":
            logline += f" A story about {themes}."
        else:
            logline += f" A {_TONE_ADJECTIVES[core.taste.tone]} tale of {themes}."
    return clip(logline, 400)


def write_tagline(core: StoryCore, rng: random.Random) -> str:
    slots = core.slots()
    options = [t for t in allowed(_TAGLINES[core.taste.tone], core.taste.rating) if can_fill(t, slots)]
    for motif in core.motifs:
        motif_slots = {**slots, "theme": motif.theme}
        options += [
            fill(t, motif_slots)
            for t in allowed(motif.kit.taglines, core.taste.rating)
            if can_fill(t, motif_slots)
        ]
    return clip(fill(rng.choice(options), slots), 400)


def tone_words(tone: Tone, voice: str) -> str:
    """The bible's tone: the tone's own name first (episodes read it back), then the style's voice."""
    from manga_offline.text.taste import TONE_NAMES

    first = voice.split(",")[0].strip().lower() if voice else ""
    name = TONE_NAMES[tone]
    return clip(f"{name} and {first}" if first and first != name else name, 80)


def _find(text: str, candidates: list[str]) -> str | None:
    lowered = text.lower()
    found = [candidate for candidate in candidates if candidate.lower() in lowered]
    return max(found, key=len) if found else None


def _all_goals() -> list[Goal]:
    goals: list[Goal] = []
    for kit in KITS.values():
        for entry in kit.goals:
            goal = as_rated(entry).value
            for sport in SPORTS if "{sport}" in goal.noun else SPORTS[:1]:
                values = {"sport": sport.name}
                goals.append(Goal(fill(goal.noun, values), fill(goal.quest, values), goal.artifact))
    return goals


_GOALS = _all_goals()
_THREATS = sorted({str(as_rated(entry).value) for kit in KITS.values() for entry in kit.threats})


def core_of_bible(bible: StoryBible, style: ArtStyle) -> StoryCore:
    """Rebuild the core from a bible: ours round-trip exactly; others get consistent stand-ins."""
    taste = taste_for_episode(bible, style)
    kit = kit_for(taste.primary)
    rng = seeded("recall", bible.title)
    text = f"{bible.logline} {' '.join(o.summary for o in bible.arc)}"
    # The goal's verb phrase names it more exactly than its noun ("save the club" beats "the club").
    said = _find(text, [phrase for goal in _GOALS for phrase in (goal.quest, goal.noun)])
    goal = next((g for g in _GOALS if said in (g.quest, g.noun)), None) or pick_goal(
        kit, taste, rng.choice(SPORTS), rng
    )
    sport = sport_for(bible.title, goal.noun)
    threat = _find(text, _THREATS) or rng.choice(allowed(kit.threats, taste.rating, taste.genres))
    cast = cast_of_bible(bible, kit.family)
    motifs = motifs_for(taste.themes) or default_motifs(taste.tone)
    slots = base_slots(bible.setting, goal, threat, sport)
    slots.update({member.function: member.address for member in cast.members})
    power, technique, contest, stakes = flavour(bible.title, kit, taste, sport, slots)
    return StoryCore(
        title=bible.title,
        taste=taste,
        kit=kit,
        setting=bible.setting,
        cast=cast,
        goal=goal,
        threat=threat,
        sport=sport,
        motifs=tuple(motifs),
        power=power,
        technique=technique,
        contest=contest,
        stakes=stakes,
        spots=story_spots(bible.title, bible.setting, kit),
    )
