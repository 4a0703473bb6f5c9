"""Editing before drawing: an episode whose reader asked to see the script first.

An order with `reviewScript` ends COMPLETED at the episode stage, its episode SCRIPTED: the
script is written, no panel is drawn. While it awaits drawing the reader reads and edits the
script (`GET`/`PUT /episodes/{id}/script`, the same ETag rules as for a finished episode; an
edit raises the revision but starts no work, since there is nothing to re-letter), and
`POST /episodes/{id}/draw` starts the image stage as an IMAGE request of its own, through its
queue like any work. Drawing is claimed on the episode itself (SCRIPTED → GENERATING, in one
transaction with the hourly count and the request), so of racing calls only one draws.
"""

from __future__ import annotations

from manga_common import content
from manga_common.errors import MangaError
from manga_common.models.entities import EpisodeRecord, GenerationRequest
from manga_common.models.script import EpisodeScript
from manga_common.observability import logger
from manga_common.revisions import next_revision
from manga_common.table import EpisodeClaimed
from preferences_service.errors import Conflict, ServiceUnavailable
from preferences_service.logic import PreferencesDeps, drawing_event, drawing_request, publish_or_fail
from preferences_service.queries import in_flight_for_story
from preferences_service.revisions import PreconditionFailed


def awaits_drawing(episode: EpisodeRecord) -> bool:
    """Its script is written and no drawing of it ever finished: SCRIPTED, or a drawing that failed."""
    return episode.status == "SCRIPTED" or (episode.status == "FAILED" and not episode.pdf_s3_key)


def save_draft(episode: EpisodeRecord, script: EpisodeScript, deps: PreferencesDeps) -> EpisodeRecord:
    """Record an edit made before drawing as the episode's next revision; nothing is drawn yet,
    so no art version changes and no work starts."""
    busy = in_flight_for_story(deps.table, episode.user_id, episode.story_id)
    if busy is not None:
        raise Conflict(
            "this story is being drawn or lettered right now",
            {"requestId": busy.request_id},
            code="EPISODE_IN_PROGRESS",
        )
    revised = next_revision(episode, script, [])
    deps.store.put_model(
        content.episode_script_revision_key(
            episode.user_id, episode.story_id, episode.episode_number, revised.revision
        ),
        script,
    )
    if not deps.table.revise_episode(revised, expected_revision=episode.revision, status=episode.status):
        raise PreconditionFailed("the script changed since you read it: read it again and redo the edit")
    logger.info("script edited before drawing", extra={"episode_id": episode.episode_id})
    return revised


def start_drawing(episode: EpisodeRecord, deps: PreferencesDeps) -> GenerationRequest:
    """Draw and letter an episode that awaits drawing; returns the PENDING IMAGE request.

    Raises Conflict when it is drawn already, is being drawn (with that request's id) or its
    script is not written yet, RateLimitExceeded past the hourly limit.
    """
    if episode.status == "COMPLETED":
        raise Conflict(
            "the episode is drawn already: edit its script or redraw a panel instead",
            code="EPISODE_ALREADY_DRAWN",
        )
    if not awaits_drawing(episode):
        raise drawing_in_progress(episode.request_id if episode.status == "GENERATING" else None)
    user_id, story_id, number = episode.user_id, episode.story_id, episode.episode_number
    if not deps.store.exists(content.episode_script_key(user_id, story_id, number)):
        raise Conflict("the episode's script is not written yet", code="EPISODE_NOT_READY")
    request = drawing_request(episode)
    try:
        deps.table.claim_drawing(episode, request, deps.config.generation_limit_per_hour)
    except EpisodeClaimed as claimed:
        raise drawing_in_progress(claimed.request_id) from None
    try:
        publish_or_fail(deps, request, drawing_event(request, episode))
    except MangaError as error:
        # The episode awaits drawing again: the reader may simply press the button once more.
        deps.table.set_episode_status(story_id, number, "SCRIPTED")
        raise ServiceUnavailable("the drawing could not be started, try again") from error
    logger.info("episode drawing requested", extra={"episode_id": episode.episode_id})
    return request


def drawing_in_progress(request_id: str | None) -> Conflict:
    return Conflict(
        "the episode is being drawn right now",
        {"requestId": request_id} if request_id else None,
        code="EPISODE_IN_PROGRESS",
    )
