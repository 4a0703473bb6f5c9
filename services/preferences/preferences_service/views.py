"""Table entities turned into the API's answers."""

from __future__ import annotations

from manga_common.models.entities import EpisodeRecord, GenerationRequest, StoryRecord
from manga_common.stages import stages_from
from preferences_service.schemas import (
    DownloadFormat,
    EpisodeDetail,
    EpisodeSummary,
    GenerationStatus,
    StageProgress,
    StageState,
    StoryDetail,
    StorySummary,
)


def stage_progress(request: GenerationRequest) -> list[StageProgress]:
    """Where each stage stands, from the request's status and the stage that last took it up."""
    stages: list[str] = [stage.name for stage in stages_from(request.type)]
    # Before its first stage takes it up, a request's stage is the API's own ("preferences").
    current = stages.index(request.stage) if request.stage in stages else -1
    if request.status == "FAILED" and current < 0:
        current = 0

    # A request that stopped for the reader's edit is done up to its stage; the rest waits for them.
    finished = len(stages) if not request.review_script else current + 1

    def state(index: int) -> StageState:
        if request.status == "COMPLETED":
            return "done" if index < finished else "waiting"
        if index < current:
            return "done"
        if index > current:
            return "waiting"
        return "failed" if request.status == "FAILED" else "running"

    return [StageProgress(name=name, state=state(i)) for i, name in enumerate(stages)]


def generation_status(request: GenerationRequest) -> GenerationStatus:
    running = request.status == "PROCESSING"
    # Only the current stage's own earlier failure: an error an earlier stage got past is history.
    retrying = running and request.last_error is not None and request.last_error.stage == request.stage
    return GenerationStatus(
        request_id=request.request_id,
        type=request.type,
        status=request.status,
        stage=request.stage,
        stages=stage_progress(request),
        story_id=request.story_id,
        episode_id=request.episode_id,
        episode_number=request.episode_number,
        error=request.error,
        review_script=request.review_script,
        attempt=request.attempt if running else None,
        max_attempts=request.max_attempts if running else None,
        last_error=request.last_error if retrying else None,
        # Written by the image stage only: a count an earlier stage shows would be stale.
        panels_drawn=request.panels_drawn if request.stage == "image" else None,
        panels_total=request.panels_total if request.stage == "image" else None,
        created_at=request.created_at,
        updated_at=request.updated_at,
    )


def story_summary(story: StoryRecord) -> StorySummary:
    return StorySummary(
        story_id=story.story_id,
        title=story.title,
        status=story.status,
        art_style=story.art_style,
        reading_direction=story.reading_direction,
        episode_count=story.episode_count,
        created_at=story.created_at,
        updated_at=story.updated_at,
    )


def episode_summary(episode: EpisodeRecord) -> EpisodeSummary:
    return EpisodeSummary(
        episode_id=episode.episode_id,
        episode_number=episode.episode_number,
        title=episode.title,
        status=episode.status,
        page_count=episode.page_count,
    )


def story_detail(story: StoryRecord, episodes: list[EpisodeRecord]) -> StoryDetail:
    return StoryDetail(**story_summary(story).model_dump(), episodes=[episode_summary(e) for e in episodes])


def ready_formats(episode: EpisodeRecord) -> list[DownloadFormat]:
    if episode.status != "COMPLETED":
        return []
    formats: list[DownloadFormat] = []
    if episode.pdf_s3_key:
        formats.append("pdf")
    if episode.cbz_s3_key:
        formats.append("cbz")
    return formats


def episode_detail(episode: EpisodeRecord, story: StoryRecord) -> EpisodeDetail:
    return EpisodeDetail(
        **episode_summary(episode).model_dump(),
        story_id=story.story_id,
        story_title=story.title,
        reading_direction=story.reading_direction,
        formats=ready_formats(episode),
        created_at=episode.created_at,
        updated_at=episode.updated_at,
    )
