"""The cast: who is in the story, the part each plays, how they look, talk and are called.

A character's role is the genre's label for their function ("detective", "rival in love"),
and their voice follows from their name, so an episode reads both back from the bible's
structured fields without any state of its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_common.models.script import Character, Look, StoryBible
from manga_offline.text.content import FUNCTIONS, VOICES, Function, Genre, genres, looks, names
from manga_offline.text.ratings import clean
from manga_offline.text.text import clip, fill, seeded

# Role words an outside writer (a model, a person) may use, read as story functions.
_ROLE_WORDS: dict[str, Function] = {
    "hero": "hero",
    "heroine": "hero",
    "protagonist": "hero",
    "lead": "hero",
    "friend": "ally",
    "companion": "ally",
    "partner": "ally",
    "sidekick": "ally",
    "teammate": "ally",
    "mentor": "mentor",
    "teacher": "mentor",
    "coach": "mentor",
    "master": "mentor",
    "villain": "foe",
    "rival": "foe",
    "antagonist": "foe",
    "enemy": "foe",
}


# The bible lists the cast in this order: the hero, the ally and the foe are the main cast.
CAST_ORDER: tuple[Function, ...] = ("hero", "ally", "foe", "mentor", "wild")


@dataclass(frozen=True)
class Member:
    function: Function
    voice: str
    address: str
    character: Character

    @property
    def name(self) -> str:
        return self.character.name


@dataclass(frozen=True)
class Cast:
    members: tuple[Member, ...]

    def get(self, function: str) -> Member | None:
        return next((m for m in self.members if m.function == function), None)

    def functions(self) -> frozenset[str]:
        return frozenset(m.function for m in self.members)


def voice_of(name: str) -> str:
    """A character's voice, from the name alone: the same person talks the same way in every episode."""
    return seeded("voice", name).choice(VOICES)


def address_for(genre: Genre, function: Function, name: str) -> str:
    parts = name.split()
    given, family = parts[0], parts[-1]
    return fill(genre.roles[function].address, {"given": given, "family": family})


def _names(genre: Genre, count: int, rng: random.Random) -> list[str]:
    """`count` full names from the genre's pool, with different initials and family names."""
    pool = names().pools[genre.naming]
    chosen: list[str] = []
    initials: set[str] = set()
    families: set[str] = set()
    for _ in range(count):
        given = rng.choice([n for n in pool.given if n[0] not in initials])
        family = rng.choice([n for n in pool.family if n not in families and n[0] != given[0]])
        initials.add(given[0])
        families.add(family)
        chosen.append(f"{given} {family}")
    return chosen


def _look(
    genre: Genre,
    function: Function,
    rating: str,
    school: bool,
    taken: dict[str, set[str]],
    rng: random.Random,
) -> Look:
    data = looks()

    def fresh(kind: str, options: list[str]) -> str:
        fit = [o for o in options if clean(o, rating)] or options
        free = [o for o in fit if o not in taken[kind]] or fit
        choice = rng.choice(free)
        taken[kind].add(choice)
        return choice

    vivid = genre.family in ("fantastic", "futuristic") or (genre.family == "eerie" and rng.random() < 0.5)
    hair = data.vivid_hair + data.natural_hair if vivid else data.natural_hair
    if function == "mentor":
        hair = data.elder_hair + hair
    kit = data.families[genre.family][function]
    outfits = kit.outfits
    uniformed = genre.family in ("everyday", "eerie", "grounded", "sporting") and function in (
        "hero",
        "ally",
        "foe",
    )
    if school and uniformed and rng.random() < 0.75:
        outfits = data.school_uniforms
    accent = fresh("accent", data.accents)
    prop = fresh("prop", kit.props)
    if accent[:1] in "aeiou":
        prop = prop.replace("a {accent}", "an {accent}")
    return Look(
        hair_style=fresh("hair_style", data.hair_styles[function]),
        hair_color=fresh("hair_color", hair),
        eye_color=fresh("eye_color", data.eyes),
        outfit=fresh("outfit", outfits),
        signature=clip(fill(prop, {"accent": accent}), 80),
        accent_color=accent,
        build=rng.choice(data.builds[function]),
    )


def _personality(function: Function, rating: str, taken: set[str], rng: random.Random) -> str:
    data = looks()
    first, second = rng.sample([t for t in data.traits[function] if clean(t, rating)], 2)
    quirk = rng.choice([q for q in data.quirks if q not in taken and clean(q, rating)])
    taken.add(quirk)
    return f"{first[:1].upper()}{first[1:]} and {second}; {quirk}."


def build_cast(genre: Genre, setting_kind: str, rating: str, rng: random.Random) -> Cast:
    """Five characters, the main cast first (the cover draws the first three)."""
    functions = list(CAST_ORDER)
    full_names = _names(genre, len(functions), rng)
    taken: dict[str, set[str]] = {
        k: set() for k in ("accent", "prop", "hair_style", "hair_color", "eye_color", "outfit")
    }
    quirks: set[str] = set()
    members = []
    for function, name in zip(functions, full_names, strict=True):
        character = Character(
            name=name,
            role=genre.roles[function].label,
            personality=_personality(function, rating, quirks, rng),
            look=_look(genre, function, rating, setting_kind == "school", taken, rng),
        )
        members.append(Member(function, voice_of(name), address_for(genre, function, name), character))
    return Cast(tuple(members))


def _function_of_role(role: str, genre: Genre) -> Function | None:
    label = role.split(",")[0].strip().lower()
    for function, candidate in genre.roles.items():
        if candidate.label.lower() == label:
            return function
    for other in genres().values():
        for function, candidate in other.roles.items():
            if candidate.label.lower() == label:
                return function
    return next((f for word, f in _ROLE_WORDS.items() if word in label.split()), None)


def cast_of_bible(bible: StoryBible, genre: Genre) -> Cast:
    """The cast read back from the bible: functions from role labels, gaps filled in order."""
    assigned: dict[int, Function] = {}
    for index, character in enumerate(bible.characters):
        function = _function_of_role(character.role, genre)
        if function and function not in assigned.values():
            assigned[index] = function
    for function in FUNCTIONS:
        if function in assigned.values():
            continue
        order = list(range(len(bible.characters)))
        if function == "foe":
            order.reverse()
        free = next((index for index in order if index not in assigned), None)
        if free is not None:
            assigned[free] = function
    rank = {function: index for index, function in enumerate(CAST_ORDER)}
    members = [
        Member(assigned[i], voice_of(c.name), address_for(genre, assigned[i], c.name), c)
        for i, c in enumerate(bible.characters)
        if i in assigned
    ]
    return Cast(tuple(sorted(members, key=lambda m: rank[m.function])))
