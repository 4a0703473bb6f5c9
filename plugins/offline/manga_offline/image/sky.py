"""The sky by time of day and weather: graded tone, sun or moon, stars, clouds, lightning."""

from __future__ import annotations

import math
import random

from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point
from manga_offline.image.palette import RGB, mix, shade
from manga_offline.options import art_of

# time of day: (colour at the top, colour at the horizon, grey at the top, grey at the horizon)
_SKIES: dict[str, tuple[RGB, RGB, int, int]] = {
    "dawn": ((120, 140, 204), (252, 204, 170), 190, 252),
    "day": ((86, 150, 228), (206, 228, 246), 218, 255),
    "dusk": ((58, 48, 112), (246, 144, 82), 112, 228),
    "night": ((10, 14, 40), (38, 50, 92), 20, 92),
}
_OVERCAST: RGB = (150, 154, 164)


def sky_colours(canvas: Canvas, scene: Scene) -> tuple[RGB, RGB]:
    top, bottom, grey_top, grey_bottom = _SKIES[scene.time_of_day]
    if scene.weather in ("cloudy", "rain", "storm", "snow", "fog"):
        weight = {"cloudy": 0.5, "rain": 0.7, "storm": 0.8, "snow": 0.5, "fog": 0.7}[scene.weather]
        top, bottom = mix(top, _OVERCAST, weight), mix(bottom, _OVERCAST, weight * 0.8)
        if scene.weather in ("rain", "storm") and scene.time_of_day != "night":
            grey_top, grey_bottom = (110, 175) if scene.weather == "rain" else (80, 140)
        elif scene.weather in ("fog", "snow") and scene.time_of_day != "night":
            grey_top, grey_bottom = 214, 250
        elif scene.weather == "cloudy" and scene.time_of_day == "day":
            grey_top, grey_bottom = 190, 240
    if art_of(scene.style).background == "shadow":
        top, bottom = shade(top, 0.3), shade(bottom, 0.3)
        grey_top, grey_bottom = grey_top * 2 // 3, grey_bottom * 3 // 4
    return canvas.colour(top, grey_top), canvas.colour(bottom, grey_bottom)


def paint_sky(canvas: Canvas, scene: Scene, rng: random.Random, bottom: float) -> None:
    """Sky from the top of the panel down to `bottom` (usually the horizon)."""
    bottom_px = max(1, min(canvas.height, round(bottom)))
    top, low = sky_colours(canvas, scene)
    canvas.gradient((0, 0, canvas.width, bottom_px), top, low)
    horizon = bottom
    if scene.time_of_day == "night" and scene.weather in ("clear", "cloudy"):
        _stars(canvas, rng, bottom_px)
        _moon(canvas, scene, rng, horizon)
    elif scene.time_of_day in ("dawn", "dusk") and scene.weather in ("clear", "cloudy"):
        _low_sun(canvas, scene, horizon)
    if scene.weather in ("cloudy", "clear", "storm", "rain") and scene.time_of_day != "night":
        count = {"clear": 2, "cloudy": 5, "rain": 4, "storm": 4}[scene.weather]
        for _ in range(round(count * (0.5 + scene.detail * 0.5))):
            x = rng.uniform(-0.1, 1.1) * canvas.width
            y = rng.uniform(0.08, 0.7) * horizon
            cloud(canvas, scene, rng, (x, y), rng.uniform(0.05, 0.1) * canvas.height)
    if scene.time_of_day in ("dawn", "dusk"):
        _streaks(canvas, scene, rng, horizon)
    if scene.weather == "storm":
        _lightning(canvas, rng, horizon)


def _stars(canvas: Canvas, rng: random.Random, bottom: int) -> None:
    white = canvas.colour((255, 250, 220), 255)
    unit = canvas.unit()
    for _ in range(int(canvas.width * bottom / (unit * unit * 900))):
        x, y = rng.uniform(0, canvas.width), rng.uniform(0, bottom * 0.92)
        size = unit * rng.choice((0.6, 0.6, 0.9, 1.3))
        canvas.ellipse(x, y, size, size, white)
    for _ in range(4):
        x, y = rng.uniform(0, canvas.width), rng.uniform(0, bottom * 0.7)
        twinkle(canvas, x, y, unit * 5, white)


