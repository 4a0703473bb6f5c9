"""The offline story engine: deterministic, varied, within its rating, and always valid."""

from __future__ import annotations

import json
import os
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
from manga_offline.text import OfflineStoryEngine, blocked_words_in, content
from manga_offline.text.cues import PanelCue, parse_cue
from manga_offline.text.episode import beats_of_episode, plan_beats
from manga_offline.text.story import state_of_bible
from manga_offline.text.text import fill, sentence
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


def words_of(*texts: str) -> str:
    return " ".join(texts).lower()


def episode_text(episode: EpisodeScript) -> str:
    return words_of(
        *(f"{p.description} {p.caption or ''} " + " ".join(dialogue_of(p)) for p in episode.panels())
    )


def dialogue_of(panel: object) -> list[str]:
    return [line.text for line in panel.dialogue]  # type: ignore[attr-defined]


def test_registers_as_the_offline_text_backend() -> None:
    registry = build_registry(plugin_manager(modules=("manga_offline.text",)))
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


def test_seeds_vary_titles_casts_and_personalities() -> None:
    bibles = [ENGINE.write_story(story_brief(["horror"], seed=seed)) for seed in range(12)]
    assert len({bible.title for bible in bibles}) >= 11
    assert len({bible.characters[0].name for bible in bibles}) >= 11
    foes = [c.personality for b in bibles for c in b.characters if c.role == "former owner"]
    assert len(set(foes)) == len(foes)


def test_titles_follow_many_patterns() -> None:
    titles = [ENGINE.write_story(brief).title for brief in assorted_briefs(50)]
    assert len(set(titles)) >= 48
    assert sum(title.startswith("Beyond the") for title in titles) <= 6


def test_casts_differ_between_genres_even_with_the_same_seed() -> None:
    names = [
        c.name
        for g in ("horror", "romance", "drama", "thriller")
        for c in ENGINE.write_story(story_brief([g], seed=9)).characters
    ]
    assert len(set(names)) == len(names)


def test_insights_trends_reach_the_setting() -> None:
    plain = ENGINE.write_story(story_brief(["drama"], seed=11))
    insights = QlooInsights(
        recommendations=[
            Recommendation(category="urn:entity:album", score=0.9, attributes={"tags": ["ocean"]})
        ],
        trends=[Trend(topic="night markets", popularity=0.8)],
    )
    tasteful = ENGINE.write_story(story_brief(["drama"], seed=11, insights=insights))
    assert "night markets" in tasteful.setting.description
    assert "night markets" not in plain.setting.description


def test_art_style_voice_sets_the_tone() -> None:
    brief = story_brief(["drama"], seed=5)
    noir_brief = brief.model_copy(update={"style": STYLES["noir"]})
    chibi_brief = brief.model_copy(update={"style": STYLES["chibi"]})
    assert ENGINE.write_story(noir_brief).tone.endswith("terse")
    assert ENGINE.write_story(chibi_brief).tone.endswith("playful")


@pytest.mark.parametrize("genre", GENRES)
def test_setting_time_and_weather_follow_the_genre(genre: str) -> None:
    data = content.genre(genre)
    for seed in range(6):
        setting = ENGINE.write_story(story_brief([genre], seed=seed)).setting
        assert data.settings.get(setting.kind, 0) > 0
        assert data.times.get(setting.time_of_day, 0) > 0
        assert setting.weather == "clear" or data.weather.get(setting.weather, 0) > 0


def test_it_does_not_rain_everywhere() -> None:
    weather = [ENGINE.write_story(brief).setting.weather for brief in assorted_briefs(40)]
    assert weather.count("rain") <= 10


@pytest.mark.parametrize(
    ("theme", "field", "value"),
    [
        ("rain", "weather", "rain"),
        ("a snowman", "weather", "snow"),
        ("a haunted lighthouse", "kind", "sea"),
        ("cooking", "kind", "interior"),
        ("moonlight", "time_of_day", "night"),
    ],
)
def test_themes_steer_the_setting(theme: str, field: str, value: str) -> None:
    settings = [
        ENGINE.write_story(story_brief(["adventure"], [theme], seed=seed)).setting for seed in range(5)
    ]
    assert sum(getattr(s, field) == value for s in settings) >= 3


def test_a_story_without_themes_takes_one_from_its_own_genre() -> None:
    for genre in GENRES:
        bible = ENGINE.write_story(story_brief([genre], seed=4))
        state = state_of_bible(bible)
        assert state.themes[0] in content.genre(genre).default_themes
        foreign = {t for g in GENRES if g != genre for t in content.genre(g).default_themes}
        assert not any(theme in bible.logline for theme in foreign), bible.logline


