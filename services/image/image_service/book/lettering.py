"""Lettering a panel: the caption, the balloons in reading order, then sound effects.

A panel's balloons share one type size, the largest at which every one finds a spot.
Each balloon takes the cheapest spot on a grid of centres: clear of faces, near the
speaker so the tail stays short, high in the panel, and after the previous balloon in
reading order. At each size every shape is tried, from one long line to a tall stack, so
a balloon grows before its type shrinks. Type shrinks by up to a point to keep faces
clear, then down to the floor size with faces allowed; a balloon that fits nowhere may
cross the frame line. Text is set first and the balloon drawn around it, so text never
leaves its balloon.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from image_service.book.balloons import (
    SIZE_FOR_KIND,
    SMALLEST_SIZE,
    Balloon,
    Draft,
    build_balloon,
    drafts_for,
)
from image_service.book.captions import Caption, place_caption
from image_service.book.geometry import MM, Box, Ellipse, Point
from image_service.book.page_grid import LETTERING_SAFE, PanelFrame
from image_service.book.panel_space import SPACING, FaceSpot, faces_in, grid_steps
from image_service.book.sound_effects import SoundEffect, place_sound_effect
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import DialogueLine, Panel


@dataclass(frozen=True)
class PanelLettering:
    captions: tuple[Caption, ...]
    balloons: tuple[Balloon, ...]
    sound_effects: tuple[SoundEffect, ...]


def letter_panel(
    panel: Panel,
    frame: PanelFrame,
    direction: ReadingDirection,
    rng: random.Random,
    earlier: Sequence[PanelLettering] = (),
) -> PanelLettering:
    """Letter one panel, keeping clear of what `earlier` panels of the page put down."""
    area = frame.lettering_area
    faces = faces_in(panel, frame, direction)
    captions = (place_caption(panel.caption, area, direction),) if panel.caption else ()
    stage = _Stage(
        frame=frame,
        faces=faces,
        boxes=[c.box for c in captions] + [c.box for done in earlier for c in done.captions],
        neighbours=[b for done in earlier for b in done.balloons],
        direction=direction,
        count=len(panel.dialogue),
    )
    balloons = _place_balloons(panel.dialogue, stage, rng)
    effects = (place_sound_effect(panel.sfx, area, faces, balloons, captions, rng),) if panel.sfx else ()
    return PanelLettering(captions, tuple(balloons), effects)


def reads_before(first: Ellipse, second: Ellipse, direction: ReadingDirection) -> bool:
    """Whether a reader meets `first` before `second`: clearly higher, or level with it and
    nearer the side reading starts from."""
    band = 0.5 * (first.ry + second.ry)
    drop = second.cy - first.cy
    if drop >= 0.8 * band:
        return True
    if drop < -0.5 * band:
        return False
    return second.cx < first.cx if direction == "rtl" else second.cx > first.cx


@dataclass(frozen=True)
class _Stage:
    """A panel as balloon placement sees it."""

    frame: PanelFrame
    faces: list[FaceSpot]
    boxes: list[Box]
    """Captions to keep clear of, this panel's and earlier panels' on the page."""
    neighbours: list[Balloon]
    """Balloons of earlier panels on the page, which may have crossed into this one."""
    direction: ReadingDirection
    count: int
    """Balloons this panel will hold."""


@dataclass(frozen=True)
class _Rules:
    area: Box
    over_faces: bool = False
    over_lettering: bool = False


def _place_balloons(lines: Sequence[DialogueLine], stage: _Stage, rng: random.Random) -> list[Balloon]:
    """All of a panel's balloons at one type size, the largest at which they all fit; a
    balloon that fits nowhere even at the floor size may cross the frame line."""
    area = stage.frame.lettering_area
    largest_cut = max((SIZE_FOR_KIND[line.kind] - SMALLEST_SIZE for line in lines), default=0.0)
    cuts = [0.5 * step for step in range(int(largest_cut / 0.5) + 1)]
    plans = [(cut, False) for cut in cuts[:3]] + [(cut, True) for cut in cuts]
    free = area.width * area.height - sum(box.width * box.height for box in stage.boxes if box.overlaps(area))
    for cut, over_faces in plans:
        if _least_room(lines, cut) > 0.8 * free:
            continue  # cannot fit at this size however they are arranged
        placed: list[Balloon] = []
        for line in lines:
            balloon = _place_balloon(line, _size(line, cut), [_Rules(area, over_faces)], stage, placed, rng)
            if balloon is None:
                break
            placed.append(balloon)
        else:
            return placed
    reach = stage.frame.inner_box.inset(-10 * MM).intersection(LETTERING_SAFE)
    fallbacks = [_Rules(area, True), _Rules(reach, True), _Rules(reach, True, over_lettering=True)]
    placed = []
    for line in lines:
        balloon = _place_balloon(line, SMALLEST_SIZE, fallbacks, stage, placed, rng)
        assert balloon is not None, "the last fallback takes any spot"
        placed.append(balloon)
    return placed


def _least_room(lines: Sequence[DialogueLine], cut: float) -> float:
    """The area the panel's balloons need at least, each in its most compact shape."""
    return sum(
        min(math.pi * d.extent_rx * d.extent_ry for d in drafts_for(line.text, line.kind, _size(line, cut)))
        for line in lines
    )


