"""Sound effects: large, turned, outlined lettering laid straight on the art."""

from __future__ import annotations

import random
from dataclasses import dataclass

from image_service.book.balloons import Balloon
from image_service.book.captions import Caption
from image_service.book.fonts import INK_ASCENT, INK_DESCENT, Face, printable, text_width
from image_service.book.geometry import Box, Ellipse, Point
from image_service.book.panel_space import SPACING, FaceSpot, grid_steps


@dataclass(frozen=True)
class SoundEffect:
    text: str
    face: Face
    size: float
    pivot: Point
    """Centre of the text's baseline; the text turns about it."""
    angle: float
    """Degrees, counter-clockwise as seen on the page."""
    outline_width: float
    """How far the pale outline reaches beyond the glyphs."""
    footprint: Box
    """Bounds of the turned text with its outline."""


def place_sound_effect(
    text: str,
    area: Box,
    faces: list[FaceSpot],
    balloons: list[Balloon],
    captions: tuple[Caption, ...],
    rng: random.Random,
) -> SoundEffect:
    """Big turned lettering on the art, as large as fits clear of balloons and captions,
    kept off faces where it can be."""
    face = Face.EMPHASIS
    lettering = printable(text.upper(), face)
    angle = rng.choice((-1, 1)) * rng.uniform(5.0, 15.0)
    unit_width = text_width(lettering, face, 1.0)
    largest = max(10.0, min(54.0, 0.28 * area.height, 0.62 * area.width / unit_width))
    # A beat's sound sits low or to one side, seldom dead centre.
    favourite = Point(
        area.x + area.width * rng.choice((0.3, 0.5, 0.7)), area.y + area.height * rng.uniform(0.45, 0.75)
    )
    best: tuple[float, SoundEffect] | None = None
    for scale in (1.0, 0.8, 0.64, 0.5):
        size = largest * scale
        outline = max(1.0, 0.08 * size)
        footprint = _turned_bounds(unit_width * size, size, angle, outline)
        for cy in grid_steps(area.y - footprint.y, area.bottom - footprint.bottom):
            for cx in grid_steps(area.x - footprint.x, area.right - footprint.right):
                placed_bounds = Box(cx + footprint.x, cy + footprint.y, footprint.width, footprint.height)
                blob = Ellipse(
                    placed_bounds.centre.x,
                    placed_bounds.centre.y,
                    placed_bounds.width / 2,
                    placed_bounds.height / 2,
                )
                if any(blob.gap_to(b.extent) < SPACING for b in balloons):
                    continue
                if any(placed_bounds.overlaps(c.box, SPACING) for c in captions):
                    continue
                cost = 0.05 * placed_bounds.centre.distance(favourite) + 20 * (1 - scale)
                for spot in faces:
                    cost += 20 * max(0.0, -blob.gap_to_circle(spot.centre, spot.radius))
                    # Any letter over a face costs more than a smaller size: shrink before covering one.
                    nearest = Point(
                        min(max(spot.centre.x, placed_bounds.x), placed_bounds.right),
                        min(max(spot.centre.y, placed_bounds.y), placed_bounds.bottom),
                    )
                    if nearest.distance(spot.centre) < spot.radius:
                        cost += 60
                if best is None or cost < best[0]:
                    effect = SoundEffect(lettering, face, size, Point(cx, cy), angle, outline, placed_bounds)
                    best = (cost, effect)
        if best is not None and best[0] < 40:
            break
    if best is not None:
        return best[1]
    size = largest * 0.5
    outline = max(1.0, 0.08 * size)
    footprint = _turned_bounds(unit_width * size, size, angle, outline)
    pivot = Point(area.centre.x, area.bottom - footprint.bottom)
    bounds = Box(pivot.x + footprint.x, pivot.y + footprint.y, footprint.width, footprint.height)
    return SoundEffect(lettering, face, size, pivot, angle, outline, bounds)


def _turned_bounds(width: float, size: float, angle: float, outline: float) -> Box:
    """Bounds, relative to the baseline centre, of a line of text turned about that point."""
    top, bottom = -INK_ASCENT * size - outline, INK_DESCENT * size + outline
    left, right = -width / 2 - outline, width / 2 + outline
    return Box(left, top, right - left, bottom - top).turned(angle)
