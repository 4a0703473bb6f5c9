"""Curves and shapes as point lists: Pillow draws straight segments only, so every curve
is sampled here, once, in one place."""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]


def lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def quad(p0: Point, p1: Point, p2: Point, steps: int = 12) -> list[Point]:
    """Quadratic Bezier from p0 to p2 pulled towards p1."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            (
                u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1],
            )
        )
    return points


def cubic(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 16) -> list[Point]:
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        points.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return points


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, steps: int = 16) -> list[Point]:
    """Points on an ellipse; angles in degrees, 0 = right, 90 = down (image coordinates)."""
    points = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        points.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return points


def chaikin(points: Sequence[Point], iterations: int = 2, closed: bool = True) -> list[Point]:
    """Corner cutting: turns a rough polygon into a soft blob (clouds, foliage, hair masses)."""
    current = list(points)
    for _ in range(iterations):
        smoothed: list[Point] = []
        count = len(current)
        last = count if closed else count - 1
        if not closed:
            smoothed.append(current[0])
        for i in range(last):
            p, q = current[i], current[(i + 1) % count]
            smoothed.append((0.75 * p[0] + 0.25 * q[0], 0.75 * p[1] + 0.25 * q[1]))
            smoothed.append((0.25 * p[0] + 0.75 * q[0], 0.25 * p[1] + 0.75 * q[1]))
        if not closed:
            smoothed.append(current[-1])
        current = smoothed
    return current


def _normals(points: Sequence[Point]) -> list[Point]:
    normals = []
    count = len(points)
    for i in range(count):
        a = points[max(i - 1, 0)]
        b = points[min(i + 1, count - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        normals.append((-dy / length, dx / length))
    return normals


def tapered(
    points: Sequence[Point], width: float, start: float = 0.1, end: float = 0.1, peak: float = 0.4
) -> list[Point]:
    """Outline of a brush stroke along `points`: thin at the ends, `width` wide at `peak`.

    A pen line of constant width looks mechanical; ink lines that swell and taper are most
    of what makes a drawing read as manga.
    """
    count = len(points)
    if count < 2:
        return list(points)
    normals = _normals(points)
    left: list[Point] = []
    right: list[Point] = []
    for i, ((x, y), (nx, ny)) in enumerate(zip(points, normals, strict=True)):
        t = i / (count - 1)
        if t <= peak:
            k = start + (1 - start) * math.sin(math.pi / 2 * t / peak)
        else:
            k = end + (1 - end) * math.sin(math.pi / 2 * (1 - t) / (1 - peak))
        half = width * k / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


def limb(points: Sequence[Point], start_width: float, end_width: float) -> list[Point]:
    """Outline of a tube along `points` whose width changes evenly: arms, legs, sleeves."""
    normals = _normals(points)
    count = len(points)
    left: list[Point] = []
    right: list[Point] = []
    for i, ((x, y), (nx, ny)) in enumerate(zip(points, normals, strict=True)):
        half = (start_width + (end_width - start_width) * i / max(count - 1, 1)) / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


def clip_halfplane(polygon: Sequence[Point], nx: float, ny: float, offset: float) -> list[Point]:
    """The part of `polygon` where nx*x + ny*y >= offset (Sutherland-Hodgman, one edge).

    Used for cel shading: the side of a shape turned away from the light.
    """
    result: list[Point] = []
    count = len(polygon)
    for i in range(count):
        p, q = polygon[i], polygon[(i + 1) % count]
        dp = nx * p[0] + ny * p[1] - offset
        dq = nx * q[0] + ny * q[1] - offset
        if dp >= 0:
            result.append(p)
        if (dp >= 0) != (dq >= 0):
            t = dp / (dp - dq)
            result.append(lerp(p, q, t))
    return result


def star(cx: float, cy: float, outer: float, inner: float, tips: int, turn: float = 0.0) -> list[Point]:
    """A star polygon: sparkles, impact bursts, anger marks."""
    points = []
    for i in range(tips * 2):
        radius = outer if i % 2 == 0 else inner
        a = math.radians(turn) + math.pi * i / tips - math.pi / 2
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return points


def bilinear(quad_corners: Sequence[Point], u: float, v: float) -> Point:
    """A point inside a quadrilateral (top-left, top-right, bottom-right, bottom-left):
    how windows and tiles are laid on a wall seen in perspective."""
    tl, tr, br, bl = quad_corners
    top = lerp(tl, tr, u)
    bottom = lerp(bl, br, u)
    return lerp(top, bottom, v)


def sub_quad(corners: Sequence[Point], u0: float, v0: float, u1: float, v1: float) -> list[Point]:
    return [
        bilinear(corners, u0, v0),
        bilinear(corners, u1, v0),
        bilinear(corners, u1, v1),
        bilinear(corners, u0, v1),
    ]
