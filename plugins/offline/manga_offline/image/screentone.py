"""Black-and-white printing: every grey becomes a screentone pattern of pure ink.

A manga page has no grey ink. The drawing is made with flat greys, then each pixel is
compared with a tiled threshold map (ordered dithering): where the grey is darker than
the map, ink. A map of round spots gives dot tone, one of stripes gives line tone, and
one that adds a second set of stripes only in the darker greys gives cross-hatching.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

from PIL import Image, ImageChops

Pattern = Literal["dots", "lines", "crosshatch", "none"]

SOLID_BLACK = 34
"""Greys at or below this print as solid ink: black hair, night skies, noir shadows."""
PAPER_WHITE = 242
"""Greys at or above this stay paper."""


def _spot(pattern: Pattern, x: float, y: float, cell: int) -> float:
    """Spot function: which pixels of a cell fill first as the tone darkens (low = first)."""
    tau = 2 * math.pi / cell
    if pattern == "dots":
        # Round dots on a 45-degree lattice that join into a checkerboard at half tone.
        return 1 - (math.cos(tau * (x + y)) + math.cos(tau * (x - y))) / 4 - 0.5
    if pattern == "lines":
        return -math.cos(tau * (x + y))
    # crosshatch: diagonal strokes first, the crossing strokes only in darker tones.
    first = 0.5 - 0.5 * math.cos(tau * (x + y))
    second = 0.5 - 0.5 * math.cos(tau * (x - y))
    return min(first, 0.45 + 0.55 * second)


@lru_cache(maxsize=16)
def _tile(pattern: Pattern, cell: int) -> Image.Image:
    values = [
        (_spot(pattern, x + 0.5, y + 0.5, cell), y * cell + x) for y in range(cell) for x in range(cell)
    ]
    # Rank order makes the share of inked pixels follow the grey evenly.
    ranked = sorted(values)
    thresholds = [0] * (cell * cell)
    for rank, (_, index) in enumerate(ranked):
        thresholds[index] = 1 + rank * 253 // (cell * cell - 1)
    tile = Image.new("L", (cell, cell))
    tile.putdata(thresholds)
    return tile


@lru_cache(maxsize=8)
def threshold_map(pattern: Pattern, cell: int, width: int, height: int) -> Image.Image:
    """The pattern's tile repeated over the whole image, built by doubling."""
    if pattern == "none":
        return Image.new("L", (width, height), 128)
    tile = _tile(pattern, cell)
    row = Image.new("L", (width + cell, cell))
    for x in range(0, width + cell, cell):
        row.paste(tile, (x, 0))
    full = Image.new("L", (width, height + cell))
    for y in range(0, height + cell, cell):
        full.paste(row, (0, y))
    return full.crop((0, 0, width, height))


@lru_cache(maxsize=16)
def _darkness_curve(density: float) -> tuple[int, ...]:
    """Grey (255 paper) to darkness (255 ink), with the solid-ink and paper ends clamped.

    A denser style prints its tones darker; the clamps stay put so black hair stays black.
    """
    gain = 0.7 + 0.6 * density
    curve = []
    for grey in range(256):
        if grey <= SOLID_BLACK:
            curve.append(255)
        elif grey >= PAPER_WHITE:
            curve.append(0)
        else:
            darkness = (PAPER_WHITE - grey) / (PAPER_WHITE - SOLID_BLACK)
            curve.append(max(1, min(254, round(254 * min(1.0, darkness * gain)))))
    return tuple(curve)


def print_tones(greys: Image.Image, pattern: Pattern, density: float, cell: int) -> Image.Image:
    """Greys ("L", 255 paper) to pure ink on paper in the given screentone pattern."""
    darkness = greys.point(list(_darkness_curve(round(density, 2))))
    thresholds = threshold_map(pattern, cell, greys.width, greys.height)
    inked = ImageChops.subtract(darkness, thresholds)
    return inked.point([255] + [0] * 255)
