"""A story's state, and the bible's words for it: setting, title, logline, tagline, arc.

`StoryState` is everything an episode needs. It is built from structured fields only: the
reader's genres and themes, the setting, the cast, and the premise, which is chosen by a
generator seeded with the title and the genre. An episode rebuilds the same state from the
bible's fields, so two episodes of one story agree without shared storage and without
reading back prose the engine wrote.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from manga_common.models.preferences import GENRES
from manga_common.models.script import EpisodeOutline, Setting, StoryBible
from manga_offline.text.cast import Cast, Member, cast_of_bible
from manga_offline.text.content import Genre, ThemeHint, genre, places, staging
from manga_offline.text.cues import slots_of
from manga_offline.text.ratings import clean
from manga_offline.text.text import clean_motif, clip, fill, join_words, seeded, sentence

FALLBACK_GENRE = "adventure"


@dataclass(frozen=True)
class StoryState:
    genre: Genre
    genres: tuple[str, ...]
    rating: str
    audience: str
    themes: tuple[str, ...]
    premise: dict[str, str]
    cast: Cast
    setting: Setting
    title: str

    def slots(self) -> dict[str, str]:
        slots = dict(self.premise)
        for member in self.cast.members:
            slots[member.function] = member.address
            slots[f"{member.function}_full"] = member.name
            slots[f"{member.function}_role"] = member.character.role
        for function in ("ally", "mentor", "foe", "wild"):
            stand_in = self.player(function)
            slots.setdefault(function, stand_in.address)
            slots.setdefault(f"{function}_full", stand_in.name)
            slots.setdefault(f"{function}_role", stand_in.character.role)
        slots["place"] = self.setting.name
        slots["place_word"] = place_word(self.setting.name)
        slots["theme"] = self.themes[0]
        slots["theme2"] = self.themes[-1]
        slots["themes"] = join_words(list(self.themes))
        return slots

    def player(self, function: str) -> Member:
        """Who plays a function: its character, or a stand-in where the cast has nobody for it."""
        for candidate in (function, "ally", "wild", "mentor", "foe", "hero"):
            member = self.cast.get(candidate)
            if member is not None:
                return member
        raise ValueError("a cast needs at least one character")


def primary_genre(names: Sequence[str]) -> str:
    known = [name for name in names if name in GENRES]
    return known[0] if known else FALLBACK_GENRE


def reader_themes(themes: list[str]) -> list[str]:
    cleaned = [clean_motif(theme) for theme in themes]
    return [theme for theme in cleaned if theme]


def story_themes(reader: list[str], kind: Genre, title: str) -> tuple[str, ...]:
    """The reader's themes, or when they named none, one the genre suggests (never another genre's)."""
    if reader:
        return tuple(reader[:2]) if len(reader) <= 2 else (reader[0], join_words(reader[1:]))
    return (seeded("theme", title, kind.name).choice(kind.default_themes),)


def premise_for(kind: Genre, title: str, rating: str) -> dict[str, str]:
    fit = [p for p in kind.premises if all(clean(value, rating) for value in p.values())]
    return seeded("premise", title, kind.name).choice(fit or kind.premises)


def state_of_bible(bible: StoryBible) -> StoryState:
    kind = genre(primary_genre(bible.genres))
    themes = story_themes(reader_themes(bible.themes), kind, bible.title)
    return StoryState(
        genre=kind,
        genres=tuple(bible.genres) or (kind.name,),
        rating=bible.content_rating,
        audience=bible.target_audience,
        themes=themes,
        premise=premise_for(kind, bible.title, bible.content_rating),
        cast=cast_of_bible(bible, kind),
        setting=bible.setting,
        title=bible.title,
    )


# -- the setting -------------------------------------------------------------------------------


def hints_in(themes: list[str]) -> list[ThemeHint]:
    words = {word.strip(".,'").lower() for theme in themes for word in theme.split()}
    return [hint for hint in staging().theme_hints if words & {w.lower() for w in hint.words}]


def _weighted(weights: dict[str, float], rng: random.Random) -> str:
    keys = sorted(k for k, w in weights.items() if w > 0)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def build_setting(
    kinds: list[Genre], themes: list[str], rating: str, trend: str | None, rng: random.Random
) -> Setting:
    """Kind, time and weather from the genres (the first counts most) and the reader's themes."""
    hints = hints_in(themes)
    weights: dict[str, float] = {}
    for index, kind in enumerate(kinds):
        for setting_kind, weight in kind.settings.items():
            weights[setting_kind] = weights.get(setting_kind, 0.0) + weight * (3.0 if index == 0 else 1.0)
    for hint in hints:
        if hint.setting:
            weights[hint.setting] = weights.get(hint.setting, 0.0) + 8.0 * max(weights.values())
    place_kind = _weighted(weights, rng)
    first = kinds[0]
    time_of_day = next((h.time for h in hints if h.time), None) or _weighted(dict(first.times), rng)
    weather: str | None = next((h.weather for h in hints if h.weather), None)
    if weather is None:
        weather = "clear" if place_kind in ("space", "interior") else _weighted(dict(first.weather), rng)
    place = places().kinds[place_kind]
    patterns = place.names.get(first.family) or place.names["default"]
    stems: dict[str, str] = {key: rng.choice(values) for key, values in places().stems.items()}
    name = fill(rng.choice(patterns), stems)
    details = [d for d in place.details if clean(d, rating)]
    one, two = rng.sample(details, 2)
    description = f"{name[:1].upper()}{name[1:]}, where {one}, and {two}."
    if trend:
        description += f" These days everyone there is talking about {trend}."
    return Setting(
        kind=place_kind,
        name=clip(name, 80),
        description=clip(description, 400),
        time_of_day=time_of_day,
        weather=weather,
    )


