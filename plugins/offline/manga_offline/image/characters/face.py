"""Eyes, brows, nose and mouth, and the manga marks of emotion.

Emotion lives mostly in the eyes and brows: the same eye shape is drawn with its lid,
iris size and highlights changed, so a character keeps their eyes while their mood moves.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_common.models.script import Emotion
from manga_offline.image.characters.figure import Figure
from manga_offline.image.characters.head import YAW_SHIFT
from manga_offline.image.geometry import Point, arc, chaikin, quad
from manga_offline.image.palette import RGB, luminance, shade, tint

_SCLERA: RGB = (255, 255, 255)
_MOUTH: RGB = (120, 36, 48)
_TONGUE: RGB = (236, 120, 128)
_BLUSH: RGB = (246, 140, 150)
_SWEAT: RGB = (210, 236, 255)


@dataclass(frozen=True)
class EyeSpot:
    u: float
    v: float
    half_width: float
    half_height: float
    outward: int
    """+1 when the eye's outer corner is toward the facing side."""


def eye_spots(fig: Figure, eye_scale: float) -> list[EyeSpot]:
    scale = min(max(eye_scale, 0.5), 2.2)
    a = min(0.17 * scale, 0.33)
    b = a * (0.95 + 0.3 * min(scale, 1.8))
    v = fig.plan.eye_y
    near = EyeSpot(-0.4 + YAW_SHIFT + 0.02 * scale, v, a, b, -1)
    far = EyeSpot(0.42 + YAW_SHIFT + 0.06 * scale, v, a * 0.82, b * 0.98, 1)
    return [near, far]


def draw_face(fig: Figure, emotion: Emotion, eye_scale: float, shouting: bool, rng: random.Random) -> None:
    spots = eye_spots(fig, eye_scale)
    if emotion in ("sad", "afraid"):
        _gloom(fig)
    if emotion == "happy" or (eye_scale >= 1.4 and emotion in ("neutral", "sad", "surprised")):
        for spot in spots:
            _blush(fig, spot)
    closed = emotion == "happy" and rng.random() < 0.5
    for spot in spots:
        if closed:
            fig.brush(
                quad(
                    (spot.u - spot.half_width, spot.v + 0.1 * spot.half_height),
                    (spot.u, spot.v - 1.1 * spot.half_height),
                    (spot.u + spot.half_width, spot.v + 0.1 * spot.half_height),
                    8,
                ),
                0.09,
            )
        else:
            _eye(fig, spot, emotion, eye_scale)
    _nose(fig)
    _mouth(fig, emotion, shouting)
    if emotion == "sad" and not closed:
        _tear(fig, spots[0])


def draw_brows(fig: Figure, emotion: Emotion, eye_scale: float) -> None:
    """Brows are drawn over the fringe, as manga does, so the mood reads through the hair."""
    for spot in eye_spots(fig, eye_scale):
        a, b = spot.half_width, spot.half_height
        inner_u = spot.u - spot.outward * a * 0.9
        outer_u = spot.u + spot.outward * a * 1.15
        base = spot.v - b * 1.45 - 0.14
        inner, outer, arch = base, base - 0.02, -0.06
        if emotion == "angry":
            inner, outer = base + b * 0.55, base - b * 0.15
        elif emotion in ("sad", "afraid"):
            inner, outer, arch = base - b * 0.35, base + b * 0.2, -0.02
        elif emotion == "surprised":
            inner, outer, arch = base - b * 0.45, base - b * 0.45, -0.12
        elif emotion == "determined":
            inner, outer = base + b * 0.35, base - b * 0.1
        elif emotion == "smug" and spot.outward > 0:
            inner, outer = base - b * 0.35, base - b * 0.3
        mid = ((inner_u + outer_u) / 2, (inner + outer) / 2 + arch)
        fig.brush(
            quad((inner_u, inner), mid, (outer_u, outer), 6), 0.075 if fig.r > 30 else 0.1, start=0.6, end=0.1
        )


