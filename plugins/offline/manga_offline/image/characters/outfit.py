"""What a character wears: the garment's cut (length, sleeves, legs) and its details.

The cut changes the silhouette, which is what reads at a distance; the details (collars,
ties, buttons, belts) are what read in a medium shot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from manga_offline.image.characters.appearance import Appearance
from manga_offline.image.characters.figure import BodyPlan, Figure
from manga_offline.image.geometry import arc, chaikin, quad
from manga_offline.image.palette import RGB, luminance, mix, shade, tint

Sleeve = Literal["long", "short", "wide"]

_WHITE: RGB = (248, 248, 246)
_SHOES: RGB = (40, 34, 32)
_JEANS: RGB = (62, 74, 112)


@dataclass(frozen=True)
class Garment:
    hem: float
    """Where the top garment ends, in head radii below the face centre."""
    flare: float
    """Extra half-width at the hem: a coat or robe swings wider than the hips."""
    sleeve: Sleeve
    legs: RGB | None
    """Trouser colour; None for bare legs under a skirt or dress."""
    skirt_hem: float | None
    skirt: RGB
    shoes: RGB


def garment_for(look: Appearance, plan: BodyPlan) -> Garment:
    main, trim = look.outfit_main, look.outfit_trim
    dark_trousers = shade(main, 0.55) if luminance(main) > 90 else (50, 50, 58)
    kind = look.outfit
    skirt_hem = plan.knee_y - 0.2 * (plan.knee_y - plan.crotch_y) if look.skirt else None
    if kind == "uniform":
        if look.uniform_cut == "sailor":
            return Garment(plan.waist_y + 0.3, 0.1, "long", None, skirt_hem, trim, _SHOES)
        legs = main if look.uniform_cut == "gakuran" else None if look.skirt else shade(main, 0.2)
        return Garment(plan.hip_y + 0.2, 0.05, "long", legs, skirt_hem, shade(main, 0.15), _SHOES)
    if kind == "dress":
        return Garment(plan.knee_y - 0.1, 0.9, "short", None, None, main, _SHOES)
    if kind == "coat":
        return Garment(plan.knee_y + 0.2, 0.55, "long", dark_trousers, skirt_hem, trim, _SHOES)
    if kind in ("robe", "kimono"):
        return Garment(plan.ankle_y, 0.55 if kind == "robe" else 0.2, "wide", None, None, main, _SHOES)
    if kind == "armor":
        return Garment(plan.hip_y + 0.55, 0.3, "long", (70, 70, 80), None, main, (90, 92, 100))
    if kind == "jumpsuit":
        return Garment(plan.hip_y + 0.1, 0.0, "long", main, None, main, _SHOES)
    if kind == "suit":
        return Garment(plan.hip_y + 0.25, 0.05, "long", main, skirt_hem, main, _SHOES)
    if kind == "hoodie":
        return Garment(plan.hip_y + 0.25, 0.12, "long", dark_trousers, skirt_hem, trim, (236, 236, 236))
    if kind == "jacket":
        return Garment(plan.hip_y + 0.1, 0.05, "long", _JEANS, skirt_hem, trim, _SHOES)
    return Garment(plan.hip_y + 0.12, 0.05, "short", _JEANS, skirt_hem, trim, _SHOES)


@dataclass(frozen=True)
class _Pens:
    """What every garment's details are drawn with."""

    fig: Figure
    garment: Garment
    thin: float
    main: RGB
    trim: RGB
    accent: RGB
    shirt: RGB


def draw_details(fig: Figure, garment: Garment) -> None:
    """Collars, fastenings and belts over the torso, by outfit kind."""
    look = fig.look
    pens = _Pens(
        fig=fig,
        garment=garment,
        thin=fig.line * 0.7,
        main=fig.colour(look.outfit_main),
        trim=fig.colour(look.outfit_trim),
        accent=fig.colour(look.accent),
        shirt=fig.colour(_WHITE, 255),
    )
    kind = look.outfit
    if kind == "uniform":
        {"sailor": _sailor, "gakuran": _gakuran, "blazer": _tailored}[look.uniform_cut](pens)
    else:
        _DETAILS.get(kind, _shirt)(pens)


def _sailor(pens: _Pens) -> None:
    fig, plan = pens.fig, pens.fig.plan
    top, neck = plan.shoulder_y, plan.neck_w
    collar = [
        (-plan.shoulder_w * 0.92, top + 0.2),
        (-neck * 1.2, top - 0.12),
        (neck * 1.2, top - 0.12),
        (plan.shoulder_w * 0.92, top + 0.2),
        (plan.shoulder_w * 0.6, top + 0.55),
        (0.05, top + 1.1),
        (-plan.shoulder_w * 0.6, top + 0.55),
    ]
    fig.shape(collar, pens.trim)
    stripe = [(-plan.shoulder_w * 0.72, top + 0.3), (0.05, top + 0.95), (plan.shoulder_w * 0.72, top + 0.3)]
    fig.stroke(stripe, pens.thin, pens.shirt)
    fig.shape(
        [(0.05, top + 0.55), (-0.05, top + 0.4), (-0.1, top + 0.05), (0.2, top + 0.05), (0.15, top + 0.4)],
        pens.shirt,
    )
    bow(fig, 0.05, top + 1.05, 0.42, pens.accent)


