"""Balloon shapes: the oval, the thought cloud, the shout burst and the whispered oval.

Every balloon is built outwards from its text. The text block sets the body, an ellipse
holding every line's ink box; the drawn outline encloses the body (a cloud's valleys and
a burst's inner points lie outside it), and the extent, an ellipse around the outline, is
what placement keeps apart from faces and other balloons. Tails are separate shapes whose
root sits inside the body: painted stroke-first and fill-second, balloon and tail merge
into one outline.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from functools import cached_property, lru_cache

from image_service.book.fonts import Face
from image_service.book.geometry import Ellipse, Path, Point, Subpath, ellipse_path, polygon_path
from image_service.book.text_fit import TextLine, balanced_wraps, set_block
from manga_common.models.script import LineKind

FACE_FOR_KIND = {
    "speech": Face.DIALOGUE,
    "thought": Face.DIALOGUE,
    "whisper": Face.DIALOGUE,
    "shout": Face.EMPHASIS,
}
SIZE_FOR_KIND = {"speech": 8.0, "thought": 7.6, "whisper": 7.2, "shout": 9.0}
"""Point sizes a letterer starts from on a B5 page."""
SMALLEST_SIZE = 6.0
STROKE_WIDTH = {"speech": 0.9, "thought": 0.8, "whisper": 0.8, "shout": 1.1}

_ASPECTS = (0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.1)
_MAX_LINES = 7


@dataclass(frozen=True)
class Draft:
    """A balloon before placement: the text set around (0, 0) and the shapes' radii."""

    kind: LineKind
    size: float
    lines: tuple[TextLine, ...]
    body_rx: float
    body_ry: float
    extent_rx: float
    extent_ry: float

    @property
    def shape_cost(self) -> float:
        """Prefer compact balloons a little wider than tall; a sliver of one long line, or a
        tower of one word per line, only when nothing else fits."""
        stretch = abs(math.log(self.body_rx / self.body_ry / 1.3))
        return 0.004 * self.extent_rx * self.extent_ry + 15 * stretch + (40 if stretch > 0.75 else 0)


@dataclass(frozen=True)
class Balloon:
    kind: LineKind
    speaker: str
    body: Ellipse
    extent: Ellipse
    outline: Path
    lines: tuple[TextLine, ...]
    tail: Path | None
    tail_tip: Point | None
    thought_dots: tuple[Ellipse, ...]

    @property
    def stroke_width(self) -> float:
        return STROKE_WIDTH[self.kind]

    @property
    def dashed(self) -> bool:
        return self.kind == "whisper"

    @cached_property
    def outline_polygon(self) -> list[Point]:
        return self.outline.flattened(12)[0]


@lru_cache(maxsize=2048)
def drafts_for(text: str, kind: LineKind, size: float) -> tuple[Draft, ...]:
    """Every sensible shape for a line of dialogue at one size, from one long line to a tall stack."""
    face = FACE_FOR_KIND[kind]
    drafts = []
    for wrapping in balanced_wraps(text, face, size, _MAX_LINES):
        lines = tuple(set_block(wrapping, face, size))
        rx, ry = _body_radii(lines, size)
        grow_x, grow_y = _extent_growth(kind, rx, ry, size)
        drafts.append(Draft(kind, size, lines, rx, ry, rx + grow_x, ry + grow_y))
    return tuple(drafts)


def _body_radii(lines: tuple[TextLine, ...], size: float) -> tuple[float, float]:
    """The smallest ellipse (over a few aspects) holding every padded line box."""
    pad_x, pad_y = 0.55 * size, 0.4 * size
    corners = [
        (abs(corner.x), abs(corner.y))
        for line in lines
        for corner in line.box.inset(-pad_x, -pad_y).corners()
    ]
    best: tuple[float, float] | None = None
    for aspect in _ASPECTS:
        ry = max(math.sqrt((x / aspect) ** 2 + y * y) for x, y in corners)
        if best is None or aspect * ry * ry < best[0] * best[1]:
            best = (aspect * ry, ry)
    assert best is not None
    return max(best[0], 2.4 * size), max(best[1], 1.7 * size)


def _extent_growth(kind: LineKind, rx: float, ry: float, size: float) -> tuple[float, float]:
    stroke = STROKE_WIDTH[kind]
    if kind == "thought":
        count = _bump_count(rx, ry, size)
        grow = _valley_gap(rx, ry, count) + 0.5 * _perimeter(rx, ry) / count + stroke
        return grow, grow
    if kind == "shout":
        gap = _valley_gap(rx, ry, _spike_count(rx, ry, size)) + 0.6 * size + stroke
        return gap + 0.4 * rx, gap + 0.4 * ry
    return stroke, stroke


def build_balloon(
    draft: Draft, centre: Point, speaker: str, tail_target: Point | None, rng: random.Random
) -> Balloon:
    body = Ellipse(centre.x, centre.y, draft.body_rx, draft.body_ry)
    extent = Ellipse(centre.x, centre.y, draft.extent_rx, draft.extent_ry)
    if draft.kind == "thought":
        outline = _cloud(body, draft.size, rng)
    elif draft.kind == "shout":
        outline = _burst(body, draft.size, rng)
    else:
        outline = ellipse_path(body)
    lines = tuple(line.moved(centre.x, centre.y) for line in draft.lines)
    tail: Path | None = None
    dots: tuple[Ellipse, ...] = ()
    if tail_target is not None:
        if draft.kind == "thought":
            dots = _thought_dots(extent, tail_target, draft.size)
        else:
            tail = _tail(body, extent, tail_target, draft.kind, rng)
    return Balloon(draft.kind, speaker, body, extent, outline, lines, tail, tail_target, dots)


