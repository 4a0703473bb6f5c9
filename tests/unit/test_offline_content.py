"""The offline engine's content files: every file validates, and every slot a line uses is filled."""

from __future__ import annotations

import pytest

from manga_common.models.preferences import GENRES
from manga_offline.text import content
from manga_offline.text.cues import LineCue, ThemeCue, parse_cue, roles_of
from manga_offline.text.ratings import clean
from manga_offline.text.story import premise_keys, slots_used

# Slots every story fills, whatever its genre: how the cast is called, the place, the themes.
STORY_SLOTS = {
    *(f"{f}{suffix}" for f in content.FUNCTIONS for suffix in ("", "_full", "_role")),
    "place", "place_word", "theme", "theme2", "themes", "theme_clause",
}  # fmt: skip
GENRE_FILES = sorted(GENRES)


def test_there_is_one_genre_file_per_genre_and_every_one_validates() -> None:
    assert sorted(content.genres()) == GENRE_FILES
    assert all(content.genres()[name].name == name for name in GENRE_FILES)


def test_shared_files_validate() -> None:
    content.looks()
    content.places()
    content.staging()
    pools = content.names().pools
    assert set(pools) == {"modern", "fantasy", "historic", "future"}
    assert all(len(pool.given) >= 140 and len(pool.family) >= 120 for pool in pools.values())


@pytest.mark.parametrize("name", GENRE_FILES)
def test_every_slot_a_genre_uses_is_filled_by_every_premise(name: str) -> None:
    genre = content.genre(name)
    unfilled = slots_used(genre) - premise_keys(genre) - STORY_SLOTS
    assert unfilled == set(), f"{name} uses slots no premise fills: {sorted(unfilled)}"


@pytest.mark.parametrize("name", GENRE_FILES)
def test_every_cue_parses(name: str) -> None:
    genre = content.genre(name)
    for scene in genre.scenes:
        for text in scene.cues:
            parse_cue(text)
    for line in genre.theme.lines:
        cue = parse_cue(line)
        assert isinstance(cue, LineCue), line
        assert all("{theme}" in text.lower() for text in cue.variants.values()), line
    assert all("{theme}" in caption.lower() for caption in genre.theme.captions)


@pytest.mark.parametrize("name", GENRE_FILES)
def test_every_beat_can_be_played_by_the_smallest_cast_for_any_rating(name: str) -> None:
    genre = content.genre(name)
    smallest = {"hero", "ally", "mentor", "foe"}
    for beat in genre.structure:
        playable = [
            scene
            for scene in genre.scenes_for(beat)
            if roles_of(scene.cues) <= smallest and all(clean(cue, "all-ages") for cue in scene.cues)
        ]
        assert playable, f"{name}: no all-ages scene for {beat!r} without a wildcard"
    assert any(all(clean(value, "all-ages") for value in premise.values()) for premise in genre.premises)


@pytest.mark.parametrize("name", GENRE_FILES)
def test_each_genre_has_its_own_structure_and_a_theme_beat(name: str) -> None:
    genre = content.genre(name)
    others = [content.genre(other).structure for other in GENRE_FILES if other != name]
    assert genre.structure not in others
    themed = [s for s in genre.scenes if any(isinstance(parse_cue(c), ThemeCue) for c in s.cues)]
    assert len({scene.beat for scene in themed}) >= 2


def test_genre_structures_match_their_genre() -> None:
    assert content.genre("mystery").structure[:4] == ["crime", "scene", "clues", "red_herring"]
    assert content.genre("mystery").structure[-1] == "reveal"
    assert content.genre("romance").structure == [
        "meeting",
        "spark",
        "obstacle",
        "misunderstanding",
        "confession",
    ]
    assert content.genre("horror").structure[:4] == ["normal", "intrusion", "escalation", "dread"]
    assert content.genre("sports").structure[:4] == ["rival", "training", "slump", "match"]
    assert (
        content.genre("comedy").structure[0] == "premise"
        and content.genre("comedy").structure[-1] == "payoff"
    )


def test_a_broken_genre_file_is_refused_with_what_is_wrong() -> None:
    data = content.genre("mystery").model_dump()
    data["structure"] = [*data["structure"], "epilogue"]
    with pytest.raises(ValueError, match="epilogue"):
        content.Genre.model_validate(data)
    data = content.genre("mystery").model_dump()
    data["premises"][0] = {**data["premises"][0], "extra": "x"}
    with pytest.raises(ValueError, match="same keys"):
        content.Genre.model_validate(data)


@pytest.mark.parametrize("name", GENRE_FILES)
def test_words_every_story_prints_are_fit_for_all_ages(name: str) -> None:
    """Only premises and scenes may be rated up (a story skips those past its rating); the
    rest is printed whatever the rating, so it must be clean for all ages."""
    genre = content.genre(name)
    always = [
        *genre.loglines, *genre.taglines, *genre.episode_titles, *genre.summaries, *genre.cliffhangers,
        *genre.default_themes, *genre.theme.logline, *genre.theme.lines, *genre.theme.captions,
        *genre.titles.nouns, *genre.titles.adjectives, *genre.titles.verbs,
        *(role.label for role in genre.roles.values()),
    ]  # fmt: skip
    assert [text for text in always if not clean(text, "all-ages")] == []