def _gakuran(pens: _Pens) -> None:
    fig, plan = pens.fig, pens.fig.plan
    top, neck = plan.shoulder_y, plan.neck_w
    standing_collar = [
        (-neck * 1.25, top - 0.3),
        (neck * 1.25, top - 0.3),
        (neck * 1.3, top + 0.05),
        (-neck * 1.3, top + 0.05),
    ]
    fig.shape(standing_collar, pens.main)
    _buttons(fig, 0.05, top + 0.3, pens.garment.hem - 0.3, 5, fig.colour((230, 200, 90), 200))


def _tailored(pens: _Pens) -> None:
    """Blazer or suit: lapels open on a shirt and tie."""
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, neck = plan.shoulder_y, plan.neck_w
    suit = look.outfit == "suit"
    vee = plan.waist_y - 0.3 if suit else top + 1.3
    fig.shape([(-neck * 1.1, top - 0.12), (neck * 1.1, top - 0.12), (0.05, vee)], pens.shirt)
    tie = [
        (-0.06, top - 0.05),
        (0.16, top - 0.05),
        (0.12, top + 0.12),
        (0.2, vee - 0.15),
        (0.05, vee + 0.05),
        (-0.1, vee - 0.15),
        (-0.02, top + 0.12),
    ]
    fig.shape(tie, pens.accent)
    _lapels(fig, neck, top, vee, pens.main)
    _buttons(fig, 0.05, vee + 0.25, vee + 0.7, 2, fig.colour(shade(look.outfit_main, 0.4)))


def _coat(pens: _Pens) -> None:
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, neck, waist = plan.shoulder_y, plan.neck_w, plan.waist_y
    fig.shape([(-neck * 1.05, top - 0.12), (neck * 1.05, top - 0.12), (0.05, top + 0.9)], pens.trim)
    _lapels(fig, neck * 1.2, top, top + 1.4, pens.main, wide=True)
    for column in (-0.32, 0.42):
        _buttons(fig, column, top + 1.6, waist + 0.6, 3, fig.colour(shade(look.outfit_main, 0.5)))
    _belt(pens, waist - 0.12, waist + 0.12, 0.05, fig.colour(shade(look.outfit_main, 0.3)))


def _hoodie(pens: _Pens) -> None:
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, neck, waist = plan.shoulder_y, plan.neck_w, plan.waist_y
    hood = [
        (-neck * 2.4, top + 0.25),
        (-neck * 2.2, top - 0.35),
        (0.05, top - 0.2),
        (neck * 2.2, top - 0.35),
        (neck * 2.4, top + 0.25),
        (0.05, top + 0.55),
    ]
    fig.shape(hood, fig.colour(shade(look.outfit_main, 0.12)))
    for side in (-1, 1):
        fig.stroke([(0.05 + side * 0.2, top + 0.4), (0.05 + side * 0.24, top + 1.2)], pens.thin)
    hem = pens.garment.hem - 0.3
    pocket = [
        (-plan.waist_w * 0.7, waist + 0.1),
        (plan.waist_w * 0.8, waist + 0.1),
        (plan.waist_w * 0.95, hem),
        (-plan.waist_w * 0.85, hem),
    ]
    fig.stroke([*pocket, pocket[0]], pens.thin)


def _wrapped(pens: _Pens) -> None:
    """Kimono or robe: fronts crossed left over right, closed by a sash or a cord."""
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, neck, waist = plan.shoulder_y, plan.neck_w, plan.waist_y
    kimono = look.outfit == "kimono"
    inner = pens.shirt if kimono else fig.colour(shade(look.outfit_main, 0.3))
    fig.shape([(-neck * 1.1, top - 0.15), (neck * 1.1, top - 0.15), (0.05, waist - 0.1)], inner)
    fig.shape(
        [(-neck * 1.2, top - 0.15), (-neck * 0.4, top - 0.15), (0.35, waist - 0.05), (0.05, waist - 0.05)],
        pens.main,
    )
    fig.stroke([(neck * 1.2, top - 0.15), (-0.25, waist - 0.05)], pens.thin)
    if kimono:
        _belt(pens, waist - 0.32, waist + 0.25, 0.1, pens.accent)
    else:
        _belt(pens, waist - 0.1, waist + 0.05, 0.08, pens.trim)
        fig.brush(quad((0.3, waist), (0.45, waist + 0.6), (0.35, waist + 1.2), 6), 0.07)


