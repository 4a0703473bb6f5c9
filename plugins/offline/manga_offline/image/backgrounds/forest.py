"""A forest in layers: a pale far treeline, trunks at many depths, foliage overhead, light
falling in shafts, undergrowth in front. Farther is paler, as air makes it."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import bush, ground, tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point, chaikin, quad
from manga_offline.image.sky import paint_sky


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    paint_sky(canvas, scene, rng, cam.horizon)
    ground(canvas, scene, (120, 150, 100), (90, 120, 70), 232, 206)
    _treeline(canvas, scene, rng, cam.horizon, canvas.height * 0.2, 226, 0.5)
    _treeline(canvas, scene, rng, cam.horizon + canvas.height * 0.01, canvas.height * 0.12, 186, 0.6)
    trees = sorted(
        ((rng.uniform(-26, 26), rng.uniform(5, 55)) for _ in range(int(12 + 22 * scene.detail))),
        key=lambda tree: -tree[1],
    )
    for x, z in trees:
        if abs(x) < 1.8 and z < 12:
            continue
        _trunk(canvas, scene, rng, x, z)
    _canopy(canvas, scene, rng)
    for _ in range(int(3 + 6 * scene.detail)):
        z = rng.uniform(3, 9)
        base = cam.project(rng.choice((-1, 1)) * rng.uniform(2.5, 8), 0, z)
        bush(canvas, scene, rng, base, cam.scale_at(z) * rng.uniform(0.5, 0.9), 196)
    _grass(canvas, scene, rng)


def _treeline(
    canvas: Canvas, scene: Scene, rng: random.Random, base: float, height: float, grey: int, jag: float
) -> None:
    """A far wall of crowns: bumpy, pale, with a few trunks showing beneath."""
    w = canvas.width
    points: list[Point] = [(-w * 0.05, base + 2)]
    x = -w * 0.05
    while x < w * 1.05:
        x += w * rng.uniform(0.015, 0.04)
        points.append((x, base - height * rng.uniform(1 - jag, 1.0)))
    points.append((w * 1.05, base + 2))
    outline = chaikin(points, 2, closed=False)
    canvas.fill(
        [*outline, (w * 1.05, base + 3), (-w * 0.05, base + 3)], tone(canvas, scene, (100, 140, 110), grey)
    )
    canvas.stroke(outline, canvas.pen(0.6))


def _trunk(canvas: Canvas, scene: Scene, rng: random.Random, x: float, z: float) -> None:
    cam = scene.camera
    width = rng.uniform(0.25, 0.55)
    base_l, base_r = cam.project(x - width, 0, z), cam.project(x + width * 0.9, 0, z)
    top_l, top_r = cam.project(x - width * 0.75, 40, z), cam.project(x + width * 0.7, 40, z)
    # Nearer trunks are darker: atmospheric perspective in tone.
    grey = int(min(238, 70 + z * 3.2))
    bark = tone(canvas, scene, (110, 84, 60), grey)
    line = canvas.pen(max(0.5, min(1.8, cam.scale_at(z) / canvas.height * 7)))
    roots = [
        (base_l[0] - (base_r[0] - base_l[0]) * 0.35, base_l[1]),
        (base_r[0] + (base_r[0] - base_l[0]) * 0.35, base_r[1]),
    ]
    outline = [
        top_l,
        top_r,
        (base_r[0], base_r[1] - (base_r[0] - base_l[0]) * 0.5),
        roots[1],
        roots[0],
        (base_l[0], base_l[1] - (base_r[0] - base_l[0]) * 0.5),
    ]
    canvas.shape(outline, bark, line)
    if z < 25 and scene.detail > 0.4:
        shadow_at = 0.55 if scene.light_from < 0 else 0.0
        canvas.fill(
            [
                (top_l[0] + (top_r[0] - top_l[0]) * shadow_at, top_l[1]),
                (top_l[0] + (top_r[0] - top_l[0]) * (shadow_at + 0.45), top_l[1]),
                (base_l[0] + (base_r[0] - base_l[0]) * (shadow_at + 0.45), base_l[1]),
                (base_l[0] + (base_r[0] - base_l[0]) * shadow_at, base_l[1]),
            ],
            tone(canvas, scene, (60, 46, 34), max(0, grey - 80)),
        )
        for _ in range(4):
            t = rng.uniform(0.05, 0.9)
            y = base_l[1] + (top_l[1] - base_l[1]) * t
            xl = base_l[0] + (top_l[0] - base_l[0]) * t
            xr = base_r[0] + (top_r[0] - base_r[0]) * t
            knot = xl + (xr - xl) * rng.uniform(0.2, 0.6)
            canvas.stroke(
                [(knot, y), (knot + (xr - xl) * 0.1, y - (xr - xl) * rng.uniform(0.8, 2.0))], line * 0.6
            )


def _canopy(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    """Leaf masses across the top of the panel, in two layers, the nearer darker."""
    w = canvas.width
    line = canvas.pen(1.0)
    for layer, grey in ((0, 150), (1, 70)):
        reach = canvas.height * (0.2 - layer * 0.08)
        points: list[Point] = [(-w * 0.1, -10.0)]
        x = -w * 0.1
        while x < w * 1.1:
            x += w * rng.uniform(0.03, 0.07)
            points.append((x, reach * rng.uniform(0.5, 1.25)))
        points.append((w * 1.1, -10.0))
        outline = chaikin(points, 2, closed=False)
        canvas.fill([*outline, (w * 1.1, -10.0)], tone(canvas, scene, (50, 100, 50), grey))
        canvas.stroke(outline, line)
        for _ in range(int(10 * scene.detail)):
            lx = rng.uniform(0, w)
            ly = reach * rng.uniform(0.2, 0.8)
            size = canvas.unit() * rng.uniform(6, 12)
            canvas.stroke(
                quad((lx - size, ly), (lx, ly + size * 0.8), (lx + size, ly), 4),
                line * 0.6,
                tone(canvas, scene, (140, 190, 120), 255),
            )


def _grass(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    line = canvas.pen(0.8)
    for _ in range(int(30 + 60 * scene.detail)):
        x = rng.uniform(0, canvas.width)
        y = rng.uniform(scene.camera.horizon + (canvas.height - scene.camera.horizon) * 0.3, canvas.height)
        size = (y - scene.camera.horizon) * 0.06
        for lean in (-0.6, 0.0, 0.5):
            canvas.brush([(x, y), (x + lean * size * 0.5, y - size)], line * 1.4, start=1.0, end=0.05)
