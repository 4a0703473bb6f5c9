"""Drawing and lettering an episode: panel art per slot, then the PDF and CBZ.

Exactly once over at-least-once delivery: each panel is claimed with a lease
(manga_common.leases) before its model call, so duplicate deliveries and retries never draw
a panel twice, and a worker that died mid-stage leaves only its in-flight panels to redraw
once their leases expire. The bucket is the record of what is drawn (a PutObject is whole or
absent): what is drawn already is learned from one listing of the episode's art folder, never
from a HeadObject per panel, and a panel costs one table write, its claim.

The work overlaps: PANEL_CONCURRENCY threads do nothing but claim and call the model; the
answer is stored as the model returned it and fitted to its slot (once, decoded for the
page) on other threads, so fitting never holds a model-call slot; and the pages are lettered
into the PDF and CBZ in reading order as soon as their panels are in, so what is left after
the last panel is the last page and the upload.
"""

from __future__ import annotations

import contextvars
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from image_service.book import BookLayout, PanelSlot, cover_art_slot, frame_book, letter_book
from image_service.book.art import Mode, fitted, media_type, page_ready
from image_service.book.drawing import Picture
from image_service.book.edition import EDITIONS, SCREEN, Edition
from image_service.book.sheets import book_sheets
from image_service.redraw import script_key
from image_service.references import Cast, art_scope, attach_references, draw_sheets, start_references
from manga_common import content
from manga_common.context import ServiceContext
from manga_common.errors import InvalidModelOutputError, NotFoundError
from manga_common.ids import seed_from
from manga_common.leases import HELD_POLL_SECONDS, Leases, worker_id
from manga_common.models.entities import StoryRecord
from manga_common.models.events import CastSheetsRequested, ImageGenerationRequested
from manga_common.models.script import EpisodeScript, Panel, StoryBible
from manga_common.observability import logger
from manga_common.plugins.interfaces import ArtStyle, ImageBackend, PanelImageRequest, accepts_references
from manga_common.prompts import panel_prompt

if TYPE_CHECKING:
    from PIL.Image import Image

PDF_TYPE = "application/pdf"
CBZ_TYPE = "application/vnd.comicbook+zip"
PNG_TYPE = "image/png"
COVER_KEY = (0, 0)
"""Where the cover art sits among the art: no panel has page number 0."""
COVER_CAST = 3
AUTHOR = "Manga Platform"
PROGRESS_EVERY_SECONDS = 1.0
"""The request's panelsDrawn is written at most this often (and when the last panel is in)."""
_FIRST_VERSION = re.compile(r"/image-\d{3}\.png$")

ArtKey = tuple[int, int]


@dataclass(frozen=True)
class PanelJob:
    """One panel to draw and where its art lives in the bucket."""

    slot: PanelSlot
    key: str
    request: PanelImageRequest

    @property
    def art_key(self) -> ArtKey:
        return (self.slot.page_number, self.slot.panel_index)

    @property
    def work(self) -> str:
        """The lease's work name: PANEL#page#panel (the cover is PANEL#0#0), plus the key's
        name for art drawn again at a new version, which is new work."""
        name = f"PANEL#{self.slot.page_number}#{self.slot.panel_index}"
        return name if _FIRST_VERSION.search(self.key) else f"{name}#{self.key.rsplit('/', 1)[-1]}"


def lease_scope(jobs: Iterable[PanelJob]) -> str:
    """One episode's panels share a scope: the folder its art lives in."""
    return art_scope(next(iter(jobs)).key)


def art_folder(jobs: Iterable[PanelJob]) -> str:
    """The folder one episode's art is stored in."""
    return next(iter(jobs)).key.rsplit("/", 1)[0]


def submit_in_context(pool: ThreadPoolExecutor, work: Callable[..., Any], *args: Any) -> Future[Any]:
    """Submit with a copy of this thread's contextvars (a deadline, the log's keys): pool
    threads do not inherit them."""
    return pool.submit(contextvars.copy_context().run, work, *args)


