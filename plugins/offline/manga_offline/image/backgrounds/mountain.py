"""Mountains in ranges: the farthest palest, snow on the peaks, pines on the near slope."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import ground, pine, rock, tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point
from manga_offline.image.sky import paint_sky


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    horizon = cam.horizon
    paint_sky(canvas, scene, rng, horizon)
    ground(canvas, scene, (150, 160, 130), (120, 130, 100), 236, 214)
    for depth, (height, grey) in enumerate(((0.42, 226), (0.3, 176), (0.16, 120))):
        _range(canvas, scene, rng, horizon, canvas.height * height, grey, snow=depth < 2, jag=6 + depth * 3)
    for _ in range(int(4 + 10 * scene.detail)):
        z = rng.uniform(8, 40)
        x = rng.choice((-1, 1)) * rng.uniform(4, 25)
        pine(canvas, scene, cam.project(x, 0, z), cam.scale_at(z) * rng.uniform(5, 9), 150)
    for _ in range(int(3 * scene.detail) + 1):
        z = rng.uniform(3, 8)
        rock(
            canvas,
            scene,
            rng,
            cam.project(rng.choice((-1, 1)) * rng.uniform(2, 5), 0, z),
            cam.scale_at(z) * 0.6,
            190,
        )


def _range(
    canvas: Canvas,
    scene: Scene,
    rng: random.Random,
    base: float,
    height: float,
    grey: int,
    snow: bool,
    jag: int,
) -> None:
    w = canvas.width
    points: list[Point] = [(-w * 0.05, base + 2)]
    for i in range(jag + 1):
        x = w * (i / jag * 1.1 - 0.05)
        peak = i % 2 == 1
        points.append(
            (
                x + rng.uniform(-0.03, 0.03) * w,
                base - height * (rng.uniform(0.6, 1.0) if peak else rng.uniform(0.2, 0.5)),
            )
        )
    points.append((w * 1.05, base + 2))
    line = canvas.pen(1.0)
    canvas.shape(points, tone(canvas, scene, (110, 120, 150), grey), line)
    # Shadowed faces: each peak's side away from the light.
    light = scene.light_from
    dark = tone(canvas, scene, (70, 76, 110), max(0, grey - 60))
    white = tone(canvas, scene, (250, 250, 255), 255)
    for i in range(1, len(points) - 1):
        top = points[i]
        if top[1] > base - height * 0.55:
            continue
        left, right = points[i - 1], points[i + 1]
        far = right if light < 0 else left
        canvas.fill([top, far, ((top[0] + far[0]) / 2, base)], dark)
        if snow:
            cap = 0.3
            canvas.shape(
                [
                    top,
                    (top[0] + (left[0] - top[0]) * cap, top[1] + (left[1] - top[1]) * cap),
                    (top[0] + (left[0] - top[0]) * cap * 0.6, top[1] + (left[1] - top[1]) * cap * 1.2),
                    (top[0], top[1] + (base - top[1]) * 0.18),
                    (top[0] + (right[0] - top[0]) * cap * 0.7, top[1] + (right[1] - top[1]) * cap * 1.1),
                    (top[0] + (right[0] - top[0]) * cap, top[1] + (right[1] - top[1]) * cap),
                ],
                white,
                line * 0.7,
            )
