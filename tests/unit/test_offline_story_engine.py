"""The offline story engine: deterministic, varied, within its rating, and always valid."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator

import pytest

from manga_common.models.insights import QlooInsights, Recommendation, Trend
from manga_common.models.preferences import GENRES, PreferencesRequest
from manga_common.models.script import (
    HAIR_STYLES,
    MAX_DIALOGUE_CHARS,
    Character,
    EpisodeOutline,
    EpisodeScript,
    Look,
    Setting,
    StoryBible,
)
from manga_common.plugins.interfaces import ArtStyle, EpisodeBrief, StoryBrief, TextBackend
from manga_common.plugins.registry import build_registry, plugin_manager
from manga_offline.text import OfflineStoryEngine, blocked_words_in
from manga_offline.text.arc import plan_episode
from manga_offline.text.beats import companions, conflicts, genre_scenes, openings, stages
from manga_offline.text.genres import KITS, kit_for
from manga_offline.text.ratings import as_rated
from manga_offline.text.script import PanelCue, Scene, cue_text
from manga_offline.text.story import core_of_bible, goal_title_words
from manga_offline.text.themes import GENERIC
from manga_offline.text.themes import KITS as THEME_KITS
from manga_offline.text.voices import speak
from manga_plugins.styles import chibi, noir, seinen, shojo, shonen

ENGINE = OfflineStoryEngine()
STYLES: dict[str, ArtStyle] = {
    s.name: s for s in (shonen.STYLE, shojo.STYLE, seinen.STYLE, chibi.STYLE, noir.STYLE)
}
AUDIENCES = ("children", "teens", "young-adults", "adults")
THEMES = (
    "friendship",
    "lost memories",
    "paper boats",
    "family",
    "time travel",
    "cooking",
    "revenge",
    "courage",
)


def story_brief(
    genres: list[str],
    themes: list[str] | None = None,
    audience: str = "teens",
    rating: str = "teen",
    style: str = "shonen",
    seed: int = 7,
    insights: QlooInsights | None = None,
    episodes: int = 3,
) -> StoryBrief:
    preferences = PreferencesRequest.model_validate(
        {
            "genres": genres,
            "themes": themes or [],
            "artStyle": style,
            "targetAudience": audience,
            "contentRating": rating,
        }
    )
    return StoryBrief(
        preferences=preferences,
        insights=insights or QlooInsights(),
        style=STYLES[style],
        seed=seed,
        episodes_planned=episodes,
    )


def episode_brief(
    bible: StoryBible, number: int = 1, seed: int = 7, pages: int | None = None, style: str = "shonen"
) -> EpisodeBrief:
    previously = [outline for outline in bible.arc if outline.number < number]
    return EpisodeBrief(
        bible=bible, style=STYLES[style], episode_number=number, seed=seed, pages=pages, previously=previously
    )


def assorted_briefs(count: int, rating: str | None = None) -> Iterator[StoryBrief]:
    """Briefs across every genre, audience, style and rating, in a fixed order."""
    styles = sorted(STYLES)
    ratings = ("all-ages", "teen", "mature")
    for index in range(count):
        genres = [GENRES[index % len(GENRES)], GENRES[(index * 5 + 3) % len(GENRES)]]
        yield story_brief(
            genres=list(dict.fromkeys(genres)),
            themes=[THEMES[index % len(THEMES)]] if index % 3 else [],
            audience=AUDIENCES[index % len(AUDIENCES)],
            rating=rating or ratings[index % len(ratings)],
            style=styles[index % len(styles)],
            seed=1000 + index,
        )


def all_text(*models: StoryBible | EpisodeScript) -> str:
    return " ".join(json.dumps(model.dump()) for model in models)


def dialogue(episode: EpisodeScript) -> list[str]:
    return [line.text for panel in episode.panels() for line in panel.dialogue]


def captions(episode: EpisodeScript) -> list[str]:
    return [panel.caption for panel in episode.panels() if panel.caption]


@pytest.fixture(scope="module")
def sample() -> tuple[StoryBible, EpisodeScript, EpisodeScript]:
    brief = story_brief(["fantasy", "adventure"], ["friendship", "lost memories"])
    bible = ENGINE.write_story(brief)
    return bible, ENGINE.write_episode(episode_brief(bible, 1)), ENGINE.write_episode(episode_brief(bible, 2))


def test_registers_as_the_offline_text_backend() -> None:
    registry = build_registry(plugin_manager(builtins=("manga_offline.text",)))
    backend = registry.text_backends.get("offline")
    assert isinstance(backend, OfflineStoryEngine)
    assert isinstance(backend, TextBackend)


def test_same_brief_gives_identical_story_and_episode() -> None:
    brief = story_brief(["mystery", "comedy"], ["paper boats"], seed=42)
    first, second = OfflineStoryEngine().write_story(brief), OfflineStoryEngine().write_story(brief)
    assert first == second
    assert ENGINE.write_episode(episode_brief(first, 2, seed=42)) == ENGINE.write_episode(
        episode_brief(second, 2, seed=42)
    )


def test_output_does_not_depend_on_hash_randomisation() -> None:
    program = (
        "import json, sys\n"
        "sys.path[:0] = [p for p in sys.argv[1:]]\n"
        "from test_offline_story_engine import ENGINE, story_brief, episode_brief\n"
        "bible = ENGINE.write_story(story_brief(['sci-fi', 'romance'], ['cats'], seed=3))\n"
        "print(json.dumps([bible.dump(), ENGINE.write_episode(episode_brief(bible, 1, seed=3)).dump()]))\n"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", program, os.path.dirname(__file__)],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_different_preferences_give_different_stories(seed: int) -> None:
    cosy = ENGINE.write_story(
        story_brief(["slice-of-life", "comedy"], ["cooking"], "children", "all-ages", "chibi", seed)
    )
    grim = ENGINE.write_story(
        story_brief(["sci-fi", "thriller"], ["revenge"], "adults", "mature", "noir", seed)
    )
    assert cosy.title != grim.title
    assert {c.name for c in cosy.characters}.isdisjoint({c.name for c in grim.characters})
    assert (cosy.setting.kind, cosy.setting.name) != (grim.setting.kind, grim.setting.name)
    assert cosy.tone != grim.tone
    assert cosy.logline != grim.logline


def test_seeds_vary_the_story() -> None:
    bibles = [ENGINE.write_story(story_brief(["fantasy"], ["courage"], seed=seed)) for seed in range(12)]
    assert len({bible.title for bible in bibles}) >= 9
    assert len({bible.characters[0].name for bible in bibles}) >= 9


def test_insights_change_what_is_written() -> None:
    plain = ENGINE.write_story(story_brief(["drama"], seed=11))
    insights = QlooInsights(
        recommendations=[
            Recommendation(category="urn:entity:album", score=0.9, attributes={"tags": ["ocean", "surf"]})
        ],
        trends=[Trend(topic="night markets", popularity=0.8)],
    )
    tasteful = ENGINE.write_story(story_brief(["drama"], seed=11, insights=insights))
    assert tasteful != plain
    assert "night markets" in tasteful.setting.description
    assert any(c.look.signature == "a battered guitar case" for c in tasteful.characters)


def test_art_style_voice_sets_the_tone() -> None:
    brief = story_brief(["drama"], seed=5)
    noir_brief = brief.model_copy(update={"style": STYLES["noir"]})
    chibi_brief = brief.model_copy(update={"style": STYLES["chibi"]})
    assert ENGINE.write_story(noir_brief).tone.startswith("hard-boiled")
    assert ENGINE.write_story(chibi_brief).tone.startswith("playful")


@pytest.mark.parametrize("genre", GENRES)
def test_setting_fits_the_genre(genre: str) -> None:
    kinds = {ENGINE.write_story(story_brief([genre], seed=seed)).setting.kind for seed in range(6)}
    assert kinds <= set(kit_for(genre).settings)


def test_story_bible_is_complete(sample: tuple[StoryBible, EpisodeScript, EpisodeScript]) -> None:
    bible, _, _ = sample
    assert StoryBible.model_validate(bible.dump()) == bible
    assert 3 <= len(bible.characters) <= 5
    assert len({c.name.split()[0] for c in bible.characters}) == len(bible.characters)
    for character in bible.characters:
        assert character.look.hair_style in HAIR_STYLES
        assert character.role and character.personality
    assert [outline.number for outline in bible.arc] == [1, 2, 3]
    assert len({outline.title for outline in bible.arc}) == 3
    assert "friendship" in bible.logline and "lost memories" in bible.logline


def test_episodes_follow_the_arc(sample: tuple[StoryBible, EpisodeScript, EpisodeScript]) -> None:
    bible, first, second = sample
    assert (first.title, first.summary) == (bible.arc[0].title, bible.arc[0].summary)
    assert (second.title, second.summary) == (bible.arc[1].title, bible.arc[1].summary)
    assert first.cliffhanger and second.cliffhanger


def test_episode_two_continues_instead_of_repeating(
    sample: tuple[StoryBible, EpisodeScript, EpisodeScript],
) -> None:
    bible, first, second = sample
    assert not any(caption.startswith("Previously") for caption in captions(first))
    opening = second.pages[0].panels[0].caption or ""
    assert opening.startswith("Previously: ") and bible.arc[0].summary[:40] in opening
    assert first.cliffhanger != second.cliffhanger
    shared = set(dialogue(first)) & set(dialogue(second))
    assert len(shared) <= 2, shared


def test_previously_caption_uses_the_brief() -> None:
    bible = ENGINE.write_story(story_brief(["action"], seed=8))
    recap = EpisodeOutline(number=1, title="Before", summary="Aoi lost the map and found a friend.")
    brief = EpisodeBrief(bible=bible, style=STYLES["shonen"], episode_number=2, seed=8, previously=[recap])
    episode = ENGINE.write_episode(brief)
    assert episode.pages[0].panels[0].caption == "Previously: Aoi lost the map and found a friend."


def test_bible_arc_matches_what_each_episode_plans() -> None:
    """An episode rebuilds the story from the bible alone; it must agree with the bible's outline."""
    for brief in assorted_briefs(30):
        bible = ENGINE.write_story(brief.model_copy(update={"episodes_planned": 5}))
        core = core_of_bible(bible, brief.style)
        logline = bible.logline.lower()
        assert core.goal.noun.lower() in logline or core.goal.quest.lower() in logline
        for outline in bible.arc:
            assert plan_episode(core, outline.number, len(bible.arc)).outline() == outline


