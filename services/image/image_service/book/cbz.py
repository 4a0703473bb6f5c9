"""The CBZ: the book's sheets painted as images, numbered to sort, with ComicInfo.xml.

Pages go in one at a time (`CbzBook.add`), as the image stage letters them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from image_service.book.art import Art, as_image, is_line_art, jpeg
from image_service.book.comicinfo import PageEntry, comic_info_xml
from image_service.book.drawing import ArtKey, Picture, Sheet
from image_service.book.layout import BookLayout
from image_service.book.raster import rasterise
from image_service.book.sheets import art_with_cover, book_sheets
from manga_common.models.script import EpisodeScript, StoryBible

if TYPE_CHECKING:
    from PIL.Image import Image

# A fixed timestamp keeps the archive byte-for-byte the same for the same book.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Higher than the stored panels': a CBZ page is read at full size, text and all, with no
# further scaling to hide the artefacts around its lettering.
CBZ_JPEG_QUALITY = 90


def render_cbz(
    layout: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    images: Mapping[tuple[int, int], Art],
    *,
    series: str | None = None,
    summary: str | None = None,
    author: str = "Manga Platform",
    cover_art: Art | None = None,
) -> bytes:
    """The episode as a comic book archive: 000 is the cover, then one image per page.

    Colour books and pages of painted art are stored as JPEG, black-and-white line art as
    greyscale PNG.
    """
    art = art_with_cover(images, cover_art)
    book = CbzBook(layout, bible, script, series=series, summary=summary, author=author)
    for sheet in book_sheets(layout, bible, script, author=author, own_cover_art=cover_art is not None):
        book.add(sheet, art)
    return book.finish()


@dataclass(frozen=True)
class PaintedPage:
    data: bytes
    extension: str
    width: int
    height: int


class CbzBook:
    """A CBZ written page by page: `add` each sheet in order, then `finish`."""

    def __init__(
        self,
        layout: BookLayout,
        bible: StoryBible,
        script: EpisodeScript,
        *,
        series: str | None = None,
        summary: str | None = None,
        author: str = "Manga Platform",
        dpi: int | None = None,
    ) -> None:
        """`dpi`: the pages' resolution, when not the layout's (a print layout's CBZ stays a
        screen's)."""
        self._layout, self._bible, self._script = layout, bible, script
        self._dpi = dpi or layout.dpi
        self._series, self._summary, self._author = series, summary, author
        self._buffer = io.BytesIO()
        self._archive = zipfile.ZipFile(self._buffer, "w")
        self._entries: list[PageEntry] = []

    def add(self, sheet: Sheet, art: Mapping[ArtKey, Art]) -> None:
        """Paint one sheet; `art` needs to hold only the pictures this sheet shows."""
        self.add_painted(self.paint(sheet, art))

    def paint(self, sheet: Sheet, art: Mapping[ArtKey, Art]) -> PaintedPage:
        """One sheet as its encoded page image; any thread may paint while pages are added."""
        layout = self._layout
        image = rasterise(sheet, art, self._dpi, greyscale=not layout.color)
        data, extension = _encoded(image, layout.color or _continuous_tone(sheet, art))
        return PaintedPage(data, extension, image.width, image.height)

    def add_painted(self, page: PaintedPage) -> None:
        """The next page, in reading order (the cover first)."""
        index = len(self._entries)
        _add(self._archive, f"{index:03d}.{page.extension}", page.data, zipfile.ZIP_STORED)
        self._entries.append(PageEntry(page.width, page.height, len(page.data), front_cover=index == 0))

    def finish(self) -> bytes:
        layout = self._layout
        info = comic_info_xml(
            self._bible,
            self._script,
            self._entries,
            reading_direction=layout.reading_direction,
            black_and_white=not layout.color,
            series=self._series,
            summary=self._summary,
            writer=self._author,
        )
        _add(self._archive, "ComicInfo.xml", info, zipfile.ZIP_DEFLATED)
        self._archive.close()
        return self._buffer.getvalue()

    def close(self) -> None:
        """Give up an unfinished book."""
        self._archive.close()


def _continuous_tone(sheet: Sheet, art: Mapping[ArtKey, Art]) -> bool:
    """A page with painted (not line) art: JPEG keeps it at a fraction of PNG's size and time."""
    pictures = {mark.art for mark in sheet.marks if isinstance(mark, Picture)}
    return any(not is_line_art(as_image(art[key], "L")) for key in pictures if key in art)


def _encoded(image: Image, photographic: bool) -> tuple[bytes, str]:
    """Painted pages as JPEG, line art as PNG (lossless, and JPEG would ring around its lines)."""
    if photographic:
        return jpeg(image, quality=CBZ_JPEG_QUALITY), "jpg"
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue(), "png"


def _add(archive: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    entry.compress_type = compression
    archive.writestr(entry, data)