def _size(line: DialogueLine, cut: float) -> float:
    return max(SMALLEST_SIZE, SIZE_FOR_KIND[line.kind] - cut)


def _place_balloon(
    line: DialogueLine,
    size: float,
    rules: list[_Rules],
    stage: _Stage,
    placed: list[Balloon],
    rng: random.Random,
) -> Balloon | None:
    speaker = next((face for face in stage.faces if face.name == line.speaker), None)
    drafts = drafts_for(line.text, line.kind, size)
    for rule in rules:
        spot = _best_spot(drafts, rule, speaker, stage, placed)
        if spot is not None:
            draft, centre = spot
            body = Ellipse(centre.x, centre.y, draft.body_rx, draft.body_ry)
            return build_balloon(draft, centre, line.speaker, _tail_target(body, speaker, stage.frame), rng)
    return None


def _best_spot(
    drafts: Sequence[Draft], rules: _Rules, speaker: FaceSpot | None, stage: _Stage, placed: list[Balloon]
) -> tuple[Draft, Point] | None:
    """The cheapest spot of every draft's grid of centres, the first of them on a tie.

    A spot's cost is its shape's, plus its row's and its column's (where it is: high in the
    panel, in reading order, by the frame's side for a voice from out of frame), plus its
    distance from the speaker, plus its crowding (what it covers or crosses). Each term after
    the row's and column's only adds, so a partial sum is a floor under the whole: a spot, or a
    whole row, whose floor already costs no less than the best so far cannot win and is not
    looked at further. That passes over most of a panel's spots before the dear terms.
    """
    inner = stage.frame.inner_box
    others, boxes = _in_the_way(rules, stage, placed)
    best: tuple[float, Draft, Point] | None = None
    for draft in drafts:
        grid = _grid(draft, rules, speaker, inner)
        if grid is None:
            continue
        rows, xs = grid
        columns = [(cx, _column_cost(cx, draft.extent_rx, rules, speaker, stage, placed)) for cx in xs]
        cheapest_column = min(cost for _, cost in columns)
        shape = draft.shape_cost
        for cy in rows:
            row = shape + _row_cost(cy, rules, speaker)
            if best is not None and row + cheapest_column >= best[0]:
                continue
            for cx, column in columns:
                cost = row + column
                if best is not None and cost >= best[0]:
                    continue
                extent = Ellipse(cx, cy, draft.extent_rx, draft.extent_ry)
                cost += _reach_cost(extent, speaker)
                if best is not None and cost >= best[0]:
                    continue
                crowding = _crowding_cost(extent, rules, speaker, stage, placed, others, boxes)
                if crowding is not None and (best is None or cost + crowding < best[0]):
                    best = (cost + crowding, draft, Point(cx, cy))
    return None if best is None else (best[1], best[2])


def _in_the_way(rules: _Rules, stage: _Stage, placed: list[Balloon]) -> tuple[list[Balloon], list[Box]]:
    """The balloons and captions that may crowd a spot: only lettering that reaches into the
    area can be in the way."""
    area = rules.area
    others = [b for b in (*placed, *stage.neighbours) if b.extent.bounds.overlaps(area, SPACING)]
    return others, [box for box in stage.boxes if box.overlaps(area, SPACING)]


def _grid(
    draft: Draft, rules: _Rules, speaker: FaceSpot | None, inner: Box
) -> tuple[list[float], list[float]] | None:
    """The centres a draft may take, as rows (top to bottom) and columns, within the frame's
    inner box; None when the draft fits nowhere under the rules. Beside the grid's columns,
    one straight over the speaker."""
    area = rules.area
    rx, ry = draft.extent_rx, draft.extent_ry
    if (2 * rx > area.width or 2 * ry > area.height) and not rules.over_lettering:
        return None
    xs = grid_steps(area.x + rx, area.right - rx)
    if speaker is not None:
        xs.append(min(max(speaker.centre.x, area.x + rx), area.right - rx))
    rows = [cy for cy in grid_steps(area.y + ry, area.bottom - ry) if inner.y <= cy <= inner.bottom]
    columns = [cx for cx in xs if inner.x <= cx <= inner.right]
    return (rows, columns) if rows and columns else None


def _row_cost(cy: float, rules: _Rules, speaker: FaceSpot | None) -> float:
    """High in the panel, and above the speaker's face."""
    below_speaker = 25 if speaker is not None and cy > speaker.centre.y else 0
    return 0.12 * (cy - rules.area.y) + below_speaker