def test_episodes_validate_and_pass_cross_checks() -> None:
    for brief in assorted_briefs(40):
        bible = ENGINE.write_story(brief)
        for number in (1, 2, 3):
            episode = ENGINE.write_episode(
                episode_brief(bible, number, seed=brief.seed, style=brief.style.name)
            )
            assert EpisodeScript.model_validate(episode.dump()) == episode
            assert episode.problems_with(bible) == []
            for panel in episode.panels():
                assert all(line.speaker in panel.characters for line in panel.dialogue)
                assert all(len(line.text) <= MAX_DIALOGUE_CHARS for line in panel.dialogue)
                assert panel.sfx is None or 0 < len(panel.sfx) <= 24


@pytest.mark.parametrize("pages", list(range(1, 17)))
def test_requested_page_count_is_exact(pages: int) -> None:
    bible = ENGINE.write_story(story_brief(["adventure", "comedy"], ["friendship"], seed=pages))
    episode = ENGINE.write_episode(episode_brief(bible, 1, seed=pages, pages=pages))
    assert len(episode.pages) == pages
    assert all(1 <= len(page.panels) <= 6 for page in episode.pages)
    assert episode.cliffhanger


def test_unrequested_page_count_and_panel_density() -> None:
    counts = []
    for brief in assorted_briefs(40):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        assert 8 <= len(episode.pages) <= 12
        sizes = [len(page.panels) for page in episode.pages]
        assert all(1 <= size <= 6 for size in sizes)
        assert sum(size <= 2 for size in sizes) <= 1, "only a splash page may have fewer than three panels"
        assert 3 <= sum(sizes) / len(sizes) <= 6
        counts.extend(sizes)
    assert sum(counts) / len(counts) >= 3.4


@pytest.mark.parametrize("genres", [["horror", "mystery"], ["action", "sports"], ["romance", "drama"]])
def test_scenes_open_wide_and_feelings_get_close_ups(genres: list[str]) -> None:
    bible = ENGINE.write_story(story_brief(genres, seed=21, rating="teen"))
    episode = ENGINE.write_episode(episode_brief(bible, 1, seed=21))
    assert episode.pages[0].panels[0].shot == "wide"
    panels = episode.panels()
    assert any(
        panel.shot in ("close-up", "extreme-close-up") for panel in panels if panel.emotion != "neutral"
    )
    assert any(not panel.dialogue for panel in panels), "silent panels are part of the rhythm"
    assert sum(1 for panel in panels if panel.sfx) >= 2


def test_most_episodes_have_movement() -> None:
    moving = 0
    for brief in assorted_briefs(20):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        moving += any(panel.action for panel in episode.panels())
    assert moving >= 16


def test_no_line_of_dialogue_repeats_within_an_episode() -> None:
    for brief in assorted_briefs(60):
        bible = ENGINE.write_story(brief)
        for number in (1, 2):
            lines = dialogue(ENGINE.write_episode(episode_brief(bible, number, seed=brief.seed, pages=16)))
            assert len(lines) == len(set(lines)), sorted(line for line in lines if lines.count(line) > 1)


