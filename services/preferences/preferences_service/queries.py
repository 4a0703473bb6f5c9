"""Reads on behalf of the caller: a user reaches only their own requests, stories and episodes.

Whatever belongs to someone else, or to no one, is answered the same way (NotFound), so a
caller cannot learn that another user's id exists.
"""

from __future__ import annotations

from manga_common.models.entities import EpisodeRecord, GenerationRequest, StoryRecord
from manga_common.table import MangaTable
from preferences_service.errors import NotFound


def caller_request(table: MangaTable, user_id: str, request_id: str) -> GenerationRequest:
    request = table.get_request(user_id, request_id)
    if request is None:
        raise NotFound("no such request")
    return request


def caller_story(table: MangaTable, user_id: str, story_id: str) -> StoryRecord:
    story = table.get_story(user_id, story_id)
    if story is None:
        raise NotFound("no such story")
    return story


def caller_episode(table: MangaTable, user_id: str, episode_id: str) -> tuple[EpisodeRecord, StoryRecord]:
    """The episode with its story; found by id alone (GSI1), so ownership is checked on both."""
    episode = table.find_episode(episode_id)
    story = table.get_story(user_id, episode.story_id) if episode and episode.user_id == user_id else None
    if episode is None or story is None:
        raise NotFound("no such episode")
    return episode, story


def caller_episodes(table: MangaTable, story: StoryRecord) -> list[EpisodeRecord]:
    return [e for e in table.list_episodes(story.story_id) if e.user_id == story.user_id]


def in_flight_for_story(table: MangaTable, user_id: str, story_id: str) -> GenerationRequest | None:
    """The caller's unfinished request that is writing an episode of this story, if any."""
    for request in table.list_requests(user_id):
        if request.story_id == story_id and request.status in ("PENDING", "PROCESSING"):
            return request
    return None
