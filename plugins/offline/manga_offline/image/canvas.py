"""The drawing surface of one panel: a supersampled RGB image and the pens that ink it.

Everything is drawn at `scale` times the panel's size and reduced once at the end, which
smooths every edge. Drawing code speaks in real colours; `Canvas.colour` turns them into
what the style prints: the colour itself (tinted toward the paper) or, for black-and-white
styles, a grey that later becomes screentone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageOps

from manga_common.plugins.interfaces import ArtStyle
from manga_offline.image.geometry import Point, tapered
from manga_offline.image.palette import RGB, hex_to_rgb, luminance, mix

_WHITE: RGB = (255, 255, 255)
_BLACK: RGB = (0, 0, 0)


def grey_for(colour: RGB) -> int:
    """The grey a colour prints as in black-and-white: near-black is solid ink, pale is paper.

    A gamma lifts the middle so that brown reads as a middle tone, not as black.
    """
    level = (luminance(colour) - 40) / 200
    level = min(1.0, max(0.0, level))
    return round(255 * level**0.6)


@dataclass
class Canvas:
    style: ArtStyle
    width: int
    height: int
    scale: int
    image: Image.Image = field(init=False)
    draw: ImageDraw.ImageDraw = field(init=False)
    ink: RGB = field(init=False)
    paper: RGB = field(init=False)
    accents: tuple[RGB, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.style.color:
            colours = [hex_to_rgb(c) for c in self.style.palette]
            self.ink = colours[0] if colours else _BLACK
            self.paper = colours[1] if len(colours) > 1 else _WHITE
            self.accents = tuple(colours[2:]) or ((230, 120, 140), (120, 170, 230))
        else:
            self.ink, self.paper = _BLACK, _WHITE
            self.accents = ((200, 200, 200), (150, 150, 150))
        self.image = Image.new("RGB", (self.width, self.height), self.paper)
        self.draw = ImageDraw.Draw(self.image)

    @property
    def in_colour(self) -> bool:
        return self.style.color

    def colour(self, rgb: RGB, grey: int | None = None) -> RGB:
        """What `rgb` prints as: softened toward the paper in colour, a grey in black-and-white.

        `grey` overrides the grey where a drawing wants a tone unrelated to the hue (a sky
        left white in print, though blue in colour).
        """
        if self.in_colour:
            return mix(rgb, self.paper, 0.12)
        level = grey_for(rgb) if grey is None else max(0, min(255, grey))
        return (level, level, level)

    def accent(self, index: int) -> RGB:
        return self.accents[index % len(self.accents)]

    def unit(self) -> float:
        """One line-weight unit: 1 px on a 450 px tall panel, in canvas pixels."""
        return self.height / 450

    def pen(self, size: float = 1.0) -> int:
        """Width in pixels of an ink line of relative `size`, in this style's weight."""
        return max(1, round(size * self.unit() * self.style.line_weight))

    def fill(self, polygon: Sequence[Point], colour: RGB) -> None:
        if len(polygon) >= 3:
            self.draw.polygon(list(polygon), fill=colour)

    def stroke(self, points: Sequence[Point], width: float, colour: RGB | None = None) -> None:
        if len(points) >= 2:
            self.draw.line(list(points), fill=colour or self.ink, width=max(1, round(width)), joint="curve")

    def shape(self, polygon: Sequence[Point], colour: RGB, width: float) -> None:
        """A filled shape with an ink outline."""
        if len(polygon) < 3:
            return
        self.draw.polygon(list(polygon), fill=colour)
        self.stroke([*polygon, polygon[0]], width)

    def brush(
        self,
        points: Sequence[Point],
        width: float,
        colour: RGB | None = None,
        start: float = 0.1,
        end: float = 0.1,
    ) -> None:
        """A tapered ink stroke."""
        if len(points) >= 2:
            self.draw.polygon(tapered(points, width, start, end), fill=colour or self.ink)

    def gradient(self, box: tuple[int, int, int, int], top: RGB, bottom: RGB) -> None:
        """A vertical blend from `top` to `bottom` over `box`; in black-and-white it prints as
        a graded screentone, the classic manga sky."""
        left, upper, right, lower = box
        if right <= left or lower <= upper:
            return
        ramp = Image.linear_gradient("L").resize((right - left, lower - upper), Image.Resampling.BILINEAR)
        band = ImageOps.colorize(ramp, black=top, white=bottom)
        self.image.paste(band, (left, upper))

    def wash(self, mask: Image.Image, colour: RGB) -> None:
        """Lay `colour` over the whole panel through `mask` (0 keeps, 255 covers): fog, glow."""
        self.image.paste(colour, (0, 0, self.width, self.height), mask)

    def shade_inside(self, polygon: Sequence[Point], shift: Point, colour: RGB) -> None:
        """Colour the part of `polygon` that a copy moved by `shift` does not cover.

        With the copy moved toward the light, what is left is a crescent of shadow on the far
        side of any shape, exactly inside its outline: cel shading without polygon algebra.
        """
        if len(polygon) < 3:
            return
        xs = [x for x, _ in polygon]
        ys = [y for _, y in polygon]
        left, top = max(0, int(min(xs))), max(0, int(min(ys)))
        right, bottom = min(self.width, int(max(xs)) + 2), min(self.height, int(max(ys)) + 2)
        if right <= left or bottom <= top:
            return
        mask = Image.new("L", (right - left, bottom - top), 0)
        pen = ImageDraw.Draw(mask)
        pen.polygon([(x - left, y - top) for x, y in polygon], fill=255)
        pen.polygon([(x - left + shift[0], y - top + shift[1]) for x, y in polygon], fill=0)
        self.image.paste(colour, (left, top, right, bottom), mask)

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        colour: RGB | None,
        width: float = 0,
        outline: RGB | None = None,
    ) -> None:
        box = (cx - rx, cy - ry, cx + rx, cy + ry)
        if width > 0:
            self.draw.ellipse(box, fill=colour, outline=outline or self.ink, width=max(1, round(width)))
        else:
            self.draw.ellipse(box, fill=colour)