@pytest.mark.parametrize("rating", ["all-ages", "teen"])
def test_output_never_goes_past_its_rating(rating: str) -> None:
    for brief in assorted_briefs(70, rating=rating):
        bible = ENGINE.write_story(brief)
        for number in (1, 2, 3):
            episode = ENGINE.write_episode(episode_brief(bible, number, seed=brief.seed, pages=12))
            found = blocked_words_in(all_text(bible, episode), rating)
            assert not found, (brief.preferences.genres, found)


GENRE_BANKS = (
    genre_scenes.GENRE_BONDS,
    genre_scenes.GENRE_MENTOR_TALKS,
    genre_scenes.GENRE_JOURNEYS,
    genre_scenes.GENRE_COMEDY,
    genre_scenes.GENRE_CLUES,
    genre_scenes.GENRE_CLASHES,
    genre_scenes.GENRE_QUIET,
    genre_scenes.GENRE_CLIMAXES,
)


def scene_banks() -> Iterator[Scene]:
    for bank in (
        openings.OPENINGS,
        openings.RECAPS,
        companions.BONDS,
        companions.MENTOR_TALKS,
        companions.QUIET_TALKS,
        conflicts.JOURNEYS,
        conflicts.COMEDY,
        conflicts.CLUES,
        conflicts.CLASHES,
        conflicts.CLIMAXES,
        *GENRE_BANKS,
    ):
        yield from bank
    for stage in stages.STAGES.values():
        yield from stage.complications
        for twist in stage.twists:
            yield twist.scene
        for cliff in stage.cliffs:
            yield cliff.scene
            yield cliff.followup


def test_every_all_ages_bank_entry_is_clean() -> None:
    """The rating tags themselves: nothing tagged all-ages may hold a word all-ages blocks."""
    texts: list[str] = []
    for scene in scene_banks():
        if scene.rating == "all-ages":
            texts.extend(cue_text(cue) for cue in scene.cues)
    for kit in KITS.values():
        for bank in (
            kit.goals,
            kit.threats,
            kit.powers,
            kit.techniques,
            kit.contests,
            kit.stakes,
            *kit.jobs.values(),
        ):
            texts.extend(str(entry) for entry in bank if as_rated(entry).rating == "all-ages")
    for theme in (*THEME_KITS, GENERIC):
        for bank in (theme.taglines, theme.captions, theme.thoughts, theme.talks, theme.secrets):
            texts.extend(str(entry) for entry in bank if as_rated(entry).rating == "all-ages")
    dirty = [text for text in texts if blocked_words_in(text, "all-ages")]
    assert not dirty


def test_children_read_shorter_lines_than_adults() -> None:
    def average_line(audience: str) -> float:
        lengths = []
        for seed in range(12):
            bible = ENGINE.write_story(
                story_brief(["fantasy", "comedy"], ["friendship"], audience, "all-ages", seed=seed)
            )
            lengths += [
                len(text) for text in dialogue(ENGINE.write_episode(episode_brief(bible, 1, seed=seed)))
            ]
        return sum(lengths) / len(lengths)

    assert average_line("children") < average_line("adults") - 3


def test_reader_themes_are_printed_as_words_only() -> None:
    insights = QlooInsights(trends=[Trend(topic="{hero} <script>alert(1)</script>", popularity=0.9)])
    bible = ENGINE.write_story(
        story_brief(["fantasy"], ["paper boats", "time travel"], seed=4, insights=insights)
    )
    episode = ENGINE.write_episode(episode_brief(bible, 1, seed=4))
    text = all_text(bible, episode)
    assert "paper boats" in bible.logline
    assert "<script>" not in text and "{hero}" not in text
    assert any("paper boats" in caption or "time travel" in caption for caption in captions(episode)) or any(
        "paper boats" in line or "time travel" in line for line in dialogue(episode)
    )


