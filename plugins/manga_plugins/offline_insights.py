"""Offline insights provider (`offline`): a fixed taste map, no network.

Genres, theme keywords and the target audience map to recommendations (categories named
like Qloo's entity types, so consumers read both alike) and trending topics. The same
preferences always give the same insights. It is also the Qloo provider's last fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from manga_common.ids import seed_from
from manga_common.models.insights import QlooInsights, Recommendation, Trend
from manga_common.models.preferences import PreferencesRequest
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import InsightsProvider

MAX_RECOMMENDATIONS = 10
MAX_TRENDS = 6


@dataclass(frozen=True)
class Taste:
    category: str
    name: str
    tags: tuple[str, ...]
    rating: str = "all-ages"
    """The mildest content rating this taste fits."""


_GENRE_TASTES: dict[str, tuple[Taste, ...]] = {
    "action": (
        Taste("tv_show", "tournament battle series", ("rivalry", "training arc")),
        Taste("videogame", "character action games", ("combos", "boss fights")),
        Taste("movie", "martial arts films", ("stunts", "city chase"), "teen"),
    ),
    "adventure": (
        Taste("book", "treasure-hunt adventure novels", ("maps", "expedition")),
        Taste("tv_show", "road-trip anime", ("journey", "found family")),
        Taste("destination", "remote island trails", ("island", "hiking")),
    ),
    "comedy": (
        Taste("tv_show", "slapstick school sitcoms", ("club room", "misunderstandings")),
        Taste("podcast", "improv comedy podcasts", ("banter", "running gags")),
    ),
    "drama": (
        Taste("movie", "family drama films", ("reconciliation", "small town")),
        Taste("book", "coming-of-age novels", ("growing up", "letters")),
    ),
    "fantasy": (
        Taste("book", "high fantasy sagas", ("magic system", "ancient ruins")),
        Taste("videogame", "open-world fantasy RPGs", ("dungeon", "guilds")),
        Taste("tv_show", "isekai anime", ("another world", "quests")),
    ),
    "historical": (
        Taste("book", "Edo-period historical fiction", ("samurai", "castle town")),
        Taste("destination", "old castle towns", ("castle", "temple")),
    ),
    "horror": (
        Taste("movie", "J-horror films", ("curse", "abandoned school"), "teen"),
        Taste("book", "ghost story anthologies", ("yokai", "village legend"), "teen"),
    ),
    "mystery": (
        Taste("tv_show", "detective anime", ("locked room", "deduction")),
        Taste("book", "classic whodunit novels", ("clues", "manor"), "teen"),
    ),
    "romance": (
        Taste("tv_show", "slow-burn romance dramas", ("first love", "confession")),
        Taste("artist", "city pop playlists", ("music", "night drive")),
    ),
    "sci-fi": (
        Taste("movie", "space opera films", ("starship", "orbit")),
        Taste("book", "cyberpunk novels", ("neon city", "androids"), "teen"),
        Taste("videogame", "mecha games", ("giant robots", "pilots")),
    ),
    "slice-of-life": (
        Taste("place", "neighbourhood cafés", ("cafe", "regulars")),
        Taste("tv_show", "iyashikei anime", ("seasons", "quiet days")),
    ),
    "sports": (
        Taste("tv_show", "team sports anime", ("tournament", "teamwork")),
        Taste("brand", "sneaker culture", ("fashion", "street courts")),
    ),
    "supernatural": (
        Taste("book", "yokai folklore collections", ("spirits", "shrine")),
        Taste("tv_show", "exorcist action series", ("talismans", "curses"), "teen"),
    ),
    "thriller": (
        Taste("movie", "heist thrillers", ("double-cross", "countdown"), "teen"),
        Taste("book", "crime noir novels", ("detective", "rainy city"), "mature"),
    ),
}
_AUDIENCE_TASTES: dict[str, Taste] = {
    "children": Taste("tv_show", "animal companion cartoons", ("animals", "friendship")),
    "teens": Taste("tv_show", "school club anime", ("school", "friendship")),
    "young-adults": Taste("artist", "indie rock bands", ("music", "city life")),
    "adults": Taste("book", "literary graphic novels", ("workplace", "memory")),
}
# Words a reader's theme may contain, and the taste they point at.
_THEME_TASTES: tuple[tuple[tuple[str, ...], Taste], ...] = (
    (
        ("friend", "team", "family", "together"),
        Taste("tv_show", "found-family ensemble shows", ("friendship",)),
    ),
    (("music", "song", "band", "idol"), Taste("artist", "J-rock and idol music", ("music", "concert"))),
    (
        ("food", "cook", "ramen", "bake", "chef"),
        Taste("place", "ramen and bakery food tours", ("food", "cooking")),
    ),
    (
        ("sea", "ocean", "pirate", "island", "ship"),
        Taste("destination", "island harbour towns", ("ocean", "harbour")),
    ),
    (("space", "star", "planet", "rocket"), Taste("movie", "space exploration films", ("space", "rocket"))),
    (("magic", "witch", "wizard", "spell"), Taste("book", "witch apprentice novels", ("magic", "library"))),
    (
        ("game", "gaming", "esport"),
        Taste("videogame", "competitive esports titles", ("gaming", "tournament")),
    ),
    (
        ("cat", "dog", "animal", "pet", "dragon"),
        Taste("tv_show", "creature companion series", ("animals", "pet")),
    ),
    (("school", "class", "student"), Taste("tv_show", "school life anime", ("school", "campus"))),
    (("city", "street", "neon", "night"), Taste("place", "neon nightlife districts", ("city", "nightlife"))),
    (("map", "treasure", "quest", "journey"), Taste("book", "quest and treasure tales", ("maps", "ruins"))),
    (("revenge", "betray", "war"), Taste("movie", "revenge epics", ("betrayal", "war"), "teen")),
)
_GENRE_TRENDS: dict[str, tuple[str, ...]] = {
    "action": ("training arcs", "rivals turned allies"),
    "adventure": ("found family", "hidden maps"),
    "comedy": ("club-room chaos", "deadpan duos"),
    "drama": ("second chances", "family secrets"),
    "fantasy": ("cozy fantasy", "magic academies"),
    "historical": ("wandering swordsmen", "castle-town intrigue"),
    "horror": ("urban legends", "cursed objects"),
    "mystery": ("locked-room puzzles", "amateur sleuths"),
    "romance": ("slow-burn romance", "fake dating"),
    "sci-fi": ("retro-futurism", "AI companions"),
    "slice-of-life": ("cafe life", "seasonal festivals"),
    "sports": ("underdog teams", "comeback seasons"),
    "supernatural": ("yokai neighbours", "shrine keepers"),
    "thriller": ("heist crews", "conspiracy boards"),
}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _matches(keywords: tuple[str, ...], words: set[str]) -> bool:
    return any(word.startswith(keyword) for word in words for keyword in keywords)


class OfflineInsightsProvider:
    name = "offline"

    def insights_for(self, preferences: PreferencesRequest) -> QlooInsights:
        fingerprint = preferences.fingerprint()
        scored: dict[str, tuple[float, Taste]] = {}

        def add(taste: Taste, score: float) -> None:
            if not preferences.rating_allows(taste.rating):
                return
            # A small stable nudge keeps equal weights in a fixed but taste-specific order.
            score += (seed_from(fingerprint, taste.name) % 50) / 1000
            best = scored.get(taste.name)
            if best is None or best[0] < score:
                scored[taste.name] = (min(1.0, score), taste)

        theme_words = _words(" ".join(preferences.themes))
        for keywords, taste in _THEME_TASTES:
            if _matches(keywords, theme_words):
                add(taste, 0.9)
        for rank, genre in enumerate(preferences.genres):
            for index, taste in enumerate(_GENRE_TASTES.get(genre, ())):
                add(taste, 0.85 - 0.1 * rank - 0.05 * index)
        add(_AUDIENCE_TASTES[preferences.target_audience], 0.6)

        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].name))[:MAX_RECOMMENDATIONS]
        recommendations = [
            Recommendation(
                category=taste.category,
                score=round(score, 3),
                attributes={"name": taste.name, "tags": list(taste.tags), "source": "offline taste map"},
            )
            for score, taste in ranked
        ]
        topics: list[str] = []
        for genre in preferences.genres:
            topics += [t for t in _GENRE_TRENDS.get(genre, ()) if t not in topics]
        trends = [
            Trend(topic=topic, popularity=round(max(0.1, 0.9 - 0.08 * rank), 3))
            for rank, topic in enumerate(topics[:MAX_TRENDS])
        ]
        return QlooInsights(recommendations=recommendations, trends=trends, provider="offline")


@hookimpl
def register_insights_providers(register: Callable[[InsightsProvider], None]) -> None:
    register(OfflineInsightsProvider())