def _column_cost(
    cx: float, rx: float, rules: _Rules, speaker: FaceSpot | None, stage: _Stage, placed: list[Balloon]
) -> float:
    """The panel's balloons spread along the reading axis in order; a voice from out of frame
    by the frame's side, its tail pointing off panel."""
    area = rules.area
    along = area.right - cx if stage.direction == "rtl" else cx - area.x
    share = len(placed) / (stage.count - 1) if stage.count > 1 else 0.0
    travel = max(1.0, area.width - 2 * rx)
    cost = 0.1 * abs(along - rx - share * travel)
    if speaker is None:
        inner = stage.frame.inner_box
        cost += 0.15 * min(cx - rx - inner.x, inner.right - cx - rx)
    return cost


def _reach_cost(extent: Ellipse, speaker: FaceSpot | None) -> float:
    """Near the speaker, so the tail stays short."""
    if speaker is None:
        return 0.0
    return 0.5 * max(0.0, extent.gap_to_circle(speaker.centre, speaker.radius) - 12)


def _crowding_cost(
    extent: Ellipse,
    rules: _Rules,
    speaker: FaceSpot | None,
    stage: _Stage,
    placed: list[Balloon],
    others: list[Balloon],
    boxes: list[Box],
) -> float | None:
    """What a spot costs for what it covers or crosses (never below 0), or None where the
    rules forbid it."""
    cost = 0.0
    for other in others:
        if not _near(extent, other.extent, SPACING):
            continue
        clearance = extent.gap_to(other.extent) - SPACING
        if clearance < 0:
            if not rules.over_lettering:
                return None
            cost += 1000 - 50 * clearance
    bounds = extent.bounds
    for box in boxes:
        if bounds.overlaps(box, SPACING):
            if not rules.over_lettering:
                return None
            cost += 1000
    for face in stage.faces:
        depth = -extent.gap_to_circle(face.centre, face.radius * 1.15)
        if depth > 0:
            if not rules.over_faces:
                return None
            cost += 40 + 12 * depth
        if _near(extent, face.body, 0.0):
            cost += 1.5 * max(0.0, -extent.gap_to(face.body))
    for other in placed:
        if not reads_before(other.extent, extent, stage.direction):
            cost += 250
        if other.tail_tip is not None and _crosses(other.extent.centre, other.tail_tip, extent, other.extent):
            cost += 150
    if speaker is not None and any(_crosses(extent.centre, speaker.centre, o.extent, extent) for o in placed):
        cost += 150
    return cost


def _near(a: Ellipse, b: Ellipse, margin: float) -> bool:
    """Whether two ellipses' bounding boxes come within `margin`: a cheap test before a dear one."""
    return abs(a.cx - b.cx) < a.rx + b.rx + margin and abs(a.cy - b.cy) < a.ry + b.ry + margin


def _crosses(start: Point, end: Point, obstacle: Ellipse, source: Ellipse) -> bool:
    """Whether a tail from `start` towards `end` runs through `obstacle` once out of `source`."""
    if max(start.x, end.x) < obstacle.cx - obstacle.rx or min(start.x, end.x) > obstacle.cx + obstacle.rx:
        return False
    if max(start.y, end.y) < obstacle.cy - obstacle.ry or min(start.y, end.y) > obstacle.cy + obstacle.ry:
        return False
    for step in range(1, 8):
        point = Point(start.x + (end.x - start.x) * step / 8, start.y + (end.y - start.y) * step / 8)
        if obstacle.contains(point) and not source.contains(point):
            return True
    return False


def _tail_target(body: Ellipse, speaker: FaceSpot | None, frame: PanelFrame) -> Point | None:
    """Where the tail points: just short of the speaker's face, or out of frame for a voice off."""
    if speaker is None:
        # A short tail towards the nearer side of the frame, where the speaker stands unseen.
        inner = frame.inner_box
        left_gap, right_gap = body.cx - body.rx - inner.x, inner.right - body.cx - body.rx
        direction = Point(-0.8 if left_gap < right_gap else 0.8, 0.6)
        edge = body.edge_towards(body.centre + direction)
        return edge + direction.scaled(min(16.0, max(8.0, min(left_gap, right_gap))))
    toward = speaker.centre - body.centre
    if toward.length() < 1e-6:
        toward = Point(0.0, 1.0)
    edge = body.edge_towards(body.centre + toward)
    tip = speaker.centre - toward.unit().scaled(speaker.radius * 1.2)
    if body.contains(speaker.centre) or edge.distance(speaker.centre) < speaker.radius * 1.2 + 6:
        # The balloon is on or beside the face: a short stub towards it is all a tail can be.
        tip = edge + toward.unit().scaled(6)
    return tip
