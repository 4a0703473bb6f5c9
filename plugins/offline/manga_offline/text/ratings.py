"""Content ratings: which phrases a story may use, and which words it must never print.

Every phrase bank entry carries the mildest rating it is fit for; a story draws only from
entries its rating allows. The blocked-word lists are the check on that tagging: a word
listed for a rating must never reach a story of that rating, whatever bank it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from manga_common.models.preferences import CONTENT_RATINGS, ContentRating

T = TypeVar("T")


def rating_allows(story_rating: str, phrase_rating: str) -> bool:
    """True when a phrase rated `phrase_rating` may appear in a story rated `story_rating`."""
    return CONTENT_RATINGS.index(phrase_rating) <= CONTENT_RATINGS.index(story_rating)


@dataclass(frozen=True)
class Rated(Generic[T]):
    """A bank entry with the mildest rating it suits and, optionally, the genres (or genre
    families, such as "fantastic") it is written for."""

    value: T
    rating: ContentRating = "all-ages"
    genres: tuple[str, ...] = ()


def teen(value: T, *genres: str) -> Rated[T]:
    return Rated(value, "teen", genres)


def mature(value: T, *genres: str) -> Rated[T]:
    return Rated(value, "mature", genres)


def only(value: T, *genres: str) -> Rated[T]:
    """An all-ages entry written for the given genres or genre families only."""
    return Rated(value, "all-ages", genres)


Bank = Sequence[T | Rated[T]]


def as_rated(entry: T | Rated[T]) -> Rated[T]:
    return entry if isinstance(entry, Rated) else Rated(entry)


def allowed(bank: Bank[T], rating: str, genres: Iterable[str] = ()) -> list[T]:
    """Entries fit for the rating; genre-tagged entries only when one of their genres is in play.

    Order is the bank's order, so a seeded choice over the result is reproducible.
    """
    wanted = set(genres)
    chosen = []
    for entry in bank:
        rated = as_rated(entry)
        if not rating_allows(rating, rated.rating):
            continue
        if rated.genres and not wanted.intersection(rated.genres):
            continue
        chosen.append(rated.value)
    return chosen


# Words a story of the rating must never print. All-ages allows slapstick and sports, so
# bumps and tumbles are fine, but nothing that wounds and no romance beyond friendship.
# Teen allows fights and crushes, never gore.
_BLOCKED_ALL_AGES = (
    "kill", "kills", "killed", "killing", "killer", "murder", "murdered", "murderer",
    "blood", "bloody", "bleed", "bleeding", "die", "dies", "died", "dying", "dead", "death",
    "deadly", "corpse", "corpses", "gore", "stab", "stabbed", "slash", "slashed", "wound",
    "wounded", "gun", "guns", "knife", "knives", "blade", "blades", "sword", "swords",
    "weapon", "weapons", "war", "slaughter", "execute", "executed", "poison", "poisoned",
    "kiss", "kissed", "kissing", "crush", "lover", "lovers", "boyfriend", "girlfriend",
    "flirt", "flirting", "in love", "love you", "date with",
)  # fmt: skip
_BLOCKED_TEEN = (
    "gore", "gory", "entrails", "disembowel", "dismember", "dismembered", "decapitate",
    "decapitated", "severed", "mutilate", "mutilated", "torture", "tortured", "corpse",
    "corpses", "blood-soaked",
)  # fmt: skip

BLOCKED_WORDS: dict[str, tuple[str, ...]] = {
    "all-ages": _BLOCKED_ALL_AGES,
    "teen": _BLOCKED_TEEN,
    "mature": (),
}


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_PATTERNS = {rating: _pattern(words) for rating, words in BLOCKED_WORDS.items()}


def blocked_words_in(text: str, rating: str) -> list[str]:
    """The blocked words of `rating` that occur in `text`, lower-cased, in order of appearance."""
    pattern = _PATTERNS[rating]
    return [] if pattern is None else [match.group(0).lower() for match in pattern.finditer(text)]
