"""Where each character stands in a panel, in fractions of the panel's size.

The offline renderer draws faces at these places and the letterer points bubble tails at
them and keeps bubbles off them; prompt templates turn them into "on the left" words for
image models. One function, so art and lettering always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import Panel

# Face size and height of the face centre by shot: a close-up shows a face, a wide shot a place.
_FRAMING: dict[str, tuple[float, float, int]] = {
    # shot: (face radius as a fraction of panel height, face centre y, most characters shown)
    # Small enough that a standing figure's feet stay in the panel, eyes on the horizon.
    "wide": (0.036, 0.5, 4),
    "medium": (0.1, 0.36, 3),
    "close-up": (0.22, 0.48, 2),
    "extreme-close-up": (0.42, 0.52, 1),
}


@dataclass(frozen=True)
class Placement:
    name: str
    x: float
    """Face centre, 0 (left edge) to 1 (right edge)."""
    y: float
    """Face centre, 0 (top) to 1 (bottom)."""
    face_radius: float
    """As a fraction of the panel's height."""
    facing: Literal["left", "right"]

    def horizontal_words(self) -> str:
        if self.x < 0.4:
            return "on the left"
        if self.x > 0.6:
            return "on the right"
        return "in the centre"


def stage_panel(panel: Panel, reading_direction: ReadingDirection = "rtl") -> list[Placement]:
    """Placements for the characters shown, in the order of `panel.characters`.

    The first character stands where reading starts (on the right in manga order), so the
    first balloon sits over its speaker and tails stay short.

    Speakers come first when a close shot cannot show everyone, so a bubble always has a
    face to point at.
    """
    radius, face_y, most = _FRAMING[panel.shot]
    speakers = [line.speaker for line in panel.dialogue]
    ordered = sorted(panel.characters, key=lambda n: (n not in speakers, panel.characters.index(n)))
    shown = [name for name in panel.characters if name in ordered[:most]]
    count = len(shown)
    placements = []
    for index, name in enumerate(shown):
        x = 0.5 if count == 1 else 0.18 + 0.64 * index / (count - 1)
        if reading_direction == "rtl":
            x = 1.0 - x
        # Alternate heights a little so faces in a row do not line up like a police line-up.
        y = face_y + (0.04 if index % 2 else 0.0) * (1 if panel.shot in ("wide", "medium") else 0)
        facing: Literal["left", "right"] = "right" if x < 0.5 else "left"
        placements.append(Placement(name=name, x=x, y=y, face_radius=radius, facing=facing))
    return placements