def _points_along(ellipse: Ellipse, count: int, grow: float, phase: float) -> list[Point]:
    """`count` points evenly spaced by arc length around a grown ellipse."""
    samples = 240
    angles = [phase + 2 * math.pi * i / samples for i in range(samples + 1)]
    points = [ellipse.point_at(a, grow) for a in angles]
    lengths = [0.0]
    for a, b in itertools.pairwise(points):
        lengths.append(lengths[-1] + a.distance(b))
    step, chosen, index = lengths[-1] / count, [], 0
    for k in range(count):
        while lengths[index + 1] < k * step:
            index += 1
        chosen.append(points[index])
    return chosen


def _perimeter(rx: float, ry: float) -> float:
    return math.pi * (3 * (rx + ry) - math.sqrt((3 * rx + ry) * (rx + 3 * ry)))


def _bump_count(rx: float, ry: float, size: float) -> int:
    return max(8, min(18, round(_perimeter(rx, ry) / (2.8 * size))))


def _spike_count(rx: float, ry: float, size: float) -> int:
    return max(12, min(26, round(_perimeter(rx, ry) / (2.0 * size))))


def _valley_gap(rx: float, ry: float, count: int) -> float:
    """How far outside the body a cloud's valleys or a burst's inner points must sit so that
    no straight chord between neighbours cuts into the body: the chord's sagitta where the
    ellipse curves tightest."""
    chord = _perimeter(rx, ry) / count
    tightest_curve = min(rx, ry) ** 2 / max(rx, ry)
    return chord * chord / (8 * tightest_curve) + 0.6


def _cloud(body: Ellipse, size: float, rng: random.Random) -> Path:
    count = _bump_count(body.rx, body.ry, size)
    valleys = _points_along(body, count, _valley_gap(body.rx, body.ry, count), rng.uniform(0, 1))
    segments: list[tuple[Point, Point, Point]] = []
    for index, start in enumerate(valleys):
        end = valleys[(index + 1) % count]
        chord = end - start
        middle = start + chord.scaled(0.5)
        outward = Point(chord.y, -chord.x).unit()
        if (middle + outward - body.centre).length() < (middle - body.centre).length():
            outward = outward.scaled(-1)
        reach = chord.length() * rng.uniform(0.5, 0.62)
        segments.append((start + outward.scaled(reach), end + outward.scaled(reach), end))
    return Path((Subpath(valleys[0], tuple(segments)),))


def _burst(body: Ellipse, size: float, rng: random.Random) -> Path:
    count = _spike_count(body.rx, body.ry, size)
    inner = _points_along(body, count, _valley_gap(body.rx, body.ry, count), rng.uniform(0, 1))
    points: list[Point] = []
    for index, start in enumerate(inner):
        end = inner[(index + 1) % count]
        middle = start + (end - start).scaled(0.5)
        direction = (middle - body.centre).unit()
        reach = body.radius_towards(direction) * rng.uniform(0.18, 0.4) + 0.6 * size
        points.extend((start, middle + direction.scaled(reach)))
    return polygon_path(points)


def _tail(body: Ellipse, extent: Ellipse, tip: Point, kind: LineKind, rng: random.Random) -> Path:
    direction = (tip - body.centre).unit()
    side = direction.perpendicular()
    radius = body.radius_towards(direction)
    root = body.centre + direction.scaled(radius * 0.55)
    width = min(0.5 * min(body.rx, body.ry), 13.0) * (0.7 if kind == "shout" else 1.0)
    left, right = root + side.scaled(width / 2), root - side.scaled(width / 2)
    if kind == "shout":
        return polygon_path((left, tip, right))
    # A gentle curve, both edges bent the same way, like a pen stroke.
    bend = side.scaled(rng.uniform(-0.12, 0.12) * (tip - root).length())
    out_control = left + (tip - left).scaled(0.5) + bend
    back_control = right + (tip - right).scaled(0.5) + bend.scaled(0.6)
    return Path(
        (
            Subpath(
                left,
                (
                    (_two_thirds(left, out_control), _two_thirds(tip, out_control), tip),
                    (_two_thirds(tip, back_control), _two_thirds(right, back_control), right),
                    (left,),
                ),
            ),
        )
    )


def _two_thirds(end: Point, control: Point) -> Point:
    """A quadratic Bézier's control point expressed as a cubic's, from one end."""
    return end + (control - end).scaled(2 / 3)


def _thought_dots(extent: Ellipse, tip: Point, size: float) -> tuple[Ellipse, ...]:
    """A trail of shrinking bubbles from the cloud to the thinker; as many as the gap holds."""
    start = extent.edge_towards(tip)
    direction = (tip - start).unit()
    room = start.distance(tip)
    largest = max(2.2, min(0.5 * size, 4.0))
    dots: list[Ellipse] = []
    travelled = 0.8
    for scale in (1.0, 0.7, 0.45):
        radius = largest * scale
        if travelled + 2 * radius > room:
            break
        centre = start + direction.scaled(travelled + radius)
        dots.append(Ellipse(centre.x, centre.y, radius, radius))
        travelled += 2 * radius + max(1.2, (room - 6 * largest) / 4)
    return tuple(dots)
