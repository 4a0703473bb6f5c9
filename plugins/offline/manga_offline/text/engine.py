"""The offline story engine: a story bible and its episodes from hand-written banks and a seed.

No network and no model: the same brief always gives the same story, and every word comes
from phrase banks tagged by content rating.
"""

from __future__ import annotations

import random

from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_offline.text.arc import plan_episode
from manga_offline.text.cast import build_cast
from manga_offline.text.episode import EpisodeWriter
from manga_offline.text.genres import SPORTS, kit_for
from manga_offline.text.places import build_setting
from manga_offline.text.ratings import allowed
from manga_offline.text.story import (
    StoryCore,
    base_slots,
    core_of_bible,
    default_motifs,
    flavour,
    pick_goal,
    place_word,
    sport_for,
    story_spots,
    strip_article,
    title_case,
    tone_words,
    write_logline,
    write_tagline,
    write_title,
)
from manga_offline.text.taste import taste_for_story
from manga_offline.text.themes import motifs_for


class OfflineStoryEngine:
    """The built-in text backend: deterministic, fast, and readable out of the box."""

    name = "offline"

    def write_story(self, brief: StoryBrief) -> StoryBible:
        rng = random.Random(f"story:{brief.seed}")
        taste = taste_for_story(brief)
        kit = kit_for(taste.primary)
        setting = build_setting(taste, kit, rng)
        goal_sport = rng.choice(SPORTS)
        goal = pick_goal(kit, taste, goal_sport, rng)
        threat = rng.choice(allowed(kit.threats, taste.rating, taste.genres))
        cast = build_cast(taste, kit, setting.kind, rng, {"threat": threat, "sport": goal_sport.name})
        motifs = motifs_for(taste.themes) or default_motifs(taste.tone)
        slots = {member.function: member.address for member in cast.members}
        title_slots = {
            **slots,
            "place_word": place_word(setting.name),
            "goal_word": title_case(strip_article(goal.noun)),
        }
        title = write_title(taste, kit, motifs, goal, title_slots, rng)
        sport = sport_for(title, goal.noun)
        slots.update(base_slots(setting, goal, threat, sport))
        power, technique, contest, stakes = flavour(title, kit, taste, sport, slots)
        core = StoryCore(
            title=title,
            taste=taste,
            kit=kit,
            setting=setting,
            cast=cast,
            goal=goal,
            threat=threat,
            sport=sport,
            motifs=tuple(motifs),
            power=power,
            technique=technique,
            contest=contest,
            stakes=stakes,
            spots=story_spots(title, setting, kit),
        )
        total = brief.episodes_planned
        return StoryBible(
            title=title,
            logline=write_logline(core, rng),
            tagline=write_tagline(core, rng),
            setting=setting,
            characters=[member.character for member in cast.members],
            arc=[plan_episode(core, number, total).outline() for number in range(1, total + 1)],
            genres=list(taste.genres),
            themes=list(taste.themes),
            tone=tone_words(taste.tone, brief.style.voice),
            target_audience=brief.preferences.target_audience,
            content_rating=brief.preferences.content_rating,
            art_style=brief.style.name,
        )

    def write_episode(self, brief: EpisodeBrief) -> EpisodeScript:
        core = core_of_bible(brief.bible, brief.style)
        writer = EpisodeWriter(core, brief.bible, brief.episode_number, brief.seed, brief.previously)
        return writer.write(brief.pages)
