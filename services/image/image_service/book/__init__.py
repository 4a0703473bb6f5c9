"""Page layout, lettering, and the episode's PDF and CBZ.

    layout = plan_book(script, style, "rtl", seed)        # panels and lettering, once
    # (frame_book: the panels alone, all their art needs; letter_book: the lettering after)
    for slot in layout.panel_slots(): ...                  # draw each panel at slot size
    pdf = render_pdf(layout, bible, script, images)        # images[(page, panel)] = PNG
    cbz = render_cbz(layout, bible, script, images)

Both outputs paint the same geometry (compose.py), so the PDF and the CBZ agree to the
line break. The painters (reportlab, Pillow) load on first use, not with this package, so
importing the image handler stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from image_service.book.cover import cover_art_slot
from image_service.book.layout import BookLayout, PanelSlot, frame_book, letter_book, plan_book

if TYPE_CHECKING:
    from image_service.book.cbz import CbzBook, render_cbz
    from image_service.book.pdf import PdfBook, render_pdf

_PAINTERS = {
    "CbzBook": "image_service.book.cbz",
    "render_cbz": "image_service.book.cbz",
    "PdfBook": "image_service.book.pdf",
    "render_pdf": "image_service.book.pdf",
}

__all__ = [
    "BookLayout",
    "CbzBook",
    "PanelSlot",
    "PdfBook",
    "cover_art_slot",
    "frame_book",
    "letter_book",
    "load_painters",
    "plan_book",
    "render_cbz",
    "render_pdf",
]


def load_painters() -> None:
    """Import the painters and the libraries they load on first use (reportlab, Pillow), and
    the lettering faces: the image stage's `warm`."""
    import reportlab.lib.utils
    import reportlab.pdfgen.canvas  # noqa: F401
    from PIL import Image, ImageDraw, ImageFont  # noqa: F401

    from image_service.book.fonts import load_faces

    for module in sorted(set(_PAINTERS.values())):
        importlib.import_module(module)
    load_faces()


def __getattr__(name: str) -> Any:
    if name in _PAINTERS:
        return getattr(importlib.import_module(_PAINTERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
