"""Cutting a page into panels: tiers of cells chosen to suit each page's beats.

A page is a stack of tiers (rows); each tier holds one to three cells. The tier pattern is
picked per page from the patterns for its panel count, scored against the panels' shots
(an establishing shot wants a whole tier, close-ups sit side by side, heavy dialogue
wants room), with a seeded shake so that neighbouring pages differ. Action beats tilt
the cuts between panels; an occasional wide panel bleeds off the paper edge.

Geometry is built in reading coordinates (u runs from where reading starts) and mirrored
onto the page for right-to-left books, so panel 0 is always first in reading order.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from image_service.book.geometry import MM, Box, Line, Path, Point, polygon_path
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import Page, Panel

TRIM = Box(0.0, 0.0, 182 * MM, 257 * MM)
"""JIS B5 paper, the trim of a Japanese tankobon (the print edition adds its bleed around it)."""
LIVE = Box(12 * MM, 14 * MM, 158 * MM, 227 * MM)
"""The frame area: panels sit inside it unless they bleed."""
LETTERING_SAFE = TRIM.inset(8 * MM)
"""Text stays this far inside the paper edge, clear of the trimmer."""
TIER_GUTTER = 4 * MM
CELL_GUTTER = 2 * MM

PATTERNS: dict[int, tuple[tuple[int, ...], ...]] = {
    1: ((1,),),
    2: ((1, 1), (2,)),
    3: ((1, 2), (2, 1), (1, 1, 1)),
    4: ((1, 2, 1), (2, 2), (1, 1, 2), (2, 1, 1), (1, 3)),
    5: ((2, 1, 2), (1, 2, 2), (2, 2, 1), (1, 3, 1), (2, 3), (1, 1, 3)),
    6: ((2, 2, 2), (1, 2, 3), (2, 1, 3), (3, 1, 2), (1, 2, 2, 1), (2, 1, 2, 1), (3, 3)),
}

# How much width and height a shot asks of its cell, relative to a medium shot.
_SHOT_WIDTH = {"wide": 1.6, "medium": 1.0, "close-up": 0.8, "extreme-close-up": 0.65}
_SHOT_HEIGHT = {"wide": 1.0, "medium": 1.0, "close-up": 0.95, "extreme-close-up": 0.9}
_MIN_TIER_SHARE = 0.16
_MIN_CELL_SHARE = 0.24


@dataclass(frozen=True)
class PanelFrame:
    """Where one panel sits on its page."""

    panel_index: int
    outline: tuple[Point, Point, Point, Point]
    """Corners clockwise from the top-left; the frame line and the art's clip."""
    bordered: bool
    """False for a panel that bleeds off the paper edge with no frame line."""
    art_box: Box
    """The rectangle the panel art fills, on whole pixels at the book's resolution."""
    pixels: tuple[int, int]

    @cached_property
    def path(self) -> Path:
        return polygon_path(self.outline)

    @cached_property
    def inner_box(self) -> Box:
        """The largest upright rectangle inside the (possibly slanted) outline."""
        top_left, top_right, bottom_right, bottom_left = self.outline
        left = max(top_left.x, bottom_left.x)
        right = min(top_right.x, bottom_right.x)
        top = max(top_left.y, top_right.y)
        bottom = min(bottom_left.y, bottom_right.y)
        return Box(left, top, right - left, bottom - top)

    @cached_property
    def lettering_area(self) -> Box:
        """Where balloons and captions may go: inside the frame line and clear of the trim."""
        return self.inner_box.inset(4.0).intersection(LETTERING_SAFE)


@dataclass(frozen=True)
class PagePlan:
    tiers: tuple[int, ...]
    frames: tuple[PanelFrame, ...]


def plan_page(
    page: Page,
    direction: ReadingDirection,
    rng: random.Random,
    dpi: int,
    previous_tiers: tuple[int, ...] | None = None,
) -> PagePlan:
    panels = page.panels
    tiers = _choose_tiers(panels, rng, previous_tiers)
    outlines, bleeds = _cut(panels, tiers, rng)
    frames = []
    for index, (outline, bleed) in enumerate(zip(outlines, bleeds, strict=True)):
        placed = _onto_page(outline, direction)
        art_box, pixels = _art_box(placed, dpi)
        frames.append(PanelFrame(index, placed, not bleed, art_box, pixels))
    return PagePlan(tiers, tuple(frames))


