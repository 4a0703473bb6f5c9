"""Hair: the silhouette that tells manga characters apart.

Three layers: what hangs behind the body (long hair, tails), what lies over the shoulder
(a braid), and the cap with its fringe over the face. Lock irregularities come from the
character's own seed, so the same hair is drawn in every panel.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from manga_offline.image.characters.figure import Figure
from manga_offline.image.geometry import Point, arc, chaikin, cubic, quad, tapered
from manga_offline.image.palette import RGB, luminance, shade, tint

CROWN: Point = (0.0, -0.12)
"""Centre of the cranium, in head radii from the face centre."""


@dataclass(frozen=True)
class HairCut:
    volume: float
    spikes: int
    spike_length: float
    locks: int
    fringe: float
    """How low the fringe tips reach (head radii below the face centre)."""
    sides: float
    """How low the locks beside the face reach."""
    straight_fringe: bool = False
    curls: bool = False
    ragged: float = 0.0


_CUTS: dict[str, HairCut] = {
    "short": HairCut(1.1, 0, 0.0, 6, -0.1, 0.32),
    "spiky": HairCut(1.14, 8, 0.62, 5, 0.05, 0.3, ragged=0.08),
    "long": HairCut(1.1, 0, 0.0, 6, -0.02, 1.5),
    "ponytail": HairCut(1.06, 0, 0.0, 4, -0.14, 0.45),
    "twin-tails": HairCut(1.08, 0, 0.0, 5, -0.06, 0.45),
    "bob": HairCut(1.18, 0, 0.0, 9, -0.04, 0.86, straight_fringe=True),
    "messy": HairCut(1.16, 13, 0.22, 6, 0.0, 0.42, ragged=0.12),
    "braid": HairCut(1.08, 0, 0.0, 4, -0.12, 0.5),
    "shaved": HairCut(1.02, 0, 0.0, 0, -0.5, -0.1),
    "curly": HairCut(1.22, 0, 0.0, 5, -0.12, 0.62, curls=True),
}


def _polar(phi: float, radius: float) -> Point:
    """A point on the head outline: phi in degrees, 0 at the crown, positive toward the face."""
    a = math.radians(phi)
    return (CROWN[0] + radius * math.sin(a), CROWN[1] - radius * math.cos(a))


def hair_colour(fig: Figure) -> RGB:
    return fig.colour(fig.look.hair)


def _is_dark(fig: Figure) -> bool:
    return luminance(fig.look.hair) < 95


def _outer(cut: HairCut, rng: random.Random, start: float, end: float) -> list[Point]:
    """The top outline from angle `start` (face side) round the crown to `end` (nape side)."""
    points: list[Point] = []
    if cut.spikes:
        count = cut.spikes
        for i in range(count + 1):
            phi = start + (end - start) * i / count
            points.append(_polar(phi, cut.volume + rng.uniform(-0.03, 0.03)))
            if i < count:
                mid = start + (end - start) * (i + 0.5) / count
                # Spikes lean back, away from the face, as if swept by running.
                length = cut.spike_length * (0.7 + 0.5 * rng.random()) * (1.15 if mid < 0 else 0.85)
                points.append(_polar(mid - 14, cut.volume + length))
        return points
    if cut.curls:
        bumps = 9
        for i in range(bumps):
            a0 = start + (end - start) * i / bumps
            a1 = start + (end - start) * (i + 1) / bumps
            p0, p1 = _polar(a0, cut.volume), _polar(a1, cut.volume)
            bulge = _polar((a0 + a1) / 2, cut.volume + 0.24 + rng.uniform(-0.04, 0.06))
            points += quad(p0, bulge, p1, 5)[:-1]
        points.append(_polar(end, cut.volume))
        return points
    steps = 28
    for i in range(steps + 1):
        phi = start + (end - start) * i / steps
        wobble = rng.uniform(-cut.ragged, cut.ragged) if cut.ragged else 0.0
        points.append(_polar(phi, cut.volume + wobble))
    return points


def _fringe(cut: HairCut, rng: random.Random, sweep: float) -> list[Point]:
    """The fringe from the nape side to the face side: valleys at the hairline, tips below."""
    if cut.locks == 0:
        return [(-0.8, -0.42), (0.0, -0.55), (0.82, -0.45)]
    left, right = -0.78, 0.86
    points: list[Point] = []
    valleys = [left + (right - left) * i / cut.locks for i in range(cut.locks + 1)]
    for i in range(cut.locks):
        a, b = valleys[i], valleys[i + 1]
        va = -0.46 + 0.22 * abs(a) ** 2
        vb = -0.46 + 0.22 * abs(b) ** 2
        middle = (a + b) / 2
        # Locks are longest between the eyes and shorter toward the temples.
        depth = cut.fringe - 0.18 * abs(middle - 0.15) ** 1.5
        if cut.straight_fringe:
            points += [(a, va if i == 0 else depth), (middle, depth + 0.03), (b, depth)]
            continue
        tip = (middle + sweep * (b - a) + rng.uniform(-0.03, 0.03), depth + rng.uniform(-0.07, 0.05))
        if cut.curls:
            points += arc(middle, depth - 0.12, (b - a) / 2, 0.14, 180, 0, 6)[::-1]
            continue
        points += quad((a, va), ((a + tip[0]) / 2 - 0.05, (va + tip[1]) / 2 + 0.06), tip, 7)
        points += quad(tip, ((b + tip[0]) / 2 + 0.02, (vb + tip[1]) / 2 - 0.02), (b, vb), 7)[1:]
    return points


def front_outline(fig: Figure) -> list[Point]:
    """The cap and fringe over the face, as one polygon."""
    cut = _CUTS.get(fig.look.hair_style, _CUTS["short"])
    rng = random.Random(fig.look.shape_seed)
    sweep = rng.choice((-0.25, 0.3, 0.45))
    face_side = 112 if cut.sides > 0.5 else 100
    nape_side = -122
    outline = _outer(cut, rng, face_side, nape_side)
    style = fig.look.hair_style
    sides = cut.sides
    if style == "shaved":
        hairline = quad((-0.8, -0.42), (0.0, -0.62), (0.86, -0.4), 8)
        return [*outline, (-0.9, 0.12), (-0.82, -0.3), *hairline, (0.92, -0.05)]
    width = 0.18 if sides < 0.5 else 0.26
    nape: list[Point] = [
        (-0.98 - 0.04 * cut.volume, sides),
        (-0.84 + width, sides - 0.08 if sides < 0.6 else sides),
    ]
    if style == "bob":
        nape = [(-1.16, 0.86), (-0.82, 0.8)]
    nape.append((-0.8, -0.2))
    face: list[Point] = [(0.86, -0.1)]
    if style == "bob":
        face += [(0.8, 0.75), (1.08, 0.82)]
    else:
        tip_u = 0.96 if sides < 0.6 else 1.02
        face += [(0.78, sides * 0.45), (tip_u, sides)]
    return outline + nape + _fringe(cut, rng, sweep) + face


def back_outline(fig: Figure) -> list[Point]:
    """Hair that hangs behind the head and body; empty for short styles."""
    style = fig.look.hair_style
    plan = fig.plan
    if style == "long":
        end = plan.armpit_y + 0.55 * (plan.waist_y - plan.armpit_y)
        rng = random.Random(fig.look.shape_seed + 1)
        top = [_polar(phi, 1.12) for phi in range(110, -121, -23)]
        tips: list[Point] = []
        for i in range(7):
            u = -1.55 + 3.2 * i / 6
            tips.append((u, end - 0.15 * abs(u) + rng.uniform(-0.15, 0.15)))
            if i < 6:
                tips.append((u + 0.25, end - 0.55))
        return chaikin(
            [*top, (-1.3, 0.6), (-1.5, plan.shoulder_y), *tips, (1.45, plan.shoulder_y), (1.2, 0.5)], 1
        )
    if style == "bob":
        return chaikin([_polar(phi, 1.16) for phi in range(120, -131, -25)] + [(-1.2, 0.86), (1.14, 0.86)], 1)
    if style == "curly":
        points = [_polar(phi, 1.2) for phi in range(115, -126, -24)]
        return chaikin([*points, (-1.3, plan.shoulder_y + 0.2), (-0.4, plan.shoulder_y), (1.2, 0.9)], 1)
    return []


def _tail(root: Point, out: float, end: float, width: float) -> list[Point]:
    """A hanging tail of hair, as a tapered stroke from `root` curving out by `out`."""
    drop = end - root[1]
    path = cubic(
        root,
        (root[0] + out * 1.4, root[1] - 0.3),
        (root[0] + out * 1.6, root[1] + drop * 0.45),
        (root[0] + out * 0.9, end),
        14,
    )
    return tapered(path, width, start=0.3, end=0.02, peak=0.3)


def tails(fig: Figure) -> list[list[Point]]:
    plan = fig.plan
    end = plan.armpit_y + 0.7 * (plan.waist_y - plan.armpit_y)
    if fig.look.hair_style == "ponytail":
        return [_tail((-0.72, -0.82), -0.62, end, 0.95)]
    if fig.look.hair_style == "twin-tails":
        end = plan.waist_y + 0.3 * (plan.hip_y - plan.waist_y)
        return [_tail((-0.98, -0.62), -0.5, end, 0.7), _tail((0.92, -0.66), 0.45, end, 0.62)]
    return []


def draw_back_hair(fig: Figure) -> None:
    colour = hair_colour(fig)
    back = back_outline(fig)
    if back:
        fig.shape(back, shade(colour, 0.18) if not _is_dark(fig) else colour)
    for tail in tails(fig):
        fig.shape(tail, colour, shaded=0.15)
        _strands(fig, tail[: len(tail) // 2], 2)


def draw_braid(fig: Figure) -> None:
    """A braid lies over the shoulder, in front of the body and behind the chin."""
    if fig.look.hair_style != "braid":
        return
    colour = hair_colour(fig)
    plan = fig.plan
    end = plan.armpit_y + 0.8 * (plan.waist_y - plan.armpit_y)
    path = quad((-0.7, 0.5), (-1.15, plan.shoulder_y), (-0.85, end), 10)
    # Strands cross left over right: leaf-shaped lobes leaning one way, then the other.
    for i, (u, v) in enumerate(path[:-1]):
        lean = 1 if i % 2 else -1
        lobe = [(u - 0.17 * lean, v - 0.28), (u + 0.02 * lean, v), (u + 0.17 * lean, v + 0.26)]
        fig.shape(tapered(lobe, 0.36, start=0.25, end=0.2, peak=0.5), colour)
    tip_u, tip_v = path[-1]
    fig.shape(
        [
            (tip_u - 0.12, tip_v - 0.2),
            (tip_u + 0.14, tip_v - 0.2),
            (tip_u + 0.18, tip_v + 0.3),
            (tip_u, tip_v + 0.2),
            (tip_u - 0.16, tip_v + 0.3),
        ],
        colour,
    )
    fig.ellipse(tip_u, tip_v - 0.22, 0.16, 0.09, fig.colour(fig.look.accent))


def draw_front_hair(fig: Figure) -> None:
    colour = hair_colour(fig)
    outline = front_outline(fig)
    if fig.look.hair_style == "shaved":
        fig.shape(outline, fig.colour(tint(fig.look.hair, 0.45), 205), fig.line * 0.8)
        return
    points = fig.pts(outline)
    fig.canvas.fill(points, colour)
    fig.shade(outline, colour, 0.22, 0.35, hard=False)
    _shine(fig)
    _strands(fig, outline, 5)
    fig.canvas.stroke([*points, points[0]], fig.line)
    for root in _tail_roots(fig):
        fig.ellipse(root[0], root[1], 0.16, 0.2, fig.colour(fig.look.accent))


def _tail_roots(fig: Figure) -> list[Point]:
    if fig.look.hair_style == "ponytail":
        return [(-0.78, -0.78)]
    if fig.look.hair_style == "twin-tails":
        return [(-0.98, -0.55), (0.92, -0.6)]
    return []


def _shine(fig: Figure) -> None:
    """The ring of light on glossy hair: short strokes pointing at the crown, in a band.

    White on dark hair; on light hair in black-and-white the paper already is the shine.
    """
    if fig.r < 20:
        return
    dark = _is_dark(fig)
    if not dark and not fig.canvas.in_colour:
        return
    colour = fig.colour(tint(fig.look.hair, 0.55), 255) if dark else fig.colour(tint(fig.look.hair, 0.55))
    rng = random.Random(fig.look.shape_seed + 2)
    lit_side = 12 * fig.light
    for phi in range(-48, 44, 13):
        outer = 0.84 + rng.uniform(-0.05, 0.04)
        inner = outer - rng.uniform(0.12, 0.32)
        at = phi + lit_side + rng.uniform(-3, 3)
        fig.brush(
            [_polar(at, outer), _polar(at - 2, inner)], rng.uniform(0.05, 0.085), colour, start=0.7, end=0.05
        )


def _strands(fig: Figure, outline: list[Point], count: int) -> None:
    if fig.r < 24 or len(outline) < 4:
        return
    ink = fig.colour(tint(fig.look.hair, 0.6), 255) if _is_dark(fig) else fig.canvas.ink
    step = max(1, len(outline) // (count + 1))
    for i in range(1, count + 1):
        u, v = outline[(i * step) % len(outline)]
        inner = (CROWN[0] + (u - CROWN[0]) * 0.55, CROWN[1] + (v - CROWN[1]) * 0.55)
        tip = (CROWN[0] + (u - CROWN[0]) * 0.92, CROWN[1] + (v - CROWN[1]) * 0.92)
        fig.brush([inner, ((inner[0] + tip[0]) / 2 + 0.04, (inner[1] + tip[1]) / 2), tip], 0.035, ink)