def twinkle(canvas: Canvas, x: float, y: float, size: float, colour: RGB) -> None:
    """A four-pointed star: bright stars, glints, shojo sparkles."""
    thin = size * 0.16
    canvas.fill(
        [
            (x, y - size),
            (x + thin, y - thin),
            (x + size, y),
            (x + thin, y + thin),
            (x, y + size),
            (x - thin, y + thin),
            (x - size, y),
            (x - thin, y - thin),
        ],
        colour,
    )


def _moon(canvas: Canvas, scene: Scene, rng: random.Random, horizon: float) -> None:
    radius = canvas.height * 0.07
    x = canvas.width * (0.78 if scene.light_from > 0 else 0.22)
    y = horizon * 0.3
    glow = canvas.colour((60, 70, 120), 70)
    canvas.ellipse(x, y, radius * 1.5, radius * 1.5, glow)
    canvas.ellipse(x, y, radius, radius, canvas.colour((250, 246, 220), 255), canvas.pen(1.2))
    if scene.detail > 0.5:
        crater = canvas.colour((220, 216, 196), 225)
        for _ in range(3):
            a = rng.uniform(0, 2 * math.pi)
            d = rng.uniform(0.2, 0.55) * radius
            canvas.ellipse(x + d * math.cos(a), y + d * math.sin(a), radius * 0.15, radius * 0.12, crater)


def _low_sun(canvas: Canvas, scene: Scene, horizon: float) -> None:
    radius = canvas.height * 0.09
    x = canvas.width * (0.75 if scene.light_from > 0 else 0.25)
    canvas.ellipse(x, horizon - radius * 0.3, radius * 1.6, radius * 1.6, canvas.colour((252, 220, 170), 236))
    canvas.ellipse(x, horizon - radius * 0.3, radius, radius, canvas.colour((255, 246, 210), 255))


def _streaks(canvas: Canvas, scene: Scene, rng: random.Random, horizon: float) -> None:
    colour = canvas.colour(shade((240, 150, 110), 0.25), 150)
    for _ in range(round(3 + 4 * scene.detail)):
        y = rng.uniform(0.35, 0.85) * horizon
        x = rng.uniform(-0.2, 0.9) * canvas.width
        length = rng.uniform(0.2, 0.5) * canvas.width
        thick = rng.uniform(0.006, 0.016) * canvas.height
        canvas.fill(
            [
                (x, y),
                (x + length * 0.1, y - thick),
                (x + length, y - thick * 0.3),
                (x + length * 0.9, y + thick * 0.6),
            ],
            colour,
        )


def cloud(canvas: Canvas, scene: Scene, rng: random.Random, centre: Point, size: float) -> None:
    """A cumulus: overlapping puffs outlined as one, with a shaded belly."""
    x, y = centre
    puffs: list[tuple[float, float, float]] = []
    count = rng.randint(4, 7)
    for i in range(count):
        t = i / (count - 1) - 0.5
        radius = size * (1.0 - abs(t) * 0.9) * rng.uniform(0.7, 1.0)
        puffs.append((x + t * size * 3.2, y - radius * 0.45 + rng.uniform(-0.1, 0.1) * size, radius))
    puffs.append((x, y + size * 0.15, size * 0.9))
    line = canvas.pen(1.0)
    if scene.weather in ("rain", "storm"):
        body, belly = canvas.colour((150, 154, 166), 170), canvas.colour((100, 104, 118), 110)
    else:
        body, belly = canvas.colour((252, 252, 255), 255), canvas.colour((196, 200, 216), 214)
    for px, py, r in puffs:
        canvas.ellipse(px, py, r + line, r + line, canvas.ink)
    for px, py, r in puffs:
        canvas.ellipse(px, py, r, r, belly)
    for px, py, r in puffs:
        canvas.ellipse(px, py - r * 0.2, r * 0.8, r * 0.8, body)


def _lightning(canvas: Canvas, rng: random.Random, horizon: float) -> None:
    x = rng.uniform(0.2, 0.8) * canvas.width
    y = 0.0
    points: list[Point] = [(x, y)]
    while y < horizon * 0.95:
        y += rng.uniform(0.05, 0.12) * canvas.height
        x += rng.uniform(-0.06, 0.06) * canvas.width
        points.append((x, min(y, horizon)))
    canvas.stroke(points, canvas.pen(5), canvas.ink)
    canvas.stroke(points, canvas.pen(2.5), canvas.colour((255, 255, 230), 255))