def _choose_tiers(
    panels: Sequence[Panel], rng: random.Random, previous: tuple[int, ...] | None
) -> tuple[int, ...]:
    def cost(tiers: tuple[int, ...]) -> float:
        total = 0.0
        for cells, tier_panels in zip(tiers, _split(panels, tiers), strict=True):
            for panel in tier_panels:
                lines = len(panel.dialogue) + (1 if panel.caption else 0)
                if panel.shot == "wide":
                    total += 1.0 * (cells - 1)
                elif panel.shot in ("close-up", "extreme-close-up") and cells == 1 and len(panels) > 2:
                    total += 0.5
                if lines >= 3:
                    total += {1: 0.0, 2: 0.25, 3: 0.9}[cells]
        if tiers == previous:
            total += 0.7
        return total + (0.3 if len(tiers) > 3 else 0.0) + rng.uniform(0.0, 0.6)

    return min(PATTERNS[len(panels)], key=cost)


def _split(panels: Sequence[Panel], tiers: tuple[int, ...]) -> list[Sequence[Panel]]:
    groups, start = [], 0
    for cells in tiers:
        groups.append(panels[start : start + cells])
        start += cells
    return groups


def _shares(weights: list[float], minimum: float) -> list[float]:
    """Weights as fractions of 1, none below `minimum`."""
    shares = [w / sum(weights) for w in weights]
    for _ in range(len(shares)):
        small = [i for i, s in enumerate(shares) if s < minimum]
        if not small:
            break
        free = 1.0 - minimum * len(small)
        rest = sum(s for i, s in enumerate(shares) if i not in small)
        shares = [minimum if i in small else s * free / rest for i, s in enumerate(shares)]
    return shares


def _text_load(panel: Panel) -> float:
    return sum(len(line.text) for line in panel.dialogue) + len(panel.caption or "")


def _cut(
    panels: Sequence[Panel], tiers: tuple[int, ...], rng: random.Random
) -> tuple[list[tuple[Point, Point, Point, Point]], list[bool]]:
    """Cell outlines in reading coordinates, in reading order, and which of them bleed."""
    groups = _split(panels, tiers)
    tier_weights = []
    for group in groups:
        shot = max(_SHOT_HEIGHT[p.shot] for p in group)
        talk = min(1.2, sum(_text_load(p) for p in group) / (220 * len(group)))
        tier_weights.append(shot * (1 + 0.6 * talk) * rng.uniform(0.85, 1.15))
    usable = LIVE.height - TIER_GUTTER * (len(tiers) - 1)
    heights = [share * usable for share in _shares(tier_weights, _MIN_TIER_SHARE)]

    # Cuts between tiers: lines across the page, tilted on action beats.
    tier_cuts: list[Line] = []
    y = LIVE.y
    for index in range(len(tiers) - 1):
        y += heights[index] + TIER_GUTTER / 2
        action = any(p.action for p in [*groups[index], *groups[index + 1]])
        tilt = 0.0
        if rng.random() < (0.35 if action else 0.06):
            limit = 0.4 * min(heights[index], heights[index + 1])
            tilt = min(limit, rng.uniform(0.03, 0.07) * LIVE.width) * rng.choice((-1, 1))
        tier_cuts.append(Line.through(Point(LIVE.x, y - tilt / 2), Point(LIVE.right, y + tilt / 2)))
        y += TIER_GUTTER / 2

    bleed_tier = _bleeding_tier(groups, tiers, rng)
    outlines: list[tuple[Point, Point, Point, Point]] = []
    bleeds: list[bool] = []
    top_y = LIVE.y
    for index, group in enumerate(groups):
        bleed = index == bleed_tier
        top = _edge_line(tier_cuts, index - 1, TIER_GUTTER / 2, TRIM.y if bleed and index == 0 else LIVE.y)
        bottom = _edge_line(
            tier_cuts,
            index,
            -TIER_GUTTER / 2,
            TRIM.bottom if bleed and index == len(groups) - 1 else LIVE.bottom,
        )
        band_top, band_bottom = top_y, top_y + heights[index]
        top_y = band_bottom + TIER_GUTTER
        widths = [
            share * (LIVE.width - CELL_GUTTER * (len(group) - 1))
            for share in _shares(
                [
                    _SHOT_WIDTH[p.shot] * (1 + 0.7 * min(1.2, _text_load(p) / 200)) * rng.uniform(0.85, 1.15)
                    for p in group
                ],
                _MIN_CELL_SHARE,
            )
        ]
        cell_cuts: list[Line] = []
        u = LIVE.x
        for cell in range(len(group) - 1):
            u += widths[cell] + CELL_GUTTER / 2
            action = group[cell].action or group[cell + 1].action
            slant = 0.0
            if rng.random() < (0.75 if action else 0.1):
                limit = 0.5 * min(widths[cell], widths[cell + 1])
                slant = min(limit, rng.uniform(0.07, 0.14) * heights[index]) * rng.choice((-1, 1))
            cell_cuts.append(Line.through(Point(u + slant / 2, band_top), Point(u - slant / 2, band_bottom)))
            u += CELL_GUTTER / 2
        for cell in range(len(group)):
            left = _edge_line(
                cell_cuts, cell - 1, CELL_GUTTER / 2, TRIM.x if bleed else LIVE.x, vertical=True
            )
            right = _edge_line(
                cell_cuts, cell, -CELL_GUTTER / 2, TRIM.right if bleed else LIVE.right, vertical=True
            )
            outlines.append(
                (top.intersect(left), top.intersect(right), bottom.intersect(right), bottom.intersect(left))
            )
            bleeds.append(bleed)
    return outlines, bleeds


