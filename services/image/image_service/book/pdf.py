"""The PDF painter: vector outlines, real text in embedded fonts, panel art as images."""

from __future__ import annotations

import io
from collections.abc import Mapping

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from image_service.book.drawing import ArtKey, Colour, Picture, Shape, Sheet, Text
from image_service.book.fonts import Face, register_pdf_fonts, text_width
from image_service.book.geometry import Path, box_path
from image_service.book.layout import BookLayout
from image_service.book.sheets import art_with_cover, book_sheets
from manga_common.models.script import EpisodeScript, StoryBible


def render_pdf(
    layout: BookLayout,
    bible: StoryBible,
    script: EpisodeScript,
    images: Mapping[tuple[int, int], bytes],
    *,
    author: str = "Manga Platform",
    cover_art: bytes | None = None,
) -> bytes:
    """The episode as a PDF: cover, then every page at B5.

    `images` holds each panel's PNG keyed by (page number, panel index), drawn at its
    slot's size; `cover_art`, when given, is used on the cover instead of a panel.
    """
    art = art_with_cover(images, cover_art)
    sheets = book_sheets(layout, bible, script, author=author, own_cover_art=cover_art is not None)

    register_pdf_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(layout.trim.width, layout.trim.height),
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
    painter = _PdfPainter(canvas, art, greyscale=not layout.color)
    for sheet in sheets:
        painter.paint(sheet)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _PdfPainter:
    def __init__(self, canvas: Canvas, art: Mapping[ArtKey, bytes], greyscale: bool) -> None:
        self._canvas = canvas
        self._art = art
        self._mode = "L" if greyscale else "RGB"
        self._readers: dict[ArtKey, ImageReader] = {}
        self._height = 0.0

    def paint(self, sheet: Sheet) -> None:
        self._height = sheet.height
        for mark in sheet.marks:
            if isinstance(mark, Shape):
                self._shape(mark)
            elif isinstance(mark, Picture):
                self._picture(mark)
            else:
                self._text(mark)

    def _path(self, path: Path) -> object:
        drawn = self._canvas.beginPath()
        flip = self._height
        for sub in path.subpaths:
            drawn.moveTo(sub.start.x, flip - sub.start.y)
            for segment in sub.segments:
                if len(segment) == 1:
                    drawn.lineTo(segment[0].x, flip - segment[0].y)
                else:
                    c1, c2, end = segment
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
        if key not in self._readers:
            if key not in self._art:
                raise KeyError(f"no art for page {key[0]} panel {key[1]}")
            image: Image.Image = Image.open(io.BytesIO(self._art[key]))
            image.load()
            if image.mode != self._mode:
                image = image.convert(self._mode)
            self._readers[key] = ImageReader(image)
        return self._readers[key]

    def _picture(self, picture: Picture) -> None:
        canvas = self._canvas
        reader = self._reader(picture.art)
        box = picture.box
        x, y, width, height = box.x, box.y, box.width, box.height
        if picture.fit == "cover":
            pixels_wide, pixels_high = reader.getSize()
            scale = max(box.width / pixels_wide, box.height / pixels_high)
            width, height = pixels_wide * scale, pixels_high * scale
            x, y = box.centre.x - width / 2, box.centre.y - height / 2
        canvas.saveState()
        canvas.clipPath(self._path(picture.clip or box_path(box)), stroke=0, fill=0)
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


def _rgb(colour: Colour) -> tuple[float, float, float]:
    return colour[0] / 255, colour[1] / 255, colour[2] / 255