def draw_episode(event: ImageGenerationRequested, deps: ServiceContext) -> str:
    """Idempotent: panels already drawn are not drawn again; a finished episode is left alone."""
    user_id, story_id, number = event.user_id, event.story_id, event.episode_number
    episode = deps.table.get_episode(story_id, number)
    story = deps.table.get_story(user_id, story_id)
    if episode is None or story is None or episode.user_id != user_id:
        raise NotFoundError(f"episode {event.episode_id} does not exist")
    pdf_key = content.episode_pdf_key(user_id, story_id, number)
    if not (episode.status == "COMPLETED" and deps.store.exists(pdf_key)):
        bible = deps.store.get_model(content.story_bible_key(user_id, story_id), StoryBible)
        # The episode stage's script, or the reader's edit of it made before drawing.
        script = deps.store.get_model(script_key(episode), EpisodeScript)
        style = deps.registry.art_styles.get(story.art_style or bible.art_style)
        seed = art_seed(story, number)
        backend = deps.registry.image_backends.get(deps.settings.image_backend)
        # The main cast's reference sheets come first, where the backend draws from images;
        # the pages are laid out and their prompts written while the model draws them.
        cast = Cast(bible, style, seed, story.reading_direction, user_id, story_id)
        sheets = start_references(cast, backend, deps)
        edition = EDITIONS[deps.settings.pdf_edition]
        framed = frame_book(script, style, story.reading_direction, seed, dpi=edition.dpi)
        jobs = art_jobs(framed, bible, script, style, seed, user_id, story_id, number)
        jobs = attach_references(jobs, sheets)
        progress = _progress_writer(deps, user_id, event.request_id)
        pdf, cbz = draw_and_letter(
            framed, bible, script, jobs, backend, deps, edition=edition, on_progress=progress
        )
        cbz_key = content.episode_cbz_key(user_id, story_id, number)
        deps.store.put(pdf_key, pdf, PDF_TYPE)
        deps.store.put(cbz_key, cbz, CBZ_TYPE)
        deps.table.complete_episode(
            episode.model_copy(
                update={
                    "pdf_s3_key": pdf_key,
                    "cbz_s3_key": cbz_key,
                    "page_count": len(script.pages),
                    "lettered_revision": episode.revision,
                }
            )
        )
        logger.info("episode drawn", extra={"episode_id": episode.episode_id, "images": len(jobs)})
    deps.table.record_episode_count(user_id, story_id, number)
    deps.table.move_request(user_id, event.request_id, "COMPLETED", episode_id=episode.episode_id)
    return pdf_key


def art_seed(story: StoryRecord, episode_number: int) -> int:
    """The seed an episode's art is drawn from, its panels' and, when it draws them, its cast's sheets."""
    return seed_from(story.seed if story.seed is not None else story.story_id, episode_number, "art")


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
    layout: BookLayout, bible: StoryBible, script: EpisodeScript, art: Mapping[tuple[int, int], Any]
) -> tuple[bytes, bytes]:
    """(PDF, CBZ) of a drawn episode; `art` holds the cover under COVER_KEY and every panel."""
    from image_service.book import render_cbz, render_pdf

    cover = art.get(COVER_KEY)
    panels = {key: image for key, image in art.items() if key != COVER_KEY}
    pdf = render_pdf(layout, bible, script, panels, cover_art=cover)
    cbz = render_cbz(
        layout, bible, script, panels, series=bible.title, summary=script.summary, cover_art=cover
    )
    return pdf, cbz


def draw_and_letter(
    framed: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    jobs: list[PanelJob],
    backend: ImageBackend,
    deps: ServiceContext,
    *,
    edition: Edition = SCREEN,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, bytes]:
    """Draw what is not drawn yet and letter each page (cover first) as soon as its art is in.

    `jobs` must hold the cover (under COVER_KEY) and every panel; `framed` is the book's panels
    (`frame_book`) at the edition's dpi, lettered here while the model draws. Returns (PDF of
    that edition, CBZ for screens).
    """
    from image_service.book import CbzBook, PdfBook

    painting = 0.0
    # The CBZ's pages are rasterised on threads of their own (Pillow works outside the GIL)
    # while this one paints the PDF, one per core: the last wave of panels completes several
    # pages at once. They go into the CBZ in order as they are done.
    rasteriser = ThreadPoolExecutor(os.cpu_count() or 2, thread_name_prefix="cbz-pages")
    cbz: CbzBook | None = None
    try:
        # The model starts on the panels first; the pages are lettered and the books set up
        # (fonts loaded, every sheet laid out) while it draws.
        with PanelDrawing(jobs, backend, deps, _mode(framed), on_progress) as drawing:
            layout = letter_book(framed, script)
            sheets = book_sheets(layout, bible, script, author=AUTHOR, own_cover_art=True)
            pdf = PdfBook(layout, bible, script, author=AUTHOR, bleed=edition.bleed)
            cbz = CbzBook(
                layout,
                bible,
                script,
                series=bible.title,
                summary=script.summary,
                author=AUTHOR,
                dpi=SCREEN.dpi,
            )
            pages: list[Future[Any]] = []
            for sheet in sheets:
                shown = {mark.art for mark in sheet.marks if isinstance(mark, Picture)}
                art = drawing.wait_for(shown)
                started = time.monotonic()
                pages.append(submit_in_context(rasteriser, cbz.paint, sheet, art))
                pdf.add(sheet, drawing.encoded(shown))  # the stored JPEG goes in as it is
                painting += time.monotonic() - started
                drawing.forget(shown)  # painted: the page's art need not stay in memory
                while pages and pages[0].done():  # rasterised pages go in at once, in order
                    cbz.add_painted(pages.pop(0).result())
            for page in pages:
                cbz.add_painted(page.result())
            books = pdf.finish(), cbz.finish()
    except BaseException:
        if cbz is not None:
            cbz.close()
        raise
    finally:
        rasteriser.shutdown(wait=True, cancel_futures=True)
    logger.info(
        "episode lettered",
        extra={
            "sheets": len(sheets),
            "painting_s": round(painting, 3),
            "after_last_art_s": round(time.monotonic() - drawing.last_arrival, 3),
        },
    )
    return books