def _bleeding_tier(groups: list[Sequence[Panel]], tiers: tuple[int, ...], rng: random.Random) -> int | None:
    """A single-panel tier at the top or bottom holding a wide shot may run off the paper."""
    if len(tiers) == 1:
        return 0 if rng.random() < 0.5 else None
    for index in (0, len(tiers) - 1):
        if tiers[index] == 1 and groups[index][0].shot == "wide" and rng.random() < 0.3:
            return index
    return None


def _edge_line(cuts: list[Line], index: int, offset: float, border: float, vertical: bool = False) -> Line:
    """A cell's edge: cut `index` moved off by half a gutter, or the border where no cut is."""
    if index < 0 or index >= len(cuts):
        if vertical:
            return Line(Point(border, 0.0), Point(0.0, 1.0))
        return Line(Point(0.0, border), Point(1.0, 0.0))
    cut = cuts[index]
    # Move the cut square to itself so a tilted gutter stays as wide as a straight one.
    direction = cut.direction.unit()
    normal = direction.perpendicular() if vertical else Point(direction.y, -direction.x)
    shift = offset / abs(normal.x if vertical else normal.y)
    return cut.shifted(Point(shift, 0.0) if vertical else Point(0.0, shift))


def _onto_page(
    outline: tuple[Point, Point, Point, Point], direction: ReadingDirection
) -> tuple[Point, Point, Point, Point]:
    if direction == "ltr":
        return outline
    top_left, top_right, bottom_right, bottom_left = (Point(TRIM.right - p.x, p.y) for p in outline)
    # Mirroring swaps left and right; reorder so corners still run clockwise from top-left.
    return (top_right, top_left, bottom_left, bottom_right)


def _art_box(outline: tuple[Point, ...], dpi: int) -> tuple[Box, tuple[int, int]]:
    scale = dpi / 72
    bounds = Box.around(outline).intersection(TRIM)
    left, top = math.floor(bounds.x * scale), math.floor(bounds.y * scale)
    right, bottom = math.ceil(bounds.right * scale), math.ceil(bounds.bottom * scale)
    box = Box(left / scale, top / scale, (right - left) / scale, (bottom - top) / scale)
    return box, (right - left, bottom - top)