@pytest.mark.parametrize("genre", GENRES)
def test_every_theme_is_named_in_the_logline_and_acted_on(genre: str) -> None:
    bible = ENGINE.write_story(story_brief([genre], ["a missing sister", "rain"], seed=3))
    assert "a missing sister" in bible.logline and "rain" in bible.logline
    episode = ENGINE.write_episode(episode_brief(bible, 1, seed=3, pages=6))
    spoken = words_of(*(f"{p.caption or ''} " + " ".join(dialogue_of(p)) for p in episode.panels()))
    assert "a missing sister" in spoken and "rain" in spoken


def test_story_bible_is_complete(sample: tuple[StoryBible, EpisodeScript, EpisodeScript]) -> None:
    bible, _, _ = sample
    assert StoryBible.model_validate(bible.dump()) == bible
    assert len(bible.characters) == 5
    assert len({c.name[0] for c in bible.characters}) == len(bible.characters)
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
    last = ENGINE.write_episode(episode_brief(bible, 3))
    assert last.cliffhanger is None


def test_episode_two_continues_instead_of_repeating(
    sample: tuple[StoryBible, EpisodeScript, EpisodeScript],
) -> None:
    bible, first, second = sample
    assert not any(caption.startswith("Previously") for caption in captions(first))
    opening = second.pages[0].panels[0].caption or ""
    assert opening.startswith("Previously: ") and bible.arc[0].summary[:40] in opening
    assert first.cliffhanger != second.cliffhanger
    # Episode two picks up the scenes episode one did not play; with two scenes a beat, a
    # second five-page episode can replay at most a few of them.
    one, two = (ENGINE.write_episode(episode_brief(bible, n, pages=5)) for n in (1, 2))
    shared = set(dialogue(one)) & set(dialogue(two))
    assert len(shared) < len(set(dialogue(two))) / 2, shared


def test_previously_caption_uses_the_brief() -> None:
    bible = ENGINE.write_story(story_brief(["action"], seed=8))
    recap = EpisodeOutline(number=1, title="Before", summary="Aoi lost the map and found a friend.")
    brief = EpisodeBrief(bible=bible, style=STYLES["shonen"], episode_number=2, seed=8, previously=[recap])
    episode = ENGINE.write_episode(brief)
    assert episode.pages[0].panels[0].caption == "Previously: Aoi lost the map and found a friend."


def test_episodes_read_the_story_from_structured_fields_not_from_its_prose() -> None:
    """Rewriting the logline and tagline (prose the engine wrote) changes nothing an episode says."""
    for brief in assorted_briefs(14):
        bible = ENGINE.write_story(brief)
        edited = bible.model_copy(update={"logline": "Something else entirely.", "tagline": "Other words."})
        first = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        again = ENGINE.write_episode(episode_brief(edited, 1, seed=brief.seed, style=brief.style.name))
        assert first == again


@pytest.mark.parametrize("genre", GENRES)
def test_a_single_episode_plays_its_genres_structure_in_order(genre: str) -> None:
    data = content.genre(genre)
    bible = ENGINE.write_story(story_brief([genre], seed=2, episodes=1))
    episode = ENGINE.write_episode(episode_brief(bible, 1, seed=2, pages=len(data.structure)))
    slots = state_of_bible(bible).slots()
    for page, beat in zip(episode.pages, data.structure, strict=True):
        openings = set()
        for scene in data.scenes_for(beat):
            cue = parse_cue(scene.cues[0])
            if isinstance(cue, PanelCue):
                openings.add(sentence(fill(cue.description, slots)))
        assert page.panels[0].description in openings, (beat, page.panels[0].description)


def test_a_story_runs_across_its_episodes() -> None:
    structure = ["a", "b", "c", "d", "e"]
    assert beats_of_episode(structure, 1, 1) == structure
    assert beats_of_episode(structure, 1, 3) == ["a", "b", "c", "d"]
    assert beats_of_episode(structure, 2, 3) == ["b", "c", "d"]
    assert beats_of_episode(structure, 3, 3) == ["b", "c", "d", "e"]


def test_long_episodes_give_middle_beats_more_pages_and_short_ones_keep_the_core() -> None:
    beats = ["a", "b", "c", "d", "e"]
    room = dict.fromkeys(beats, 2)
    long = plan_beats(beats, ["a", "c", "e"], room, 8)
    assert long[0] == ["a"] and long[-1] == ["e"]
    assert sum(page == ["a"] for page in long) == 1 and len(long) == 8
    assert plan_beats(beats, ["a", "c", "e"], room, 3) == [["a"], ["c"], ["e"]]
    assert plan_beats(beats, ["a", "c", "e"], room, 2) == [["a", "c"], ["e"]]


def test_episodes_validate_and_pass_cross_checks() -> None:
    for brief in assorted_briefs(28):
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
    for brief in assorted_briefs(30):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        assert 6 <= len(episode.pages) <= 10
        sizes = [len(page.panels) for page in episode.pages]
        assert all(3 <= size <= 6 for size in sizes)
        counts.extend(sizes)
    assert sum(counts) / len(counts) >= 3.4