def test_writes_episodes_for_a_bible_it_did_not_write() -> None:
    look = Look(
        hair_style="bob",
        hair_color="black",
        eye_color="brown",
        outfit="coat",
        signature="a red kite",
        accent_color="red",
    )
    bible = StoryBible(
        title="The Kite Keeper",
        logline="A girl and her kite chase the wind across the city.",
        tagline="Up we go.",
        setting=Setting(kind="city", name="Port Minato", description="A windy port city."),
        characters=[
            Character(name="Mika Sato", role="lead", personality="Bold", look=look),
            Character(name="Jun Ito", role="best friend", personality="Calm", look=look),
        ],
        arc=[EpisodeOutline(number=1, title="Windy Day", summary="Mika loses her kite.")],
        genres=["slice-of-life"],
    )
    episode = ENGINE.write_episode(episode_brief(bible, 2, pages=9))
    assert len(episode.pages) == 9
    assert episode.problems_with(bible) == []


def test_titles_come_from_the_story_itself() -> None:
    """A title names the goal, the place or the reader's theme, never a word from nowhere."""
    for brief in assorted_briefs(40):
        bible = ENGINE.write_story(brief)
        core = core_of_bible(bible, brief.style)
        own_words = (
            f"{core.goal.noun} {bible.setting.name} {' '.join(bible.themes)} {bible.characters[0].name}"
        )
        motif_words = {motif.title_word() or "" for motif in core.motifs}
        title_words = {word.strip("!'s&").lower() for word in bible.title.split()} - {
            "the",
            "of",
            "in",
            "for",
        }
        shared = {word for word in title_words if word and word in own_words.lower()}
        assert shared or title_words & {word.lower() for word in motif_words}, (bible.title, own_words)


def test_goal_title_words_name_the_thing() -> None:
    assert goal_title_words("the Lantern of Nine Winds") == ["Lantern", "Nine Winds"]
    assert goal_title_words("the last seed vault") == ["Seed Vault"]
    assert goal_title_words("the volleyball club's future") == ["Volleyball Club"]
    assert goal_title_words("the Sleeping Dragon's Key") == ["Dragon's Key"]


def test_panels_per_page_spread_towards_busier_pages() -> None:
    sizes: list[int] = []
    for brief in assorted_briefs(30):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        sizes += [len(page.panels) for page in episode.pages]
    mean = sum(sizes) / len(sizes)
    assert 3.9 <= mean <= 4.6, mean
    assert sum(size >= 5 for size in sizes) / len(sizes) >= 0.2, "busy beats get five or six panels"


def test_children_pages_stay_at_five_panels_or_fewer() -> None:
    for seed in range(6):
        bible = ENGINE.write_story(
            story_brief(["action", "sports"], [], "children", "all-ages", "chibi", seed)
        )
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=seed, style="chibi"))
        assert all(len(page.panels) <= 5 for page in episode.pages)


def test_staged_panels_say_what_we_see_and_never_repeat_back_to_back() -> None:
    for brief in assorted_briefs(30):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        descriptions = [panel.description for panel in episode.panels()]
        assert all(before != after for before, after in itertools.pairwise(descriptions))
        assert not any(", facing " in text or " speaks, arms folded" in text for text in descriptions)


def test_each_genre_family_plays_its_own_scenes() -> None:
    """A horror episode and a sports episode share few panels: their beats come from their own banks."""

    def descriptions(genres: list[str]) -> set[str]:
        found: set[str] = set()
        for seed in range(4):
            bible = ENGINE.write_story(story_brief(genres, seed=seed))
            found |= {
                p.description for p in ENGINE.write_episode(episode_brief(bible, 1, seed=seed)).panels()
            }
        return found

    horror, sports = descriptions(["horror", "supernatural"]), descriptions(["sports", "comedy"])
    assert len(horror & sports) <= len(horror) // 5
    # The fixed opening words of the horror banks' panel directions, before any name is filled in.
    openings_of_dark = {
        cue.description.split("{")[0]
        for bank in GENRE_BANKS
        for scene in bank
        if "horror" in scene.genres
        for cue in scene.cues
        if isinstance(cue, PanelCue) and len(cue.description.split("{")[0]) > 12
    }
    assert any(description.startswith(tuple(openings_of_dark)) for description in horror)


def test_voices_keep_shouts_loud_and_children_free_of_tics() -> None:
    rng = random.Random(1)
    assert all(speak("Haruto!!", "calm", rng, "shout").endswith("!!") for _ in range(20))
    line = "Then we do it now, together."
    assert all(speak(line, "sardonic", rng, "speech", tics=False) == line for _ in range(20))
    assert any(speak(line, "sardonic", rng, "speech") != line for _ in range(40))
