"""What lettering works around in a panel: the characters' faces, and the spots to try.

Faces come from manga_common.staging, the same places the panel art draws them, so
balloons keep off the faces the reader will actually see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from image_service.book.geometry import Ellipse, Point
from image_service.book.page_grid import PanelFrame
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import Panel
from manga_common.staging import stage_panel

SPACING = 3.0
"""Clear space kept between balloons, captions and sound effects."""
GRID = 9
"""Candidate positions tried along each axis of a panel."""


@dataclass(frozen=True)
class FaceSpot:
    """A character's face on the page: a circle, named for the character."""

    name: str
    centre: Point
    radius: float

    @cached_property
    def body(self) -> Ellipse:
        """Roughly where the shoulders and chest are: worth keeping clear, less than the face."""
        return Ellipse(self.centre.x, self.centre.y + 3.2 * self.radius, 1.7 * self.radius, 2.0 * self.radius)


def faces_in(panel: Panel, frame: PanelFrame, reading_direction: ReadingDirection) -> list[FaceSpot]:
    art = frame.art_box
    return [
        FaceSpot(p.name, Point(art.x + p.x * art.width, art.y + p.y * art.height), p.face_radius * art.height)
        for p in stage_panel(panel, reading_direction)
    ]


def grid_steps(low: float, high: float, count: int = GRID) -> list[float]:
    """`count` evenly spaced values from low to high; the midpoint where the range is empty."""
    if high <= low:
        return [(low + high) / 2]
    return [low + (high - low) * i / (count - 1) for i in range(count)]


def type_sizes(start: float, floor: float) -> list[float]:
    """Type sizes from `start` down to `floor` in half points."""
    sizes, size = [], start
    while size >= floor - 1e-9:
        sizes.append(round(size, 2))
        size -= 0.5
    return sizes
