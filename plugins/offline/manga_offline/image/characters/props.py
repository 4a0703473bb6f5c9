"""Signature props: the scarf, glasses or sword a reader spots a character by.

Each prop belongs to a layer (behind the body, at the neck, on the face, on the head, in
the hand), so it sits right against hair and limbs.
"""

from __future__ import annotations

from manga_offline.image.characters.body import hand_centre, skin_colour
from manga_offline.image.characters.figure import Figure
from manga_offline.image.characters.hair import CROWN
from manga_offline.image.characters.outfit import bow
from manga_offline.image.geometry import arc, chaikin, cubic, quad, tapered
from manga_offline.image.palette import RGB, shade, tint

_STEEL: RGB = (214, 220, 228)
_WOOD: RGB = (130, 90, 50)
_LENS: RGB = (236, 244, 255)


def draw_behind(fig: Figure) -> None:
    props, plan = fig.look.props, fig.plan
    accent = fig.colour(fig.look.accent)
    if "cape" in props:
        hem = plan.knee_y + 0.3
        sway = 0.6 if fig.pose.stride else 0.25
        cape = [
            (-plan.shoulder_w, plan.shoulder_y + 0.1),
            (plan.shoulder_w, plan.shoulder_y + 0.1),
            (plan.shoulder_w + 0.5, hem - 0.4),
            (0.4 - sway, hem),
            (-plan.shoulder_w - 0.6 - sway, hem - 0.2),
        ]
        fig.shape(chaikin(cape, 1), accent, shaded=0.45)
    if "sword" in props and not fig.pose.stride:
        hilt = (-plan.shoulder_w * 0.9, plan.shoulder_y - 0.9)
        tip = (plan.shoulder_w * 1.1, plan.waist_y + 0.4)
        fig.brush([hilt, tip], 0.26, fig.colour(shade(fig.look.accent, 0.35)), start=1.0, end=0.7)
        fig.stroke([hilt, tip], fig.line * 0.6)
        guard = (hilt[0] + (tip[0] - hilt[0]) * 0.12, hilt[1] + (tip[1] - hilt[1]) * 0.12)
        fig.stroke([(guard[0] - 0.2, guard[1] + 0.2), (guard[0] + 0.2, guard[1] - 0.2)], fig.line * 2.2)
    if "staff" in props:
        u = -plan.shoulder_w - 0.6
        fig.shape(
            [
                (u - 0.07, plan.shoulder_y - 2.2),
                (u + 0.07, plan.shoulder_y - 2.2),
                (u + 0.07, plan.sole_y),
                (u - 0.07, plan.sole_y),
            ],
            fig.colour(_WOOD),
        )
        fig.ellipse(u, plan.shoulder_y - 2.3, 0.28, 0.28, accent)
    if "bag" in props:
        fig.shape(
            chaikin(
                [
                    (-plan.hip_w - 0.55, plan.waist_y - 0.1),
                    (-plan.hip_w + 0.2, plan.waist_y - 0.1),
                    (-plan.hip_w + 0.2, plan.hip_y + 0.6),
                    (-plan.hip_w - 0.55, plan.hip_y + 0.6),
                ],
                1,
            ),
            accent,
            shaded=0.2,
        )