def draw_panels(
    jobs: list[PanelJob], backend: ImageBackend, deps: ServiceContext
) -> Mapping[tuple[int, int], Image]:
    """Every job's art fitted to its slot, drawing only what is not drawn yet."""
    mode: Mode = "RGB" if jobs and jobs[0].request.style.color else "L"
    with PanelDrawing(jobs, backend, deps, mode) as drawing:
        return drawing.wait_for({job.art_key for job in jobs})


def _mode(layout: BookLayout) -> Mode:
    return "RGB" if layout.color else "L"


class PanelDrawing:
    """The panels of one episode being drawn (or read back), each exactly once.

    Start it with `with`; `wait_for` gives the fitted art of some panels as soon as they are
    all in, and raises the first error any panel met. Leaving the block stops what is left.
    """

    def __init__(
        self,
        jobs: list[PanelJob],
        backend: ImageBackend,
        deps: ServiceContext,
        mode: Mode,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self._jobs = jobs
        self._backend = backend
        self._deps = deps
        self._mode: Mode = mode
        self._on_progress = on_progress
        self._leases = Leases(deps.table)
        self._scope = lease_scope(jobs)
        # One owner per invocation: its threads share the leases; a retry is someone else.
        self._owner = f"{worker_id()}:{uuid.uuid4().hex[:8]}"
        self._lease_seconds = deps.settings.panel_lease_seconds
        self._art: dict[ArtKey, Image] = {}
        self._encoded: dict[ArtKey, bytes] = {}
        self._finished: set[ArtKey] = set()
        self._error: BaseException | None = None
        self._stopping = threading.Event()
        self._changed = threading.Condition()
        self._models = ThreadPoolExecutor(deps.settings.panel_concurrency, thread_name_prefix="panel-model")
        # Decoding, fitting and storing are CPU and I/O, not model time: their own threads.
        self._fitters = ThreadPoolExecutor(2 * (os.cpu_count() or 2), thread_name_prefix="panel-fit")
        self._waiters = ThreadPoolExecutor(4, thread_name_prefix="panel-held")
        # Draws the model's answer where it can, so the fitting happens here, off the slot.
        self._call: Callable[[PanelImageRequest], bytes] = getattr(backend, "draw_raw", backend.draw_panel)

    def __enter__(self) -> PanelDrawing:
        stored = self._deps.store.keys_under(art_folder(self._jobs))  # the one listing of what exists
        for job in self._jobs:
            if job.key in stored:
                submit_in_context(self._fitters, self._guarded(self._read_back), job)
            else:
                submit_in_context(self._models, self._guarded(self._draw), job)
        self._report(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        for pool in (self._models, self._waiters, self._fitters):
            pool.shutdown(wait=True, cancel_futures=True)

    # -- what the letterer sees -----------------------------------------------------------
    def wait_for(self, keys: set[ArtKey]) -> dict[ArtKey, Image]:
        with self._changed:
            while not self._error and not keys <= self._finished:
                self._changed.wait()
            if self._error:
                raise self._error
            return {key: self._art[key] for key in keys}

    def encoded(self, keys: set[ArtKey]) -> dict[ArtKey, bytes]:
        """The art of arrived panels as stored: page-ready JPEG or PNG."""
        with self._changed:
            return {key: self._encoded[key] for key in keys}

    def forget(self, keys: set[ArtKey]) -> None:
        with self._changed:
            for key in keys:
                self._art.pop(key, None)
                self._encoded.pop(key, None)

    # -- the work ---------------------------------------------------------------------------
    def _guarded(self, work: Callable[[PanelJob], None]) -> Callable[[PanelJob], None]:
        def run(job: PanelJob) -> None:
            if self._stopping.is_set():
                return
            try:
                work(job)
            except BaseException as error:  # handed to the letterer, who raises it
                with self._changed:
                    self._error = self._error or error
                    self._changed.notify_all()
                self._stopping.set()

        return run

    def _draw(self, job: PanelJob) -> None:
        outcome = self._leases.claim(self._scope, job.work, self._owner, self._lease_seconds)
        if outcome == "done":
            submit_in_context(self._fitters, self._guarded(self._read_back), job)
            return
        if outcome == "held":
            # Another worker is drawing it: look again later, without holding a model slot.
            submit_in_context(self._waiters, self._guarded(self._await_holder), job)
            return
        try:
            image = self._call(job.request)
        except BaseException:
            self._leases.release(self._scope, job.work, self._owner)  # a retry may take it at once
            raise
        submit_in_context(self._fitters, self._guarded(lambda j: self._store(j, image)), job)

    def _await_holder(self, job: PanelJob) -> None:
        pause, longest = HELD_POLL_SECONDS
        while not self._stopping.is_set():
            if self._deps.store.exists(job.key):  # its holder stored it
                submit_in_context(self._fitters, self._guarded(self._read_back), job)
                return
            lease = self._leases.get(self._scope, job.work)
            if lease is None or lease.done or lease.expires_at < time.time():
                # Expired: its holder died before storing it; claim it (a model slot again).
                submit_in_context(self._models, self._guarded(self._draw), job)
                return
            self._stopping.wait(pause)
            pause = min(longest, pause * 2)

    def _store(self, job: PanelJob, image: bytes) -> None:
        try:
            picture = self._fit(job, image)
        except InvalidModelOutputError:
            self._leases.release(self._scope, job.work, self._owner)
            raise
        # Stored as the page needs it (fitted, greyscale for black-and-white books, JPEG for
        # painted art): a twentieth of the model's answer, and the PDF embeds these very bytes.
        encoded = page_ready(picture)
        self._arrived(job, picture, encoded)
        # Stored is done: the claim is left to run out (a holder that waits sees the art), and
        # no later delivery claims the panel again, since it finds the art in the listing.
        self._deps.store.put(job.key, encoded, media_type(encoded))
        self._report()

    def _read_back(self, job: PanelJob) -> None:
        stored = self._deps.store.get(job.key)
        picture = self._fit(job, stored)
        self._arrived(job, picture, stored if _is_page_ready(stored, picture) else page_ready(picture))
        self._report()

    def _fit(self, job: PanelJob, image: bytes) -> Image:
        try:
            return fitted(image, job.slot.width_px, job.slot.height_px, self._mode)
        except ValueError as error:
            raise InvalidModelOutputError(f"panel {job.work}: {error}") from None

    last_arrival = 0.0
    """time.monotonic() when the last art came in."""

    def _arrived(self, job: PanelJob, picture: Image, encoded: bytes) -> None:
        with self._changed:
            self.last_arrival = time.monotonic()
            self._art[job.art_key] = picture
            self._encoded[job.art_key] = encoded
            self._finished.add(job.art_key)
            self._changed.notify_all()

    _last_report = 0.0
    _reported = -1
    """The count last written: panels that come in together are one write."""

    def _report(self, force: bool = False) -> None:
        if self._on_progress is None:
            return
        with self._changed:
            drawn, total = len(self._finished), len(self._jobs)
            now = time.monotonic()
            due = force or drawn == total or now - self._last_report >= PROGRESS_EVERY_SECONDS
            if not due or drawn == self._reported:
                return
            self._last_report, self._reported = now, drawn
        self._on_progress(drawn, total)


def _is_page_ready(stored: bytes, picture: Image) -> bool:
    """Stored art that the PDF can embed as it is: already the slot's size and mode."""
    from image_service.book.art import opened

    kept = opened(stored)
    return kept.size == picture.size and kept.mode == picture.mode


def _progress_writer(deps: ServiceContext, user_id: str, request_id: str) -> Callable[[int, int], None]:
    def write(drawn: int, total: int) -> None:
        try:
            deps.table.note_progress(user_id, request_id, drawn, total)
        except Exception:  # progress is for the reader's eyes: never a reason to fail the stage
            logger.warning("could not record panel progress", exc_info=True)

    return write


def draw_cast_sheets(event: CastSheetsRequested, deps: ServiceContext) -> None:
    """Work ahead: the main cast's reference sheets, drawn while the episode is written (for a
    backend that draws from images; the others need none)."""
    backend = deps.registry.image_backends.get(deps.settings.image_backend)
    story = deps.table.get_story(event.user_id, event.story_id)
    if not accepts_references(backend) or story is None:
        return
    bible = deps.store.get_model(content.story_bible_key(event.user_id, event.story_id), StoryBible)
    style = deps.registry.art_styles.get(story.art_style or bible.art_style)
    # Episode 1's seed, as episode 1 would draw them: this work comes only with a new story.
    seed = art_seed(story, 1)
    cast = Cast(bible, style, seed, story.reading_direction, event.user_id, event.story_id)
    draw_sheets(cast, backend, deps)
    logger.info("cast sheets drawn ahead", extra={"story_id": event.story_id})


def mark_episode_failed(event: ImageGenerationRequested, deps: ServiceContext) -> None:
    deps.table.set_episode_status(event.story_id, event.episode_number, "FAILED")
