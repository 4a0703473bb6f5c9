"""The single-table repository against a moto server over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from manga_common.models.entities import (
    EpisodeRecord,
    GenerationRequest,
    RequestError,
    StoryRecord,
    UserProfile,
)
from manga_common.settings import Settings
from manga_common.table import MangaTable, RateLimitExceeded
from tests.factories import sample_insights


@pytest.fixture
def table(settings: Settings) -> MangaTable:
    return MangaTable(settings)


def test_profile_is_written_once(table: MangaTable) -> None:
    assert table.put_profile_if_absent(UserProfile(user_id="u1", email="first@example.com"))
    assert not table.put_profile_if_absent(UserProfile(user_id="u1", email="second@example.com"))
    profile = table.get_profile("u1")
    assert profile is not None and profile.email == "first@example.com"


def test_request_state_machine(table: MangaTable) -> None:
    table.create_request(GenerationRequest(user_id="u1", request_id="r1"))
    assert not table.move_request("u1", "r1", "COMPLETED"), "PENDING may not jump to COMPLETED"
    assert table.move_request("u1", "r1", "PROCESSING", stage="story", story_id="s1")
    assert table.move_request("u1", "r1", "FAILED", error=RequestError(code="X", message="m", stage="story"))
    assert not table.move_request("u1", "r1", "PROCESSING"), "FAILED stays FAILED without a redrive"
    request = table.get_request("u1", "r1")
    assert request is not None and request.status == "FAILED" and request.story_id == "s1"
    assert request.error is not None and request.error.code == "X"
    assert table.move_request("u1", "r1", "PROCESSING", allowed_from=("FAILED",))
    assert table.move_request("u1", "r1", "COMPLETED")
    done = table.find_request("r1")
    assert done is not None and done.status == "COMPLETED" and done.error is None


def test_requests_are_per_user(table: MangaTable) -> None:
    table.create_request(GenerationRequest(user_id="u1", request_id="r1"))
    assert table.get_request("u2", "r1") is None
    assert not table.move_request("u2", "r1", "PROCESSING")


def test_story_completion_is_conditional(table: MangaTable) -> None:
    story = StoryRecord(user_id="u1", story_id="s1", request_id="r1")
    assert table.start_story(story)
    assert not table.start_story(story)
    assert table.complete_story(story.model_copy(update={"title": "First"}))
    assert not table.complete_story(story.model_copy(update={"title": "Second"}))
    stored = table.get_story("u1", "s1")
    assert stored is not None and stored.title == "First" and stored.status == "COMPLETED"
    assert [s.story_id for s in table.list_stories("u1")] == ["s1"]
    assert table.list_stories("u2") == []


def test_episode_lookup_by_id_and_count(table: MangaTable) -> None:
    table.start_story(StoryRecord(user_id="u1", story_id="s1", request_id="r1"))
    episode = EpisodeRecord(story_id="s1", episode_number=1, episode_id="e1", user_id="u1", request_id="r1")
    assert table.put_episode_script(episode)
    table.complete_episode(episode.model_copy(update={"pdf_s3_key": "k.pdf"}))
    assert not table.put_episode_script(episode), "a COMPLETED episode is not overwritten"
    found = table.find_episode("e1")
    assert found is not None and found.status == "COMPLETED" and found.pdf_s3_key == "k.pdf"
    table.record_episode_count("u1", "s1", 1)
    table.record_episode_count("u1", "s1", 1)
    stored = table.get_story("u1", "s1")
    assert stored is not None and stored.episode_count == 1


def test_insights_cache_round_trip(table: MangaTable) -> None:
    assert table.get_cached_insights("fp") is None
    table.put_cached_insights("fp", sample_insights())
    assert table.get_cached_insights("fp") == sample_insights()


def test_generation_rate_limit(table: MangaTable) -> None:
    now = datetime(2026, 1, 1, 10, 59, 30, tzinfo=UTC)
    assert [table.count_generation("u1", 2, now) for _ in range(2)] == [1, 2]
    with pytest.raises(RateLimitExceeded) as refused:
        table.count_generation("u1", 2, now)
    assert refused.value.retry_after_seconds == 30
    assert table.count_generation("u2", 2, now) == 1
    assert table.count_generation("u1", 2, now.replace(hour=11)) == 1
