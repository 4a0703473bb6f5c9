"""Continuing a story: the next episode follows the story's bible and arc.

The API only starts it: an EPISODE request and the same event the story stage publishes for
episode 1, numbered after the episodes the story has. The episode stage reads the bible and
writes the next part of the arc.
"""

from __future__ import annotations

from manga_common import content
from manga_common.errors import MangaError
from manga_common.ids import episode_id_for, new_request_id
from manga_common.models.entities import GenerationRequest, RequestError, StoryRecord
from manga_common.models.events import EpisodeGenerationRequested
from manga_common.observability import logger
from preferences_service.errors import Conflict
from preferences_service.logic import PreferencesDeps
from preferences_service.queries import in_flight_for_story


def request_next_episode(story: StoryRecord, deps: PreferencesDeps) -> GenerationRequest:
    """Start episode `episode_count + 1` of the caller's story; returns the PENDING request.

    Raises Conflict while the story is unfinished or one of its episodes is still being made
    (two requests would race for the same episode number), RateLimitExceeded past the hourly limit.
    """
    user_id = story.user_id
    if story.status != "COMPLETED":
        raise Conflict("the story is not finished yet", code="STORY_NOT_READY")
    if in_flight_for_story(deps.table, user_id, story.story_id):
        raise Conflict("an episode of this story is already being made", code="EPISODE_IN_PROGRESS")
    deps.table.count_generation(user_id, deps.config.generation_limit_per_hour)
    number = story.episode_count + 1
    request = GenerationRequest(
        user_id=user_id,
        request_id=new_request_id(),
        type="EPISODE",
        story_id=story.story_id,
        episode_id=episode_id_for(story.story_id, number),
        episode_number=number,
    )
    deps.table.create_request(request)
    logger.set_correlation_id(request.request_id)
    try:
        deps.publisher.publish(
            EpisodeGenerationRequested(
                user_id=user_id,
                request_id=request.request_id,
                story_id=story.story_id,
                story_s3_key=story.s3_key or content.story_markdown_key(user_id, story.story_id),
                episode_number=number,
            )
        )
    except MangaError as error:
        deps.table.move_request(
            user_id,
            request.request_id,
            "FAILED",
            error=RequestError(code=error.code, message=error.message, stage="preferences"),
        )
        raise
    logger.info("next episode requested", extra={"story_id": story.story_id, "episode_number": number})
    return request
