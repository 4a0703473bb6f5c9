"""The offline story engine: a story bible and its episodes from the content files and a seed.

No network and no model: the same brief always gives the same story. The words come from
`data/` (one file per genre, plus names, places and looks); this module only decides which.
"""

from __future__ import annotations

import random

from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_offline.options import art_of
from manga_offline.text.cast import build_cast
from manga_offline.text.content import genre
from manga_offline.text.episode import EpisodeWriter
from manga_offline.text.story import (
    StoryState,
    build_setting,
    outline,
    premise_for,
    primary_genre,
    reader_themes,
    state_of_bible,
    story_themes,
    write_logline,
    write_tagline,
    write_title,
)
from manga_offline.text.text import clean_motif, clip


def _trend(brief: StoryBrief) -> str | None:
    trends = sorted(brief.insights.trends, key=lambda t: -t.popularity)
    return clean_motif(trends[0].topic) if trends else None


def _tone(genre_tone: str, voice: str) -> str:
    first = voice.split(",")[0].strip()
    return clip(f"{genre_tone}, {first}" if first else genre_tone, 80)


class OfflineStoryEngine:
    """The built-in text backend: deterministic, fast, and readable out of the box."""

    name = "offline"

    def write_story(self, brief: StoryBrief) -> StoryBible:
        rng = random.Random(f"story:{brief.seed}")
        preferences = brief.preferences
        names = list(preferences.genres)
        kinds = [genre(primary_genre(names))] + [genre(n) for n in names[1:] if n != primary_genre(names)]
        kind = kinds[0]
        themes = reader_themes(preferences.themes)
        rating = preferences.content_rating
        setting = build_setting(kinds, themes, rating, _trend(brief), rng)
        # The cast has its own generator, so two genres never share a cast for one seed.
        cast = build_cast(kind, setting.kind, rating, random.Random(f"cast:{brief.seed}:{kind.name}"))
        title = write_title(kind, setting, cast.members[0].name, rng)
        state = StoryState(
            genre=kind,
            genres=tuple(names),
            rating=rating,
            audience=preferences.target_audience,
            themes=story_themes(themes, kind, title),
            premise=premise_for(kind, title, rating),
            cast=cast,
            setting=setting,
            title=title,
        )
        total = brief.episodes_planned
        return StoryBible(
            title=title,
            logline=write_logline(state),
            tagline=write_tagline(state),
            setting=setting,
            characters=[member.character for member in cast.members],
            arc=[outline(state, number, total) for number in range(1, total + 1)],
            genres=names,
            themes=themes,
            tone=_tone(kind.tone, brief.style.voice),
            target_audience=preferences.target_audience,
            content_rating=rating,
            art_style=brief.style.name,
        )

    def write_episode(self, brief: EpisodeBrief) -> EpisodeScript:
        state = state_of_bible(brief.bible)
        density = art_of(brief.style).panel_density
        writer = EpisodeWriter(
            state, brief.bible, brief.episode_number, brief.seed, brief.previously, density
        )
        return writer.write(brief.pages)
