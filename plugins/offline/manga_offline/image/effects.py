"""Manga devices drawn over or instead of the background: speed lines for movement, focus
lines for impact and surprise, sparkles for feeling, blind-slat shadows for noir."""

from __future__ import annotations

import math
import random

from PIL import Image

from manga_offline.image.canvas import Canvas
from manga_offline.image.geometry import Point, star
from manga_offline.image.palette import RGB
from manga_offline.image.sky import twinkle


def fade(canvas: Canvas, amount: float) -> None:
    """Pale the picture so far toward the paper, keeping it as a ghost behind an effect."""
    mask = Image.new("L", (canvas.width, canvas.height), round(255 * amount))
    canvas.wash(mask, canvas.paper)


def vignette(canvas: Canvas, strength: float) -> None:
    """Darkness creeping in from the corners."""
    ramp = Image.radial_gradient("L").resize((canvas.width, canvas.height), Image.Resampling.BILINEAR)
    mask = ramp.point([round(255 * strength * max(0.0, (i / 255 - 0.45) / 0.55) ** 1.5) for i in range(256)])
    canvas.wash(mask, canvas.colour((10, 10, 20), 0))


def speed_lines(canvas: Canvas, rng: random.Random, direction: int, density: float = 1.0) -> None:
    """Parallel streaks along the motion, thick in the middle and vanishing at both ends."""
    w, h = canvas.width, canvas.height
    slope = rng.uniform(-0.12, 0.12)
    count = int(h / canvas.unit() * 0.55 * density)
    for _ in range(count):
        y = rng.uniform(-0.1, 1.1) * h
        length = rng.uniform(0.25, 0.9) * w
        start = rng.uniform(-0.3, 1.0) * w
        x0, x1 = (start, start + length) if direction > 0 else (w - start, w - start - length)
        width = canvas.unit() * rng.choice((0.8, 1.2, 1.8, 2.6, 4.0))
        points = [(x0, y), ((x0 + x1) / 2, y + slope * length / 2), (x1, y + slope * length)]
        canvas.brush(points, width, start=0.02, end=0.02)


def motion_trail(canvas: Canvas, rng: random.Random, face: Point, radius: float, behind: int) -> None:
    """A few streaks trailing a running figure, when the whole panel is not given to speed."""
    x, y = face
    for _ in range(14):
        row = y + radius * rng.uniform(-0.5, 9.0)
        start = x + behind * radius * rng.uniform(1.2, 2.5)
        length = radius * rng.uniform(2.5, 7.0)
        canvas.brush(
            [(start, row), (start + behind * length, row)],
            canvas.unit() * rng.uniform(1.0, 2.5),
            start=0.6,
            end=0.02,
        )


def focus_lines(
    canvas: Canvas, rng: random.Random, centre: Point, clear: float, density: float = 1.0
) -> None:
    """Radial wedges from beyond the edges toward `centre`, stopping short of a clear ring."""
    w, h = canvas.width, canvas.height
    cx, cy = centre
    outer = math.hypot(w, h)
    count = int(220 * density)
    for _ in range(count):
        a = rng.uniform(0, 2 * math.pi)
        reach = clear * rng.uniform(1.0, 1.8)
        spread = rng.uniform(0.002, 0.012)
        tip = (cx + reach * math.cos(a), cy + reach * math.sin(a))
        base_left = (cx + outer * math.cos(a - spread), cy + outer * math.sin(a - spread))
        base_right = (cx + outer * math.cos(a + spread), cy + outer * math.sin(a + spread))
        canvas.fill([tip, base_left, base_right], canvas.ink)


def sparkles(canvas: Canvas, rng: random.Random, count: int, flowers: bool) -> None:
    """Glints, soap bubbles and (for shojo) flowers scattered over a soft ground."""
    w, h = canvas.width, canvas.height
    unit = canvas.unit()
    white = canvas.colour((255, 255, 255), 255)
    for _ in range(count):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        size = unit * rng.uniform(4, 16)
        twinkle(canvas, x, y, size + unit, canvas.ink)
        twinkle(canvas, x, y, size, white)
    for _ in range(count // 2):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        radius = unit * rng.uniform(6, 22)
        canvas.ellipse(x, y, radius, radius, None, canvas.pen(0.7))
        canvas.ellipse(x - radius * 0.35, y - radius * 0.35, radius * 0.18, radius * 0.18, white)
    if flowers:
        for _ in range(max(2, count // 3)):
            flower(canvas, rng, (rng.uniform(0, w), rng.uniform(0, h)), unit * rng.uniform(14, 30))


def flower(canvas: Canvas, rng: random.Random, centre: Point, size: float) -> None:
    x, y = centre
    petal = canvas.colour(canvas.accent(rng.randrange(4)), 236)
    turn = rng.uniform(0, 72)
    for i in range(5):
        a = math.radians(turn + i * 72)
        canvas.ellipse(
            x + size * 0.55 * math.cos(a),
            y + size * 0.55 * math.sin(a),
            size * 0.42,
            size * 0.42,
            petal,
            canvas.pen(0.7),
        )
    canvas.ellipse(x, y, size * 0.28, size * 0.28, canvas.colour((250, 220, 120), 200), canvas.pen(0.7))


def blind_shadows(canvas: Canvas, rng: random.Random, colour: RGB, top: float = 0.0) -> None:
    """Slanted bars of shadow, as light through venetian blinds falls in a noir office."""
    w, h = canvas.width, canvas.height
    pitch = h * rng.uniform(0.09, 0.13)
    slant = w * 0.35
    y = top - slant
    while y < h:
        band = pitch * 0.45
        canvas.fill([(0, y), (w, y + slant), (w, y + slant + band), (0, y + band)], colour)
        y += pitch


def impact(canvas: Canvas, centre: Point, size: float) -> None:
    """A jagged burst behind a blow."""
    x, y = centre
    canvas.fill(star(x, y, size * 1.1, size * 0.55, 12), canvas.ink)
    canvas.fill(star(x, y, size * 0.9, size * 0.45, 12, turn=8), canvas.colour((255, 255, 255), 255))


def gloom(canvas: Canvas, rng: random.Random) -> None:
    """Vertical hatching falling from the top: the manga weather of dread and despair."""
    w, h = canvas.width, canvas.height
    x = 0.0
    while x < w:
        length = h * rng.uniform(0.35, 0.95)
        canvas.brush([(x, -5), (x, length)], canvas.unit() * rng.uniform(1.0, 2.4), start=1.0, end=0.02)
        x += canvas.unit() * rng.uniform(3, 7)
