"""Page layout, lettering, and the episode's PDF and CBZ.

    layout = plan_book(script, style, "rtl", seed)        # panels and lettering, once
    for slot in layout.panel_slots(): ...                  # draw each panel at slot size
    pdf = render_pdf(layout, bible, script, images)        # images[(page, panel)] = PNG
    cbz = render_cbz(layout, bible, script, images)

Both outputs paint the same geometry (compose.py), so the PDF and the CBZ agree to the
line break.
"""

from image_service.book.cbz import render_cbz
from image_service.book.cover import cover_art_slot
from image_service.book.layout import BookLayout, PanelSlot, plan_book
from image_service.book.pdf import render_pdf

__all__ = ["BookLayout", "PanelSlot", "cover_art_slot", "plan_book", "render_cbz", "render_pdf"]
