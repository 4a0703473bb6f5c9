"""Continuing a story: the next episode follows the story's bible and arc.

The API only starts it: an EPISODE request and the same event the story stage publishes for
episode 1, numbered after the episodes the story has. The episode stage reads the bible and
writes the next part of the arc.

Episode N of a story is claimed once (a conditional write, in one transaction with the hourly
count and the request itself): racing orders for the same episode start one generation, and
the others learn which request is making it. A claim whose request failed may be taken over.
"""

from __future__ import annotations

from manga_common import content
from manga_common.ids import episode_id_for, new_request_id
from manga_common.models.entities import GenerationRequest, StoryRecord
from manga_common.models.events import EpisodeGenerationRequested
from manga_common.observability import logger
from manga_common.table import EpisodeClaimed
from preferences_service.errors import Conflict
from preferences_service.logic import PreferencesDeps, publish_or_fail


def request_next_episode(
    story: StoryRecord, deps: PreferencesDeps, *, review_script: bool = False
) -> GenerationRequest:
    """Start episode `episode_count + 1` of the caller's story; returns the PENDING request.

    With `review_script` the request ends once the script is written, the episode awaiting
    drawing (see preferences_service.drawing).

    Raises Conflict while the story is unfinished or its next episode is claimed by a request
    that has not failed (with that request's id), RateLimitExceeded past the hourly limit.
    """
    user_id = story.user_id
    if story.status != "COMPLETED":
        raise Conflict("the story is not finished yet", code="STORY_NOT_READY")
    number = story.episode_count + 1
    # The story's count rises when an episode is drawn: one that awaits drawing holds the number.
    waiting = deps.table.get_episode(story.story_id, number)
    if waiting is not None and waiting.status == "SCRIPTED":
        raise Conflict(
            f"episode {number} awaits drawing: draw it before ordering the next one",
            {"episodeId": waiting.episode_id},
            code="EPISODE_AWAITS_DRAWING",
        )
    holder = deps.table.episode_claim(story.story_id, number)
    if holder is not None:
        held = deps.table.get_request(user_id, holder)
        if held is not None and held.status != "FAILED":
            raise episode_in_progress(holder)
    request = GenerationRequest(
        user_id=user_id,
        request_id=new_request_id(),
        type="EPISODE",
        story_id=story.story_id,
        episode_id=episode_id_for(story.story_id, number),
        episode_number=number,
        review_script=review_script,
    )
    try:
        deps.table.claim_episode(request, deps.config.generation_limit_per_hour, replacing=holder)
    except EpisodeClaimed as claimed:
        raise episode_in_progress(claimed.request_id) from None
    publish_or_fail(
        deps,
        request,
        EpisodeGenerationRequested(
            user_id=user_id,
            request_id=request.request_id,
            story_id=story.story_id,
            story_s3_key=story.s3_key or content.story_markdown_key(user_id, story.story_id),
            episode_number=number,
        ),
    )
    logger.info("next episode requested", extra={"story_id": story.story_id, "episode_number": number})
    return request


def episode_in_progress(request_id: str | None) -> Conflict:
    return Conflict(
        "an episode of this story is already being made",
        {"requestId": request_id} if request_id else None,
        code="EPISODE_IN_PROGRESS",
    )
