"""Ruins: broken columns and crumbling walls of cut stone, an arch, rubble and weeds."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import ground, hills, rock, tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point, arc
from manga_offline.image.sky import paint_sky

_STONE = (190, 180, 160)


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    paint_sky(canvas, scene, rng, cam.horizon)
    hills(canvas, scene, rng, canvas.height * 0.1, (130, 140, 120), 200, 4)
    ground(canvas, scene, (170, 160, 130), (150, 140, 110), 236, 220)
    _wall(canvas, scene, rng, -14.0, 30.0, 10.0, 7.0)
    _arch(canvas, scene, 6.0, 26.0)
    for x, z in sorted(
        ((rng.uniform(-12, 12), rng.uniform(8, 40)) for _ in range(int(3 + 5 * scene.detail))),
        key=lambda item: -item[1],
    ):
        _column(canvas, scene, rng, x, z)
    for _ in range(int(4 + 8 * scene.detail)):
        z = rng.uniform(3, 15)
        rock(
            canvas,
            scene,
            rng,
            cam.project(rng.uniform(-8, 8), 0, z),
            cam.scale_at(z) * rng.uniform(0.3, 0.8),
            214,
        )


def _column(canvas: Canvas, scene: Scene, rng: random.Random, x: float, z: float) -> None:
    cam = scene.camera
    radius = 0.6
    height = rng.uniform(2.5, 8.0)
    line = canvas.pen(max(0.6, min(1.5, cam.scale_at(z) / canvas.height * 8)))
    left_base, right_base = cam.project(x - radius, 0, z), cam.project(x + radius, 0, z)
    left_top, right_top = cam.project(x - radius, height, z), cam.project(x + radius, height, z)
    # A broken top: jagged where the drum snapped.
    jag: list[Point] = [left_top]
    for i in range(1, 5):
        t = i / 5
        jag.append(
            (
                left_top[0] + (right_top[0] - left_top[0]) * t,
                left_top[1] + (right_top[1] - left_top[1]) * t + rng.uniform(-1, 1) * cam.scale_at(z) * 0.4,
            )
        )
    jag.append(right_top)
    body = [*jag, right_base, left_base]
    canvas.shape(body, tone(canvas, scene, _STONE, 246), line)
    flutes = 4
    for i in range(1, flutes):
        t = i / flutes
        canvas.stroke(
            [
                (left_base[0] + (right_base[0] - left_base[0]) * t, left_base[1]),
                (left_top[0] + (right_top[0] - left_top[0]) * t, left_top[1] + cam.scale_at(z) * 0.4),
            ],
            max(1.0, line * 0.5),
        )
    shade_x = 0.7 if scene.light_from < 0 else 0.0
    canvas.fill(
        [
            (left_base[0] + (right_base[0] - left_base[0]) * shade_x, left_base[1]),
            (left_base[0] + (right_base[0] - left_base[0]) * (shade_x + 0.3), left_base[1]),
            (
                left_top[0] + (right_top[0] - left_top[0]) * (shade_x + 0.3),
                left_top[1] + cam.scale_at(z) * 0.4,
            ),
            (left_top[0] + (right_top[0] - left_top[0]) * shade_x, left_top[1] + cam.scale_at(z) * 0.4),
        ],
        tone(canvas, scene, (120, 110, 100), 170),
    )
    plinth = cam.wall(x - radius * 1.3, z, x + radius * 1.3, z, 0, 0.5)
    canvas.shape(plinth, tone(canvas, scene, _STONE, 232), line)


def _wall(
    canvas: Canvas, scene: Scene, rng: random.Random, x0: float, x1: float, z: float, height: float
) -> None:
    cam = scene.camera
    line = canvas.pen(0.9)
    steps = 14
    xs = [x0 + (x1 - x0) * i / steps for i in range(steps + 1)]
    heights = [
        height * (0.4 + 0.6 * rng.random()) if 3 < i < steps - 2 else height * rng.uniform(0.1, 0.5)
        for i in range(steps + 1)
    ]
    top = [cam.project(x, h, z) for x, h in zip(xs, heights, strict=True)]
    canvas.shape([*top, cam.project(x1, 0, z), cam.project(x0, 0, z)], tone(canvas, scene, _STONE, 232), line)
    if scene.detail <= 0.4:
        return
    # Courses of cut stone, only where the broken wall still stands.
    joint = max(1.0, line * 0.4)
    course = 0.8
    for row in range(int(height / course)):
        y = (row + 1) * course
        for i in range(steps):
            if min(heights[i], heights[i + 1]) <= y:
                continue
            canvas.stroke([cam.project(xs[i], y, z), cam.project(xs[i + 1], y, z)], joint)
            for k in (0.25, 0.75) if row % 2 else (0.0, 0.5):
                x = xs[i] + (xs[i + 1] - xs[i]) * k
                canvas.stroke([cam.project(x, y - course, z), cam.project(x, y, z)], joint)


def _arch(canvas: Canvas, scene: Scene, x: float, z: float) -> None:
    cam = scene.camera
    line = canvas.pen(1.0)
    stone = tone(canvas, scene, _STONE, 240)
    for side in (-1, 1):
        pier = cam.wall(x + side * 3.0 - 0.8, z, x + side * 3.0 + 0.8, z, 0, 6.0)
        canvas.shape(pier, stone, line)
    centre = cam.project(x, 6.0, z)
    outer = cam.scale_at(z) * 3.8
    inner = cam.scale_at(z) * 2.2
    ring = arc(centre[0], centre[1], outer, outer, 180, 360, 16) + arc(
        centre[0], centre[1], inner, inner, 360, 180, 16
    )
    canvas.shape(ring, stone, line)
    for angle in range(200, 360, 30):
        spoke = arc(centre[0], centre[1], inner, inner, angle, angle, 1)[0]
        rim = arc(centre[0], centre[1], outer, outer, angle, angle, 1)[0]
        canvas.stroke([spoke, rim], max(1.0, line * 0.5))
