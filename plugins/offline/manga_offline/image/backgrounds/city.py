"""A city street in one-point perspective: facades with windows, a skyline, the road,
and the tangle of power lines every manga town has."""

from __future__ import annotations

import itertools
import random

from manga_offline.image.backgrounds.parts import ground, tone, windows
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point, quad
from manga_offline.image.sky import paint_sky

_FACADES: tuple[tuple[tuple[int, int, int], int], ...] = (
    ((214, 206, 196), 255),
    ((176, 180, 190), 228),
    ((196, 160, 130), 204),
    ((150, 156, 170), 242),
)


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    paint_sky(canvas, scene, rng, cam.horizon)
    _skyline(canvas, scene, rng)
    ground(canvas, scene, (170, 170, 176), (140, 140, 146), 244, 226)
    _road(canvas, scene)
    street_half = 7.0
    for side in (-1, 1):
        _row_of_buildings(canvas, scene, random.Random(rng.random()), side, street_half)
    if scene.detail > 0.3:
        _power_lines(canvas, scene, rng, street_half - 1.2)


def _skyline(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    horizon = scene.camera.horizon
    x = -rng.uniform(0, 40) * canvas.unit()
    far = tone(canvas, scene, (170, 180, 200), 206)
    line = canvas.pen(0.6)
    while x < canvas.width:
        w = canvas.width * rng.uniform(0.04, 0.1)
        h = canvas.height * rng.uniform(0.06, 0.24)
        box = [(x, horizon - h), (x + w, horizon - h), (x + w, horizon + 1), (x, horizon + 1)]
        canvas.shape(box, far, line)
        if rng.random() < 0.3:
            canvas.stroke([(x + w / 2, horizon - h), (x + w / 2, horizon - h - canvas.height * 0.04)], line)
        if scene.detail > 0.5:
            windows(
                canvas,
                scene,
                rng,
                box,
                max(1, int(w / (canvas.unit() * 9))),
                max(1, int(h / (canvas.unit() * 11))),
                0.3,
            )
        x += w * rng.uniform(0.85, 1.1)


def _road(canvas: Canvas, scene: Scene) -> None:
    cam = scene.camera
    line = canvas.pen(1.0)
    near, far = 0.5, 400.0
    road = [
        cam.project(-5, 0, near),
        cam.project(5, 0, near),
        cam.project(5, 0, far),
        cam.project(-5, 0, far),
    ]
    canvas.fill(road, tone(canvas, scene, (110, 110, 118), 228))
    for x in (-5.0, 5.0):
        canvas.stroke([cam.project(x, 0, near), cam.project(x, 0, far)], line)
        canvas.stroke([cam.project(x, 0.15, near), cam.project(x, 0.15, far)], line * 0.7)
    for x in (-6.0, 6.0):
        for z in (2.0, 4.0, 6.5, 10.0, 15.0, 22.0, 34.0):
            a = cam.project(x - 1 if x < 0 else x + 1, 0.15, z)
            b = cam.project(x + 1 if x < 0 else x - 1, 0.15, z)
            canvas.stroke([a, b], max(1.0, line * 0.4))
    paint = canvas.colour((250, 250, 250), 255)
    z = 3.0
    while z < 120:
        canvas.fill(
            [
                cam.project(-0.12, 0, z),
                cam.project(0.12, 0, z),
                cam.project(0.12, 0, z + 2.5),
                cam.project(-0.12, 0, z + 2.5),
            ],
            paint,
        )
        z += 6.0
    if scene.detail > 0.6:
        for i in range(7):
            x0 = -4.5 + i * 1.35
            canvas.fill(
                [
                    cam.project(x0, 0, 5.0),
                    cam.project(x0 + 0.7, 0, 5.0),
                    cam.project(x0 + 0.7, 0, 8.0),
                    cam.project(x0, 0, 8.0),
                ],
                paint,
            )


def _row_of_buildings(canvas: Canvas, scene: Scene, rng: random.Random, side: int, street: float) -> None:
    cam = scene.camera
    x = side * street
    spans: list[tuple[float, float, float, int]] = []
    z = 1.0
    while z < 160:
        depth = rng.uniform(8, 20)
        spans.append((z, z + depth, rng.uniform(9, 34), rng.randrange(len(_FACADES))))
        z += depth
    line = canvas.pen(1.1)
    for z0, z1, height, look in reversed(spans):
        rgb, grey = _FACADES[look]
        face = tone(canvas, scene, rgb, grey)
        wall = cam.wall(x, z0, x, z1, 0, height)
        front = cam.wall(x + side * 14, z0, x, z0, 0, height)
        canvas.shape(front, tone(canvas, scene, rgb, max(0, grey - 40)), line)
        canvas.shape(wall, face, line)
        if scene.detail > 0.35:
            floors = max(2, int(height / 3.4))
            bays = max(1, int((z1 - z0) / 3.0))
            upper = cam.wall(x, z0, x, z1, 3.6, height - 0.6)
            windows(canvas, scene, rng, upper, bays, floors - 1, 0.45)
        if scene.detail > 0.6:
            _shop_front(canvas, scene, rng, x, side, z0, z1)
        canvas.stroke([cam.project(x, height - 0.4, z0), cam.project(x, height - 0.4, z1)], line * 0.6)


def _shop_front(
    canvas: Canvas, scene: Scene, rng: random.Random, x: float, side: int, z0: float, z1: float
) -> None:
    cam = scene.camera
    line = canvas.pen(0.8)
    glass = cam.wall(x, z0 + 0.6, x, z1 - 0.6, 0.3, 2.8)
    canvas.shape(glass, tone(canvas, scene, (90, 110, 130), 168), line)
    awning = [
        cam.project(x, 3.4, z0 + 0.3),
        cam.project(x, 3.4, z1 - 0.3),
        cam.project(x - side * 1.4, 2.8, z1 - 0.3),
        cam.project(x - side * 1.4, 2.8, z0 + 0.3),
    ]
    canvas.shape(
        awning, tone(canvas, scene, canvas.accent(rng.randrange(4)), rng.choice((255, 160, 90))), line
    )
    if rng.random() < 0.6:
        sign = cam.wall(x - side * 0.1, z0 + 0.5, x - side * 1.2, z0 + 0.5, 4.0, 8.0)
        canvas.shape(sign, tone(canvas, scene, (240, 240, 236), 250), line)


def _power_lines(canvas: Canvas, scene: Scene, rng: random.Random, x: float) -> None:
    cam = scene.camera
    line = canvas.pen(1.0)
    tops: list[Point] = []
    for z in (3.0, 14.0, 30.0, 52.0, 85.0):
        base, top = cam.project(x, 0, z), cam.project(x, 9.5, z)
        width = max(canvas.unit(), cam.scale_at(z) * 0.25)
        canvas.fill(
            [
                (base[0] - width / 2, base[1]),
                (top[0] - width / 2, top[1]),
                (top[0] + width / 2, top[1]),
                (base[0] + width / 2, base[1]),
            ],
            canvas.colour((90, 90, 96), 110),
        )
        canvas.stroke([cam.project(x - 1.4, 8.8, z), cam.project(x + 1.0, 8.8, z)], max(line, width * 0.5))
        tops.append(cam.project(x - 1.2, 8.8, z))
        tops.append(cam.project(x + 0.8, 8.8, z))
    for offset in (0, 1):
        wire = tops[offset::2]
        for a, b in itertools.pairwise(wire):
            sag = (b[0] - a[0]) * 0.0, abs(b[0] - a[0]) * 0.08 + abs(b[1] - a[1]) * 0.1
            canvas.stroke(
                quad(a, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + sag[1]), b, 8), max(1.0, line * 0.6)
            )
    # Wires slung across the street to the far side.
    far = cam.project(-x, 8.6, 20.0)
    near = tops[2]
    canvas.stroke(
        quad(near, ((near[0] + far[0]) / 2, max(near[1], far[1]) + canvas.height * 0.03), far, 10),
        max(1.0, line * 0.6),
    )
