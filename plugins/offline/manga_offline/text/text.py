"""Small text tools: slot filling, seeded generators, clipping and reader-facing polish."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, slots: Mapping[str, str]) -> str:
    """Replace `{name}` with its value in one pass; `{Name}` capitalises the value's first letter.

    One pass matters: a value is reader text (a theme, a trend topic) and is never expanded
    again, so braces inside it stay literal.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        text = slots[name.lower()]
        return text[:1].upper() + text[1:] if name[:1].isupper() else text

    return _SLOT.sub(value, template)


def seeded(*parts: object) -> random.Random:
    """A private generator: string seeds hash the same way in every process."""
    return random.Random(":".join(str(part) for part in parts))


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def clip(text: str, limit: int) -> str:
    """Shorten to `limit` characters at a sentence or word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence_end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if sentence_end >= limit // 2:
        return cut[: sentence_end + 1]
    clause_end = max(cut.rfind("; "), cut.rfind(", "), cut.rfind(": "))
    if clause_end >= limit // 2:
        return cut[:clause_end] + "…"
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(",;:-— ") + "…"


_MOTIF_CHARS = re.compile(r"[^\w '\-,.&]")


def clean_motif(text: str, limit: int = 40) -> str | None:
    """Reader-supplied words made safe to print: allowed characters only, short, tidy."""
    cleaned = " ".join(_MOTIF_CHARS.sub(" ", text).split()).strip(" ,.-'&")
    if len(cleaned) < 2:
        return None
    return clip(cleaned, limit).rstrip("…").strip(" ,.-'&") or None


def for_children(text: str, words: Mapping[str, str]) -> str:
    """Swap harder words for everyday ones, keeping a capital where there was one."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)

    def swap(match: re.Match[str]) -> str:
        word = match.group(1)
        plain = words[word.lower()]
        return plain[:1].upper() + plain[1:] if word[:1].isupper() else plain

    return pattern.sub(swap, text)


def sentence(text: str) -> str:
    """Capitalised, ending in punctuation."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."
