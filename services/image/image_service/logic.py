"""Drawing and lettering an episode: panel art per slot, then the PDF and CBZ."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from image_service.book import BookLayout, PanelSlot, cover_art_slot, plan_book, render_cbz, render_pdf
from manga_common import content
from manga_common.context import ServiceContext
from manga_common.errors import NotFoundError
from manga_common.ids import seed_from
from manga_common.models.events import ImageGenerationRequested
from manga_common.models.script import EpisodeScript, Panel, StoryBible
from manga_common.observability import logger
from manga_common.plugins.interfaces import ArtStyle, ImageBackend, PanelImageRequest
from manga_common.prompts import panel_prompt

PDF_TYPE = "application/pdf"
CBZ_TYPE = "application/vnd.comicbook+zip"
PNG_TYPE = "image/png"
COVER_KEY = (0, 0)
"""Where the cover art sits among the art: no panel has page number 0."""
COVER_CAST = 3


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
        jobs = art_jobs(layout, bible, script, style, seed, user_id, story_id, number)
        backend = deps.registry.image_backends.get(deps.settings.image_backend)
        pdf, cbz = letter_episode(layout, bible, script, draw_panels(jobs, backend, deps))
        cbz_key = content.episode_cbz_key(user_id, story_id, number)
        deps.store.put(pdf_key, pdf, PDF_TYPE)
        deps.store.put(cbz_key, cbz, CBZ_TYPE)
        deps.table.complete_episode(
            episode.model_copy(
                update={"pdf_s3_key": pdf_key, "cbz_s3_key": cbz_key, "page_count": len(script.pages)}
            )
        )
        logger.info("episode drawn", extra={"episode_id": episode.episode_id, "images": len(jobs)})
    deps.table.record_episode_count(user_id, story_id, number)
    deps.table.move_request(user_id, event.request_id, "COMPLETED", episode_id=episode.episode_id)
    return pdf_key


def art_requests(
    layout: BookLayout, bible: StoryBible, script: EpisodeScript, style: ArtStyle, seed: int
) -> list[tuple[PanelSlot, PanelImageRequest]]:
    """What to draw: the cover art first (under COVER_KEY), then every panel in reading order."""
    cover = cover_art_slot(layout)
    requests = [(cover, _art_request(cover_panel(bible), cover, layout, bible, style, seed))]
    for slot in layout.panel_slots():
        panel = script.pages[slot.page_number - 1].panels[slot.panel_index]
        requests.append((slot, _art_request(panel, slot, layout, bible, style, seed)))
    return requests


def cover_panel(bible: StoryBible) -> Panel:
    """The cover shows the first of the cast together, ready for what comes."""
    cast = [character.name for character in bible.characters[:COVER_CAST]]
    return Panel(
        shot="medium",
        description=f"Cover art of {bible.title}: {', '.join(cast)} together, facing the reader",
        characters=cast,
        emotion="determined",
    )


def _art_request(
    panel: Panel, slot: PanelSlot, layout: BookLayout, bible: StoryBible, style: ArtStyle, seed: int
) -> PanelImageRequest:
    prompt, negative = panel_prompt(panel, bible, style, reading_direction=layout.reading_direction)
    return PanelImageRequest(
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


def art_jobs(
    layout: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    style: ArtStyle,
    seed: int,
    user_id: str,
    story_id: str,
    number: int,
) -> list[PanelJob]:
    """Art requests with their bucket keys: the cover is image-000.png, panels count from 001."""
    return [
        PanelJob(slot, content.panel_image_key(user_id, story_id, number, image_number), request)
        for image_number, (slot, request) in enumerate(art_requests(layout, bible, script, style, seed))
    ]


def letter_episode(
    layout: BookLayout, bible: StoryBible, script: EpisodeScript, art: Mapping[tuple[int, int], bytes]
) -> tuple[bytes, bytes]:
    """(PDF, CBZ) of a drawn episode; `art` holds the cover under COVER_KEY and every panel."""
    cover = art.get(COVER_KEY)
    panels = {key: image for key, image in art.items() if key != COVER_KEY}
    pdf = render_pdf(layout, bible, script, panels, cover_art=cover)
    cbz = render_cbz(
        layout, bible, script, panels, series=bible.title, summary=script.summary, cover_art=cover
    )
    return pdf, cbz


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
