"""The sea: a ruler-straight horizon, waves that crowd together with distance, a ship or
an island far off, and a shore or a deck rail in front."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import chaikin, quad
from manga_offline.image.sky import paint_sky


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    horizon = cam.horizon
    paint_sky(canvas, scene, rng, horizon)
    canvas.gradient(
        (0, round(horizon), canvas.width, canvas.height),
        tone(canvas, scene, (60, 110, 170), 176),
        tone(canvas, scene, (90, 160, 200), 226),
    )
    canvas.stroke([(0, horizon), (canvas.width, horizon)], canvas.pen(1.2))
    _reflection(canvas, scene, rng)
    if rng.random() < 0.5:
        _island(canvas, scene, rng)
    else:
        _ship(canvas, scene, rng)
    _waves(canvas, scene, rng)
    if rng.random() < 0.5:
        _shore(canvas, scene, rng)
    else:
        _rail(canvas, scene)


def _waves(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    white = canvas.colour((240, 248, 255), 255)
    z = 200.0
    while z > 2.5:
        y = cam.ground_y(z)
        size = cam.scale_at(z)
        count = int(canvas.width / max(size * 3.0, 4.0) * (0.3 + 0.7 * scene.detail)) + 1
        for _ in range(min(count, 60)):
            x = rng.uniform(-0.05, 1.05) * canvas.width
            length = size * rng.uniform(1.0, 3.0)
            crest = quad((x, y), (x + length / 2, y - size * 0.25), (x + length, y), 6)
            canvas.stroke(crest, max(1.0, canvas.pen(min(1.6, size / canvas.unit() * 0.05))))
            if size > canvas.unit() * 8:
                canvas.brush(
                    [(x + length * 0.2, y + size * 0.05), (x + length * 0.7, y + size * 0.08)],
                    size * 0.06,
                    white,
                )
        z *= 0.72


def _reflection(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    if scene.time_of_day == "day" or scene.weather not in ("clear", "cloudy"):
        return
    x = canvas.width * (0.75 if scene.light_from > 0 else 0.25)
    y = scene.camera.horizon
    glint = canvas.colour((255, 240, 200), 255)
    step = canvas.unit() * 3
    while y < canvas.height:
        half = (y - scene.camera.horizon) * 0.12 + canvas.unit() * 4
        half *= rng.uniform(0.4, 1.0)
        canvas.fill(
            [
                (x - half, y),
                (x + half, y),
                (x + half * 0.8, y + step * 0.5),
                (x - half * 0.8, y + step * 0.5),
            ],
            glint,
        )
        y += step * rng.uniform(1.2, 2.2)
        step *= 1.12


def _island(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    horizon = scene.camera.horizon
    x = rng.uniform(0.1, 0.6) * canvas.width
    width = canvas.width * rng.uniform(0.2, 0.35)
    height = canvas.height * rng.uniform(0.04, 0.09)
    points = [
        (x, horizon),
        (x + width * 0.2, horizon - height * 0.6),
        (x + width * 0.45, horizon - height),
        (x + width * 0.7, horizon - height * 0.5),
        (x + width, horizon),
    ]
    canvas.shape(chaikin(points, 2, closed=False), tone(canvas, scene, (90, 120, 100), 170), canvas.pen(0.8))


def _ship(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    horizon = scene.camera.horizon
    x = rng.uniform(0.15, 0.7) * canvas.width
    size = canvas.height * rng.uniform(0.03, 0.05)
    line = canvas.pen(0.8)
    hull = [
        (x, horizon - size * 0.5),
        (x + size * 4, horizon - size * 0.5),
        (x + size * 3.5, horizon),
        (x + size * 0.4, horizon),
    ]
    canvas.shape(hull, tone(canvas, scene, (60, 60, 70), 80), line)
    canvas.shape(
        [
            (x + size * 1.2, horizon - size * 0.5),
            (x + size * 1.2, horizon - size * 1.3),
            (x + size * 2.6, horizon - size * 1.3),
            (x + size * 2.6, horizon - size * 0.5),
        ],
        tone(canvas, scene, (240, 240, 240), 255),
        line,
    )
    canvas.stroke([(x + size * 2.0, horizon - size * 1.3), (x + size * 2.0, horizon - size * 2.2)], line)


def _shore(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    y = cam.ground_y(4.0)
    points = [(-10.0, y + canvas.height * 0.04)]
    for i in range(9):
        points.append((canvas.width * i / 8, y + rng.uniform(-0.02, 0.03) * canvas.height))
    points.append((canvas.width + 10.0, y))
    edge = chaikin(points, 2, closed=False)
    sand = tone(canvas, scene, (236, 214, 170), 232)
    canvas.fill([*edge, (canvas.width + 10, canvas.height + 10), (-10, canvas.height + 10)], sand)
    canvas.stroke(edge, canvas.pen(1.2))
    foam = [(x, yy - canvas.height * 0.012) for x, yy in edge]
    canvas.stroke(foam, canvas.pen(2.5), canvas.colour((255, 255, 255), 255))
    for _ in range(int(40 * scene.detail)):
        px = rng.uniform(0, canvas.width)
        py = rng.uniform(y + canvas.height * 0.05, canvas.height)
        canvas.ellipse(px, py, canvas.unit() * 0.8, canvas.unit() * 0.8, canvas.ink)


def _rail(canvas: Canvas, scene: Scene) -> None:
    """A ship's rail across the bottom of the panel: the viewer is on deck."""
    line = canvas.pen(1.3)
    top = canvas.height * 0.82
    deck = tone(canvas, scene, (180, 140, 100), 206)
    canvas.fill(
        [
            (0, canvas.height * 0.92),
            (canvas.width, canvas.height * 0.92),
            (canvas.width, canvas.height),
            (0, canvas.height),
        ],
        deck,
    )
    canvas.stroke([(0, canvas.height * 0.92), (canvas.width, canvas.height * 0.92)], line)
    bar = canvas.colour((250, 250, 250), 255)
    for y in (top, top + canvas.height * 0.05):
        canvas.shape(
            [(0, y), (canvas.width, y), (canvas.width, y + canvas.unit() * 4), (0, y + canvas.unit() * 4)],
            bar,
            line,
        )
    x = canvas.width * 0.07
    while x < canvas.width:
        canvas.shape(
            [
                (x, top),
                (x + canvas.unit() * 4, top),
                (x + canvas.unit() * 4, canvas.height * 0.92),
                (x, canvas.height * 0.92),
            ],
            bar,
            line,
        )
        x += canvas.width * 0.16
