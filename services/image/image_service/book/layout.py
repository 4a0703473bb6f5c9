"""The book's plan: every page's panels and lettering, computed once for both painters.

`frame_book` lays out the panels, which is all a panel's art needs; `letter_book` places the
balloons and captions, the slow part, so the image stage letters while the model draws.
`plan_book` does both.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from image_service.book.geometry import Box
from image_service.book.lettering import PanelLettering, letter_panel
from image_service.book.page_grid import TRIM, PanelFrame, plan_page
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import EpisodeScript
from manga_common.plugins.interfaces import ArtStyle

DEFAULT_DPI = 150
"""Panel art and CBZ pages are drawn at this resolution: sharp on screen, light to store."""


@dataclass(frozen=True)
class PanelSlot:
    """A panel to draw: its art must be a PNG of exactly this many pixels."""

    page_number: int
    panel_index: int
    width_px: int
    height_px: int


@dataclass(frozen=True)
class PageLayout:
    page_number: int
    tiers: tuple[int, ...]
    """Panels per tier, top to bottom."""
    frames: tuple[PanelFrame, ...]
    """In the script's panel order, which is reading order."""
    lettering: tuple[PanelLettering, ...]
    """One per frame."""


@dataclass(frozen=True)
class BookLayout:
    pages: tuple[PageLayout, ...]
    reading_direction: ReadingDirection
    seed: int
    dpi: int
    color: bool
    """False: black-and-white art, so page images can be greyscale."""
    border_width: float
    trim: Box = TRIM

    def panel_slots(self) -> list[PanelSlot]:
        return [
            PanelSlot(page.page_number, frame.panel_index, *frame.pixels)
            for page in self.pages
            for frame in page.frames
        ]

    def frame(self, page_number: int, panel_index: int) -> PanelFrame:
        return self.pages[page_number - 1].frames[panel_index]


def plan_book(
    script: EpisodeScript,
    style: ArtStyle,
    reading_direction: ReadingDirection = "rtl",
    seed: int = 0,
    *,
    dpi: int = DEFAULT_DPI,
) -> BookLayout:
    """Lay out and letter every page. The same script, direction and seed give the same book."""
    return letter_book(frame_book(script, style, reading_direction, seed, dpi=dpi), script)


def frame_book(
    script: EpisodeScript, style: ArtStyle, reading_direction: ReadingDirection, seed: int, *, dpi: int
) -> BookLayout:
    """Every page's panels, not lettered yet (each page's `lettering` is empty)."""
    pages: list[PageLayout] = []
    previous: tuple[int, ...] | None = None
    for page in script.pages:
        plan = plan_page(page, reading_direction, random.Random(f"{seed}:{page.number}"), dpi, previous)
        pages.append(PageLayout(page.number, plan.tiers, plan.frames, ()))
        previous = plan.tiers
    return BookLayout(
        pages=tuple(pages),
        reading_direction=reading_direction,
        seed=seed,
        dpi=dpi,
        color=style.color,
        border_width=min(2.0, max(0.8, 1.2 * style.line_weight)),
    )


def letter_book(framed: BookLayout, script: EpisodeScript) -> BookLayout:
    """`framed` with every panel lettered, each page from a random stream of its own."""
    pages = []
    for layout, page in zip(framed.pages, script.pages, strict=True):
        rng = random.Random(f"{framed.seed}:{page.number}:lettering")
        lettering: list[PanelLettering] = []
        for panel, frame in zip(page.panels, layout.frames, strict=True):
            lettering.append(letter_panel(panel, frame, framed.reading_direction, rng, lettering))
        pages.append(dataclasses.replace(layout, lettering=tuple(lettering)))
    return dataclasses.replace(framed, pages=tuple(pages))