def draw_neck(fig: Figure) -> None:
    props, plan = fig.look.props, fig.plan
    accent = fig.colour(fig.look.accent)
    if "bag" in props:
        fig.brush(
            [(plan.shoulder_w * 0.6, plan.shoulder_y), (-plan.hip_w * 0.9, plan.waist_y)], 0.2, accent, 1, 1
        )
    if "pendant" in props:
        fig.stroke(
            quad((-0.3, plan.shoulder_y), (0.05, plan.shoulder_y + 1.2), (0.4, plan.shoulder_y), 8),
            fig.line * 0.5,
        )
        gem = plan.shoulder_y + 0.72
        fig.shape([(0.05, gem - 0.22), (0.2, gem), (0.05, gem + 0.23), (-0.1, gem)], accent)
    if "scarf" in props:
        top = plan.jaw + 0.05
        bottom = plan.shoulder_y + 0.12
        wrap = chaikin(
            [
                (-plan.neck_w - 0.3, top + 0.08),
                (plan.neck_w + 0.42, top - 0.02),
                (plan.neck_w + 0.5, bottom),
                (0.05, bottom + 0.12),
                (-plan.neck_w - 0.36, bottom + 0.05),
            ],
            1,
        )
        # The loose end hangs down the chest, or streams behind in a run.
        if fig.pose.stride:
            knot = (-plan.neck_w, bottom)
            tail = cubic(knot, (-1.0, bottom - 0.3), (-2.0, bottom + 0.2), (-3.2, bottom - 0.4), 10)
        else:
            knot = (plan.neck_w * 0.4, bottom)
            tail = cubic(
                knot,
                (plan.neck_w * 0.7, bottom + 0.5),
                (plan.neck_w * 0.2, bottom + 1.0),
                (plan.neck_w * 0.5, bottom + 1.6),
                10,
            )
        fig.shape(tapered(tail, 0.5, start=0.9, end=0.75, peak=0.2), accent, shaded=0.2)
        fig.shape(wrap, accent, shaded=0.2)
        fig.stroke(
            quad((-plan.neck_w - 0.2, top + 0.3), (0.05, top + 0.42), (plan.neck_w + 0.38, top + 0.2), 6),
            fig.line * 0.5,
        )


def draw_face(fig: Figure) -> None:
    props, plan = fig.look.props, fig.plan
    eye_v = plan.eye_y
    if "glasses" in props:
        frame = max(1.0, fig.line * 0.8)
        lens = fig.colour(_LENS, 255)
        for u, w in ((-0.2, 0.36), (0.63, 0.3)):
            box = [(u - w, eye_v - 0.26), (u + w, eye_v - 0.26), (u + w, eye_v + 0.24), (u - w, eye_v + 0.24)]
            fig.canvas.stroke(fig.pts(chaikin(box, 2) + chaikin(box, 2)[:1]), frame)
            fig.brush([(u - w * 0.4, eye_v - 0.15), (u - w * 0.7, eye_v + 0.1)], 0.04, lens, 0.5, 0.5)
        fig.stroke([(0.16, eye_v - 0.08), (0.33, eye_v - 0.08)], frame)
        fig.stroke([(-0.56, eye_v - 0.1), (-0.98, eye_v - 0.05)], frame)
    if "eyepatch" in props:
        fig.stroke([(-0.95, -0.3), (0.95, -0.55)], fig.line)
        fig.shape(
            chaikin(
                [(-0.5, eye_v - 0.3), (0.05, eye_v - 0.32), (0.0, eye_v + 0.28), (-0.45, eye_v + 0.3)], 2
            ),
            fig.canvas.colour((30, 30, 34)),
        )
    if "mask" in props:
        mouth_v = eye_v + (plan.chin - eye_v) * 0.55
        fig.shape(
            chaikin(
                [
                    (-0.85, mouth_v - 0.25),
                    (0.95, mouth_v - 0.3),
                    (0.6, plan.chin - 0.05),
                    (0.17, plan.chin + 0.04),
                    (-0.5, plan.chin - 0.15),
                ],
                1,
            ),
            fig.colour((246, 246, 246), 255),
        )
        fig.stroke([(-0.85, mouth_v - 0.2), (-1.0, eye_v + 0.05)], fig.line * 0.6)


