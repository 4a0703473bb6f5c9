"""Breaking lettering into lines and setting the lines as a block.

A block is set around its own centre (0, 0); whoever places it moves it. Line boxes are
ink boxes (see fonts.INK_ASCENT), which is what a balloon or caption must hold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from image_service.book.fonts import INK_ASCENT, INK_DESCENT, LINE_PITCH, Face, printable, text_width
from image_service.book.geometry import Box

Align = Literal["center", "left"]
_SLACK = 0.01
"""Points of tolerance in measuring, so a measure rounded from a word's width still fits it."""


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    face: Face
    size: float
    x: float
    """The line's centre, or its left end when left-aligned."""
    baseline: float
    width: float
    align: Align = "center"

    @property
    def box(self) -> Box:
        left = self.x - self.width / 2 if self.align == "center" else self.x
        top = self.baseline - INK_ASCENT * self.size
        return Box(left, top, self.width, (INK_ASCENT + INK_DESCENT) * self.size)

    def moved(self, dx: float, dy: float) -> TextLine:
        return replace(self, x=self.x + dx, baseline=self.baseline + dy)


def wrap(text: str, face: Face, size: float, max_width: float) -> tuple[str, ...]:
    """Greedy line breaking at spaces; a word wider than the measure is split with a hyphen.
    Characters the face lacks are replaced first (fonts.printable)."""
    return _wrap(printable(text, face), face, round(size, 3), round(max_width, 3))


@lru_cache(maxsize=4096)
def _wrap(text: str, face: Face, size: float, max_width: float) -> tuple[str, ...]:
    space = text_width(" ", face, size)
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in _fitting_words(text.split(), face, size, max_width):
        width = text_width(word, face, size)
        if current and current_width + space + width <= max_width + _SLACK:
            current, current_width = f"{current} {word}", current_width + space + width
            continue
        if current:
            lines.append(current)
        current, current_width = word, width
    if current:
        lines.append(current)
    return tuple(lines)


def _fitting_words(words: list[str], face: Face, size: float, max_width: float) -> list[str]:
    pieces: list[str] = []
    for word in words:
        while text_width(word, face, size) > max_width + _SLACK and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", face, size) > max_width + _SLACK:
                cut -= 1
            pieces.append(word[:cut] + "-")
            word = word[cut:]
        pieces.append(word)
    return pieces


def balanced_wraps(text: str, face: Face, size: float, max_lines: int) -> list[tuple[str, ...]]:
    """For each reachable line count up to `max_lines`, the narrowest wrapping with that many
    lines: lines of even length, which is what makes a balloon round rather than ragged."""
    return _balanced_wraps(printable(text, face), face, round(size, 3), max_lines)


@lru_cache(maxsize=1024)
def _balanced_wraps(text: str, face: Face, size: float, max_lines: int) -> list[tuple[str, ...]]:
    full = text_width(" ".join(text.split()), face, size)
    widest_word = max(text_width(word, face, size) for word in text.split())
    found: dict[int, tuple[str, ...]] = {}
    for count in range(1, max_lines + 1):
        low, high = widest_word, full
        if count > 1:
            # The narrowest measure that still keeps to `count` lines, by bisection.
            for _ in range(14):
                middle = (low + high) / 2
                if len(_wrap(text, face, size, round(middle, 3))) <= count:
                    high = middle
                else:
                    low = middle
        lines = _wrap(text, face, size, round(high, 3))
        if len(lines) not in found:
            found[len(lines)] = lines
    return [found[count] for count in sorted(found)]


def set_block(lines: tuple[str, ...], face: Face, size: float, align: Align = "center") -> list[TextLine]:
    """Lines stacked around (0, 0): centred on x = 0, or starting at the block's left edge."""
    pitch = LINE_PITCH * size
    ink = (INK_ASCENT + INK_DESCENT) * size
    height = (len(lines) - 1) * pitch + ink
    widths = [text_width(line, face, size) for line in lines]
    left = -max(widths) / 2
    first_baseline = -height / 2 + INK_ASCENT * size
    return [
        TextLine(
            text=line,
            face=face,
            size=size,
            x=0.0 if align == "center" else left,
            baseline=first_baseline + index * pitch,
            width=width,
            align=align,
        )
        for index, (line, width) in enumerate(zip(lines, widths, strict=True))
    ]
