"""Characters that stay the same: a reference sheet per main character, drawn before any panel.

The story stage asks for the sheets as soon as the cast exists (CastSheetsRequested), so the
image stage draws them while the episode's script is still being written; the stage's own
work then reads them back, waits for one still being drawn, or draws what is missing. A
lease per sheet keeps each drawn once, whoever gets there first.

Image models that take images (an OpenAI-compatible `/v1/images/edits`, Stability's
image-to-image on Bedrock) are handed the sheets of a panel's cast with every panel request,
so a face is copied rather than re-imagined. The sheets are drawn once per story, from the
same look description and per-character seed every panel uses, and kept beside the story's
art; later episodes draw from the same sheets. Backends that take no images keep faces
through that look description and seed alone; the offline renderer draws each character
from the bible and needs neither.
"""

from __future__ import annotations

import contextvars
import io
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from image_service.book.art import media_type
from manga_common import content, deadline
from manga_common.context import ServiceContext
from manga_common.leases import HELD_POLL_SECONDS, Leases, worker_id
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import Character, Panel, StoryBible
from manga_common.plugins.interfaces import (
    ArtStyle,
    CharacterReference,
    ImageBackend,
    PanelImageRequest,
    accepts_references,
)
from manga_common.prompts import panel_prompt, panel_seed

if TYPE_CHECKING:
    from image_service.logic import PanelJob

T = TypeVar("T")

MAIN_CAST = 3
"""Characters with a sheet: the leads, who appear on most pages."""
SHEET_SIZE = (768, 1024)
"""Portrait, so a full figure fits; the backend draws at its nearest allowed size."""
REFERENCE_LONG_SIDE = 512


def sheet_panel(character: Character) -> Panel:
    return Panel(
        shot="wide",
        description=(
            f"Character reference sheet of {character.name}: full body, front view, standing straight, "
            "arms relaxed, plain white background, even light, no other figures"
        ),
        characters=[character.name],
        emotion="neutral",
    )


def sheet_request(
    character: Character, bible: StoryBible, style: ArtStyle, seed: int, reading_direction: ReadingDirection
) -> PanelImageRequest:
    panel = sheet_panel(character)
    prompt, negative = panel_prompt(panel, bible, style, reading_direction=reading_direction)
    width, height = SHEET_SIZE
    return PanelImageRequest(
        prompt=prompt,
        negative_prompt=negative,
        width=width,
        height=height,
        # The character's own seed, as every panel they lead is drawn with.
        seed=panel_seed(panel, bible, seed),
        style=style,
        panel=panel,
        bible=bible,
        page_number=0,
        panel_index=0,
        reading_direction=reading_direction,
    )


@dataclass(frozen=True)
class Cast:
    """One story's main cast as its sheets are drawn: the same whichever episode draws them."""

    bible: StoryBible
    style: ArtStyle
    seed: int
    reading_direction: ReadingDirection
    user_id: str
    story_id: str


def draw_references(
    cast: Cast, backend: ImageBackend, deps: ServiceContext
) -> tuple[CharacterReference, ...]:
    """The main cast's sheets as panels carry them: read back when drawn before (another
    episode, a retry, the work ahead), else drawn."""

    def reference(character: Character, drawn: bytes) -> CharacterReference:
        return CharacterReference(name=character.name, png=compact(drawn))

    return _each_lead(cast, backend, deps, reference)


def draw_sheets(cast: Cast, backend: ImageBackend, deps: ServiceContext) -> None:
    """The main cast's sheets drawn and stored, for the stage to read back: no panel waits here,
    so none is made small (24 ms a sheet)."""
    _each_lead(cast, backend, deps, lambda character, drawn: None)


def _each_lead(
    cast: Cast, backend: ImageBackend, deps: ServiceContext, keep: Callable[[Character, bytes], T]
) -> tuple[T, ...]:
    """`keep` of each lead's sheet as drawn, the leads on threads of their own."""
    # The model's answer as it came, where the backend gives it: fitting it to SHEET_SIZE would
    # decode and re-encode a picture that is only ever shrunk to a reference (0.2 s a sheet, on
    # the way to every panel).
    draw = getattr(backend, "draw_raw", backend.draw_panel)
    leases, owner = Leases(deps.table), f"{worker_id()}:{uuid.uuid4().hex[:8]}"

    def sheet(index: int, character: Character) -> T:
        key = content.character_sheet_key(cast.user_id, cast.story_id, index)
        request = sheet_request(character, cast.bible, cast.style, cast.seed, cast.reading_direction)
        return keep(character, drawn_once(deps, leases, owner, key, lambda: draw(request)))

    leads = list(enumerate(cast.bible.characters[:MAIN_CAST]))
    with ThreadPoolExecutor(max_workers=max(1, min(len(leads), deps.settings.panel_concurrency))) as pool:
        return tuple(pool.map(lambda pair: sheet(*pair), leads))


