"""The REST API's routes: each one checks who is calling and delegates.

Routes are registered on a resolver built per execution environment (see app.py), so each
handler reads the caller's event from its own resolver.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from manga_common.errors import MangaError
from manga_common.models.entities import EpisodeRecord
from manga_common.models.preferences import (
    CONTENT_RATINGS,
    GENRES,
    MAX_GENRES,
    MAX_THEMES,
    TARGET_AUDIENCES,
    PreferencesRequest,
)
from preferences_service import views
from preferences_service.callers import caller_id
from preferences_service.downloads import download_link
from preferences_service.errors import (
    Conflict,
    FieldError,
    InvalidRequest,
    NotFound,
    ServiceUnavailable,
)
from preferences_service.logic import PreferencesDeps, submit_preferences
from preferences_service.next_episode import request_next_episode
from preferences_service.openapi_docs import IMAGE_CONTENT, responses
from preferences_service.queries import caller_episode, caller_episodes, caller_request, caller_story
from preferences_service.schemas import (
    ApiOptions,
    ArtStyleOption,
    DownloadFormat,
    DownloadLink,
    EpisodeDetail,
    GenerationAccepted,
    GenerationStatus,
    NextEpisodeRequest,
    PageList,
    PageRange,
    PageRef,
    StoryDetail,
    StoryList,
)

# Ids are UUIDs; the pattern admits any id format while keeping table keys within DynamoDB's size limits.
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MAX_PAGES = 64

StoryId = Annotated[str, Path(alias="storyId", pattern=ID_PATTERN, description="A story of the caller")]
EpisodeId = Annotated[
    str, Path(alias="episodeId", pattern=ID_PATTERN, description="An episode of the caller")
]
RequestId = Annotated[str, Path(alias="requestId", pattern=ID_PATTERN, description="A request of the caller")]
PageNumber = Annotated[int, Path(alias="pageNumber", ge=1, le=MAX_PAGES, description="1 is read first")]


def register_routes(app: APIGatewayRestResolver, deps: Callable[[], PreferencesDeps]) -> None:
    def caller() -> str:
        """The Cognito user the authorizer vouched for (its `sub` claim)."""
        return caller_id(app.current_event.raw_event)

    def accepted(body: GenerationAccepted) -> Response[GenerationAccepted]:
        return Response(
            status_code=202,
            content_type=content_types.APPLICATION_JSON,
            body=body,
            headers={"Location": body.status_url},
        )

    @app.get(
        "/config",
        summary="What a reader may choose",
        description="Allowed values for `POST /preferences`, including the installed art styles.",
        responses=responses(200, "The allowed values", 401),
        tags=["preferences"],
    )
    def get_config() -> ApiOptions:
        caller()
        current = deps()
        return ApiOptions(
            genres=list(GENRES),
            max_genres=MAX_GENRES,
            max_themes=MAX_THEMES,
            art_styles=[
                ArtStyleOption(name=s.name, display_name=s.display_name, description=s.description)
                for s in sorted(current.registry.art_styles.items.values(), key=lambda s: s.name)
            ],
            target_audiences=list(TARGET_AUDIENCES),
            content_ratings=list(CONTENT_RATINGS),
            reading_directions=["rtl", "ltr"],
            pages=page_range(),
            generation_limit_per_hour=current.config.generation_limit_per_hour,
        )

    @app.post(
        "/preferences",
        status_code=202,
        summary="Order a manga",
        description="Starts a story and its first episode; poll `statusUrl` for progress.",
        responses=responses(202, "Generation started", 400, 401, 413, 415, 429, 503),
        tags=["preferences"],
    )
    def post_preferences(preferences: Annotated[PreferencesRequest, Body()]) -> Response[GenerationAccepted]:
        user_id = caller()
        current = deps()
        if preferences.art_style not in current.registry.art_styles.names():
            known = ", ".join(current.registry.art_styles.names())
            raise InvalidRequest(
                "the preferences are not valid",
                [FieldError(field="artStyle", message=f"unknown art style; one of: {known}")],
            )
        try:
            request = submit_preferences(user_id, preferences, current)
        except MangaError as error:
            raise ServiceUnavailable("generation could not be started, try again") from error
        return accepted(
            GenerationAccepted(
                request_id=request.request_id,
                status=request.status,
                status_url=f"/status/{request.request_id}",
            )
        )

    @app.get(
        "/status/<requestId>",
        summary="Progress of a generation",
        responses=responses(200, "Where the generation stands", 400, 401, 404),
        tags=["generation"],
    )
    def get_status(request_id: RequestId) -> GenerationStatus:
        current = deps()
        return views.generation_status(caller_request(current.table, caller(), request_id))

    @app.get(
        "/stories",
        summary="The caller's stories, newest first",
        responses=responses(200, "The stories", 401),
        tags=["stories"],
    )
    def list_stories() -> StoryList:
        current = deps()
        return StoryList(stories=[views.story_summary(s) for s in current.table.list_stories(caller())])

    @app.get(
        "/stories/<storyId>",
        summary="A story and its episodes",
        responses=responses(200, "The story", 400, 401, 404),
        tags=["stories"],
    )
    def get_story(story_id: StoryId) -> StoryDetail:
        current = deps()
        story = caller_story(current.table, caller(), story_id)
        return views.story_detail(story, caller_episodes(current.table, story))

    @app.post(
        "/stories/<storyId>/episodes",
        status_code=202,
        summary="Order the story's next episode",
        description="Continues the story's bible and arc with episode `episodeCount + 1`.",
        responses=responses(202, "Generation started", 400, 401, 404, 409, 413, 429, 503),
        tags=["stories"],
    )
    def post_next_episode(
        story_id: StoryId, options: Annotated[NextEpisodeRequest | None, Body()] = None
    ) -> Response[GenerationAccepted]:
        current = deps()
        story = caller_story(current.table, caller(), story_id)
        review = options.review_script if options is not None else False
        try:
            request = request_next_episode(story, current, review_script=review)
        except MangaError as error:
            raise ServiceUnavailable("generation could not be started, try again") from error
        return accepted(
            GenerationAccepted(
                request_id=request.request_id,
                status=request.status,
                status_url=f"/status/{request.request_id}",
                story_id=story.story_id,
                episode_number=request.episode_number,
            )
        )

    @app.get(
        "/episodes/<episodeId>",
        summary="An episode",
        responses=responses(200, "The episode", 400, 401, 404),
        tags=["episodes"],
    )
    def get_episode(episode_id: EpisodeId) -> EpisodeDetail:
        current = deps()
        return views.episode_detail(*caller_episode(current.table, caller(), episode_id))

    @app.get(
        "/episodes/<episodeId>/download",
        summary="A link to the episode's PDF or CBZ",
        description="A presigned link that expires within 15 minutes.",
        responses=responses(200, "A download link", 400, 401, 404, 409),
        tags=["episodes"],
    )
    def download_episode(
        episode_id: EpisodeId,
        file_format: Annotated[DownloadFormat, Query(alias="format", description="pdf or cbz")] = "pdf",
    ) -> DownloadLink:
        current = deps()
        episode, _ = caller_episode(current.table, caller(), episode_id)
        return download_link(current.store, episode, file_format)

    @app.get(
        "/episodes/<episodeId>/pages",
        summary="The episode's pages in reading order",
        responses=responses(200, "The pages", 400, 401, 404, 409),
        tags=["episodes"],
    )
    def list_pages(episode_id: EpisodeId) -> PageList:
        current = deps()
        episode, story = caller_episode(current.table, caller(), episode_id)
        comic = current.comics.open(readable_archive(episode))
        return PageList(
            episode_id=episode.episode_id,
            reading_direction=story.reading_direction,
            pages=[
                PageRef(number=n, path=f"/episodes/{episode.episode_id}/pages/{n}")
                for n in range(1, min(len(comic.names), MAX_PAGES) + 1)
            ],
        )

    @app.get(
        "/episodes/<episodeId>/pages/<pageNumber>",
        summary="One lettered page as an image",
        responses=responses(200, "The page image", 400, 401, 404, 409, content=IMAGE_CONTENT),
        tags=["episodes"],
    )
    def get_page(episode_id: EpisodeId, page_number: PageNumber) -> Response[str]:
        current = deps()
        episode, _ = caller_episode(current.table, caller(), episode_id)
        page = current.comics.open(readable_archive(episode)).page(page_number)
        if page is None:
            raise NotFound("no such page")
        return binary_response(page.content_type, page.data)


def readable_archive(episode: EpisodeRecord) -> str:
    """The CBZ the reader's pages come from, once the episode is finished."""
    if "cbz" not in views.ready_formats(episode):
        raise Conflict("the episode is not ready yet", code="EPISODE_NOT_READY")
    return str(episode.cbz_s3_key)


def binary_response(content_type: str, data: bytes) -> Response[str]:
    """Bytes as API Gateway carries them (base64, flagged), encoded here because Powertools'
    response validation would otherwise try to read the bytes as text."""
    response: Response[str] = Response(
        status_code=200,
        content_type=content_type,
        body=base64.b64encode(data).decode("ascii"),
        headers={"Cache-Control": "private, max-age=3600"},
    )
    response.base64_encoded = True
    return response


def page_range() -> PageRange:
    bounds = PreferencesRequest.model_fields["pages"].metadata
    low = next(m.ge for m in bounds if hasattr(m, "ge"))
    high = next(m.le for m in bounds if hasattr(m, "le"))
    return PageRange(min=low, max=high)
