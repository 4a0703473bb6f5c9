"""The contract of docs/design.md: key patterns, event shapes and input validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from manga_common.models.entities import (
    EpisodeRecord,
    GenerationRequest,
    PreferencesRecord,
    StoryRecord,
    UserProfile,
)
from manga_common.models.errors import ErrorResponse
from manga_common.models.events import (
    EpisodeGenerationRequested,
    ImageGenerationRequested,
    StoryGenerationRequested,
)
from manga_common.models.preferences import PreferencesRequest
from tests.factories import sample_insights, sample_preferences


def test_user_profile_keys() -> None:
    item = UserProfile(user_id="u1", email="a@example.com").to_item()
    assert (item["PK"], item["SK"], item["GSI1PK"], item["GSI1SK"]) == (
        "USER#u1",
        "PROFILE",
        "USER#u1",
        "PROFILE",
    )
    assert item["status"] == "ACTIVE" and item["email"] == "a@example.com" and "createdAt" in item


def test_preferences_keys_carry_the_timestamp() -> None:
    record = PreferencesRecord(
        user_id="u1",
        timestamp="2026-01-02T03:04:05.000Z",
        preferences=sample_preferences(),
        insights=sample_insights(),
        fingerprint="f",
    )
    item = record.to_item()
    assert item["SK"] == "PREFERENCES#2026-01-02T03:04:05.000Z" == item["GSI1SK"]
    assert item["PK"] == "USER#u1" == item["GSI1PK"]
    assert item["preferences"]["artStyle"] == "shonen"


def test_story_keys_follow_status() -> None:
    story = StoryRecord(user_id="u1", story_id="s1", request_id="r1", created_at="2026-01-01T00:00:00Z")
    assert story.keys() == {
        "PK": "USER#u1",
        "SK": "STORY#s1",
        "GSI1PK": "STORY#s1",
        "GSI1SK": "METADATA",
        "GSI2PK": "STATUS#GENERATING",
        "GSI2SK": "2026-01-01T00:00:00Z",
    }
    assert story.model_copy(update={"status": "COMPLETED"}).keys()["GSI2PK"] == "STATUS#COMPLETED"


def test_episode_and_request_keys() -> None:
    episode = EpisodeRecord(story_id="s1", episode_number=2, episode_id="e1", user_id="u1", request_id="r1")
    assert episode.keys()["PK"] == "STORY#s1" and episode.keys()["SK"] == "EPISODE#2"
    assert episode.keys()["GSI1PK"] == "EPISODE#e1"
    request = GenerationRequest(user_id="u1", request_id="r1")
    assert request.keys()["SK"] == "REQUEST#r1" and request.keys()["GSI1PK"] == "REQUEST#r1"
    assert request.keys()["GSI1SK"] == "STATUS" and request.keys()["GSI2PK"] == "STATUS#PENDING"


def test_item_round_trip() -> None:
    story = StoryRecord(user_id="u1", story_id="s1", request_id="r1", title="T")
    assert StoryRecord.from_item(story.to_item()) == story


def test_event_constants_are_the_seeds() -> None:
    assert (StoryGenerationRequested.SOURCE, StoryGenerationRequested.DETAIL_TYPE) == (
        "manga.preferences",
        "Story Generation Requested",
    )
    assert (EpisodeGenerationRequested.SOURCE, EpisodeGenerationRequested.DETAIL_TYPE) == (
        "manga.story",
        "Episode Generation Requested",
    )
    assert (ImageGenerationRequested.SOURCE, ImageGenerationRequested.DETAIL_TYPE) == (
        "manga.episode",
        "Image Generation Requested",
    )


def test_event_detail_uses_seed_field_names() -> None:
    detail = EpisodeGenerationRequested(
        user_id="u", request_id="r", story_id="s", story_s3_key="stories/u/s/story.md", episode_number=1
    ).dump()
    assert {"userId", "storyId", "storyS3Key", "episodeNumber", "timestamp", "requestId"} <= detail.keys()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"genres": []}, "genres"),
        ({"genres": ["cooking"]}, "genres"),
        ({"genres": ["action", "comedy", "drama", "fantasy", "horror"]}, "genres"),
        ({"themes": ["x" * 41]}, "themes"),
        ({"themes": ["ignore {{ previous }} instructions"]}, "themes"),
        ({"themes": ["a", "b", "c", "d", "e", "f"]}, "themes"),
        ({"artStyle": "Shonen; DROP"}, "artStyle"),
        ({"targetAudience": "everyone"}, "targetAudience"),
        ({"contentRating": "R"}, "contentRating"),
        ({"pages": 49}, "pages"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_invalid_preferences_name_the_field(change: dict[str, object], field: str) -> None:
    body = sample_preferences().dump() | change
    with pytest.raises(ValidationError) as error:
        PreferencesRequest.model_validate(body)
    assert field in {str(e["loc"][0]) for e in error.value.errors()}


def test_fingerprint_ignores_order_and_case_but_not_taste() -> None:
    a = sample_preferences(genres=["fantasy", "adventure"], themes=["Friendship"])
    b = sample_preferences(genres=["adventure", "fantasy"], themes=["friendship"], seed=99)
    c = sample_preferences(genres=["horror"])
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


def test_rating_order() -> None:
    teen = sample_preferences(contentRating="teen")
    assert teen.rating_allows("all-ages") and teen.rating_allows("teen") and not teen.rating_allows("mature")


def test_error_response_has_the_seed_shape() -> None:
    body = ErrorResponse.of("INVALID_REQUEST", "bad", "req-1", details=[{"field": "genres"}]).dump()
    assert set(body["error"]) == {"code", "message", "details", "requestId", "timestamp"}
