"""Content ratings: the words a story of each rating must never print (data/ratings.toml).

Nothing in the content files is tagged by rating; every phrase is checked against its
story's list before it is used, so a scene or a premise that would say a blocked word is
simply not chosen for that story.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources

from manga_common.models.preferences import CONTENT_RATINGS


def _load() -> dict[str, tuple[str, ...]]:
    text = resources.files("manga_offline.text").joinpath("data", "ratings.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {rating: tuple(data[rating]) for rating in CONTENT_RATINGS}


BLOCKED_WORDS: dict[str, tuple[str, ...]] = _load()


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


@cache
def clean(text: str, rating: str) -> bool:
    """True when `text` says nothing a story rated `rating` may not print."""
    return not blocked_words_in(text, rating)
