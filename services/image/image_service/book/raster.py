"""The raster painter: the same sheets as the PDF, as Pillow images for the CBZ.

Pillow draws polygons and lines without anti-aliasing, so a sheet is painted at a
multiple of the target resolution and box-filtered down. Panel art is enlarged by the
same whole multiple with nearest-neighbour sampling, so the reduction gives back its
pixels unchanged; so is text, which FreeType anti-aliases itself at the target resolution.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from PIL import Image, ImageDraw

from image_service.book.art import Art, as_image
from image_service.book.drawing import ArtKey, Colour, Picture, Shape, Sheet, Text
from image_service.book.fonts import pillow_font
from image_service.book.geometry import Box, Path, Point

SUPERSAMPLE = 2


def rasterise(sheet: Sheet, art: Mapping[ArtKey, Art], dpi: int, *, greyscale: bool = False) -> Image.Image:
    """The sheet as an RGB image, or a greyscale one (a third of the work) for black-and-white books."""
    painter = _RasterPainter(sheet, art, dpi * SUPERSAMPLE / 72, "L" if greyscale else "RGB")
    painter.paint()
    return painter.image.reduce(SUPERSAMPLE)


class _RasterPainter:
    def __init__(self, sheet: Sheet, art: Mapping[ArtKey, Art], scale: float, mode: str) -> None:
        self._sheet = sheet
        self._art = art
        self._scale = scale
        self._mode = mode
        size = (
            SUPERSAMPLE * round(sheet.width * scale / SUPERSAMPLE),
            SUPERSAMPLE * round(sheet.height * scale / SUPERSAMPLE),
        )
        self.image = Image.new(mode, size, self._ink(sheet.background))
        self._draw = ImageDraw.Draw(self.image)
        self._decoded: dict[ArtKey, Image.Image] = {}

    def paint(self) -> None:
        for mark in self._sheet.marks:
            if isinstance(mark, Shape):
                self._shape(mark)
            elif isinstance(mark, Picture):
                self._picture(mark)
            else:
                self._text(mark)

    def _ink(self, colour: Colour) -> int | Colour:
        if self._mode == "L":
            red, green, blue = colour
            return round(0.299 * red + 0.587 * green + 0.114 * blue)
        return colour

    def _polygons(self, path: Path, curve_steps: int = 16) -> list[list[tuple[float, float]]]:
        s = self._scale
        return [[(p.x * s, p.y * s) for p in line] for line in path.flattened(curve_steps)]

    def _shape(self, shape: Shape) -> None:
        polygons = self._polygons(shape.path)
        if shape.fill is not None:
            for polygon in polygons:
                self._draw.polygon(polygon, fill=self._ink(shape.fill))
        if shape.stroke is None:
            return
        width = max(1, round(shape.width * self._scale))
        for polygon, sub in zip(polygons, shape.path.subpaths, strict=True):
            # Repeat the first two points so the closing corner is joined like the others.
            line = polygon + polygon[:2] if sub.closed else polygon
            if shape.dash is None:
                self._draw.line(line, fill=self._ink(shape.stroke), width=width, joint="curve")
            else:
                on, off = (length * self._scale for length in shape.dash)
                for piece in _dashes(line, on, off):
                    self._draw.line(piece, fill=self._ink(shape.stroke), width=width)

    def _decode(self, key: ArtKey) -> Image.Image:
        if key not in self._decoded:
            if key not in self._art:
                raise KeyError(f"no art for page {key[0]} panel {key[1]}")
            self._decoded[key] = as_image(self._art[key], self._mode)  # type: ignore[arg-type]
        return self._decoded[key]

    def _picture(self, picture: Picture) -> None:
        source = self._decode(picture.art)
        s = self._scale
        box = picture.box
        left, top = round(box.x * s), round(box.y * s)
        size = (round(box.right * s) - left, round(box.bottom * s) - top)
        if picture.fit == "cover":
            source = _cropped_to(source, size[0] / size[1])
        if source.size == (size[0] // SUPERSAMPLE, size[1] // SUPERSAMPLE):
            fitted = source.resize(size, Image.Resampling.NEAREST)
        else:
            fitted = source.resize(size, Image.Resampling.LANCZOS)
        mask = None
        if picture.clip is not None:
            mask = Image.new("L", size, 0)
            outline = ImageDraw.Draw(mask)
            for polygon in self._polygons(picture.clip):
                outline.polygon([(x - left, y - top) for x, y in polygon], fill=255)
        self.image.paste(fitted, (left, top), mask)

    def _text(self, text: Text) -> None:
        # Text is drawn at the page's own resolution, as coverage masks, and enlarged onto the
        # supersampled sheet by whole pixels: FreeType's glyphs are anti-aliased already, so
        # the reduction gives back what FreeType drew, and drawing, stroking and turning a
        # quarter of the pixels made the CBZ's lettering a quarter cheaper. The marks keep
        # their order, so whatever is painted over text still is.
        scale = self._scale / SUPERSAMPLE
        font = pillow_font(text.face, text.size * scale)
        anchor = "ms" if text.align == "center" else "ls"
        stroke = round(text.outline_width * scale) if text.outline is not None else 0
        # The pivot where the page has it; the level mask holds it at `origin`, a whole pixel
        # in from the glyphs' bounds plus the pivot's fraction of a pixel.
        pivot = (text.x * scale, text.y * scale)
        fraction = (pivot[0] - math.floor(pivot[0]), pivot[1] - math.floor(pivot[1]))
        bounds = font.getbbox(text.text, anchor=anchor, stroke_width=stroke)
        origin = (1 - math.floor(bounds[0]) + fraction[0], 1 - math.floor(bounds[1]) + fraction[1])
        level_size = (math.ceil(bounds[2] + origin[0]) + 1, math.ceil(bounds[3] + origin[1]) + 1)
        # Turned text is resampled into the box it covers once turned, not a square around the
        # pivot: a third of the pixels for a long sound effect.
        box, turn = (
            _turned_box(text.angle, pivot, bounds, origin)
            if text.angle
            else ((round(pivot[0] - origin[0]), round(pivot[1] - origin[1]), 0, 0), ())
        )
        # Outline first, letters on top, each laid down in its colour through its coverage.
        layers = [(text.outline, stroke)] if text.outline is not None and stroke else []
        for colour, width in [*layers, (text.colour, 0)]:
            coverage = Image.new("L", level_size, 0)
            ImageDraw.Draw(coverage).text(
                origin, text.text, font=font, fill=255, anchor=anchor, stroke_width=width, stroke_fill=255
            )
            if turn:
                coverage = coverage.transform(
                    (box[2] - box[0], box[3] - box[1]),
                    Image.Transform.AFFINE,
                    turn,
                    resample=Image.Resampling.BILINEAR,
                )
            enlarged = coverage.resize(
                (SUPERSAMPLE * coverage.width, SUPERSAMPLE * coverage.height), Image.Resampling.NEAREST
            )
            self.image.paste(self._ink(colour), (SUPERSAMPLE * box[0], SUPERSAMPLE * box[1]), enlarged)


def _turned_box(
    angle: float,
    pivot: tuple[float, float],
    bounds: tuple[float, float, float, float],
    origin: tuple[float, float],
) -> tuple[tuple[int, int, int, int], tuple[float, ...]]:
    """The page's whole-pixel box that `bounds` (about the pivot) covers once turned `angle`
    degrees counter-clockwise, and the affine map from that box's pixels back to the level mask
    whose pivot is at `origin`."""
    px, py = pivot
    left, top, right, bottom = bounds
    turned = Box(left, top, right - left, bottom - top).turned(angle)
    x0, y0 = math.floor(px + turned.x) - 1, math.floor(py + turned.y) - 1
    x1, y1 = math.ceil(px + turned.right) + 1, math.ceil(py + turned.bottom) + 1
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    # A box pixel (u, v) is the page's (x0 + u, y0 + v); turned back about the pivot, it is in
    # the level mask at origin + (dx cos - dy sin, dx sin + dy cos).
    dx, dy = x0 - px, y0 - py
    turn = (
        cos, -sin, origin[0] + dx * cos - dy * sin,
        sin, cos, origin[1] + dx * sin + dy * cos,
    )  # fmt: skip
    return (x0, y0, x1, y1), turn


def _cropped_to(image: Image.Image, aspect: float) -> Image.Image:
    """The centred part of the image with the given width-to-height ratio."""
    width, height = image.size
    if width / height > aspect:
        kept = round(height * aspect)
        return image.crop(((width - kept) // 2, 0, (width - kept) // 2 + kept, height))
    kept = round(width / aspect)
    return image.crop((0, (height - kept) // 2, width, (height - kept) // 2 + kept))


def _dashes(line: list[tuple[float, float]], on: float, off: float) -> list[list[tuple[float, float]]]:
    """Split a polyline into the drawn pieces of a dash pattern."""
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = [line[0]]
    drawing, left = True, on
    for (x0, y0), (x1, y1) in itertools.pairwise(line):
        start, end = Point(x0, y0), Point(x1, y1)
        length = start.distance(end)
        travelled = 0.0
        while length - travelled > left:
            travelled += left
            point = start + (end - start).scaled(travelled / length)
            if drawing:
                current.append((point.x, point.y))
                pieces.append(current)
            else:
                current = [(point.x, point.y)]
            drawing = not drawing
            left = on if drawing else off
        left -= length - travelled
        if drawing:
            current.append((x1, y1))
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces
