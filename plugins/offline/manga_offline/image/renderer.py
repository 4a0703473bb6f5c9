"""The offline image backend: a manga panel drawn from the panel's structure, no model.

Same request, same bytes: all chance comes from `random.Random(request.seed)` (and, for a
place or a character, from seeds of their names), and the PNG carries no metadata.
"""

from __future__ import annotations

import io
import random

from PIL import Image

from manga_common.plugins.interfaces import PanelImageRequest
from manga_offline.image import effects, weather
from manga_offline.image.backgrounds import paint_backdrop
from manga_offline.image.canvas import Canvas
from manga_offline.image.characters import Performance, draw_character
from manga_offline.image.composition import Scene, compose
from manga_offline.image.screentone import print_tones
from manga_offline.options import art_of

SUPERSAMPLE = 2
MAX_SUPERSAMPLED_AREA = 2_000_000
"""Panels larger than this (in output pixels) are drawn at their own size, to bound memory."""


class OfflinePanelRenderer:
    """Procedural manga panels with Pillow: backgrounds, characters, screentone."""

    name = "offline"

    def draw_panel(self, request: PanelImageRequest) -> bytes:
        image = render(request)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=3)
        return buffer.getvalue()


# The cover's title (up to two lines) and episode band run across the top 37% of its art;
# the cast stands this much lower, so the band never crosses a face.
COVER_HEADROOM = 0.16


def render(request: PanelImageRequest) -> Image.Image:
    """The panel as an RGB image of exactly request.width x request.height."""
    scale = SUPERSAMPLE if request.width * request.height <= MAX_SUPERSAMPLED_AREA else 1
    canvas = Canvas(request.style, request.width * scale, request.height * scale, scale)
    rng = random.Random(request.seed)
    scene = compose(
        request.panel,
        request.bible,
        request.style,
        canvas.width,
        canvas.height,
        rng,
        request.reading_direction,
        headroom=COVER_HEADROOM if request.page_number == 0 else 0.0,
    )
    paint_backdrop(canvas, scene, rng)
    weather.fog(canvas, scene)
    weather.precipitation(canvas, scene, rng, 0.75)
    _devices(canvas, scene, rng)
    performance = Performance(
        emotion=request.panel.emotion,
        action=request.panel.action,
        shouting=any(line.kind == "shout" for line in request.panel.dialogue),
        light_from=scene.light_from,
    )
    for placement in scene.placements:
        character = request.bible.character(placement.name)
        draw_character(canvas, placement, character, request.style, performance, rng)
    weather.precipitation(canvas, scene, rng, 0.3)
    return _print(canvas, request.width, request.height)


def _devices(canvas: Canvas, scene: Scene, rng: random.Random) -> None:
    """Speed lines replace the background with motion; focus lines pull the eye to a face."""
    lead = scene.placements[0] if scene.placements else None
    if scene.speed_lines:
        effects.fade(canvas, 0.75 if scene.backdrop == "place" else 0.9)
        direction = -1 if lead is None or lead.facing == "right" else 1
        effects.speed_lines(canvas, rng, direction, 0.7 + 0.6 * art_of(scene.style).speed_lines)
    elif scene.focus_lines:
        effects.fade(canvas, 0.85)
        if lead is not None:
            centre = (lead.x * canvas.width, lead.y * canvas.height)
            clear = lead.face_radius * canvas.height * 2.2
        else:
            centre, clear = (canvas.width / 2, canvas.height / 2), canvas.height * 0.25
        effects.focus_lines(canvas, rng, centre, clear)
        if scene.panel.action and scene.panel.sfx:
            # A blow lands: a burst flares behind the one who takes or throws it.
            effects.impact(canvas, centre, clear * 0.8)
    elif scene.panel.action and lead is not None:
        trail = -1 if lead.facing == "right" else 1
        radius = lead.face_radius * canvas.height
        effects.motion_trail(canvas, rng, (lead.x * canvas.width, lead.y * canvas.height), radius, trail)


def _print(canvas: Canvas, width: int, height: int) -> Image.Image:
    """Black-and-white styles become pure ink and screentone, then everything is reduced
    to the panel's size, which antialiases the lines and dots."""
    image = canvas.image
    if not canvas.in_colour:
        # Dots scale with the panel, but never so fine that reduction melts them into grey.
        cell = max(4 * canvas.scale, round(canvas.unit() * 5))
        image = print_tones(
            image.convert("L"), art_of(canvas.style).screentone, art_of(canvas.style).screentone_density, cell
        )
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return image.convert("RGB")
