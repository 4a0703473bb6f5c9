"""Plane geometry for the book, in PDF points on a page whose origin is the top-left corner.

y grows downwards, as on screen and in Pillow; the PDF painter flips it. Outlines are paths
of straight and cubic Bézier segments, so the PDF keeps true curves and the raster painter
flattens them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MM = 72 / 25.4
"""Points per millimetre."""

# A quarter circle as one cubic Bézier: control points sit this far along the tangents.
_KAPPA = 4 * (math.sqrt(2) - 1) / 3


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float

    def __add__(self, other: Point) -> Point:
        return Point(self.x + other.x, self.y + other.y)

    def __sub__(self, other: Point) -> Point:
        return Point(self.x - other.x, self.y - other.y)

    def scaled(self, factor: float) -> Point:
        return Point(self.x * factor, self.y * factor)

    def length(self) -> float:
        return math.hypot(self.x, self.y)

    def unit(self) -> Point:
        size = self.length()
        return Point(1.0, 0.0) if size == 0 else Point(self.x / size, self.y / size)

    def perpendicular(self) -> Point:
        return Point(-self.y, self.x)

    def turned(self, angle: float) -> Point:
        """This point turned `angle` degrees counter-clockwise as seen (y points down) about the origin."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        return Point(self.x * cos + self.y * sin, self.y * cos - self.x * sin)

    def distance(self, other: Point) -> float:
        return math.hypot(self.x - other.x, self.y - other.y)


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre(self) -> Point:
        return Point(self.x + self.width / 2, self.y + self.height / 2)

    def corners(self) -> tuple[Point, Point, Point, Point]:
        return (
            Point(self.x, self.y),
            Point(self.right, self.y),
            Point(self.right, self.bottom),
            Point(self.x, self.bottom),
        )

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(0.0, self.width - 2 * dx), max(0.0, self.height - 2 * dy))

    def contains_box(self, other: Box, tolerance: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return not (
            other.x >= self.right + margin
            or other.right <= self.x - margin
            or other.y >= self.bottom + margin
            or other.bottom <= self.y - margin
        )

    def intersection(self, other: Box) -> Box:
        x, y = max(self.x, other.x), max(self.y, other.y)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        return Box(x, y, max(0.0, right - x), max(0.0, bottom - y))

    def turned(self, angle: float) -> Box:
        """The bounds of this box once turned `angle` degrees counter-clockwise about the origin."""
        return Box.around(corner.turned(angle) for corner in self.corners())

    @staticmethod
    def around(points: Iterable[Point]) -> Box:
        xs, ys = zip(*((p.x, p.y) for p in points), strict=True)
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


@dataclass(frozen=True, slots=True)
class Ellipse:
    """An axis-aligned ellipse: centre and semi-axes."""

    cx: float
    cy: float
    rx: float
    ry: float

    @property
    def centre(self) -> Point:
        return Point(self.cx, self.cy)

    @property
    def bounds(self) -> Box:
        return Box(self.cx - self.rx, self.cy - self.ry, 2 * self.rx, 2 * self.ry)

    def contains(self, point: Point, tolerance: float = 1e-6) -> bool:
        dx, dy = (point.x - self.cx) / self.rx, (point.y - self.cy) / self.ry
        return dx * dx + dy * dy <= 1 + tolerance

    def radius_towards(self, direction: Point) -> float:
        """Distance from the centre to the edge along a direction."""
        return self._radius_along(direction.x, direction.y)

    def _radius_along(self, dx: float, dy: float) -> float:
        size = math.hypot(dx, dy)
        if size == 0:
            return self.rx
        return (self.rx * self.ry) / math.hypot(self.ry * dx / size, self.rx * dy / size)

    def edge_towards(self, target: Point) -> Point:
        direction = (target - self.centre).unit()
        return self.centre + direction.scaled(self.radius_towards(direction))

    def point_at(self, angle: float, grow: float = 0.0) -> Point:
        return Point(
            self.cx + (self.rx + grow) * math.cos(angle), self.cy + (self.ry + grow) * math.sin(angle)
        )

    # The two gaps below run in placement's inner loop, hence plain floats over Points.
    def gap_to_circle(self, centre: Point, radius: float) -> float:
        """Approximate clearance to a circle along the line between centres; negative: they overlap."""
        dx, dy = centre.x - self.cx, centre.y - self.cy
        return math.hypot(dx, dy) - self._radius_along(dx, dy) - radius

    def gap_to(self, other: Ellipse) -> float:
        """Approximate clearance to another ellipse along the line between centres."""
        dx, dy = other.cx - self.cx, other.cy - self.cy
        return math.hypot(dx, dy) - self._radius_along(dx, dy) - other._radius_along(dx, dy)


@dataclass(frozen=True, slots=True)
class Line:
    """An infinite line through a point along a direction."""

    origin: Point
    direction: Point

    @staticmethod
    def through(a: Point, b: Point) -> Line:
        return Line(a, b - a)

    def shifted(self, offset: Point) -> Line:
        return Line(self.origin + offset, self.direction)

    def intersect(self, other: Line) -> Point:
        d1, d2 = self.direction, other.direction
        denominator = d1.x * d2.y - d1.y * d2.x
        if abs(denominator) < 1e-12:
            raise ValueError("parallel lines do not meet")
        delta = other.origin - self.origin
        t = (delta.x * d2.y - delta.y * d2.x) / denominator
        return self.origin + d1.scaled(t)


Segment = tuple[Point] | tuple[Point, Point, Point]
"""A straight segment to a point, or a cubic Bézier (control, control, end)."""


@dataclass(frozen=True, slots=True)
class Subpath:
    start: Point
    segments: tuple[Segment, ...]
    closed: bool = True

    def flattened(self, curve_steps: int = 10) -> list[Point]:
        """The outline as a polyline; curves become `curve_steps` straight pieces."""
        points = [self.start]
        current = self.start
        for segment in self.segments:
            if len(segment) == 1:
                current = segment[0]
                points.append(current)
                continue
            c1, c2, end = segment
            for step in range(1, curve_steps + 1):
                t = step / curve_steps
                u = 1 - t
                points.append(
                    Point(
                        u * u * u * current.x
                        + 3 * u * u * t * c1.x
                        + 3 * u * t * t * c2.x
                        + t * t * t * end.x,
                        u * u * u * current.y
                        + 3 * u * u * t * c1.y
                        + 3 * u * t * t * c2.y
                        + t * t * t * end.y,
                    )
                )
            current = end
        return points


@dataclass(frozen=True, slots=True)
class Path:
    subpaths: tuple[Subpath, ...]

    def flattened(self, curve_steps: int = 10) -> list[list[Point]]:
        return [subpath.flattened(curve_steps) for subpath in self.subpaths]


def polygon_path(points: Sequence[Point]) -> Path:
    return Path((Subpath(points[0], tuple((p,) for p in points[1:]), closed=True),))


def box_path(box: Box) -> Path:
    return polygon_path(box.corners())


def ellipse_path(ellipse: Ellipse) -> Path:
    cx, cy, rx, ry = ellipse.cx, ellipse.cy, ellipse.rx, ellipse.ry
    kx, ky = rx * _KAPPA, ry * _KAPPA
    right, bottom, left, top = Point(cx + rx, cy), Point(cx, cy + ry), Point(cx - rx, cy), Point(cx, cy - ry)
    return Path(
        (
            Subpath(
                right,
                (
                    (Point(cx + rx, cy + ky), Point(cx + kx, cy + ry), bottom),
                    (Point(cx - kx, cy + ry), Point(cx - rx, cy + ky), left),
                    (Point(cx - rx, cy - ky), Point(cx - kx, cy - ry), top),
                    (Point(cx + kx, cy - ry), Point(cx + rx, cy - ky), right),
                ),
            ),
        )
    )


def point_in_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd rule; points on the edge may go either way."""
    inside = False
    count = len(polygon)
    for index in range(count):
        a, b = polygon[index], polygon[(index + 1) % count]
        if (a.y > point.y) != (b.y > point.y):
            crossing = a.x + (point.y - a.y) * (b.x - a.x) / (b.y - a.y)
            if point.x < crossing:
                inside = not inside
    return inside
