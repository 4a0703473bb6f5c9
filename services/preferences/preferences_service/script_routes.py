"""Routes that change an episode: its script (before drawing, or once finished), one panel
drawn again, and the drawing of an episode whose script the reader edited first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path

from manga_common.models.entities import EpisodeRecord
from manga_common.models.preferences import MAX_PAGES, ReadingDirection
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.revisions import image_number, redrawn_panels, structure_problems
from preferences_service.callers import caller_id
from preferences_service.drawing import awaits_drawing, save_draft, start_drawing
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
from preferences_service.schemas import GenerationAccepted

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

    def accepted(started: StartedRevision) -> Response[Any]:
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
        return script_document(
            episode, story.reading_direction, story_bible(story, current), current_script(episode, current)
        )

    @router.put(
        "/episodes/<episodeId>/script",
        status_code=202,
        summary="Change the episode's script",
        description=(
            "Pages and panels stay where they are. Panels whose description, shot, cast, emotion, "
            "action, place or time changed are drawn again (counted in the hourly limit); other "
            "changes only re-letter the episode. Poll `statusUrl`. An episode that awaits drawing "
            "(SCRIPTED) keeps the edit and answers 200 with the script at its new revision; "
            "`POST /episodes/{episodeId}/draw` draws it."
        ),
        responses={
            **responses(202, "The edit is being lettered", 400, 401, 404, 409, 412, 413, 428, 429, 503),
            200: {
                "description": "Saved; the episode awaits drawing",
                "content": {"application/json": {"model": EpisodeScriptDocument}},
            },
        },
        tags=["episodes"],
    )
    def put_script(
        episode_id: EpisodeId, script: Annotated[EpisodeScript, Body()], if_match: IfMatch = None
    ) -> Response[RevisionAccepted | EpisodeScriptDocument]:
        current = deps()
        episode, story = caller_episode(current.table, caller(), episode_id)
        check_if_match(if_match, episode)
        before_drawing = awaits_drawing(episode)
        if not before_drawing:
            editable(episode, current)
        before = current_script(episode, current)
        bible = story_bible(story, current)
        problems = structure_problems(before, script, bible)
        if problems:
            raise InvalidRequest(
                "the script is not an edit of this episode",
                [FieldError(field=field, message=message) for field, message in problems],
            )
        if before_drawing:
            saved = save_draft(episode, script, current)
            return script_document(saved, story.reading_direction, bible, script)
        redraw = redrawn_panels(before, script)
        return accepted(start_revision(episode, script, redraw, current, counted=bool(redraw)))

    @router.post(
        "/episodes/<episodeId>/draw",
        status_code=202,
        summary="Draw an episode whose script the reader edited first",
        description=(
            "For an episode ordered with `reviewScript` (status SCRIPTED): draws and letters every "
            "panel from the script as it now is, as an IMAGE request through the image stage's "
            "queue. Counted in the hourly limit. While a drawing runs, another call answers 409 "
            "with its `requestId`; an episode drawn already answers 409 `EPISODE_ALREADY_DRAWN`. "
            "Poll `statusUrl`."
        ),
        responses=responses(202, "The episode is being drawn", 400, 401, 404, 409, 429, 503),
        tags=["episodes"],
    )
    def draw_episode(episode_id: EpisodeId) -> Response[GenerationAccepted]:
        current = deps()
        episode, _ = caller_episode(current.table, caller(), episode_id)
        request = start_drawing(episode, current)
        status_url = f"/status/{request.request_id}"
        body = GenerationAccepted(
            request_id=request.request_id,
            status=request.status,
            status_url=status_url,
            story_id=episode.story_id,
            episode_number=episode.episode_number,
        )
        return Response(
            status_code=202,
            content_type=content_types.APPLICATION_JSON,
            body=body,
            headers={"Location": status_url},
        )

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


def script_document(
    episode: EpisodeRecord, reading_direction: ReadingDirection, bible: StoryBible, script: EpisodeScript
) -> Response[Any]:
    """The script as `GET` answers it (and `PUT`, for an edit made before drawing)."""
    document = EpisodeScriptDocument(
        episode_id=episode.episode_id,
        status=episode.status,
        revision=episode.revision,
        lettered_revision=episode.lettered_revision,
        etag=etag_of(episode),
        reading_direction=reading_direction,
        cast=[character.name for character in bible.characters],
        script=script,
    )
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=document,
        headers={"ETag": document.etag, "Cache-Control": "no-store"},
    )
