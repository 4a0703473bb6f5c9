"""The two editions of an episode's PDF: for screens, and for the printer (PDF_EDITION).

The screen edition is laid out at 150 dpi on the JIS B5 trim (182 x 257 mm), the page a
reader sees. The print edition is laid out at 300 dpi, so each panel's art is kept at twice
the resolution, and each PDF page is larger than the trim by a 3 mm bleed on every side,
into which art that runs off the page runs on; its TrimBox and BleedBox tell the printer
where to cut. The CBZ is for screens in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from image_service.book.geometry import MM
from image_service.book.layout import DEFAULT_DPI

EditionName: TypeAlias = Literal["screen", "print"]


@dataclass(frozen=True)
class Edition:
    name: EditionName
    dpi: int
    """The resolution the book is laid out and its panel art fitted at."""
    bleed: float
    """Points added around the trim on every side of a PDF page (0: none)."""


SCREEN = Edition("screen", DEFAULT_DPI, 0.0)
PRINT = Edition("print", 300, 3 * MM)
EDITIONS: dict[EditionName, Edition] = {edition.name: edition for edition in (SCREEN, PRINT)}
