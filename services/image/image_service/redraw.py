"""The image stage's side of an edited episode: which script, which art keys, which seeds.

An Image Generation Requested event with a `revision` letters a finished episode again at
that revision (see manga_common.revisions). Art whose version did not change is already in
the bucket under its key and is read back, not drawn; art at a new version gets a new key, so
only it is drawn, and the earlier versions stay where they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from image_service.book import frame_book
from image_service.book.edition import EDITIONS
from image_service.references import Cast, referenced_jobs
from manga_common import content
from manga_common.context import ServiceContext
from manga_common.errors import NotFoundError
from manga_common.ids import seed_from
from manga_common.models.entities import EpisodeRecord
from manga_common.models.events import ImageGenerationRequested
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.observability import logger
from manga_common.revisions import art_version

if TYPE_CHECKING:
    from image_service.logic import PanelJob


def script_key(episode: EpisodeRecord) -> str:
    """The script the episode is at: what the episode stage wrote, or its latest edit."""
    return content.episode_script_revision_key(
        episode.user_id, episode.story_id, episode.episode_number, episode.revision
    )


def is_revision(event: ImageGenerationRequested) -> bool:
    return event.revision is not None


def already_lettered(episode: EpisodeRecord, event: ImageGenerationRequested) -> bool:
    """A duplicate or late delivery of a revision that is already lettered (or superseded by one)."""
    return event.revision is not None and episode.lettered_revision >= event.revision


def versioned_jobs(jobs: Sequence[PanelJob], episode: EpisodeRecord) -> list[PanelJob]:
    """The jobs at the episode's art versions; `jobs[i]` draws image number i (0 is the cover).

    A panel drawn again without a chosen seed gets a new one from its version, so a redraw is a
    different picture of the same panel.
    """
    versioned = []
    for number, job in enumerate(jobs):
        version = art_version(episode, number)
        if version == 1 and str(number) not in episode.art_seeds:
            versioned.append(job)
            continue
        seed = episode.art_seeds.get(str(number), seed_from(job.request.seed, "redraw", version))
        key = content.panel_image_key(
            episode.user_id, episode.story_id, episode.episode_number, number, version
        )
        versioned.append(replace(job, key=key, request=job.request.model_copy(update={"seed": seed})))
    return versioned


def first_versions(episode: EpisodeRecord, jobs: Sequence[PanelJob]) -> set[str]:
    """Keys of art at version 1: drawn with the episode itself, so in the bucket already."""
    return {job.key for number, job in enumerate(jobs) if art_version(episode, number) == 1}


def output_keys(episode: EpisodeRecord) -> tuple[str, str]:
    """Where the PDF and CBZ of the episode's revision go: beside the earlier ones."""
    user_id, story_id, number = episode.user_id, episode.story_id, episode.episode_number
    return (
        content.episode_pdf_key(user_id, story_id, number, episode.revision),
        content.episode_cbz_key(user_id, story_id, number, episode.revision),
    )


def letter_revision(event: ImageGenerationRequested, deps: ServiceContext) -> str:
    """Letter a finished episode at the event's revision; idempotent like the first drawing.

    Only art at a new version is drawn (the rest is in the bucket); a duplicate delivery of a
    revision already lettered, or one a later revision overtook, does no work.
    """
    from image_service.logic import CBZ_TYPE, PDF_TYPE, _progress_writer, art_jobs, art_seed, draw_and_letter

    user_id, story_id, number = event.user_id, event.story_id, event.episode_number
    episode = deps.table.get_episode(story_id, number)
    story = deps.table.get_story(user_id, story_id)
    if episode is None or story is None or episode.user_id != user_id:
        raise NotFoundError(f"episode {event.episode_id} does not exist")
    pdf_key, cbz_key = output_keys(episode)
    if not already_lettered(episode, event):
        bible = deps.store.get_model(content.story_bible_key(user_id, story_id), StoryBible)
        script = deps.store.get_model(script_key(episode), EpisodeScript)
        style = deps.registry.art_styles.get(story.art_style or bible.art_style)
        seed = art_seed(story, number)
        edition = EDITIONS[deps.settings.pdf_edition]
        framed = frame_book(script, style, story.reading_direction, seed, dpi=edition.dpi)
        jobs = versioned_jobs(
            art_jobs(framed, bible, script, style, seed, user_id, story_id, number), episode
        )
        backend = deps.registry.image_backends.get(deps.settings.image_backend)
        if any(
            not deps.store.exists(job.key) for job in jobs if job.key not in first_versions(episode, jobs)
        ):
            # Something is drawn in this revision: with the cast's sheets, where the backend takes them.
            cast = Cast(bible, style, seed, story.reading_direction, user_id, story_id)
            jobs = referenced_jobs(jobs, cast, backend, deps)
        progress = _progress_writer(deps, user_id, event.request_id)
        pdf, cbz = draw_and_letter(
            framed, bible, script, jobs, backend, deps, edition=edition, on_progress=progress
        )
        deps.store.put(pdf_key, pdf, PDF_TYPE)
        deps.store.put(cbz_key, cbz, CBZ_TYPE)
        deps.table.letter_revision(story_id, number, episode.revision, pdf_key, cbz_key)
        logger.info(
            "episode re-lettered", extra={"episode_id": episode.episode_id, "revision": episode.revision}
        )
    deps.table.move_request(user_id, event.request_id, "COMPLETED", episode_id=episode.episode_id)
    return pdf_key


def draw_or_letter(event: ImageGenerationRequested, deps: ServiceContext) -> str:
    """The image stage's work: a new episode is drawn, a revision of a finished one re-lettered."""
    from image_service.logic import draw_episode

    return letter_revision(event, deps) if is_revision(event) else draw_episode(event, deps)
