"""Editing a finished episode: a new script revision, the panels to draw again, the image work.

Both an edited script and a one-panel redraw become the episode's next revision (recorded
only if the episode is still at the revision the caller saw) and an Image Generation
Requested event with that revision, on the image stage's queue like any other work: retried,
dead-lettered and visible in `GET /status` as an IMAGE request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TypeVar

from botocore.exceptions import ClientError
from pydantic import BaseModel

from manga_common import content
from manga_common.errors import MangaError
from manga_common.models.entities import EpisodeRecord, GenerationRequest, StoryRecord
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.observability import logger
from manga_common.revisions import next_revision
from preferences_service.errors import ApiError, Conflict, ServiceUnavailable
from preferences_service.logic import PreferencesDeps, drawing_event, drawing_request, publish_or_fail
from preferences_service.queries import in_flight_for_story

M = TypeVar("M", bound=BaseModel)


class PreconditionFailed(ApiError):
    status = HTTPStatus.PRECONDITION_FAILED
    code = "STALE_REVISION"


class PreconditionRequired(ApiError):
    status = HTTPStatus.PRECONDITION_REQUIRED
    code = "PRECONDITION_REQUIRED"


@dataclass(frozen=True)
class StartedRevision:
    request: GenerationRequest
    episode: EpisodeRecord
    redrawn: list[tuple[int, int]]


def etag_of(episode: EpisodeRecord) -> str:
    return f'"{episode.revision}"'


def check_if_match(header: str | None, episode: EpisodeRecord) -> None:
    """An edit names the revision it was made from; any other revision is a stale write."""
    if not header:
        raise PreconditionRequired("send If-Match with the ETag of the script you edited")
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" not in tags and etag_of(episode) not in tags:
        raise PreconditionFailed(
            "the script changed since you read it: read it again and redo the edit",
            {"currentEtag": etag_of(episode)},
        )


def editable(episode: EpisodeRecord, deps: PreferencesDeps) -> None:
    if episode.status != "COMPLETED":
        raise Conflict("the episode is not finished yet", code="EPISODE_NOT_READY")
    if in_flight_for_story(deps.table, episode.user_id, episode.story_id):
        raise Conflict("this story is being drawn or lettered right now", code="EPISODE_IN_PROGRESS")


def current_script(episode: EpisodeRecord, deps: PreferencesDeps) -> EpisodeScript:
    key = content.episode_script_revision_key(
        episode.user_id, episode.story_id, episode.episode_number, episode.revision
    )
    return written(lambda: deps.store.get_model(key, EpisodeScript))


def story_bible(story: StoryRecord, deps: PreferencesDeps) -> StoryBible:
    key = content.story_bible_key(story.user_id, story.story_id)
    return written(lambda: deps.store.get_model(key, StoryBible))


def written(read: Callable[[], M]) -> M:
    """What an earlier stage wrote; until it has, the episode cannot be edited."""
    try:
        return read()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise Conflict("the episode's script is not written yet", code="EPISODE_NOT_READY") from None
        raise


def start_revision(
    episode: EpisodeRecord,
    script: EpisodeScript,
    redraw: list[tuple[int, int]],
    deps: PreferencesDeps,
    *,
    seeds: dict[int, int] | None = None,
    counted: bool,
) -> StartedRevision:
    """Record the next revision and queue its lettering; `counted` work takes one of the hour's
    generations (drawing costs what a new episode's panels cost; lettering alone does not)."""
    if counted:
        deps.table.count_generation(episode.user_id, deps.config.generation_limit_per_hour)
    revised = next_revision(episode, script, redraw, seeds)
    user_id, story_id, number = episode.user_id, episode.story_id, episode.episode_number
    # The script goes first, under its own key: the record names a revision only once its
    # script is in the bucket, and the earlier scripts stay.
    deps.store.put_model(
        content.episode_script_revision_key(user_id, story_id, number, revised.revision), script
    )
    if not deps.table.revise_episode(revised, expected_revision=episode.revision):
        raise PreconditionFailed("the script changed since you read it: read it again and redo the edit")
    request = drawing_request(episode)
    deps.table.create_request(request)
    try:
        publish_or_fail(deps, request, drawing_event(request, episode, revised.revision))
    except MangaError as error:
        raise ServiceUnavailable("the change could not be started, try again") from error
    logger.info(
        "episode revision requested",
        extra={"episode_id": episode.episode_id, "revision": revised.revision, "redrawn": len(redraw)},
    )
    return StartedRevision(request, revised, redraw)
