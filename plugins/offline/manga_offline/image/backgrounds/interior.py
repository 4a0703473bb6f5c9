"""A room: corners, a door, a window onto the time of day, a lamp, shelves and a picture."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import tone
from manga_offline.image.backgrounds.rooms import Room, lamp, paint_room
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point, sub_quad
from manga_offline.image.palette import RGB

_WALLPAPERS: tuple[tuple[RGB, int], ...] = (
    ((232, 222, 200), 236),
    ((210, 220, 214), 222),
    ((200, 180, 170), 206),
)


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    room = Room(half_width=rng.uniform(3.5, 5.0), height=2.7, depth=rng.uniform(6.0, 9.0))
    wall = _WALLPAPERS[rng.randrange(len(_WALLPAPERS))]
    paint_room(canvas, scene, room, wall, ((160, 120, 80), 196), ((246, 244, 238), 255))
    line = canvas.pen(1.1)
    back = room.back_wall(scene)
    night = scene.time_of_day in ("night", "dusk")
    door_side = rng.choice((-1, 1))
    _door(
        canvas,
        scene,
        sub_quad(back, 0.5 + door_side * 0.3 - 0.1, 0.22, 0.5 + door_side * 0.3 + 0.1, 1.0),
        line,
    )
    window = sub_quad(back, 0.5 - door_side * 0.22 - 0.16, 0.2, 0.5 - door_side * 0.22 + 0.16, 0.62)
    outside = (
        canvas.colour((20, 26, 64), 26)
        if scene.time_of_day == "night"
        else tone(canvas, scene, (180, 214, 240), 244)
    )
    canvas.shape(window, outside, line)
    for u in (0.5,):
        canvas.stroke([sub_quad(window, u, 0, u, 1)[0], sub_quad(window, u, 0, u, 1)[3]], line)
    canvas.stroke([sub_quad(window, 0, 0.5, 1, 0.5)[0], sub_quad(window, 0, 0.5, 1, 0.5)[1]], line)
    for side in (0.0, 0.86):
        canvas.shape(
            sub_quad(window, side - 0.08, -0.05, side + 0.22, 1.1),
            tone(canvas, scene, (200, 80, 90), 180),
            line,
        )
    if scene.detail > 0.45:
        _shelves(canvas, scene, rng, room.side_wall(scene, -door_side), line)
        picture = sub_quad(room.side_wall(scene, door_side), 0.55, 0.25, 0.75, 0.5)
        canvas.shape(picture, tone(canvas, scene, (250, 246, 236), 250), line * 1.6)
        canvas.fill(sub_quad(picture, 0.15, 0.5, 0.85, 0.85), tone(canvas, scene, (120, 150, 110), 170))
    lamp(canvas, scene, room, 0.0, room.depth * 0.55, night)


def _door(canvas: Canvas, scene: Scene, door: list[Point], line: float) -> None:
    canvas.shape(door, tone(canvas, scene, (150, 100, 60), 150), line * 1.2)
    canvas.shape(sub_quad(door, 0.12, 0.08, 0.88, 0.45), tone(canvas, scene, (170, 120, 80), 180), line * 0.6)
    canvas.shape(sub_quad(door, 0.12, 0.52, 0.88, 0.92), tone(canvas, scene, (170, 120, 80), 180), line * 0.6)
    knob = sub_quad(door, 0.78, 0.5, 0.86, 0.54)
    canvas.fill(knob, canvas.colour((230, 200, 90), 230))


def _shelves(canvas: Canvas, scene: Scene, rng: random.Random, wall: list[Point], line: float) -> None:
    case = sub_quad(wall, 0.35, 0.2, 0.75, 1.0)
    canvas.shape(case, tone(canvas, scene, (130, 90, 60), 140), line)
    for row in range(4):
        v0, v1 = 0.05 + row * 0.24, 0.05 + row * 0.24 + 0.19
        u = 0.06
        while u < 0.9:
            width = rng.uniform(0.04, 0.09)
            colour = tone(
                canvas,
                scene,
                canvas.accent(rng.randrange(4)) if canvas.in_colour else (200, 200, 200),
                rng.choice((255, 200, 90, 30)),
            )
            canvas.shape(sub_quad(case, u, v0 + rng.uniform(0, 0.04), u + width, v1), colour, line * 0.5)
            u += width + 0.01
