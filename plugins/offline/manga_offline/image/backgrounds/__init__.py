"""Backgrounds: the place (one painter per kind of setting) or, for close shots, a mood."""

from __future__ import annotations

import random
from collections.abc import Callable

from manga_offline.image import effects
from manga_offline.image.backgrounds import (
    abstract,
    city,
    desert,
    forest,
    interior,
    mountain,
    ruins,
    school,
    sea,
    space,
    village,
)
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.options import art_of

Painter = Callable[[Canvas, Scene, random.Random], None]

PAINTERS: dict[str, Painter] = {
    "city": city.paint,
    "school": school.paint,
    "forest": forest.paint,
    "sea": sea.paint,
    "space": space.paint,
    "interior": interior.paint,
    "mountain": mountain.paint,
    "desert": desert.paint,
    "village": village.paint,
    "ruins": ruins.paint,
}


def paint_backdrop(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    """The place, laid out from the setting's own seed so it looks the same in every panel;
    or the mood behind a close shot."""
    if scene.backdrop == "abstract":
        abstract.paint(canvas, scene, rng)
        return
    PAINTERS[scene.kind](canvas, scene, scene.place_rng())
    gentle = scene.panel.emotion in ("neutral", "happy", "sad", "smug") and not scene.dark
    if art_of(scene.style).background == "sparkles" and gentle:
        # Shojo softens the place behind feelings and lets light glitter in it.
        effects.fade(canvas, 0.4)
        effects.sparkles(canvas, rng, 8, flowers=scene.panel.emotion == "happy")
    if art_of(scene.style).background == "shadow":
        # Hard-shadow styles sink the edges into darkness and, indoors, slat the light.
        if scene.indoors and scene.kind != "space":
            effects.blind_shadows(canvas, rng, canvas.colour((16, 16, 24), 64))
        effects.vignette(canvas, 0.8)
