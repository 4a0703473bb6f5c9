"""A village: a lane running into the distance between houses, fences and trees, hills behind."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import deciduous_tree, ground, hills, house, tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.sky import paint_sky

_ROOFS = ((150, 60, 50), (60, 70, 100), (90, 90, 90), (120, 90, 60))


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    paint_sky(canvas, scene, rng, cam.horizon)
    hills(canvas, scene, rng, canvas.height * 0.14, (120, 150, 120), 214, 5)
    ground(canvas, scene, (140, 170, 110), (110, 150, 90), 240, 226)
    lane = [
        cam.project(-1.8, 0, 0.5),
        cam.project(1.8, 0, 0.5),
        cam.project(1.8, 0, 200),
        cam.project(-1.8, 0, 200),
    ]
    canvas.shape(lane, tone(canvas, scene, (220, 200, 160), 250), canvas.pen(0.9))
    placed: list[tuple[float, float, int]] = []
    for side in (-1, 1):
        z = rng.uniform(8, 14)
        while z < 90:
            placed.append((side * rng.uniform(6.5, 9.0), z, side))
            z += rng.uniform(10, 18)
    for x, z, _side in sorted(placed, key=lambda item: -item[1]):
        scale = cam.scale_at(z)
        base = cam.project(x, 0, z)
        if rng.random() < 0.25 and scene.detail > 0.4:
            deciduous_tree(canvas, scene, rng, base, scale * rng.uniform(6, 9), 206)
        else:
            house(
                canvas,
                scene,
                rng,
                base,
                scale * rng.uniform(6, 8),
                scale * rng.uniform(3, 4),
                252,
                _ROOFS[rng.randrange(len(_ROOFS))],
            )
    if scene.detail > 0.3:
        line = canvas.pen(0.8)
        for side in (-1, 1):
            x = side * 2.6
            z = 1.0
            while z < 60:
                canvas.stroke([cam.project(x, 0, z), cam.project(x, 1.0, z)], line)
                z *= 1.35
            for height in (0.5, 0.9):
                canvas.stroke([cam.project(x, height, 1.0), cam.project(x, height, 60)], line)
