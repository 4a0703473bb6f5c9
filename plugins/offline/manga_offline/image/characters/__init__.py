"""Characters drawn from their bible Look, where the staging puts them.

The layer order is what makes a figure read as one body: hair and props that hang behind,
legs, torso, arms, head, face, then the fringe, brows and what sits on the head.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_common.models.script import Character, Emotion
from manga_common.plugins.interfaces import ArtStyle
from manga_common.staging import Placement
from manga_offline.image.canvas import Canvas
from manga_offline.image.characters import face, hair, head, props
from manga_offline.image.characters.appearance import Appearance, appearance_of
from manga_offline.image.characters.body import (
    draw_arm,
    draw_legs,
    draw_neck,
    draw_skirt,
    draw_torso,
)
from manga_offline.image.characters.figure import Figure, plan_for, pose_for
from manga_offline.image.characters.outfit import garment_for
from manga_offline.options import art_of

__all__ = ["Appearance", "Performance", "appearance_of", "draw_character"]

_EARS_SHOW = ("short", "spiky", "messy", "shaved", "ponytail")


@dataclass(frozen=True)
class Performance:
    """What the panel asks of everyone in it."""

    emotion: Emotion
    action: bool
    shouting: bool
    light_from: int
    """-1 when the light comes from the left of the panel, +1 from the right."""


def draw_character(
    canvas: Canvas,
    placement: Placement,
    character: Character | None,
    style: ArtStyle,
    performance: Performance,
    rng: random.Random,
) -> None:
    look = appearance_of(placement.name, character)
    plan = plan_for(art_of(style).proportions, look.build)
    turn = 1 if placement.facing == "right" else -1
    radius = placement.face_radius * canvas.height
    fig = Figure(
        canvas=canvas,
        look=look,
        cx=placement.x * canvas.width,
        cy=placement.y * canvas.height,
        r=radius,
        turn=turn,
        light=performance.light_from * turn,
        plan=plan,
        pose=pose_for(performance.emotion, performance.action, placement.face_radius > 0.15),
        line=max(canvas.unit() * 0.9, radius * 0.024 * style.line_weight),
    )
    garment = garment_for(look, plan)
    emotion = performance.emotion
    _cast_shadow(fig)
    props.draw_behind(fig)
    hair.draw_back_hair(fig)
    if performance.action:
        draw_arm(fig, garment, -1)
    draw_legs(fig, garment)
    draw_skirt(fig, garment)
    draw_neck(fig)
    draw_torso(fig, garment)
    props.draw_neck(fig)
    if not performance.action:
        draw_arm(fig, garment, -1)
    draw_arm(fig, garment, 1)
    props.draw_in_hand(fig)
    hair.draw_braid(fig)
    head.draw_head(fig)
    if look.hair_style not in _EARS_SHOW:
        head.draw_ear(fig)
    head.draw_bangs_shadow(fig, hair.front_outline(fig))
    face.draw_face(fig, emotion, art_of(style).eye_scale, performance.shouting, rng)
    hair.draw_front_hair(fig)
    if look.hair_style in _EARS_SHOW:
        head.draw_ear(fig)
    face.draw_brows(fig, emotion, art_of(style).eye_scale)
    props.draw_face(fig)
    props.draw_head(fig)
    face.draw_marks(fig, emotion)


def _cast_shadow(fig: Figure) -> None:
    """A pool of shadow under the feet, which stands a figure on the ground."""
    plan = fig.plan
    x, y = fig.p(0.05, plan.sole_y + 0.3)
    if y > fig.canvas.height + fig.r:
        return
    half = (plan.hip_w + 0.9 + fig.pose.stride) * fig.r
    fig.canvas.ellipse(x, y, half, 0.32 * fig.r, fig.canvas.colour((60, 60, 80), 120))