def _lid(spot: EyeSpot, emotion: Emotion) -> tuple[Point, Point, Point]:
    """Inner corner, top of the lid and outer corner of the upper lid line."""
    u, v, a, b, out = spot.u, spot.v, spot.half_width, spot.half_height, spot.outward
    inner = (u - out * a, v - 0.2 * b)
    outer = (u + out * a * 1.08, v - 0.5 * b)
    top = (u + out * 0.12 * a, v - 1.35 * b)
    if emotion == "angry":
        inner, top = (inner[0], inner[1] + 0.25 * b), (top[0], top[1] + 0.35 * b)
    elif emotion == "sad":
        inner, outer = (inner[0], inner[1] - 0.2 * b), (outer[0], outer[1] + 0.3 * b)
    elif emotion in ("surprised", "afraid"):
        top = (top[0], top[1] - 0.2 * b)
    elif emotion == "smug":
        inner, top, outer = (inner[0], v - 0.05 * b), (top[0], v - 0.45 * b), (outer[0], v - 0.15 * b)
    elif emotion == "determined":
        inner, top = (inner[0], inner[1] + 0.12 * b), (top[0], top[1] + 0.22 * b)
    return inner, top, outer


def _eye(fig: Figure, spot: EyeSpot, emotion: Emotion, eye_scale: float) -> None:
    u, v, a, b, out = spot.u, spot.v, spot.half_width, spot.half_height, spot.outward
    inner, top, outer = _lid(spot, emotion)
    upper = quad(inner, top, outer, 10)
    lower_l = (u - out * a * 0.75, v + 0.92 * b)
    lower_r = (u + out * a * 0.95, v + 0.72 * b)
    lower = quad(lower_l, (u + out * 0.1 * a, v + 1.08 * b), lower_r, 6)
    skin = fig.colour(fig.look.skin, 255 if fig.look.skin[0] > 235 else 228)
    small_iris = emotion in ("surprised", "afraid")
    # The white of the eye, then the iris, then skin to trim the iris to the lids.
    fig.canvas.fill(fig.pts([*upper, lower_r, (u, v + 1.0 * b), lower_l]), fig.colour(_SCLERA, 255))
    iris_scale = 0.58 if small_iris else 1.0
    ic = (u + 0.12 * a, v + 0.08 * b)
    ia, ib = 0.8 * a * iris_scale, 1.0 * b * iris_scale
    iris = fig.look.eyes
    iris_grey = min(165, round(luminance(iris) * 0.8))
    fig.ellipse(ic[0], ic[1], ia, ib, fig.colour(iris, iris_grey), outline=False)
    if fig.r > 24:
        top_band = arc(ic[0], ic[1], ia, ib, 180, 360, 10)
        fig.canvas.fill(
            fig.pts([*top_band, (ic[0] + ia, ic[1] - 0.1 * ib)]),
            fig.colour(shade(iris, 0.45), max(0, iris_grey - 70)),
        )
        fig.ellipse(
            ic[0], ic[1] + 0.05 * ib, 0.45 * ia, 0.55 * ib, fig.colour(shade(iris, 0.8), 20), outline=False
        )
        fig.canvas.stroke(fig.pts(arc(ic[0], ic[1], ia, ib, 0, 360, 20)), max(1.0, fig.line * 0.45))
        if not small_iris:
            fig.canvas.stroke(
                fig.pts(arc(ic[0], ic[1], ia * 0.7, ib * 0.7, 30, 150, 8)),
                max(1.0, fig.line * 0.5),
                fig.colour(tint(iris, 0.5), 235),
            )
    else:
        fig.ellipse(ic[0], ic[1], 0.5 * ia, 0.6 * ib, fig.canvas.ink, outline=False)
    light = fig.light
    glint = 0.34 if eye_scale < 1.3 else 0.42
    fig.ellipse(
        ic[0] + light * 0.3 * ia,
        ic[1] - 0.42 * ib,
        glint * ia,
        glint * 0.85 * ib,
        fig.colour(_SCLERA, 255),
        outline=False,
    )
    if fig.r > 24:
        fig.ellipse(
            ic[0] - light * 0.35 * ia,
            ic[1] + 0.5 * ib,
            0.15 * ia,
            0.13 * ib,
            fig.colour(_SCLERA, 255),
            outline=False,
        )
        if eye_scale >= 1.3 or emotion == "sad":
            fig.ellipse(
                ic[0] - light * 0.1 * ia,
                ic[1] - 0.05 * ib,
                0.09 * ia,
                0.08 * ib,
                fig.colour(_SCLERA, 255),
                outline=False,
            )
    lift = 0.8 * b
    fig.canvas.fill(
        fig.pts(
            [
                *upper,
                (outer[0] + out * 0.3 * a, outer[1] - lift),
                (inner[0] - out * 0.2 * a, inner[1] - lift * 1.5),
            ]
        ),
        skin,
    )
    fig.canvas.fill(
        fig.pts([*lower, (lower_r[0], lower_r[1] + 0.5 * b), (lower_l[0], lower_l[1] + 0.5 * b)]), skin
    )
    if small_iris:
        fig.canvas.stroke(fig.pts(lower), max(1.0, fig.line * 0.5))
    # The lash line: thick at the outer corner, with a flick.
    lash = 0.12 * min(1.4, eye_scale) ** 0.5
    fig.brush(upper, lash, start=0.25, end=0.5)
    flick = [
        outer,
        (outer[0] + out * 0.22 * a, outer[1] + 0.1 * b),
        (outer[0] + out * 0.32 * a, outer[1] + 0.35 * b),
    ]
    fig.brush(flick, lash * 0.7, start=0.8, end=0.1)
    if eye_scale >= 1.3 and fig.r > 24:
        for k in (0.0, 0.3):
            base = upper[-3 - int(k * 4)]
            fig.brush(
                [base, (base[0] + out * 0.25 * a, base[1] - 0.3 * b - k * 0.2 * b)], 0.04, start=1.0, end=0.1
            )
    fig.brush(quad(lower_l, (u + out * 0.1 * a, v + 1.08 * b), lower_r, 6)[2:], 0.03, start=0.2, end=0.6)
    if fig.r > 30 and emotion not in ("angry", "smug"):
        crease = quad(
            (inner[0] + out * 0.2 * a, inner[1] - 0.55 * b),
            (top[0], top[1] - 0.35 * b),
            (outer[0], outer[1] - 0.45 * b),
            6,
        )
        fig.brush(crease, 0.025, start=0.1, end=0.5)


