"""Drawing and lettering an episode: panel art per slot, then the PDF and CBZ."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from image_service.book import BookLayout, PanelSlot, plan_book, render_cbz, render_pdf
from manga_common import content
from manga_common.context import ServiceContext
from manga_common.errors import NotFoundError
from manga_common.ids import seed_from
from manga_common.models.events import ImageGenerationRequested
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.observability import logger
from manga_common.plugins.interfaces import ArtStyle, ImageBackend, PanelImageRequest
from manga_common.prompts import panel_prompt

PDF_TYPE = "application/pdf"
CBZ_TYPE = "application/vnd.comicbook+zip"
PNG_TYPE = "image/png"


@dataclass(frozen=True)
class PanelJob:
    """One panel to draw and where its PNG lives in the bucket."""

    slot: PanelSlot
    key: str
    request: PanelImageRequest


def draw_episode(event: ImageGenerationRequested, deps: ServiceContext) -> str:
    """Idempotent: panels already in S3 are not drawn again; a finished episode is left alone."""
    user_id, story_id, number = event.user_id, event.story_id, event.episode_number
    episode = deps.table.get_episode(story_id, number)
    story = deps.table.get_story(user_id, story_id)
    if episode is None or story is None or episode.user_id != user_id:
        raise NotFoundError(f"episode {event.episode_id} does not exist")
    pdf_key = content.episode_pdf_key(user_id, story_id, number)
    if not (episode.status == "COMPLETED" and deps.store.exists(pdf_key)):
        bible = deps.store.get_model(content.story_bible_key(user_id, story_id), StoryBible)
        script = deps.store.get_model(content.episode_script_key(user_id, story_id, number), EpisodeScript)
        style = deps.registry.art_styles.get(story.art_style or bible.art_style)
        seed = seed_from(story.seed if story.seed is not None else story_id, number, "art")
        layout = plan_book(script, style, story.reading_direction, seed)
        jobs = panel_jobs(layout, bible, script, style, seed, user_id, story_id, number)
        backend = deps.registry.image_backends.get(deps.settings.image_backend)
        images = draw_panels(jobs, backend, deps)
        cbz_key = content.episode_cbz_key(user_id, story_id, number)
        deps.store.put(pdf_key, render_pdf(layout, bible, script, images), PDF_TYPE)
        deps.store.put(
            cbz_key,
            render_cbz(layout, bible, script, images, series=bible.title, summary=script.summary),
            CBZ_TYPE,
        )
        deps.table.complete_episode(
            episode.model_copy(
                update={"pdf_s3_key": pdf_key, "cbz_s3_key": cbz_key, "page_count": len(script.pages)}
            )
        )
        logger.info("episode drawn", extra={"episode_id": episode.episode_id, "panels": len(jobs)})
    deps.table.record_episode_count(user_id, story_id, number)
    deps.table.move_request(user_id, event.request_id, "COMPLETED", episode_id=episode.episode_id)
    return pdf_key


def panel_requests(
    layout: BookLayout, bible: StoryBible, script: EpisodeScript, style: ArtStyle, seed: int
) -> list[tuple[PanelSlot, PanelImageRequest]]:
    """What to draw for every slot of the layout, in reading order of the script."""
    requests = []
    for slot in layout.panel_slots():
        panel = script.pages[slot.page_number - 1].panels[slot.panel_index]
        prompt, negative = panel_prompt(panel, bible, style, reading_direction=layout.reading_direction)
        request = PanelImageRequest(
            prompt=prompt,
            negative_prompt=negative,
            width=slot.width_px,
            height=slot.height_px,
            seed=seed_from(seed, slot.page_number, slot.panel_index),
            style=style,
            panel=panel,
            bible=bible,
            page_number=slot.page_number,
            panel_index=slot.panel_index,
            reading_direction=layout.reading_direction,
        )
        requests.append((slot, request))
    return requests


def panel_jobs(
    layout: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    style: ArtStyle,
    seed: int,
    user_id: str,
    story_id: str,
    number: int,
) -> list[PanelJob]:
    return [
        PanelJob(slot, content.panel_image_key(user_id, story_id, number, image_number), request)
        for image_number, (slot, request) in enumerate(
            panel_requests(layout, bible, script, style, seed), start=1
        )
    ]


def draw_panels(
    jobs: list[PanelJob], backend: ImageBackend, deps: ServiceContext
) -> Mapping[tuple[int, int], bytes]:
    """Draw the panels not yet in the bucket, a few at a time (model calls are slow, not CPU-bound)."""

    def draw(job: PanelJob) -> bytes:
        if deps.store.exists(job.key):
            return deps.store.get(job.key)
        image = backend.draw_panel(job.request)
        deps.store.put(job.key, image, PNG_TYPE)
        return image

    with ThreadPoolExecutor(max_workers=deps.settings.panel_concurrency) as pool:
        images = list(pool.map(draw, jobs))
    return {
        (job.slot.page_number, job.slot.panel_index): image for job, image in zip(jobs, images, strict=True)
    }


def mark_episode_failed(event: ImageGenerationRequested, deps: ServiceContext) -> None:
    deps.table.set_episode_status(event.story_id, event.episode_number, "FAILED")
