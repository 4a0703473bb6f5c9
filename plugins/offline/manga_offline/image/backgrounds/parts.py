"""Pieces several places share: lighting by time of day, ground, hills, trees, rocks,
houses and windows in perspective."""

from __future__ import annotations

import random
from collections.abc import Sequence

from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point, chaikin, sub_quad
from manga_offline.image.palette import RGB, mix
from manga_offline.options import art_of

_NIGHT: RGB = (24, 30, 66)
_DUSK: RGB = (150, 80, 110)


def tone(canvas: Canvas, scene: Scene, rgb: RGB, grey: int) -> RGB:
    """A surface's colour in the panel's light: night darkens and blues it, dusk warms it."""
    if scene.time_of_day == "night" and not scene.indoors:
        rgb, grey = mix(rgb, _NIGHT, 0.62), round(grey * 0.42)
    elif scene.time_of_day == "dusk" and not scene.indoors:
        rgb, grey = mix(rgb, _DUSK, 0.25), round(grey * 0.88)
    if art_of(scene.style).background == "shadow":
        grey = round(grey * 0.72)
    return canvas.colour(rgb, grey)


def ground(canvas: Canvas, scene: Scene, far: RGB, near: RGB, grey_far: int, grey_near: int) -> None:
    top = max(0, round(scene.camera.horizon))
    canvas.gradient(
        (0, top, canvas.width, canvas.height),
        tone(canvas, scene, far, grey_far),
        tone(canvas, scene, near, grey_near),
    )


def hills(
    canvas: Canvas, scene: Scene, rng: random.Random, height: float, rgb: RGB, grey: int, bumps: int
) -> None:
    """A soft ridge standing on the horizon."""
    horizon = scene.camera.horizon
    w = canvas.width
    points: list[Point] = [(-w * 0.1, horizon + 2)]
    for i in range(bumps + 1):
        points.append((w * (i / bumps * 1.2 - 0.1), horizon - height * rng.uniform(0.35, 1.0)))
    points.append((w * 1.1, horizon + 2))
    outline = chaikin(points, 3, closed=False)
    canvas.fill([*outline, (w * 1.1, horizon + 4), (-w * 0.1, horizon + 4)], tone(canvas, scene, rgb, grey))
    canvas.stroke(outline, canvas.pen(0.8))


def deciduous_tree(
    canvas: Canvas,
    scene: Scene,
    rng: random.Random,
    base: Point,
    height: float,
    grey: int,
    leaves: RGB = (70, 140, 70),
) -> None:
    """A trunk and a crown of leaf clumps, shaded underneath."""
    x, y = base
    trunk_w = height * 0.07
    bark = tone(canvas, scene, (110, 80, 50), max(0, grey - 60))
    line = canvas.pen(max(0.6, min(1.6, height / canvas.height * 3)))
    canvas.fill(
        [
            (x - trunk_w, y),
            (x - trunk_w * 0.6, y - height * 0.55),
            (x + trunk_w * 0.6, y - height * 0.55),
            (x + trunk_w, y),
        ],
        bark,
    )
    canvas.stroke([(x - trunk_w, y), (x - trunk_w * 0.6, y - height * 0.55)], line)
    canvas.stroke([(x + trunk_w, y), (x + trunk_w * 0.6, y - height * 0.55)], line)
    crown_y = y - height * 0.68
    clumps = [
        (
            x + rng.uniform(-0.28, 0.28) * height,
            crown_y + rng.uniform(-0.22, 0.15) * height,
            height * rng.uniform(0.16, 0.26),
        )
        for _ in range(7)
    ]
    leaf = tone(canvas, scene, leaves, grey)
    dark = tone(canvas, scene, mix(leaves, (0, 20, 0), 0.4), max(0, grey - 70))
    for cx, cy, r in clumps:
        canvas.ellipse(cx, cy, r + line, r * 0.85 + line, canvas.ink)
    for cx, cy, r in clumps:
        canvas.ellipse(cx, cy, r, r * 0.85, dark)
    for cx, cy, r in clumps:
        canvas.ellipse(cx - r * 0.12, cy - r * 0.16, r * 0.82, r * 0.68, leaf)


def pine(
    canvas: Canvas, scene: Scene, base: Point, height: float, grey: int, rgb: RGB = (40, 100, 70)
) -> None:
    x, y = base
    colour = tone(canvas, scene, rgb, grey)
    line = canvas.pen(max(0.5, min(1.4, height / canvas.height * 3)))
    canvas.fill(
        [
            (x - height * 0.03, y),
            (x + height * 0.03, y),
            (x + height * 0.03, y - height * 0.2),
            (x - height * 0.03, y - height * 0.2),
        ],
        tone(canvas, scene, (90, 60, 40), max(0, grey - 50)),
    )
    for tier in range(3):
        bottom = y - height * (0.12 + tier * 0.24)
        half = height * (0.3 - tier * 0.07)
        tier_points = [
            (x - half, bottom),
            (x - half * 0.3, bottom - height * 0.12),
            (x, bottom - height * 0.42),
            (x + half * 0.3, bottom - height * 0.12),
            (x + half, bottom),
        ]
        canvas.shape(tier_points, colour, line)


