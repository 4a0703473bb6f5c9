"""Accepting a reader's preferences: validate, count against the hourly limit, enrich with
insights, store, publish."""

from __future__ import annotations

from dataclasses import dataclass, field

from manga_common import content
from manga_common.context import ServiceContext
from manga_common.errors import MangaError
from manga_common.ids import new_request_id
from manga_common.models.entities import EpisodeRecord, GenerationRequest, PreferencesRecord, RequestError
from manga_common.models.events import EventDetail, ImageGenerationRequested, StoryGenerationRequested
from manga_common.models.preferences import PreferencesRequest
from manga_common.observability import logger
from preferences_service.config import ApiConfig
from preferences_service.pages import ComicShelf


@dataclass
class PreferencesDeps(ServiceContext):
    """The shared service context plus the API's own configuration and page cache."""

    config: ApiConfig = field(default_factory=ApiConfig.from_env)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.comics = ComicShelf(self.store)


def submit_preferences(
    user_id: str, preferences: PreferencesRequest, deps: PreferencesDeps
) -> GenerationRequest:
    """Start a generation; returns the PENDING request the reader can poll.

    Raises RateLimitExceeded past the caller's generations for this hour.
    """
    deps.registry.art_styles.get(preferences.art_style)  # unknown style: ConfigurationError
    deps.table.count_generation(user_id, deps.config.generation_limit_per_hour)
    provider = deps.registry.insights_providers.get(deps.settings.insights_provider)
    insights = provider.insights_for(preferences)
    request = GenerationRequest(
        user_id=user_id,
        request_id=new_request_id(),
        type="STORY",
        review_script=preferences.review_script,
    )
    deps.table.put_preferences(
        PreferencesRecord(
            user_id=user_id,
            preferences=preferences,
            insights=insights,
            fingerprint=preferences.fingerprint(),
        )
    )
    deps.table.create_request(request)
    publish_or_fail(
        deps,
        request,
        StoryGenerationRequested(
            user_id=user_id, request_id=request.request_id, preferences=preferences, insights=insights
        ),
    )
    logger.info("generation requested", extra={"insights_provider": insights.provider})
    return request


def drawing_request(episode: EpisodeRecord) -> GenerationRequest:
    """A new IMAGE request for drawing (or re-lettering) an episode the reader owns."""
    return GenerationRequest(
        user_id=episode.user_id,
        request_id=new_request_id(),
        type="IMAGE",
        story_id=episode.story_id,
        episode_id=episode.episode_id,
        episode_number=episode.episode_number,
    )


def drawing_event(
    request: GenerationRequest, episode: EpisodeRecord, revision: int | None = None
) -> ImageGenerationRequested:
    """The event that starts `request` at the image stage; `revision` for a finished episode's edit."""
    user_id, story_id, number = episode.user_id, episode.story_id, episode.episode_number
    return ImageGenerationRequested(
        user_id=user_id,
        request_id=request.request_id,
        episode_id=episode.episode_id,
        episode_s3_key=episode.s3_key or content.episode_markdown_key(user_id, story_id, number),
        story_id=story_id,
        episode_number=number,
        revision=revision,
    )


def publish_or_fail(deps: PreferencesDeps, request: GenerationRequest, event: EventDetail) -> None:
    """Publish the event that starts a request's first stage. When it cannot be published the
    request is FAILED with that error, so a reader never polls for work that was never queued."""
    logger.set_correlation_id(request.request_id)
    try:
        deps.publisher.publish(event)
    except MangaError as error:
        deps.table.move_request(
            request.user_id,
            request.request_id,
            "FAILED",
            error=RequestError(code=error.code, message=error.message, stage="preferences"),
        )
        raise
