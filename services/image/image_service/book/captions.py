"""Captions: narration in a box, set flush left in the panel's first top corner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from image_service.book.balloons import SMALLEST_SIZE
from image_service.book.fonts import Face
from image_service.book.geometry import Box
from image_service.book.panel_space import type_sizes
from image_service.book.text_fit import TextLine, set_block, wrap
from manga_common.models.preferences import ReadingDirection

CAPTION_SIZE = 7.5
CAPTION_PADDING = 3.5


@dataclass(frozen=True)
class Caption:
    box: Box
    lines: tuple[TextLine, ...]


def place_caption(text: str, area: Box, direction: ReadingDirection) -> Caption:
    """A narration box in the panel's top corner on the side reading starts from: as narrow
    as keeps it under about two-fifths of the panel's height, in smaller type only if needed."""
    face = Face.NARRATION
    chosen: list[TextLine] = []
    for size in type_sizes(CAPTION_SIZE, SMALLEST_SIZE):
        for share in (0.55, 0.7, 0.85, 1.0):
            measure = area.width * share - 2 * CAPTION_PADDING
            chosen = set_block(wrap(text, face, size, measure), face, size, align="left")
            if _block_height(chosen) + 2 * CAPTION_PADDING <= 0.42 * area.height:
                break
        else:
            continue
        break
    width = max(line.width for line in chosen) + 2 * CAPTION_PADDING
    height = _block_height(chosen) + 2 * CAPTION_PADDING
    x = area.right - width if direction == "rtl" else area.x
    box = Box(x, area.y, width, height)
    # set_block put the block's left edge at -width/2 around a centre; move it into the box.
    dx = box.x + CAPTION_PADDING - chosen[0].x
    dy = box.y + height / 2
    return Caption(box, tuple(line.moved(dx, dy) for line in chosen))


def _block_height(lines: Sequence[TextLine]) -> float:
    return lines[-1].box.bottom - lines[0].box.y