def bush(canvas: Canvas, scene: Scene, rng: random.Random, base: Point, size: float, grey: int) -> None:
    x, y = base
    line = canvas.pen(0.8)
    puffs = [
        (x + rng.uniform(-1, 1) * size, y - size * rng.uniform(0.3, 0.7), size * rng.uniform(0.45, 0.7))
        for _ in range(4)
    ]
    for cx, cy, r in puffs:
        canvas.ellipse(cx, cy, r + line, r * 0.8 + line, canvas.ink)
    for cx, cy, r in puffs:
        canvas.ellipse(cx, cy, r, r * 0.8, tone(canvas, scene, (80, 130, 70), grey))


def rock(canvas: Canvas, scene: Scene, rng: random.Random, base: Point, size: float, grey: int) -> None:
    x, y = base
    points = [
        (x - size, y),
        (x - size * rng.uniform(0.6, 0.9), y - size * rng.uniform(0.5, 0.8)),
        (x - size * 0.1, y - size * rng.uniform(0.8, 1.1)),
        (x + size * rng.uniform(0.5, 0.8), y - size * 0.6),
        (x + size, y),
    ]
    canvas.shape(points, tone(canvas, scene, (150, 140, 130), grey), canvas.pen(1.0))
    canvas.fill(
        [
            (x + size * 0.1, y - size * 0.75),
            (x + size * rng.uniform(0.5, 0.8), y - size * 0.6),
            (x + size, y),
            (x + size * 0.2, y),
        ],
        tone(canvas, scene, (110, 100, 95), max(0, grey - 60)),
    )


def windows(
    canvas: Canvas,
    scene: Scene,
    rng: random.Random,
    wall: Sequence[Point],
    columns: int,
    rows: int,
    lit_share: float = 0.4,
) -> None:
    """A grid of windows laid on a wall seen in perspective; lit at night."""
    night = scene.time_of_day in ("night", "dusk") and not scene.indoors
    glass = tone(canvas, scene, (120, 150, 180), 150)
    lit = canvas.colour((255, 236, 160), 255)
    dark = canvas.colour((30, 34, 60), 30)
    line = canvas.pen(0.5)
    for row in range(rows):
        for column in range(columns):
            quad = sub_quad(
                wall,
                (column + 0.22) / columns,
                (row + 0.2) / rows,
                (column + 0.78) / columns,
                (row + 0.75) / rows,
            )
            if night:
                canvas.fill(quad, lit if rng.random() < lit_share else dark)
            else:
                canvas.fill(quad, glass)
                canvas.fill([quad[0], quad[1], quad[3]], canvas.colour((210, 226, 240), 222))
            if line > 1 or columns * rows < 60:
                canvas.stroke([*quad, quad[0]], line)


def house(
    canvas: Canvas,
    scene: Scene,
    rng: random.Random,
    base: Point,
    width: float,
    height: float,
    wall_grey: int,
    roof: RGB,
) -> None:
    """A house seen from the front: walls, a door, windows and a pitched roof with tiles."""
    x, y = base
    line = canvas.pen(max(0.6, min(1.5, height / canvas.height * 4)))
    body = [(x - width / 2, y - height), (x + width / 2, y - height), (x + width / 2, y), (x - width / 2, y)]
    canvas.shape(body, tone(canvas, scene, (236, 226, 206), wall_grey), line)
    overhang = width * 0.12
    ridge = y - height - height * rng.uniform(0.5, 0.8)
    roof_points = [
        (x - width / 2 - overhang, y - height),
        (x - width * 0.3, ridge),
        (x + width * 0.3, ridge),
        (x + width / 2 + overhang, y - height),
    ]
    canvas.shape(roof_points, tone(canvas, scene, roof, 90), line)
    for i in range(1, 5):
        t = i / 5
        canvas.stroke(
            [
                (x - width * 0.3 + (-width * 0.2 - overhang) * t, ridge + (y - height - ridge) * t),
                (x + width * 0.3 + (width * 0.2 + overhang) * t, ridge + (y - height - ridge) * t),
            ],
            max(1.0, line * 0.5),
        )
    door_w = width * 0.16
    canvas.shape(
        [
            (x - door_w / 2, y),
            (x - door_w / 2, y - height * 0.55),
            (x + door_w / 2, y - height * 0.55),
            (x + door_w / 2, y),
        ],
        tone(canvas, scene, (120, 80, 50), 120),
        line,
    )
    night = scene.time_of_day == "night"
    for side in (-1, 1):
        wx = x + side * width * 0.3
        window = [
            (wx - width * 0.09, y - height * 0.7),
            (wx + width * 0.09, y - height * 0.7),
            (wx + width * 0.09, y - height * 0.38),
            (wx - width * 0.09, y - height * 0.38),
        ]
        glass = canvas.colour((255, 230, 150), 255) if night else tone(canvas, scene, (130, 160, 190), 160)
        canvas.shape(window, glass, line)
        canvas.stroke([(wx, y - height * 0.7), (wx, y - height * 0.38)], max(1.0, line * 0.6))
