"""What a reader asked for, reduced to the handful of choices the engine writes from.

A story brief carries preferences, taste insights and an art style; an episode brief only
the story bible and the style. Both become a `Taste`, so the same words decide tone,
register and setting whichever stage is writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import GENRES
from manga_common.models.script import SETTING_KINDS, StoryBible
from manga_common.plugins.interfaces import ArtStyle, StoryBrief
from manga_offline.text.ratings import blocked_words_in
from manga_offline.text.text import clean_motif

Tone = Literal["fiery", "heartfelt", "grounded", "playful", "hardboiled"]
TONES: tuple[Tone, ...] = ("fiery", "heartfelt", "grounded", "playful", "hardboiled")
Register = Literal["plain", "lively", "literary"]

# How a tone names itself in the bible; the first word is how an episode recognises it.
TONE_NAMES: dict[Tone, str] = {
    "fiery": "fiery",
    "heartfelt": "heartfelt",
    "grounded": "grounded",
    "playful": "playful",
    "hardboiled": "hard-boiled",
}
_TONE_WORDS: dict[Tone, tuple[str, ...]] = {
    "fiery": ("energetic", "earnest", "resolve", "epic", "heroic", "intense", "bold", "hype", "fiery"),
    "heartfelt": (
        "emotional", "heartfelt", "tender", "romantic", "bittersweet", "gentle", "gestures",
        "melancholy", "nostalgic", "wholesome", "sentimental",
    ),
    "grounded": ("restrained", "grounded", "grey", "gray", "realistic", "quiet", "slow", "understated"),
    "playful": ("playful", "warm", "comic", "cute", "cozy", "cosy", "whimsical", "silly", "funny", "quirky"),
    "hardboiled": (
        "terse", "hard-boiled", "hardboiled", "fatalistic", "dark", "noir", "gritty", "crime", "bleak",
    ),
}  # fmt: skip
_GENRE_TONES: dict[str, Tone] = {
    "action": "fiery",
    "adventure": "fiery",
    "sports": "fiery",
    "fantasy": "fiery",
    "sci-fi": "grounded",
    "historical": "grounded",
    "mystery": "grounded",
    "comedy": "playful",
    "slice-of-life": "playful",
    "romance": "heartfelt",
    "drama": "heartfelt",
    "supernatural": "heartfelt",
    "thriller": "hardboiled",
    "horror": "hardboiled",
}
_REGISTERS: dict[str, Register] = {
    "children": "plain",
    "teens": "lively",
    "young-adults": "lively",
    "adults": "literary",
}
# Longest line of dialogue a reader of each age gets; children read short bubbles.
LINE_LIMITS: dict[str, int] = {"children": 60, "teens": 95, "young-adults": 115, "adults": 140}

# Words in taste insights that pull a story towards a kind of place.
_SETTING_HINTS: dict[str, tuple[str, ...]] = {
    "sea": ("ocean", "sea", "beach", "island", "pirate", "harbor", "harbour", "surf", "sailing", "fishing"),
    "space": ("space", "galaxy", "planet", "astronaut", "rocket", "orbit", "spaceship", "cosmic"),
    "city": ("city", "urban", "street", "neon", "cyberpunk", "metropolis", "tokyo", "nightlife"),
    "school": ("school", "campus", "student", "classroom", "club", "academy"),
    "forest": ("forest", "woods", "nature", "hiking", "camping", "jungle", "garden"),
    "mountain": ("mountain", "climbing", "ski", "alpine", "hot spring", "onsen"),
    "desert": ("desert", "dune", "sand", "western", "oasis", "canyon"),
    "village": ("village", "rural", "farm", "countryside", "cottage", "small town"),
    "ruins": ("ruins", "ancient", "archaeology", "temple", "dungeon", "castle"),
    "interior": ("cafe", "café", "restaurant", "library", "museum", "mansion", "bookstore", "bakery"),
}
# Interests (an insight's category or tags) that become a character's signature prop.
_INTEREST_PROPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("music", "song", "album", "band", "concert", "jazz", "k-pop", "artist"), "a battered guitar case"),
    (
        ("food", "restaurant", "cuisine", "cooking", "ramen", "bakery", "dish"),
        "a lunchbox in a polka-dot cloth",
    ),
    (("book", "books", "novel", "literature", "author", "poetry"), "a dog-eared notebook of quotes"),
    (("game", "games", "videogame", "video game", "esports", "gaming"), "a scuffed handheld game console"),
    (("movie", "film", "cinema", "tv show", "tv_show", "series"), "a vintage film camera"),
    (("travel", "destination", "hotel", "landmark"), "a travel journal stuffed with ticket stubs"),
    (("fashion", "brand", "clothing"), "a hand-stitched patchwork jacket"),
    (("podcast", "radio"), "a pocket radio with a bent antenna"),
    (("art", "museum", "painting", "design"), "a paint-stained sketchbook"),
    (("animal", "animals", "pet", "cat", "cats", "dog", "dogs"), "a stray cat that follows everywhere"),
)


@dataclass(frozen=True)
class Taste:
    genres: tuple[str, ...]
    themes: tuple[str, ...]
    audience: str
    rating: str
    tone: Tone
    setting_hints: tuple[str, ...] = ()
    """Setting kinds the reader's wider taste points at, strongest first."""
    interest_prop: str | None = None
    trend: str | None = None

    @property
    def primary(self) -> str:
        return self.genres[0]

    @property
    def register(self) -> Register:
        return _REGISTERS.get(self.audience, "lively")

    @property
    def line_limit(self) -> int:
        return LINE_LIMITS.get(self.audience, 95)