def _nose(fig: Figure) -> None:
    plan = fig.plan
    v = plan.eye_y + (plan.chin - plan.eye_y) * 0.42
    u = 0.22 + YAW_SHIFT
    if fig.r < 24:
        return
    fig.brush([(u - 0.02, v - 0.1), (u + 0.05, v + 0.04), (u - 0.03, v + 0.06)], 0.04, start=0.2, end=0.6)


def _mouth(fig: Figure, emotion: Emotion, shouting: bool) -> None:
    plan = fig.plan
    v = plan.eye_y + (plan.chin - plan.eye_y) * 0.7
    u = 0.06 + YAW_SHIFT
    w = 0.2
    thin = 0.045
    interior = fig.colour(_MOUTH, 70)
    if emotion == "happy" or (emotion == "angry" and shouting) or (emotion == "determined" and shouting):
        depth = 0.24 if emotion == "happy" else 0.3
        top = -0.02 if emotion == "happy" else -0.06
        shape = [
            (u - w * 1.1, v + top),
            (u + w, v + top - 0.03),
            *quad((u + w, v), (u, v + depth * 1.8), (u - w * 1.1, v), 8)[1:],
        ]
        fig.shape(shape, interior, fig.line * 0.8)
        fig.ellipse(
            u - 0.02, v + depth * 0.75, w * 0.55, depth * 0.3, fig.colour(_TONGUE, 170), outline=False
        )
        if emotion != "happy":
            fig.canvas.fill(
                fig.pts(
                    [
                        (u - w, v + top + 0.01),
                        (u + w * 0.9, v + top - 0.02),
                        (u + w * 0.8, v + top + 0.07),
                        (u - w * 0.9, v + top + 0.09),
                    ]
                ),
                fig.colour(_SCLERA, 255),
            )
        return
    if emotion == "angry":
        teeth = chaikin(
            [
                (u - w * 1.1, v - 0.02),
                (u, v - 0.08),
                (u + w, v - 0.05),
                (u + w * 0.9, v + 0.1),
                (u, v + 0.13),
                (u - w, v + 0.1),
            ],
            1,
        )
        fig.shape(teeth, fig.colour(_SCLERA, 255), fig.line * 0.7)
        fig.stroke([(u - w * 1.0, v + 0.04), (u + w * 0.95, v + 0.025)], fig.line * 0.45)
        for k in (-0.5, 0.0, 0.5):
            fig.stroke([(u + k * w, v - 0.05), (u + k * w, v + 0.1)], fig.line * 0.4)
        return
    if emotion == "surprised":
        fig.ellipse(u, v + 0.05, 0.08, 0.12, interior)
        return
    if emotion == "afraid":
        wave = [(u - w + i * w / 3, v + (0.03 if i % 2 else -0.02)) for i in range(7)]
        fig.brush(chaikin(wave, 1, closed=False), thin)
        return
    if emotion == "sad":
        fig.brush(quad((u - w * 0.7, v + 0.05), (u, v - 0.06), (u + w * 0.6, v + 0.05), 6), thin)
        return
    if emotion == "smug":
        fig.brush(quad((u - w * 0.8, v + 0.02), (u + w * 0.2, v + 0.06), (u + w * 1.05, v - 0.08), 6), thin)
        return
    if emotion == "determined":
        fig.brush([(u - w * 0.8, v + 0.03), (u, v), (u + w * 0.8, v + 0.02)], thin * 1.2)
        return
    fig.brush(quad((u - w * 0.6, v), (u, v + 0.04), (u + w * 0.55, v - 0.01), 6), thin * 0.9)


