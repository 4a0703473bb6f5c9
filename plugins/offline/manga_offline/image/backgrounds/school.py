"""A school: the classroom (window wall, desks, blackboard) or the building across the yard."""

from __future__ import annotations

import random

from manga_offline.image.backgrounds.parts import deciduous_tree, ground, tone, windows
from manga_offline.image.backgrounds.rooms import Room, paint_room
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import sub_quad
from manga_offline.image.sky import paint_sky


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    if scene.indoors:
        _classroom(canvas, scene, rng)
    else:
        _building(canvas, scene, rng)


def _classroom(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    room = Room(half_width=4.5, height=3.1, depth=9.0)
    paint_room(canvas, scene, room, ((236, 230, 214), 250), ((170, 130, 90), 214), ((246, 246, 240), 255))
    cam = scene.camera
    line = canvas.pen(1.1)
    window_side = rng.choice((-1, 1))
    wall = room.side_wall(scene, window_side)
    # The window wall: sky seen through tall panes.
    panes = 4
    for i in range(panes):
        pane = sub_quad(wall, 0.08 + i * 0.23, 0.18, 0.27 + i * 0.23, 0.78)
        sky = (
            tone(canvas, scene, (170, 210, 240), 236)
            if scene.time_of_day != "night"
            else canvas.colour((20, 24, 60), 30)
        )
        canvas.shape(pane, sky, line)
        mid_top, mid_bottom = sub_quad(pane, 0.5, 0, 0.5, 1)[0], sub_quad(pane, 0.5, 0, 0.5, 1)[3]
        canvas.stroke([mid_top, mid_bottom], line * 0.7)
    curtain = sub_quad(wall, 0.0, 0.12, 0.07, 0.85)
    canvas.shape(curtain, tone(canvas, scene, (240, 236, 220), 232), line)
    back = room.back_wall(scene)
    board = sub_quad(back, 0.2, 0.2, 0.8, 0.62)
    canvas.shape(board, canvas.colour((40, 80, 60), 70), line * 1.4)
    canvas.fill(sub_quad(back, 0.19, 0.62, 0.81, 0.66), tone(canvas, scene, (150, 120, 90), 160))
    if scene.detail > 0.5:
        clock = sub_quad(back, 0.86, 0.12, 0.94, 0.26)
        cx, cy = (clock[0][0] + clock[2][0]) / 2, (clock[0][1] + clock[2][1]) / 2
        radius = abs(clock[2][0] - clock[0][0]) / 2
        canvas.ellipse(cx, cy, radius, radius, canvas.colour((255, 255, 255), 255), line)
        canvas.stroke([(cx, cy), (cx, cy - radius * 0.7)], line)
        canvas.stroke([(cx, cy), (cx + radius * 0.5, cy)], line)
    desk_top = tone(canvas, scene, (200, 160, 110), 206)
    desk_side = tone(canvas, scene, (140, 110, 80), 150)
    for z in (7.2, 5.6, 4.0, 2.4):
        for x in (-3.0, -1.2, 0.6, 2.4):
            top = cam.floor(x, z, x + 1.0, z + 0.6, 0.75)
            front = cam.wall(x, z, x + 1.0, z, 0.45, 0.75)
            canvas.shape(front, desk_side, line * 0.8)
            canvas.shape(top, desk_top, line * 0.8)
            for leg_x in (x + 0.05, x + 0.95):
                canvas.stroke([cam.project(leg_x, 0.45, z), cam.project(leg_x, 0, z)], line * 0.8)


def _building(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    cam = scene.camera
    paint_sky(canvas, scene, rng, cam.horizon)
    ground(canvas, scene, (200, 180, 150), (180, 160, 130), 240, 226)
    line = canvas.pen(1.2)
    z = 45.0
    front = cam.wall(-40, z, 40, z, 0, 13)
    canvas.shape(front, tone(canvas, scene, (240, 236, 226), 252), line)
    for floor in range(4):
        band = cam.wall(-40, z, 40, z, floor * 3.2 + 0.9, floor * 3.2 + 2.6)
        windows(canvas, scene, rng, band, 22, 1, 0.3)
        canvas.stroke(
            [cam.project(-40, floor * 3.2 + 3.1, z), cam.project(40, floor * 3.2 + 3.1, z)], line * 0.5
        )
    tower = cam.wall(-3.5, z - 0.5, 3.5, z - 0.5, 0, 18)
    canvas.shape(tower, tone(canvas, scene, (236, 230, 220), 244), line)
    tx = (tower[0][0] + tower[1][0]) / 2
    ty = tower[0][1] + (tower[3][1] - tower[0][1]) * 0.14
    radius = (tower[1][0] - tower[0][0]) * 0.28
    canvas.ellipse(tx, ty, radius, radius, canvas.colour((255, 255, 255), 255), line)
    canvas.stroke([(tx, ty), (tx + radius * 0.1, ty - radius * 0.75)], line)
    canvas.stroke([(tx, ty), (tx + radius * 0.55, ty + radius * 0.1)], line)
    fence_y = 0.0
    for post in range(-40, 41, 2):
        canvas.stroke([cam.project(post, fence_y, 20), cam.project(post, 1.6, 20)], line * 0.5)
    for height in (0.3, 1.5):
        canvas.stroke([cam.project(-40, height, 20), cam.project(40, height, 20)], line * 0.7)
    if scene.detail > 0.4:
        for x in (-16.0, -9.0, 9.0, 17.0):
            base = cam.project(x, 0, 24)
            deciduous_tree(canvas, scene, rng, base, cam.scale_at(24) * 8, 246, (240, 170, 190))
