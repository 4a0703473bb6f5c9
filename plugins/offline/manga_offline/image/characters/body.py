"""Neck, torso, arms and legs, in the garment's cut and the pose of the panel."""

from __future__ import annotations

import itertools

from manga_offline.image.characters.figure import Figure, swing
from manga_offline.image.characters.outfit import Garment, draw_details
from manga_offline.image.geometry import Point, chaikin, limb, quad
from manga_offline.image.palette import RGB, shade


def skin_colour(fig: Figure) -> RGB:
    """Skin is the paper in black-and-white; a darker skin gets a light tone."""
    return fig.colour(fig.look.skin, 255 if fig.look.skin[0] > 235 else 228)


def _width_at(fig: Figure, v: float, garment: Garment) -> float:
    plan = fig.plan
    marks = [
        (plan.shoulder_y + 0.25, plan.shoulder_w),
        (plan.armpit_y, plan.chest_w),
        (plan.waist_y, plan.waist_w),
        (plan.hip_y, plan.hip_w),
        (plan.crotch_y, plan.hip_w * 1.02),
        (plan.sole_y + 1, plan.hip_w * 1.05),
    ]
    width = marks[-1][1]
    for (y0, w0), (y1, w1) in itertools.pairwise(marks):
        if y0 <= v <= y1:
            width = w0 + (w1 - w0) * (v - y0) / (y1 - y0)
            break
    if v < marks[0][0]:
        width = plan.shoulder_w
    reach = max(garment.hem - plan.waist_y, 1e-3)
    return width + garment.flare * max(0.0, (v - plan.waist_y) / reach) ** 1.3


def torso_outline(fig: Figure, garment: Garment, hem: float) -> list[Point]:
    plan = fig.plan
    top = plan.shoulder_y
    heights = [plan.armpit_y, plan.waist_y, plan.hip_y, plan.crotch_y, plan.knee_y, plan.ankle_y]
    inner = [v for v in heights if v < hem - 0.05]
    right: list[Point] = [
        (plan.neck_w, top - 0.18),
        (plan.shoulder_w * 0.75, top + 0.02),
        (plan.shoulder_w, top + 0.3),
    ]
    right += [(_width_at(fig, v, garment), v) for v in inner]
    right.append((_width_at(fig, hem, garment), hem))
    centre = 0.05
    left = [(centre - (u - centre), v) for u, v in right]
    # A soft outline: corner cutting once keeps the hem and shoulders from looking boxy.
    return chaikin([(u + centre, v) for u, v in right] + left[::-1], iterations=1)


def draw_legs(fig: Figure, garment: Garment) -> None:
    plan, pose = fig.plan, fig.pose
    if garment.hem >= plan.ankle_y - 0.1:
        _feet(fig, garment, [(-0.35, 0.0), (0.45, 0.0)])
        return
    stride = pose.stride
    legs = garment.legs
    colour = fig.colour(legs) if legs else skin_colour(fig)
    feet: list[Point] = []
    for side in (-1, 1):
        forward = stride * (0.55 if side > 0 else -0.45)
        hip = (side * plan.hip_w * 0.48 + 0.05, plan.crotch_y - 0.35)
        knee = (side * plan.hip_w * 0.42 + forward * 0.6 + 0.05, plan.knee_y)
        ankle = (side * plan.hip_w * 0.36 + forward, plan.ankle_y - abs(forward) * 0.15)
        path = quad(hip, knee, ankle, 6)
        fig.shape(_rounded(path, plan.thigh_w * 2, plan.ankle_w * 2), colour, shaded=0.2)
        feet.append((ankle[0], ankle[1] - plan.ankle_y))
    _feet(fig, garment, feet)


def _feet(fig: Figure, garment: Garment, feet: list[Point]) -> None:
    plan = fig.plan
    shoe = fig.colour(garment.shoes)
    for u, lift in feet:
        v = plan.ankle_y + lift
        toe = 0.55 if fig.plan.chin > 0.9 else 0.35
        fig.shape(
            chaikin(
                [
                    (u - 0.25, v - 0.1),
                    (u + 0.15, v - 0.12),
                    (u + toe, v + 0.2),
                    (u + toe, v + 0.38),
                    (u - 0.3, v + 0.38),
                ],
                1,
            ),
            shoe,
        )


def draw_skirt(fig: Figure, garment: Garment) -> None:
    if garment.skirt_hem is None:
        return
    plan = fig.plan
    top = plan.waist_y
    hem = garment.skirt_hem
    spread = plan.hip_w * 1.35
    outline = [
        (-plan.waist_w + 0.05, top),
        (plan.waist_w + 0.05, top),
        (spread + 0.05, hem),
        (-spread + 0.05, hem),
    ]
    colour = fig.colour(garment.skirt)
    fig.shape(outline, colour, shaded=0.35)
    for i in range(1, 5):
        t = i / 5
        fig.stroke(
            [(0.05 - plan.waist_w + 2 * plan.waist_w * t, top + 0.1), (0.05 - spread + 2 * spread * t, hem)],
            fig.line * 0.6,
        )