def _blush(fig: Figure, spot: EyeSpot) -> None:
    if fig.r < 24:
        return
    u, v = spot.u + 0.05 * spot.outward, spot.v + spot.half_height * 1.2 + 0.12
    fig.ellipse(u, v, spot.half_width * 0.8, 0.1, fig.colour(_BLUSH, 222), outline=False)
    for k in (-0.5, 0.0, 0.5):
        x = u + k * spot.half_width
        fig.brush([(x + 0.04, v - 0.06), (x - 0.03, v + 0.06)], 0.025, start=0.5, end=0.5)


def _gloom(fig: Figure) -> None:
    """Shadow over the upper face and vertical lines: the manga sign for dread or despair."""
    if fig.r < 24:
        return
    top = -0.55
    band = [(-0.9, top), (0.92, top), (0.9, 0.02), (-0.95, 0.02)]
    fig.canvas.fill(fig.pts(band), fig.colour(shade(fig.look.skin, 0.45), 150))
    for i in range(16):
        u = -0.85 + 1.75 * i / 15
        fig.stroke([(u, top), (u, -0.05 - 0.06 * (i % 3))], max(1.0, fig.line * 0.4))


def _tear(fig: Figure, spot: EyeSpot) -> None:
    if fig.r < 24:
        return
    u, v = spot.u - spot.outward * spot.half_width * 0.4, spot.v + spot.half_height * 1.05
    fig.shape(
        chaikin([(u, v), (u + 0.06, v + 0.16), (u, v + 0.24), (u - 0.06, v + 0.16)], 1),
        fig.colour(_SWEAT, 255),
        fig.line * 0.6,
    )


def draw_marks(fig: Figure, emotion: Emotion) -> None:
    """Sweat drops and anger veins sit over the hair, on the facing side."""
    if fig.r < 20:
        return
    if emotion in ("afraid", "surprised"):
        u, v = 1.05, -0.45
        drop = chaikin([(u, v - 0.3), (u + 0.13, v + 0.05), (u, v + 0.18), (u - 0.13, v + 0.05)], 2)
        fig.shape(drop, fig.colour(_SWEAT, 255), fig.line * 0.8)
        fig.ellipse(u - 0.03, v + 0.04, 0.03, 0.05, fig.colour(_SCLERA, 255), outline=False)
    if emotion == "angry":
        # The popping vein: four bulges round a cross-shaped gap.
        cu, cv = 0.72, -0.72
        vein = fig.colour((214, 30, 40)) if fig.canvas.in_colour else fig.canvas.ink
        for du, dv in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
            corner = (cu + du * 0.2, cv + dv * 0.2)
            start = {(-1, -1): 0, (1, -1): 90, (1, 1): 180, (-1, 1): 270}[(du, dv)]
            fig.brush(
                arc(corner[0], corner[1], 0.15, 0.15, start, start + 90, 6), 0.07, vein, start=0.2, end=0.2
            )
