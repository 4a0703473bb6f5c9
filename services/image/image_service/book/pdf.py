"""The PDF painter: vector outlines, real text in embedded fonts, panel art as images.

Pages go down one at a time (`PdfBook.add`), so the image stage letters each page as soon
as its panels are drawn instead of waiting for the last one. Each picture is kept as JPEG
when it is continuous-tone art and losslessly when it is line art (see book/art.py).

A print edition (`bleed` > 0) puts each page on a sheet larger than the trim by the bleed on
every side: the art of panels that run off the page runs on into the bleed, the printer's
TrimBox and BleedBox say where to cut, and the art is kept at the layout's resolution
(plan the book at 300 dpi for print).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from image_service.book.art import Art, Mode, as_image, is_jpeg, is_line_art, jpeg, opened
from image_service.book.drawing import ArtKey, Colour, Picture, Shape, Sheet, Text
from image_service.book.fonts import Face, register_pdf_fonts, text_width
from image_service.book.geometry import Box, Path, Point, box_path
from image_service.book.layout import BookLayout
from image_service.book.sheets import art_with_cover, book_sheets
from manga_common.models.script import EpisodeScript, StoryBible

if TYPE_CHECKING:
    from reportlab.lib.utils import ImageReader


def render_pdf(
    layout: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    images: Mapping[tuple[int, int], Art],
    *,
    author: str = "Manga Platform",
    cover_art: Art | None = None,
    bleed: float = 0.0,
) -> bytes:
    """The episode as a PDF: cover, then every page at B5.

    `images` holds each panel's art keyed by (page number, panel index), drawn at its
    slot's size; `cover_art`, when given, is used on the cover instead of a panel.
    """
    art = art_with_cover(images, cover_art)
    book = PdfBook(layout, bible, script, author=author, bleed=bleed)
    for sheet in book_sheets(layout, bible, script, author=author, own_cover_art=cover_art is not None):
        book.add(sheet, art)
    return book.finish()


class PdfBook:
    """A PDF written page by page: `add` each sheet in order, then `finish`."""

    def __init__(
        self,
        layout: BookLayout,
        bible: StoryBible,
        script: EpisodeScript,
        *,
        author: str = "Manga Platform",
        bleed: float = 0.0,
    ) -> None:
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        # Images go in as binary streams: ASCII85 would add a quarter to every picture.
        rl_config.useA85 = 0
        register_pdf_fonts()
        self._buffer = io.BytesIO()
        self._bleed = bleed
        trim = layout.trim
        canvas = Canvas(
            self._buffer,
            pagesize=(trim.width + 2 * bleed, trim.height + 2 * bleed),
            pageCompression=1,
            invariant=1,
            # Without this every page names Helvetica, a font the file would not embed.
            initialFontName=Face.DIALOGUE.value,
        )
        canvas.setTitle(f"{bible.title} \u2013 Episode {script.episode_number}: {script.title}")
        canvas.setAuthor(author)
        canvas.setSubject(script.summary)
        canvas.setKeywords(", ".join([*bible.genres, *bible.themes, "manga"]))
        canvas.setCreator("Manga Platform")
        if layout.reading_direction == "rtl":
            canvas.setViewerPreference("Direction", "R2L")
        canvas.addPageLabel(0, prefix="Cover")
        canvas.addPageLabel(1, style="D", start=1)
        self._canvas = canvas
        self._painter = _PdfPainter(canvas, "RGB" if layout.color else "L", bleed, trim)

    def add(self, sheet: Sheet, art: Mapping[ArtKey, Art]) -> None:
        """Paint one sheet; `art` needs to hold only the pictures this sheet shows."""
        if self._bleed:
            width, height = sheet.width + 2 * self._bleed, sheet.height + 2 * self._bleed
            box = (self._bleed, self._bleed, self._bleed + sheet.width, self._bleed + sheet.height)
            self._canvas.setPageSize((width, height))
            self._canvas.setTrimBox(box)
            self._canvas.setBleedBox((0, 0, width, height))
        self._painter.paint(sheet, art)
        self._canvas.showPage()

    def finish(self) -> bytes:
        self._canvas.save()
        return self._buffer.getvalue()


class _PdfPainter:
    def __init__(self, canvas: Any, mode: Mode, bleed: float, trim: Box) -> None:
        self._canvas = canvas
        self._art: Mapping[ArtKey, Art] = {}
        self._mode: Mode = mode
        self._readers: dict[ArtKey, ImageReader] = {}
        self._height = 0.0
        self._bleed = bleed
        self._trim = trim

    def paint(self, sheet: Sheet, art: Mapping[ArtKey, Art]) -> None:
        self._art = art
        self._height = sheet.height
        if self._bleed:
            self._canvas.translate(self._bleed, self._bleed)
            self._bleed_background(sheet)
        for mark in sheet.marks:
            if isinstance(mark, Shape):
                self._shape(mark)
            elif isinstance(mark, Picture):
                self._picture(mark)
            else:
                self._text(mark)
        # A picture is used on one sheet (the cover's on the cover): let it go with its page.
        self._readers.clear()

    def _bleed_background(self, sheet: Sheet) -> None:
        reach = self._bleed
        self._canvas.setFillColorRGB(*_rgb(sheet.background))
        self._canvas.rect(-reach, -reach, sheet.width + 2 * reach, sheet.height + 2 * reach, stroke=0, fill=1)

    def _bled(self, point: Point) -> Point:
        """A point on the trim edge moved out to the bleed edge (art that runs off the page)."""
        trim = self._trim
        return Point(
            _outward(point.x, trim.x, trim.right, self._bleed),
            _outward(point.y, trim.y, trim.bottom, self._bleed),
        )

    def _path(self, path: Path) -> object:
        drawn = self._canvas.beginPath()
        flip = self._height
        moved = self._bled if self._bleed else _same
        for sub in path.subpaths:
            start = moved(sub.start)
            drawn.moveTo(start.x, flip - start.y)
            for segment in sub.segments:
                if len(segment) == 1:
                    end = moved(segment[0])
                    drawn.lineTo(end.x, flip - end.y)
                else:
                    c1, c2, end = (moved(p) for p in segment)
                    drawn.curveTo(c1.x, flip - c1.y, c2.x, flip - c2.y, end.x, flip - end.y)
            if sub.closed:
                drawn.close()
        return drawn

    def _shape(self, shape: Shape) -> None:
        canvas = self._canvas
        canvas.saveState()
        if shape.fill is not None:
            canvas.setFillColorRGB(*_rgb(shape.fill))
        if shape.stroke is not None:
            canvas.setStrokeColorRGB(*_rgb(shape.stroke))
            canvas.setLineWidth(shape.width)
            canvas.setLineJoin(1)
            canvas.setLineCap(1)
            if shape.dash is not None:
                canvas.setDash(list(shape.dash), 0)
        canvas.drawPath(
            self._path(shape.path), stroke=int(shape.stroke is not None), fill=int(shape.fill is not None)
        )
        canvas.restoreState()

    def _reader(self, key: ArtKey) -> ImageReader:
        from reportlab.lib.utils import ImageReader

        if key not in self._readers:
            if key not in self._art:
                raise KeyError(f"no art for page {key[0]} panel {key[1]}")
            picture = self._art[key]
            if isinstance(picture, bytes) and is_jpeg(picture) and _jpeg_mode(picture) == self._mode:
                self._readers[key] = jpeg_reader(picture)  # already as the page needs it
            else:
                image = as_image(picture, self._mode)
                # Line art stays lossless; continuous-tone art goes in as JPEG, which reportlab
                # embeds as it is (DCTDecode) without decoding it again.
                self._readers[key] = ImageReader(image) if is_line_art(image) else jpeg_reader(jpeg(image))
        return self._readers[key]

    def _picture(self, picture: Picture) -> None:
        canvas = self._canvas
        reader = self._reader(picture.art)
        box = picture.box
        if self._bleed:
            corner, far = self._bled(Point(box.x, box.y)), self._bled(Point(box.right, box.bottom))
            box = Box(corner.x, corner.y, far.x - corner.x, far.y - corner.y)
        x, y, width, height = box.x, box.y, box.width, box.height
        if picture.fit == "cover" or self._bleed:
            pixels_wide, pixels_high = reader.getSize()
            scale = max(box.width / pixels_wide, box.height / pixels_high)
            width, height = pixels_wide * scale, pixels_high * scale
            x, y = box.centre.x - width / 2, box.centre.y - height / 2
        canvas.saveState()
        canvas.clipPath(self._path(picture.clip or box_path(picture.box)), stroke=0, fill=0)
        canvas.drawImage(reader, x, self._height - y - height, width, height)
        canvas.restoreState()

    def _text(self, text: Text) -> None:
        canvas = self._canvas
        canvas.saveState()
        canvas.translate(text.x, self._height - text.y)
        if text.angle:
            canvas.rotate(text.angle)
        start = -text_width(text.text, text.face, text.size) / 2 if text.align == "center" else 0.0
        if text.outline is not None and text.outline_width > 0:
            # A stroke straddles the glyph edge: twice the reach, drawn first, filled over.
            # The stroke-only render mode is text state, which only restoreState undoes.
            canvas.saveState()
            canvas.setStrokeColorRGB(*_rgb(text.outline))
            canvas.setLineWidth(2 * text.outline_width)
            canvas.setLineJoin(1)
            outline = canvas.beginText(start, 0)
            outline.setFont(text.face.value, text.size)
            outline.setTextRenderMode(1)
            outline.textOut(text.text)
            canvas.drawText(outline)
            canvas.restoreState()
        canvas.setFillColorRGB(*_rgb(text.colour))
        canvas.setFont(text.face.value, text.size)
        canvas.drawString(start, 0, text.text)
        canvas.restoreState()


def _jpeg_mode(data: bytes) -> str:
    return str(opened(data).mode)


def _same(point: Point) -> Point:
    return point


def _rgb(colour: Colour) -> tuple[float, float, float]:
    return colour[0] / 255, colour[1] / 255, colour[2] / 255


def _outward(value: float, low: float, high: float, reach: float, near: float = 0.5) -> float:
    """A coordinate on (within `near` of) the edge `low` or `high` moved `reach` beyond it."""
    if value <= low + near:
        return value - reach
    if value >= high - near:
        return value + reach
    return value


def jpeg_reader(data: bytes) -> ImageReader:
    """A reader of JPEG bytes, which reportlab embeds as they are (DCTDecode)."""
    return _jpeg_reader_type()(io.BytesIO(data))


@cache
def _jpeg_reader_type() -> type[ImageReader]:
    from reportlab.lib.utils import ImageReader

    class JpegReader(ImageReader):
        """reportlab names each image by a digest of its pixels, to store repeats once: for a
        JPEG it decoded the picture only to hash it (half a second of a 32-page episode's
        lettering). The digest is of the JPEG's bytes here, as unique as the pixels."""

        def getRGBData(self) -> bytes:
            self._dataA = None
            return bytes(self.fp.getvalue())

    return JpegReader