def test_children_pages_stay_at_five_panels_or_fewer() -> None:
    for genre in GENRES:
        bible = ENGINE.write_story(story_brief([genre], audience="children", rating="all-ages", seed=6))
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=6))
        assert all(len(page.panels) <= 5 for page in episode.pages)


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


def test_action_genres_have_movement() -> None:
    for genre in ("action", "sports", "thriller", "adventure"):
        bible = ENGINE.write_story(story_brief([genre], seed=12))
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=12))
        assert any(panel.action for panel in episode.panels()), genre


def test_no_line_of_dialogue_repeats_within_an_episode() -> None:
    for brief in assorted_briefs(40):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(
            episode_brief(bible, 1, seed=brief.seed, style=brief.style.name, pages=10)
        )
        lines = dialogue(episode)
        assert len(lines) == len(set(lines)), [line for line in lines if lines.count(line) > 1]


@pytest.mark.parametrize("rating", ["all-ages", "teen"])
def test_output_never_goes_past_its_rating(rating: str) -> None:
    for brief in assorted_briefs(42, rating=rating):
        bible = ENGINE.write_story(brief)
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=brief.seed, style=brief.style.name))
        assert blocked_words_in(all_text(bible, episode), rating) == []


def test_dialogue_is_written_per_genre() -> None:
    """Across genres, stories share almost no five-word run of dialogue (names masked)."""

    def grams(episode: EpisodeScript, bible: StoryBible) -> set[tuple[str, ...]]:
        names = {part.lower() for c in bible.characters for part in c.name.split()}
        out: set[tuple[str, ...]] = set()
        for text in dialogue(episode):
            words = [
                "<n>" if w in names else w
                for w in "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
            ]
            out |= {tuple(words[i : i + 5]) for i in range(len(words) - 4)}
        return out

    by_genre = {}
    for genre in GENRES:
        bible = ENGINE.write_story(story_brief([genre], ["family"], seed=17))
        by_genre[genre] = grams(ENGINE.write_episode(episode_brief(bible, 1, seed=17, pages=8)), bible)
    for genre, mine in by_genre.items():
        others = set().union(*(g for name, g in by_genre.items() if name != genre))
        assert len(mine & others) <= 0.1 * len(mine), (genre, sorted(mine & others)[:5])


def test_voices_change_how_a_line_is_said() -> None:
    said = set()
    for seed in range(10):
        bible = ENGINE.write_story(story_brief(["horror"], seed=seed, episodes=1))
        episode = ENGINE.write_episode(episode_brief(bible, 1, seed=seed, pages=5))
        said.add(episode.pages[0].panels[1].dialogue[0].text if episode.pages[0].panels[1].dialogue else "")
    assert len(said) >= 2


def test_writes_episodes_for_a_bible_it_did_not_write() -> None:
    look = Look(
        hair_style="long", hair_color="black", eye_color="green", outfit="grey coat", signature="red scarf",
        accent_color="red",
    )  # fmt: skip
    bible = StoryBible(
        title="Lanterns of Nowhere",
        logline="A courier and a ghost cross a flooded city.",
        tagline="Deliver the light.",
        setting=Setting(kind="city", name="Old Port", description="A flooded port city."),
        characters=[
            Character(name="Mira", role="protagonist", personality="Brave.", look=look),
            Character(name="Sol", role="ghost companion", personality="Wry.", look=look),
        ],
        arc=[EpisodeOutline(number=1, title="Flood", summary="The water rises.")],
        genres=["weird-fiction", "supernatural"],
        themes=["light"],
    )
    episode = ENGINE.write_episode(episode_brief(bible, 1, pages=6))
    assert EpisodeScript.model_validate(episode.dump()) == episode
    assert episode.problems_with(bible) == []
    assert {name for p in episode.panels() for name in p.characters} <= {"Mira", "Sol"}


def test_each_style_sets_the_panel_rhythm() -> None:
    """Shojo breathes in a few large panels, seinen packs the page, for the same story."""
    density: dict[str, float] = {}
    for name in ("shojo", "shonen", "seinen"):
        sizes = []
        for seed in range(4):
            bible = ENGINE.write_story(story_brief(["drama"], seed=seed, style=name))
            episode = ENGINE.write_episode(episode_brief(bible, 1, seed=seed, style=name, pages=6))
            sizes += [len(page.panels) for page in episode.pages]
        density[name] = sum(sizes) / len(sizes)
        if name == "shojo":
            assert max(sizes) <= 4
    assert density["shojo"] < density["shonen"] <= density["seinen"]


def test_the_main_cast_comes_first_so_the_cover_draws_it() -> None:
    for genre in ("romance", "mystery", "sports"):
        bible = ENGINE.write_story(story_brief([genre], seed=3))
        roles = content.genre(genre).roles
        assert [c.role for c in bible.characters[:3]] == [
            r.label for r in (roles["hero"], roles["ally"], roles["foe"])
        ]
