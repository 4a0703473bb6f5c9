"""Space seen from a station: stars on solid black, a ringed planet, and the deck, ribs and
window frame of the hull around the viewer."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import arc
from manga_offline.image.sky import twinkle


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    canvas.fill(
        [(0, 0), (canvas.width, 0), (canvas.width, canvas.height), (0, canvas.height)],
        canvas.colour((6, 8, 24), 0),
    )
    _stars(canvas, rng)
    _planet(canvas, scene, rng)
    _station(canvas, scene)


def _stars(canvas: Canvas, rng: random.Random) -> None:
    white = canvas.colour((255, 255, 255), 255)
    unit = canvas.unit()
    for _ in range(int(canvas.width * canvas.height / (unit * unit * 500))):
        size = unit * rng.choice((0.5, 0.6, 0.8, 1.1, 1.6))
        canvas.ellipse(rng.uniform(0, canvas.width), rng.uniform(0, canvas.height), size, size, white)
    for _ in range(6):
        twinkle(
            canvas,
            rng.uniform(0, canvas.width),
            rng.uniform(0, canvas.height),
            unit * rng.uniform(4, 9),
            white,
        )


def _planet(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    radius = canvas.height * rng.uniform(0.16, 0.28)
    x = canvas.width * rng.uniform(0.2, 0.8)
    y = scene.camera.horizon - canvas.height * rng.uniform(0.15, 0.3)
    line = canvas.pen(1.2)
    ring_colour = canvas.colour((220, 210, 190), 220)
    body = tone(canvas, scene, canvas.accent(rng.randrange(4)) if canvas.in_colour else (180, 160, 140), 200)
    # The ring passes behind the planet at the top and in front of it at the bottom.
    canvas.stroke(arc(x, y, radius * 1.9, radius * 0.4, 180, 360, 20), line * 2.2, ring_colour)
    disc = arc(x, y, radius, radius, 0, 360, 48)
    canvas.fill(disc, body)
    for band in (-0.4, 0.05, 0.45):
        canvas.stroke(
            arc(x, y + band * radius, radius * (1 - band * band) ** 0.5, radius * 0.1, 10, 170, 10),
            line * 0.5,
        )
    night_side = canvas.colour((20, 20, 40), 40)
    canvas.shade_inside(disc, (scene.light_from * radius * 0.45, -radius * 0.15), night_side)
    canvas.stroke([*disc, disc[0]], line)
    canvas.stroke(arc(x, y, radius * 1.9, radius * 0.4, 0, 180, 20), line * 2.2, ring_colour)


def _station(canvas: Canvas, scene: Scene) -> None:
    """The observation deck: a floor of plates to the window, and the window's frame."""
    cam = scene.camera
    line = canvas.pen(1.3)
    hull = tone(canvas, scene, (170, 176, 190), 206)
    dark_hull = tone(canvas, scene, (90, 96, 110), 96)
    deck = [
        cam.project(-30, 0, 0.5),
        cam.project(30, 0, 0.5),
        cam.project(30, 0, 12),
        cam.project(-30, 0, 12),
    ]
    canvas.shape(deck, tone(canvas, scene, (150, 156, 170), 176), line)
    z = 1.0
    while z < 12:
        canvas.stroke([cam.project(-30, 0, z), cam.project(30, 0, z)], line * 0.5)
        z *= 1.45
    for x in range(-30, 31, 3):
        canvas.stroke([cam.project(x, 0, 0.5), cam.project(x, 0, 12)], line * 0.5)
    sill = cam.wall(-30, 12, 30, 12, 0, 1.0)
    canvas.shape(sill, dark_hull, line)
    canvas.stroke(
        [cam.project(-30, 0.85, 12), cam.project(30, 0.85, 12)],
        line * 1.5,
        canvas.colour((200, 230, 255), 255),
    )
    # Struts of the great window, leaning in as they fall to the sill.
    w, h = canvas.width, canvas.height
    top = h * 0.08
    beam = [(0.0, 0.0), (w, 0.0), (w, top), (0.0, top)]
    canvas.shape(beam, hull, line)
    for share in (0.0, 0.36, 0.64, 1.0):
        foot = w * (0.5 + (share - 0.5) * 0.8), sill[0][1]
        head = w * share, top
        strut = [
            (head[0] - w * 0.03, head[1]),
            (head[0] + w * 0.03, head[1]),
            (foot[0] + w * 0.012, foot[1]),
            (foot[0] - w * 0.012, foot[1]),
        ]
        canvas.shape(strut, hull, line)
        canvas.stroke([(head[0] + w * 0.012, head[1]), (foot[0] + w * 0.004, foot[1])], line * 0.6)
    if scene.detail > 0.5:
        for i in range(12):
            canvas.ellipse(
                w * (i + 0.5) / 12, top * 0.5, canvas.unit() * 1.6, canvas.unit() * 1.6, canvas.ink
            )