_ARTICLES = ("the ", "a ", "an ")
_PLACE_SUFFIXES = (
    " city", " high school", " academy", " west high", " village", " bay", " forest", " woods",
    " dunes", " pass",
)  # fmt: skip


def place_word(name: str) -> str:
    """The short name of a place, for titles: "the harbour town of Kurokawa" -> "Kurokawa"."""
    words = name
    for article in _ARTICLES:
        if words.lower().startswith(article):
            words = words[len(article) :]
    if " of " in words:
        words = words.rsplit(" of ", 1)[1]
    for suffix in _PLACE_SUFFIXES:
        if words.lower().endswith(suffix):
            words = words[: -len(suffix)]
    return " ".join(word[:1].upper() + word[1:] for word in words.split()) or name


# -- the bible's words -------------------------------------------------------------------------


def write_title(kind: Genre, setting: Setting, hero: str, rng: random.Random) -> str:
    words = kind.titles
    noun, noun2 = rng.sample(words.nouns, 2)
    slots = {
        "noun": noun,
        "noun2": noun2,
        "adjective": rng.choice(words.adjectives),
        "verb": rng.choice(words.verbs),
        "place": place_word(setting.name),
        "hero": hero.split()[0],
    }
    return clip(fill(rng.choice(staging().title_shapes), slots), 80)


def _fill_clean(options: list[str], slots: dict[str, str], rating: str, rng: random.Random) -> str:
    filled = [fill(option, slots) for option in options]
    fit = [text for text in filled if clean(text, rating)]
    return rng.choice(fit or filled)


def write_logline(state: StoryState) -> str:
    rng = seeded("logline", state.title)
    slots = state.slots()
    clauses = [fill(clause, {"theme": slots["themes"]}) for clause in state.genre.theme.logline]
    slots["theme_clause"] = rng.choice([c for c in clauses if clean(c, state.rating)] or clauses)
    return clip(sentence(_fill_clean(state.genre.loglines, slots, state.rating, rng)), 400)


def write_tagline(state: StoryState) -> str:
    rng = seeded("tagline", state.title)
    tagline = _fill_clean(state.genre.taglines, state.slots(), state.rating, rng)
    others = [g for g in state.genres[1:] if g in GENRES and g != state.genre.name]
    if others:
        tagline += f" A {state.genre.name} story with a streak of {join_words(others)}."
    return clip(tagline, 400)


def outline(state: StoryState, number: int, total: int) -> EpisodeOutline:
    """Episode `number`'s title and summary; the bible's arc and the episode agree by construction."""
    kind = state.genre
    start = seeded("arc", state.title).randrange(len(kind.episode_titles))
    slots = state.slots()
    title = fill(kind.episode_titles[(start + number - 1) % len(kind.episode_titles)], slots)
    # Summaries run in story order: the set-up, the middle (in turn), the resolution.
    middle = kind.summaries[1:-1] or kind.summaries[:1]
    summary = kind.summaries[0] if number == 1 else middle[(number - 2) % len(middle)]
    if number == total and total > 1:
        summary = kind.summaries[-1]
    return EpisodeOutline(
        number=number, title=clip(title, 80), summary=clip(sentence(fill(summary, slots)), 400)
    )


def premise_keys(kind: Genre) -> set[str]:
    return set(kind.premises[0])


def slots_used(kind: Genre) -> set[str]:
    """Every slot the genre's words use: the schema test checks each one is always filled."""
    texts = [
        *kind.loglines,
        *kind.taglines,
        *kind.episode_titles,
        *kind.summaries,
        *kind.cliffhangers,
        *kind.theme.lines,
        *kind.theme.captions,
        *(cue for scene in kind.scenes for cue in scene.cues),
    ]
    return set().union(*(slots_of(text) for text in texts))
