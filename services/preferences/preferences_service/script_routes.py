"""Routes that change a finished episode: its script, and one panel drawn again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path

from manga_common.models.preferences import MAX_PAGES
from manga_common.models.script import EpisodeScript
from manga_common.revisions import image_number, redrawn_panels, structure_problems
from preferences_service.callers import caller_id
from preferences_service.errors import FieldError, InvalidRequest, NotFound
from preferences_service.logic import PreferencesDeps
from preferences_service.openapi_docs import responses
from preferences_service.queries import caller_episode
from preferences_service.revision_schemas import (
    EpisodeScriptDocument,
    PanelPosition,
    RedrawRequest,
    RevisionAccepted,
)
from preferences_service.revisions import (
    StartedRevision,
    check_if_match,
    current_script,
    editable,
    etag_of,
    start_revision,
    story_bible,
)
from preferences_service.routes import EpisodeId

PageNumber = Annotated[int, Path(alias="pageNumber", ge=1, le=MAX_PAGES, description="Page, 1 is read first")]
PanelNumber = Annotated[int, Path(alias="panelNumber", ge=1, le=6, description="Panel, 1 is read first")]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="The ETag of the script this edit was made from"),
]


def script_router(deps: Callable[[], PreferencesDeps]) -> Router:
    router = Router()

    def caller() -> str:
        return caller_id(router.current_event.raw_event)

    def accepted(started: StartedRevision) -> Response[RevisionAccepted]:
        status_url = f"/status/{started.request.request_id}"
        body = RevisionAccepted(
            request_id=started.request.request_id,
            status=started.request.status,
            status_url=status_url,
            story_id=started.episode.story_id,
            episode_number=started.episode.episode_number,
            revision=started.episode.revision,
            etag=etag_of(started.episode),
            redrawn=[PanelPosition(page=page, panel=index + 1) for page, index in started.redrawn],
        )
        return Response(
            status_code=202,
            content_type=content_types.APPLICATION_JSON,
            body=body,
            headers={"Location": status_url, "ETag": body.etag},
        )

    @router.get(
        "/episodes/<episodeId>/script",
        summary="The episode's script: dialogue, captions, SFX and panel descriptions",
        description="Its `etag` (also the ETag header) goes back in If-Match on `PUT`.",
        responses=responses(200, "The script at its current revision", 400, 401, 404, 409),
        tags=["episodes"],
    )
    def get_script(episode_id: EpisodeId) -> Response[EpisodeScriptDocument]:
        current = deps()
        episode, story = caller_episode(current.table, caller(), episode_id)
        document = EpisodeScriptDocument(
            episode_id=episode.episode_id,
            revision=episode.revision,
            lettered_revision=episode.lettered_revision,
            etag=etag_of(episode),
            reading_direction=story.reading_direction,
            cast=[character.name for character in story_bible(story, current).characters],
            script=current_script(episode, current),
        )
        return Response(
            status_code=200,
            content_type=content_types.APPLICATION_JSON,
            body=document,
            headers={"ETag": document.etag, "Cache-Control": "no-store"},
        )

    @router.put(
        "/episodes/<episodeId>/script",
        status_code=202,
        summary="Change the episode's script",
        description=(
            "Pages and panels stay where they are. Panels whose description, shot, cast, emotion, "
            "action, place or time changed are drawn again (counted in the hourly limit); other "
            "changes only re-letter the episode. Poll `statusUrl`."
        ),
        responses=responses(202, "The edit is being lettered", 400, 401, 404, 409, 412, 413, 428, 429, 503),
        tags=["episodes"],
    )
    def put_script(
        episode_id: EpisodeId, script: Annotated[EpisodeScript, Body()], if_match: IfMatch = None
    ) -> Response[RevisionAccepted]:
        current = deps()
        episode, story = caller_episode(current.table, caller(), episode_id)
        check_if_match(if_match, episode)
        editable(episode, current)
        before = current_script(episode, current)
        problems = structure_problems(before, script, story_bible(story, current))
        if problems:
            raise InvalidRequest(
                "the script is not an edit of this episode",
                [FieldError(field=field, message=message) for field, message in problems],
            )
        redraw = redrawn_panels(before, script)
        return accepted(start_revision(episode, script, redraw, current, counted=bool(redraw)))

    @router.post(
        "/episodes/<episodeId>/panels/<pageNumber>/<panelNumber>/redraw",
        status_code=202,
        summary="Draw one panel again",
        description=(
            "Optionally with a new description or seed. The earlier art is kept; the episode is "
            "re-lettered with the new art. Counted in the hourly limit. Poll `statusUrl`."
        ),
        responses=responses(202, "The panel is being drawn", 400, 401, 404, 409, 413, 429, 503),
        tags=["episodes"],
    )
    def redraw_panel(
        episode_id: EpisodeId,
        page_number: PageNumber,
        panel_number: PanelNumber,
        change: Annotated[RedrawRequest | None, Body()] = None,
    ) -> Response[RevisionAccepted]:
        current = deps()
        episode, _ = caller_episode(current.table, caller(), episode_id)
        editable(episode, current)
        script = current_script(episode, current)
        if page_number > len(script.pages) or panel_number > len(script.pages[page_number - 1].panels):
            raise NotFound("no such panel")
        index = panel_number - 1
        seeds: dict[int, int] = {}
        if change is not None and change.description:
            page = script.pages[page_number - 1]
            panels = list(page.panels)
            panels[index] = panels[index].model_copy(update={"description": change.description})
            pages = list(script.pages)
            pages[page_number - 1] = page.model_copy(update={"panels": panels})
            script = script.model_copy(update={"pages": pages})
        if change is not None and change.seed is not None:
            seeds[image_number(script, page_number, index)] = change.seed
        started = start_revision(episode, script, [(page_number, index)], current, seeds=seeds, counted=True)
        return accepted(started)

    return router
