"""The CBZ: the book's sheets painted as images, numbered to sort, with ComicInfo.xml."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from PIL import Image

from image_service.book.comicinfo import PageEntry, comic_info_xml
from image_service.book.layout import BookLayout
from image_service.book.raster import rasterise
from image_service.book.sheets import art_with_cover, book_sheets
from manga_common.models.script import EpisodeScript, StoryBible

# A fixed timestamp keeps the archive byte-for-byte the same for the same book.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render_cbz(
    layout: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    images: Mapping[tuple[int, int], bytes],
    *,
    series: str | None = None,
    summary: str | None = None,
    author: str = "Manga Platform",
    cover_art: bytes | None = None,
) -> bytes:
    """The episode as a comic book archive: 000 is the cover, then one image per page.

    Black-and-white books are stored as greyscale PNG, colour books as JPEG.
    """
    art = art_with_cover(images, cover_art)
    sheets = book_sheets(layout, bible, script, author=author, own_cover_art=cover_art is not None)
    buffer = io.BytesIO()
    entries: list[PageEntry] = []
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, sheet in enumerate(sheets):
            image = rasterise(sheet, art, layout.dpi, greyscale=not layout.color)
            data, extension = _encoded(image, layout.color)
            _add(archive, f"{index:03d}.{extension}", data, zipfile.ZIP_STORED)
            entries.append(PageEntry(image.width, image.height, len(data), front_cover=index == 0))
        info = comic_info_xml(
            bible,
            script,
            entries,
            reading_direction=layout.reading_direction,
            black_and_white=not layout.color,
            series=series,
            summary=summary,
            writer=author,
        )
        _add(archive, "ComicInfo.xml", info, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _encoded(image: Image.Image, color: bool) -> tuple[bytes, str]:
    out = io.BytesIO()
    if color:
        image.save(out, "JPEG", quality=90, optimize=True)
        return out.getvalue(), "jpg"
    image.save(out, "PNG", compress_level=6)
    return out.getvalue(), "png"


def _add(archive: zipfile.ZipFile, name: str, data: bytes, compression: int) -> None:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    entry.compress_type = compression
    archive.writestr(entry, data)
