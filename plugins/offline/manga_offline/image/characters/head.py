"""The head: face outline, ear and the light on the skin."""

from __future__ import annotations

from manga_offline.image.characters.body import skin_colour
from manga_offline.image.characters.figure import Figure
from manga_offline.image.characters.hair import CROWN
from manga_offline.image.geometry import Point, arc, clip_halfplane, cubic
from manga_offline.image.palette import shade

YAW_SHIFT = 0.17
"""How far the chin and features move toward the facing side: a three-quarter view."""


def face_outline(fig: Figure) -> list[Point]:
    chin_y = fig.plan.chin
    chibi = chin_y < 0.9
    chin = (YAW_SHIFT * (0.6 if chibi else 1.0), chin_y)
    back_temple = (-0.98, 0.0)
    face_temple = (0.95, 0.0)
    if chibi:
        back = cubic(back_temple, (-1.02, 0.55), (-0.6, chin_y), chin, 16)
        front = cubic(chin, (0.7, chin_y - 0.02), (1.0, 0.5), face_temple, 16)
    else:
        back = cubic(back_temple, (-0.98, 0.5), (-0.45, chin_y * 0.86), chin, 16)
        front = cubic(chin, (0.52, chin_y * 0.86), (0.96, 0.48), face_temple, 16)
    top = arc(CROWN[0], CROWN[1], 0.97, 1.0, 7, -187, 24)
    return back + front[1:] + top[1:-1]


def draw_head(fig: Figure) -> None:
    skin = skin_colour(fig)
    outline = face_outline(fig)
    points = fig.pts(outline)
    fig.canvas.fill(points, skin)
    fig.shade(outline, skin, 0.1, 0.16)
    fig.canvas.stroke([*points, points[0]], fig.line)


def draw_ear(fig: Figure) -> None:
    skin = skin_colour(fig)
    ear = arc(-0.96, 0.24, 0.16, 0.24, 90, 300, 10)
    fig.shape(ear, skin)
    if fig.r > 30:
        fig.stroke(arc(-0.95, 0.25, 0.07, 0.12, 120, 280, 6), fig.line * 0.6)


def draw_bangs_shadow(fig: Figure, fringe: list[Point]) -> None:
    """The fringe casts a band of shadow on the forehead."""
    if fig.r < 20:
        return
    shifted = [(u - 0.05 * fig.light, v + 0.12) for u, v in fringe]
    # Kept inside the face: the shadow falls on skin, not on the air beside the head.
    inside = clip_halfplane(clip_halfplane(shifted, 1.0, 0.0, -0.86), -1.0, 0.0, -0.84)
    inside = clip_halfplane(inside, 0.0, -1.0, -0.6)
    if len(inside) >= 3:
        fig.canvas.fill(fig.pts(inside), fig.colour(shade(fig.look.skin, 0.25), 214))