def art_scope(key: str) -> str:
    """The lease scope of the art stored under `key` (a panel or a sheet): its folder."""
    return "ART#" + key.rsplit("/", 1)[0]


def drawn_once(
    deps: ServiceContext, leases: Leases, owner: str, key: str, draw: Callable[[], bytes]
) -> bytes:
    """The sheet stored at `key`, drawn by exactly one worker: read back when it is there, drawn
    under a lease when not, and waited for while another worker (the stage's work ahead, a
    duplicate delivery) holds the lease, which a dead holder's expiry frees."""
    scope, work = art_scope(key), "SHEET#" + key.rsplit("/", 1)[1]
    pause, longest = HELD_POLL_SECONDS
    while True:
        if (stored := deps.store.get_if_stored(key)) is not None:  # drawn, by this stage or before leases
            return stored
        outcome = leases.claim(scope, work, owner, deps.settings.panel_lease_seconds)
        if outcome == "done":
            return deps.store.get(key)
        if outcome == "claimed":
            try:
                drawn = draw()
                deps.store.put(key, drawn, media_type(drawn))
            except BaseException:
                leases.release(scope, work, owner)  # a retry, or the stage itself, may take it at once
                raise
            return drawn  # stored is done: whoever waits finds it in the bucket
        deadline.check(f"waiting for the sheet {key.rsplit('/', 1)[1]}")
        time.sleep(pause)
        pause = min(longest, pause * 2)


def compact(drawn: bytes) -> bytes:
    """The sheet as a panel request carries it, a PNG: small enough that sending the cast with
    every panel costs little upload, large enough that a face reads (the bucket keeps the sheet
    as it was drawn)."""
    from PIL import Image  # on first use, as the book's painters load it: not at cold start

    with Image.open(io.BytesIO(drawn)) as sheet:
        if max(sheet.size) <= REFERENCE_LONG_SIDE and sheet.format == "PNG":
            return drawn
        # A JPEG decodes straight at a fraction of its size, no smaller than the reference.
        sheet.draft("RGB", (REFERENCE_LONG_SIDE, REFERENCE_LONG_SIDE))
        small = sheet.convert("RGB")
    small.thumbnail((REFERENCE_LONG_SIDE, REFERENCE_LONG_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # zlib's fastest level: a fifth bigger than its default at a fifth of the time (9 ms, not
    # 46), and `optimize` cost 230 ms a sheet for 4 % less, on the way to every panel.
    small.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def with_references(jobs: Sequence[PanelJob], references: Sequence[CharacterReference]) -> list[PanelJob]:
    """Each job's request carrying the sheets of the characters in its panel, in the panel's order."""
    by_name = {reference.name: reference for reference in references}
    referenced = []
    for job in jobs:
        sheets = tuple(by_name[name] for name in job.request.panel.characters if name in by_name)
        referenced.append(replace(job, request=job.request.model_copy(update={"references": sheets})))
    return referenced


def referenced_jobs(
    jobs: Sequence[PanelJob], cast: Cast, backend: ImageBackend, deps: ServiceContext
) -> list[PanelJob]:
    """The jobs as the backend should get them: with sheets if it takes images, as they are if not."""
    return attach_references(jobs, start_references(cast, backend, deps))


def start_references(
    cast: Cast, backend: ImageBackend, deps: ServiceContext
) -> Future[tuple[CharacterReference, ...]] | None:
    """The main cast's sheets being drawn on a thread of their own, so that the caller lays out
    the pages and writes their prompts meanwhile; None when the backend takes no images."""
    if not accepts_references(backend):
        return None
    pool = ThreadPoolExecutor(1, thread_name_prefix="cast-sheets")
    # With this thread's contextvars (its deadline, the log's keys): pool threads do not inherit them.
    sheets = pool.submit(contextvars.copy_context().run, draw_references, cast, backend, deps)
    pool.shutdown(wait=False)  # the thread ends with its one task
    return sheets


def attach_references(
    jobs: Sequence[PanelJob], sheets: Future[tuple[CharacterReference, ...]] | None
) -> list[PanelJob]:
    """The jobs once the sheets are in (as they are when there are none to wait for)."""
    return list(jobs) if sheets is None else with_references(jobs, sheets.result())