def _words_match(words: Iterable[str], texts: Iterable[str]) -> int:
    joined = " | ".join(texts)
    return sum(1 for word in words if re.search(rf"\b{re.escape(word)}\b", joined))


def insight_texts(insights: QlooInsights) -> list[str]:
    """Lower-case words from insights, the strongest recommendations and trends first."""
    texts: list[str] = []
    ranked = sorted(enumerate(insights.recommendations), key=lambda pair: (-pair[1].score, pair[0]))
    for _, recommendation in ranked:
        texts.append(recommendation.category)
        for key in sorted(recommendation.attributes):
            value = recommendation.attributes[key]
            values = value if isinstance(value, list | tuple) else [value]
            texts.extend(str(item) for item in values if isinstance(item, str | int | float))
    trends = sorted(enumerate(insights.trends), key=lambda pair: (-pair[1].popularity, pair[0]))
    texts.extend(trend.topic for _, trend in trends)
    return [text.lower()[:120] for text in texts if text]


def choose_tone(voice: str, genres: Iterable[str], extra: Iterable[str] = ()) -> Tone:
    """The art style's voice weighs most, then the genres (the first twice), then wider taste."""
    scores = dict.fromkeys(TONES, 0)
    voice_words = [voice.lower()]
    extra_words = list(extra)
    for tone in TONES:
        scores[tone] += 3 * _words_match(_TONE_WORDS[tone], voice_words)
        scores[tone] += _words_match(_TONE_WORDS[tone], extra_words)
    for index, genre in enumerate(genres):
        if genre in _GENRE_TONES:
            scores[_GENRE_TONES[genre]] += 2 if index == 0 else 1
    return max(TONES, key=lambda tone: (scores[tone], -TONES.index(tone)))


def _setting_hints(texts: list[str]) -> tuple[str, ...]:
    scored = [(kind, _words_match(words, texts)) for kind, words in _SETTING_HINTS.items()]
    return tuple(kind for kind, score in sorted(scored, key=lambda pair: -pair[1]) if score > 0)


def _interest_prop(texts: list[str]) -> str | None:
    for words, prop in _INTEREST_PROPS:
        if _words_match(words, texts):
            return prop
    return None


def _themes(themes: Iterable[str]) -> tuple[str, ...]:
    cleaned = [clean_motif(theme) for theme in themes]
    return tuple(theme for theme in cleaned if theme)


def taste_for_story(brief: StoryBrief) -> Taste:
    preferences = brief.preferences
    texts = insight_texts(brief.insights)
    # Trends are outside text: only one the story's rating could print makes it into the story.
    trends = [clean_motif(trend.topic) for trend in brief.insights.trends]
    trends = [trend for trend in trends if trend and not blocked_words_in(trend, preferences.content_rating)]
    return Taste(
        genres=tuple(preferences.genres),
        themes=_themes(preferences.themes),
        audience=preferences.target_audience,
        rating=preferences.content_rating,
        tone=choose_tone(brief.style.voice, preferences.genres, texts),
        setting_hints=_setting_hints([*texts, *(t.lower() for t in preferences.themes)]),
        interest_prop=_interest_prop(texts),
        trend=next((trend for trend in trends if trend), None),
    )


def tone_of_bible(bible: StoryBible, style: ArtStyle) -> Tone:
    first_word = bible.tone.split(" ")[0].lower() if bible.tone else ""
    for tone, name in TONE_NAMES.items():
        if first_word == name:
            return tone
    return choose_tone(f"{bible.tone} {style.voice}", bible.genres)


def taste_for_episode(bible: StoryBible, style: ArtStyle) -> Taste:
    genres = tuple(genre for genre in bible.genres if genre in GENRES) or ("adventure",)
    return Taste(
        genres=genres,
        themes=_themes(bible.themes),
        audience=bible.target_audience,
        rating=bible.content_rating,
        tone=tone_of_bible(bible, style),
        setting_hints=(bible.setting.kind,) if bible.setting.kind in SETTING_KINDS else (),
    )
