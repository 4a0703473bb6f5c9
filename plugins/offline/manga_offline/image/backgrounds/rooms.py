"""The inside of a box seen from within: walls, floor and ceiling receding to the
vanishing point. Classrooms, rooms and station decks are all furnished boxes."""

from __future__ import annotations

from dataclasses import dataclass

from manga_offline.image.backgrounds.parts import tone
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.geometry import Point
from manga_offline.image.palette import RGB


@dataclass(frozen=True)
class Room:
    half_width: float
    height: float
    depth: float
    near: float = 0.3

    def back_wall(self, scene: Scene) -> list[Point]:
        return scene.camera.wall(-self.half_width, self.depth, self.half_width, self.depth, 0, self.height)

    def side_wall(self, scene: Scene, side: int) -> list[Point]:
        x = side * self.half_width
        return scene.camera.wall(x, self.near, x, self.depth, 0, self.height)

    def floor(self, scene: Scene) -> list[Point]:
        return scene.camera.floor(-self.half_width, self.near, self.half_width, self.depth)

    def ceiling(self, scene: Scene) -> list[Point]:
        return scene.camera.floor(-self.half_width, self.near, self.half_width, self.depth, self.height)


def paint_room(
    canvas: Canvas,
    scene: Scene,
    room: Room,
    walls: tuple[RGB, int],
    floor: tuple[RGB, int],
    ceiling: tuple[RGB, int],
) -> None:
    """Bare box: each surface in its tone, edges inked, floor boards toward the vanishing point."""
    line = canvas.pen(1.2)
    wall_colour = tone(canvas, scene, *walls)
    canvas.fill(room.ceiling(scene), tone(canvas, scene, *ceiling))
    canvas.fill(room.floor(scene), tone(canvas, scene, *floor))
    for side in (-1, 1):
        shade_grey = max(0, walls[1] - 22)
        canvas.shape(room.side_wall(scene, side), tone(canvas, scene, walls[0], shade_grey), line)
    canvas.shape(room.back_wall(scene), wall_colour, line)
    cam = scene.camera
    board = max(1.0, line * 0.45)
    x = -room.half_width
    while x <= room.half_width:
        canvas.stroke([cam.project(x, 0, room.near), cam.project(x, 0, room.depth)], board)
        x += 0.6
    for side in (-1, 1):
        x = side * room.half_width
        canvas.stroke([cam.project(x, 0.12, room.near), cam.project(x, 0.12, room.depth)], board)


def lamp(canvas: Canvas, scene: Scene, room: Room, x: float, z: float, lit: bool) -> None:
    """A pendant lamp hanging from the ceiling, glowing when lit."""
    cam = scene.camera
    line = canvas.pen(1.0)
    top = cam.project(x, room.height, z)
    hang = cam.project(x, room.height - 0.7, z)
    canvas.stroke([top, hang], line)
    size = cam.scale_at(z) * 0.35
    shade_points = [
        (hang[0] - size * 0.3, hang[1]),
        (hang[0] + size * 0.3, hang[1]),
        (hang[0] + size, hang[1] + size * 0.7),
        (hang[0] - size, hang[1] + size * 0.7),
    ]
    if lit:
        canvas.ellipse(
            hang[0], hang[1] + size * 0.9, size * 1.3, size * 0.6, canvas.colour((255, 240, 190), 252)
        )
    canvas.shape(shade_points, canvas.colour((240, 220, 170), 236), line)