def _armor(pens: _Pens) -> None:
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, waist = plan.shoulder_y, plan.waist_y
    fig.stroke(quad((0.05, top + 0.2), (0.1, top + 1.0), (0.05, waist - 0.1), 8), pens.thin)
    fig.stroke(arc(0.05, top + 0.5, plan.chest_w * 0.8, 0.6, 200, 340, 10), pens.thin)
    _belt(pens, waist - 0.1, waist + 0.12, 0.05, fig.colour(shade(look.outfit_main, 0.6)))
    for row in range(1, 3):
        y = waist + 0.12 + row * (pens.garment.hem - waist) / 3
        fig.stroke([(-plan.hip_w - 0.2, y), (plan.hip_w + 0.2, y)], pens.thin)
    for side in (-1, 1):
        pauldron = arc(side * (plan.shoulder_w - 0.15), top + 0.3, 0.55, 0.42, 180, 360, 12)
        fig.shape(pauldron, pens.main, shaded=0.2)
        fig.stroke(arc(side * (plan.shoulder_w - 0.15), top + 0.35, 0.4, 0.28, 200, 340, 8), pens.thin)


def _jumpsuit(pens: _Pens) -> None:
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, neck, waist = plan.shoulder_y, plan.neck_w, plan.waist_y
    collar = [
        (-neck * 1.5, top - 0.2),
        (neck * 1.5, top - 0.2),
        (neck * 1.1, top + 0.35),
        (0.05, top + 0.15),
        (-neck * 1.1, top + 0.35),
    ]
    fig.shape(collar, pens.main)
    fig.stroke([(0.05, top + 0.15), (0.05, pens.garment.hem)], pens.thin)
    _belt(pens, waist, waist + 0.2, 0.0, fig.colour(shade(look.outfit_main, 0.5)))
    fig.shape(
        [(0.35, top + 0.55), (0.8, top + 0.55), (0.78, top + 0.95), (0.37, top + 0.95)], pens.main, pens.thin
    )
    fig.ellipse(-0.5, top + 0.7, 0.16, 0.16, pens.accent)


def _dress(pens: _Pens) -> None:
    fig, plan = pens.fig, pens.fig.plan
    fig.stroke(arc(0.05, plan.shoulder_y - 0.1, plan.neck_w * 1.6, 0.35, 20, 160, 8), pens.thin)
    _belt(pens, plan.waist_y - 0.1, plan.waist_y + 0.08, 0.0, pens.accent)


def _jacket(pens: _Pens) -> None:
    fig, plan, look = pens.fig, pens.fig.plan, pens.fig.look
    top, neck, waist = plan.shoulder_y, plan.neck_w, plan.waist_y
    undershirt = [
        (-neck * 1.1, top - 0.12),
        (neck * 1.1, top - 0.12),
        (0.3, waist + 0.6),
        (-0.2, waist + 0.6),
    ]
    fig.shape(undershirt, fig.colour(tint(look.outfit_trim, 0.5), 240))
    _lapels(fig, neck, top, top + 0.8, pens.main)
    fig.stroke([(0.32, top + 0.8), (0.3, pens.garment.hem)], pens.thin)


def _shirt(pens: _Pens) -> None:
    fig, plan = pens.fig, pens.fig.plan
    fig.stroke(arc(0.05, plan.shoulder_y - 0.12, plan.neck_w * 1.25, 0.3, 15, 165, 8), pens.thin)
    fig.stroke(
        quad((-0.7, plan.waist_y + 0.1), (-0.2, plan.waist_y + 0.25), (0.2, plan.waist_y), 6), pens.thin * 0.8
    )


_DETAILS: dict[str, Callable[[_Pens], None]] = {
    "suit": _tailored,
    "coat": _coat,
    "hoodie": _hoodie,
    "kimono": _wrapped,
    "robe": _wrapped,
    "armor": _armor,
    "jumpsuit": _jumpsuit,
    "dress": _dress,
    "jacket": _jacket,
}


def _belt(pens: _Pens, top: float, bottom: float, overhang: float, colour: RGB) -> None:
    half = pens.fig.plan.waist_w + overhang
    pens.fig.shape(
        [(-half, top), (half, top), (half + overhang * 0.5, bottom), (-half - overhang * 0.5, bottom)], colour
    )


def _lapels(fig: Figure, neck: float, top: float, vee: float, colour: RGB, wide: bool = False) -> None:
    span = 0.55 if wide else 0.38
    for side in (-1, 1):
        lapel = [
            (0.05 + side * neck * 1.1, top - 0.14),
            (0.05 + side * (neck + span), top + 0.35),
            (0.05 + side * (neck + span * 0.55), top + 0.55),
            (0.05, vee),
        ]
        fig.shape(lapel, mix(colour, (0, 0, 0), 0.08))


def _buttons(fig: Figure, u: float, first: float, last: float, count: int, colour: RGB) -> None:
    for i in range(count):
        v = first + (last - first) * i / max(count - 1, 1)
        fig.ellipse(u, v, 0.07, 0.07, colour, outline=fig.r * 0.07 > 2)


def bow(fig: Figure, u: float, v: float, size: float, colour: RGB) -> None:
    """A ribbon bow: on a sailor collar, in the hair."""
    for side in (-1, 1):
        fig.shape(
            chaikin(
                [(u, v), (u + side * size, v - size * 0.55), (u + side * size * 1.05, v + size * 0.5)], 1
            ),
            colour,
        )
        fig.shape(
            [(u, v), (u + side * size * 0.35, v + size * 1.2), (u + side * size * 0.05, v + size * 1.1)],
            colour,
        )
    fig.ellipse(u, v, size * 0.22, size * 0.22, colour)