def draw_head(fig: Figure) -> None:
    props = fig.look.props
    accent = fig.colour(fig.look.accent)
    if "headband" in props:
        upper = quad((-1.1, -0.42), (0.0, -0.72), (1.0, -0.5), 10)
        lower = quad((0.98, -0.3), (0.0, -0.5), (-1.08, -0.2), 10)
        fig.shape(upper + lower, accent)
        knot = (-1.08, -0.3)
        for k in (0.0, 0.5):
            flutter = 0.6 if fig.pose.stride else 0.2
            fig.shape(
                [
                    knot,
                    (knot[0] - 0.55 - flutter, knot[1] + 0.3 + k - flutter * 0.3),
                    (knot[0] - 0.45 - flutter, knot[1] + 0.55 + k - flutter * 0.3),
                ],
                accent,
            )
    if "goggles" in props:
        fig.shape([(-1.08, -0.58), (0.98, -0.78), (0.98, -0.6), (-1.08, -0.4)], fig.colour((60, 56, 52)))
        for u in (-0.3, 0.45):
            fig.ellipse(u, -0.62, 0.26, 0.2, fig.colour(_LENS, 240))
            fig.ellipse(u - 0.06, -0.66, 0.08, 0.06, fig.colour((255, 255, 255), 255), outline=False)
    if "hat" in props:
        dome = arc(CROWN[0], CROWN[1] - 0.1, 1.15, 1.05, 180, 360, 14)
        fig.shape([*dome, (1.15, -0.15), (-1.15, -0.15)], accent, shaded=0.2)
        fig.shape(
            chaikin([(-1.1, -0.3), (0.6, -0.3), (1.85, -0.1), (1.7, 0.02), (0.5, -0.08), (-1.1, -0.1)], 1),
            fig.colour(shade(fig.look.accent, 0.3)),
        )
    if "ribbon" in props:
        bow(fig, -0.55, -1.15, 0.38, accent)
    if "hairpin" in props:
        for k in (0.0, 0.12):
            fig.stroke([(0.55 + k, -0.62), (0.85 + k, -0.42)], fig.line * 1.5, accent)
    if "flower" in props:
        cx, cy = fig.p(-0.7, -0.8)
        size = 0.26 * fig.r
        for petal in arc(0, 0, 1, 1, -90, 198, 4):
            fig.canvas.ellipse(
                cx + petal[0] * size * 0.75,
                cy + petal[1] * size * 0.75,
                size * 0.5,
                size * 0.5,
                fig.colour(tint(fig.look.accent, 0.2)),
                fig.line * 0.7,
            )
        fig.canvas.ellipse(cx, cy, size * 0.35, size * 0.35, fig.colour((250, 220, 90), 200), fig.line * 0.7)
    if "headphones" in props:
        fig.stroke(arc(CROWN[0], CROWN[1], 1.22, 1.18, 195, 345, 14), fig.line * 3)
        fig.shape(chaikin([(-1.35, -0.25), (-0.9, -0.3), (-0.88, 0.45), (-1.35, 0.4)], 1), accent)
    if "earring" in props:
        fig.ellipse(-0.97, 0.5, 0.07, 0.07, accent)
    if "bandage" in props:
        skin = skin_colour(fig)
        fig.shape([(0.45, 0.55), (0.85, 0.42), (0.9, 0.58), (0.5, 0.7)], skin, fig.line * 0.6)
        fig.stroke([(0.62, 0.5), (0.7, 0.62)], fig.line * 0.4)


def draw_in_hand(fig: Figure) -> None:
    props, plan = fig.look.props, fig.plan
    u, v = hand_centre(fig, 1)
    if "sword" in props and fig.pose.stride:
        blade = [(u, v), (u + 2.6, v - 1.1)]
        fig.brush(blade, 0.2, fig.colour(_STEEL, 250), start=1.0, end=0.15)
        fig.canvas.stroke(fig.pts(blade), fig.line * 0.5)
        fig.stroke([(u - 0.05, v - 0.35), (u + 0.12, v + 0.3)], fig.line * 2.5)
    elif "book" in props:
        fig.shape(
            [(u - 0.3, v - 0.5), (u + 0.45, v - 0.55), (u + 0.5, v + 0.4), (u - 0.25, v + 0.45)],
            fig.colour(fig.look.accent),
        )
        fig.ellipse(u, v, plan.hand_r, plan.hand_r, skin_colour(fig))
