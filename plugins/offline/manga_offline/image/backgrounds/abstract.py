"""Backgrounds for close shots: not a place but a mood, as manga draws behind a face."""

from __future__ import annotations

import random

from manga_offline.image import effects
from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene
from manga_offline.image.palette import mix
from manga_offline.options import art_of


def paint(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    emotion = scene.panel.emotion
    box = (0, 0, canvas.width, canvas.height)
    background = art_of(scene.style).background
    accent = canvas.accent(rng.randrange(len(canvas.accents)))
    if emotion in ("sad", "afraid"):
        canvas.gradient(box, canvas.colour((70, 80, 120), 90), canvas.colour((200, 206, 226), 236))
        effects.gloom(canvas, rng)
    elif emotion == "angry":
        canvas.gradient(box, canvas.colour((60, 10, 20), 20), canvas.colour((200, 60, 40), 120))
        if scene.detail > 0.3:
            effects.focus_lines(canvas, rng, (canvas.width / 2, canvas.height / 2), canvas.height * 0.45, 0.5)
    elif background == "shadow":
        canvas.gradient(box, canvas.colour((30, 30, 40), 40), canvas.colour((90, 90, 110), 110))
        effects.blind_shadows(canvas, rng, canvas.colour((10, 10, 16), 10))
    elif background == "sparkles" or emotion == "happy":
        canvas.gradient(
            box, canvas.colour(mix(accent, canvas.paper, 0.35), 206), canvas.colour(canvas.paper, 255)
        )
        effects.sparkles(canvas, rng, 14, flowers=background == "sparkles")
    elif background == "simple":
        canvas.gradient(
            box, canvas.colour(mix(accent, canvas.paper, 0.3), 226), canvas.colour(canvas.paper, 255)
        )
        for _ in range(3):
            r = canvas.height * rng.uniform(0.15, 0.35)
            canvas.ellipse(
                rng.uniform(0, canvas.width),
                rng.uniform(0, canvas.height),
                r,
                r,
                canvas.colour(mix(canvas.accent(rng.randrange(4)), canvas.paper, 0.55), 244),
            )
    else:
        canvas.gradient(box, canvas.colour((120, 130, 150), 150), canvas.colour((236, 236, 240), 250))
