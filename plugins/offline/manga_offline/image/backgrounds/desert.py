"""A desert: a great sun, dunes in soft ridges with a shadowed lee, far mesas, rocks."""

from __future__ import annotations

import math
import random

from manga_offline.image.backgrounds.parts import rock, tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point, chaikin
from manga_offline.image.sky import paint_sky


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    horizon = cam.horizon
    paint_sky(canvas, scene, rng, horizon)
    if scene.time_of_day == "day" and scene.weather == "clear":
        x = canvas.width * (0.8 if scene.light_from > 0 else 0.2)
        radius = canvas.height * 0.08
        canvas.ellipse(x, horizon * 0.3, radius * 1.5, radius * 1.5, canvas.colour((255, 240, 200), 236))
        canvas.ellipse(x, horizon * 0.3, radius, radius, canvas.colour((255, 255, 240), 255), canvas.pen(1.0))
    _mesas(canvas, scene, rng)
    sand = tone(canvas, scene, (236, 200, 140), 236)
    canvas.fill(
        [(0, horizon), (canvas.width, horizon), (canvas.width, canvas.height), (0, canvas.height)], sand
    )
    for layer in range(5):
        base = horizon + (canvas.height - horizon) * (0.08 + layer * 0.2)
        _dune(canvas, scene, rng, base, (canvas.height - horizon) * (0.12 + layer * 0.05), 232 - layer * 6)
    for _ in range(int(1 + 3 * scene.detail)):
        z = rng.uniform(3, 12)
        rock(
            canvas,
            scene,
            rng,
            cam.project(rng.choice((-1, 1)) * rng.uniform(2, 7), 0, z),
            cam.scale_at(z) * 0.5,
            170,
        )


def _mesas(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    horizon = scene.camera.horizon
    line = canvas.pen(0.8)
    for _ in range(rng.randint(1, 3)):
        x = rng.uniform(-0.1, 0.9) * canvas.width
        width = canvas.width * rng.uniform(0.1, 0.25)
        height = canvas.height * rng.uniform(0.04, 0.1)
        points = [
            (x, horizon),
            (x + width * 0.15, horizon - height),
            (x + width * 0.8, horizon - height),
            (x + width, horizon),
        ]
        canvas.shape(points, tone(canvas, scene, (200, 140, 100), 200), line)


def _dune(canvas: Canvas, scene: Scene, rng: random.Random, base: float, height: float, grey: int) -> None:
    w = canvas.width
    phase = rng.uniform(0, math.tau)
    waves = rng.uniform(0.8, 1.8)
    crest: list[Point] = []
    for i in range(25):
        x = w * (i / 24 * 1.2 - 0.1)
        crest.append((x, base - height * (0.5 + 0.5 * math.sin(phase + waves * math.tau * i / 24))))
    line = canvas.pen(1.0)
    body = tone(canvas, scene, (236, 200, 140), grey)
    outline = chaikin(crest, 2, closed=False)
    canvas.fill([*outline, (w * 1.1, canvas.height), (-w * 0.1, canvas.height)], body)
    # The lee side of each ridge lies in shadow.
    lee = tone(canvas, scene, (200, 150, 100), grey - 50)
    for i in range(1, len(outline) - 1):
        x, y = outline[i]
        nx, ny = outline[i + 1]
        if (ny - y) * scene.light_from > 0:
            canvas.fill([(x, y), (nx, ny), (nx, ny + height * 0.35), (x, y + height * 0.35)], lee)
    canvas.stroke(outline, line)