def draw_neck(fig: Figure) -> None:
    plan = fig.plan
    skin = skin_colour(fig)
    w = plan.neck_w
    neck = [
        (-w + 0.05, plan.jaw - 0.1),
        (w + 0.12, plan.jaw - 0.1),
        (w + 0.1, plan.shoulder_y + 0.1),
        (-w + 0.02, plan.shoulder_y + 0.1),
    ]
    fig.shape(neck, skin)
    # The jaw throws a shadow down the neck: the one shading every manga face has.
    shadow = [
        (-w + 0.05, plan.jaw - 0.1),
        (w + 0.12, plan.jaw - 0.1),
        (w + 0.11, plan.jaw + 0.22),
        (-w + 0.04, plan.jaw + 0.32),
    ]
    fig.canvas.fill(fig.pts(shadow), fig.colour(shade(fig.look.skin, 0.3), 200))


def draw_torso(fig: Figure, garment: Garment) -> None:
    outline = torso_outline(fig, garment, garment.hem)
    main = fig.colour(fig.look.outfit_main)
    fig.shape(outline, main, shaded=0.4)
    if garment.hem > fig.plan.crotch_y + 0.3 and garment.flare > 0.3:
        # A long garment parts at the front; the fold reads as a coat or robe, not a sack.
        fold = [(0.05, fig.plan.waist_y + 0.3), (0.12, garment.hem)]
        fig.stroke(fold, fig.line * 0.8)
    draw_details(fig, garment)


def _rounded(path: list[Point], start_width: float, end_width: float) -> list[Point]:
    """A limb with rounded ends, so a sleeve meets the shoulder as a curve, not a box."""
    return chaikin(limb(path, start_width, end_width), 2)


def arm_joints(fig: Figure, side: int) -> tuple[Point, Point, Point]:
    """Shoulder, elbow and wrist of one arm in the panel's pose; side +1 is the lead arm."""
    plan, pose = fig.plan, fig.pose
    upper_angle, fore_angle = pose.lead_arm if side > 0 else pose.rear_arm
    shoulder = (0.05 + side * (plan.shoulder_w - plan.arm_w * 0.9), plan.shoulder_y + 0.45)
    elbow = swing(shoulder, plan.upper_arm, upper_angle, side)
    wrist = swing(elbow, plan.forearm, fore_angle, side)
    return shoulder, elbow, wrist


def hand_centre(fig: Figure, side: int) -> Point:
    _, elbow, wrist = arm_joints(fig, side)
    dx, dy = wrist[0] - elbow[0], wrist[1] - elbow[1]
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    reach = fig.plan.hand_r * 0.8
    return (wrist[0] + dx / length * reach, wrist[1] + dy / length * reach)


def draw_arm(fig: Figure, garment: Garment, side: int) -> None:
    """One arm, sleeve and hand; side +1 is the lead arm (the side the character faces)."""
    plan = fig.plan
    shoulder, elbow, wrist = arm_joints(fig, side)
    path = quad(shoulder, elbow, wrist, 8)
    sleeve = fig.colour(fig.look.outfit_main)
    skin = skin_colour(fig)
    if garment.sleeve == "short":
        upper = quad(shoulder, elbow, elbow, 4)
        fig.shape(_rounded(path, plan.arm_w * 1.8, plan.wrist_w * 1.8), skin, shaded=0.22)
        fig.shape(_rounded(upper, plan.arm_w * 2.05, plan.arm_w * 1.9), sleeve)
    elif garment.sleeve == "wide":
        fig.shape(_rounded(path, plan.arm_w * 2.0, plan.arm_w * 3.2), sleeve, shaded=0.22)
    else:
        fig.shape(_rounded(path, plan.arm_w * 2.0, plan.wrist_w * 2.1), sleeve, shaded=0.22)
    hand = fig.colour(fig.look.accent) if "gloves" in fig.look.props else skin
    _hand(fig, side, wrist, hand)


def _hand(fig: Figure, side: int, wrist: Point, colour: RGB) -> None:
    """A mitten with a thumb toward the body; a fist is rounder, with knuckle lines."""
    u, v = hand_centre(fig, side)
    size = fig.plan.hand_r
    dx, dy = (u - wrist[0]) / (size * 0.8), (v - wrist[1]) / (size * 0.8)
    px, py = -dy, dx
    length = 1.0 if fig.pose.fists else 1.35
    palm = chaikin(
        [
            (wrist[0] + px * size * 0.75, wrist[1] + py * size * 0.75),
            (u + dx * size * length + px * size * 0.8, v + dy * size * length + py * size * 0.8),
            (u + dx * size * length * 1.1, v + dy * size * length * 1.1),
            (u + dx * size * length - px * size * 0.8, v + dy * size * length - py * size * 0.8),
            (wrist[0] - px * size * 0.75, wrist[1] - py * size * 0.75),
        ],
        2,
    )
    fig.shape(palm, colour)
    thumb = -side
    tu, tv = u + px * thumb * size * 0.75, v + py * thumb * size * 0.75
    fig.shape(
        chaikin(
            [
                (tu - dx * size * 0.4, tv - dy * size * 0.4),
                (tu + px * thumb * size * 0.35, tv + py * thumb * size * 0.35),
                (tu + dx * size * 0.5, tv + dy * size * 0.5),
            ],
            1,
        ),
        colour,
        fig.line * 0.8,
    )
    if fig.pose.fists and fig.r > 40:
        for k in (-0.45, 0.0, 0.45):
            start = (u + dx * size * 0.1 + px * k * size, v + dy * size * 0.1 + py * k * size)
            fig.stroke([start, (start[0] + dx * size * 0.55, start[1] + dy * size * 0.55)], fig.line * 0.5)
