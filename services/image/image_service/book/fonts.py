"""The lettering faces: one set of vendored TrueType files for the PDF and the page images.

Widths come from reportlab's metrics of these same files, so a line broken for the PDF
breaks at the same word in the CBZ; Pillow draws each line centred on the same point.
"""

from __future__ import annotations

import enum
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

# reportlab and Pillow load on first use, not when the image handler is imported (cold start).
if TYPE_CHECKING:
    from PIL import ImageFont

FONT_DIR = Path(__file__).with_name("fonts")

# Ink extent of Latin text in these faces, as a fraction of the font size: the tallest
# glyphs (parentheses, ascenders) and the deepest descender. A line's box uses these, so a
# bubble drawn around the boxes holds the ink, not the font's generous line spacing.
INK_ASCENT = 0.8
INK_DESCENT = 0.22
LINE_PITCH = 1.12
"""Baseline-to-baseline distance as a multiple of the font size: lettering sets solid."""


class Face(enum.Enum):
    """Which face a piece of lettering uses; the value is the PDF font name."""

    DIALOGUE = "ComicNeue-Regular"
    EMPHASIS = "ComicNeue-Bold"
    NARRATION = "ComicNeue-Italic"

    @property
    def file(self) -> Path:
        return FONT_DIR / f"{self.value}.ttf"


@cache
def register_pdf_fonts() -> None:
    """Make the faces known to reportlab; embedding happens when a canvas uses them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for face in Face:
        if face.value not in registered:
            pdfmetrics.registerFont(TTFont(face.value, str(face.file)))


def load_faces() -> None:
    """Register the faces with reportlab and read their glyph maps now (a sandbox's init), not
    for the first page; Pillow opens a face per pixel size, as the pages ask for them."""
    register_pdf_fonts()
    for face in Face:
        _glyph_map(face)


def text_width(text: str, face: Face, size: float) -> float:
    return size * _width_at_one_point(text, face)


@lru_cache(maxsize=8192)
def _width_at_one_point(text: str, face: Face) -> float:
    from reportlab.pdfbase import pdfmetrics

    register_pdf_fonts()
    return float(pdfmetrics.stringWidth(text, face.value, 1.0))


@cache
def pillow_font(face: Face, pixel_size: float) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    # Basic layout applies no kerning, as reportlab's widths assume none.
    return ImageFont.truetype(str(face.file), pixel_size, layout_engine=ImageFont.Layout.BASIC)


def printable(text: str, face: Face) -> str:
    """The text with every character the face lacks replaced: by its unaccented letter where
    there is one (ō becomes o), else by a question mark, so no glyph prints as an empty box."""
    register_pdf_fonts()
    glyphs = _glyph_map(face)
    if all(ord(char) in glyphs for char in text):
        return text
    kept = []
    for char in text:
        if ord(char) in glyphs or char.isspace():
            kept.append(char if not char.isspace() else " ")
            continue
        parts = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in parts if ord(c) in glyphs and not unicodedata.combining(c))
        kept.append(base or "?")
    return "".join(kept)


@cache
def _glyph_map(face: Face) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(face.value).face.charToGlyph)
