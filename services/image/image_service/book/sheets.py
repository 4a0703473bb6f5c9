"""The book as sheets, cover first: what both the PDF and the CBZ show, page for page."""

from __future__ import annotations

from collections.abc import Mapping

from image_service.book.art import Art
from image_service.book.compose import page_sheet
from image_service.book.cover import choose_cover_art, cover_sheet
from image_service.book.drawing import COVER_ART, ArtKey, Sheet
from image_service.book.layout import BookLayout
from manga_common.models.script import EpisodeScript, StoryBible


def book_sheets(
    layout: BookLayout, bible: StoryBible, script: EpisodeScript, *, author: str, own_cover_art: bool
) -> list[Sheet]:
    cover_art = COVER_ART if own_cover_art else choose_cover_art(layout, script)
    return [cover_sheet(layout, bible, script, cover_art, author)] + [
        page_sheet(layout, page) for page in layout.pages
    ]


def art_with_cover(images: Mapping[tuple[int, int], Art], cover_art: Art | None) -> dict[ArtKey, Art]:
    art = dict(images)
    if cover_art is not None:
        art[COVER_ART] = cover_art
    return art
