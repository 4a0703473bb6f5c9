"""Weather over the picture: fog lies between the place and the people; rain and snow fall
in front of everything, as they do in manga."""

from __future__ import annotations

import random

from PIL import Image

from manga_offline.image.canvas import Canvas
from manga_offline.image.composition import Scene


def fog(canvas: Canvas, scene: Scene) -> None:
    """Pale the place most at the horizon, where the air is thickest."""
    if scene.weather != "fog" or scene.indoors:
        return
    ramp = Image.linear_gradient("L").resize((1, canvas.height))
    horizon = scene.camera.horizon / canvas.height
    # Densest at the horizon, thinning up the sky and toward the viewer.
    curve = [round(230 * max(0.0, 1 - abs(i / 255 - horizon) * 1.6)) for i in range(256)]
    mask = ramp.point(curve).resize((canvas.width, canvas.height))
    canvas.wash(mask, canvas.colour((236, 238, 242), 250))


def precipitation(canvas: Canvas, scene: Scene, rng: random.Random, share: float) -> None:
    """Rain or snow; called twice, behind the figures and (a smaller `share`) in front."""
    if scene.indoors or scene.backdrop == "abstract":
        return
    if scene.weather in ("rain", "storm"):
        _rain(canvas, scene, rng, share * (1.6 if scene.weather == "storm" else 1.0))
    elif scene.weather == "snow":
        _snow(canvas, rng, share)


def _rain(canvas: Canvas, scene: Scene, rng: random.Random, amount: float) -> None:
    w, h = canvas.width, canvas.height
    unit = canvas.unit()
    count = int(w * h / (unit * unit) / 420 * amount)
    dx = rng.uniform(0.08, 0.2) * (1 if scene.light_from < 0 else -1)
    light = canvas.colour((230, 236, 246), 255)
    for _ in range(count):
        x, y = rng.uniform(-0.1, 1.1) * w, rng.uniform(-0.1, 1.0) * h
        length = h * rng.uniform(0.04, 0.12)
        end = (x + dx * length, y + length)
        colour = light if scene.dark and rng.random() < 0.7 else canvas.ink
        canvas.stroke([(x, y), end], unit * rng.choice((0.6, 0.8, 1.0)), colour)


def _snow(canvas: Canvas, rng: random.Random, amount: float) -> None:
    w, h = canvas.width, canvas.height
    unit = canvas.unit()
    white = canvas.colour((255, 255, 255), 255)
    for _ in range(int(w * h / (unit * unit) / 1400 * amount)):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        radius = unit * rng.choice((1.2, 1.6, 2.2, 3.2, 4.5))
        canvas.ellipse(x, y, radius, radius, white, unit * 0.6)
