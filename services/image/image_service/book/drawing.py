"""What a page is made of, as the painters see it: a list of shapes, pictures and text.

Composition (compose.py, cover.py) turns the layout into these; the PDF painter and the
raster painter each know how to put down these three things and nothing about manga.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from image_service.book.fonts import Face
from image_service.book.geometry import Box, Path

Colour = tuple[int, int, int]
INK: Colour = (0, 0, 0)
PAPER: Colour = (255, 255, 255)

ArtKey = tuple[int, int]
"""(page number, panel index) of a panel's art."""
COVER_ART: ArtKey = (0, 0)
"""Key of a dedicated cover picture, when one is given."""


@dataclass(frozen=True)
class Shape:
    path: Path
    fill: Colour | None = None
    stroke: Colour | None = None
    width: float = 1.0
    dash: tuple[float, float] | None = None
    """On and off lengths of a dashed stroke."""


@dataclass(frozen=True)
class Picture:
    art: ArtKey
    box: Box
    clip: Path | None = None
    fit: Literal["fill", "cover"] = "fill"
    """fill: stretch to the box (art is drawn to size); cover: scale to cover, centred, cropped."""


@dataclass(frozen=True)
class Text:
    text: str
    face: Face
    size: float
    x: float
    y: float
    """The baseline."""
    align: Literal["center", "left"] = "center"
    colour: Colour = INK
    angle: float = 0.0
    """Degrees counter-clockwise as seen, about (x, y)."""
    outline: Colour | None = None
    outline_width: float = 0.0
    """How far the outline reaches beyond the glyph edges."""


Mark = Shape | Picture | Text


@dataclass(frozen=True)
class Sheet:
    """One page to paint, in points, origin top-left."""

    width: float
    height: float
    marks: tuple[Mark, ...]
    background: Colour = PAPER
