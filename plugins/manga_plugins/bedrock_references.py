"""Stability image-to-image on Bedrock: a panel drawn over its lead character's reference sheet.

SD3.5 Large takes `mode: "image-to-image"` with one input `image` (base64) and a `strength`
(0 keeps the input, 1 ignores it); in that mode it takes no `aspect_ratio`: the output has
the input's shape. So the sheet is first laid on a canvas of the panel's shape (the figure
centred, paper around it), and the strength leaves room for the panel's own pose and place
while the face, hair and outfit carry over. The other Bedrock families keep faces with the
restated look and the lead's seed alone.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from typing import Any

from PIL import Image

DEFAULT_STRENGTH = 0.65
"""How far the panel may move from the sheet: enough for a new pose, not for a new face."""
CANVAS_LONG_SIDE = 1024
PAPER = (255, 255, 255)


def reference_canvas(sheet_png: bytes, width: int, height: int) -> bytes:
    """The sheet scaled into a canvas with the panel's aspect ratio, as PNG."""
    scale = CANVAS_LONG_SIDE / max(width, height)
    canvas_size = (max(64, round(width * scale)), max(64, round(height * scale)))
    canvas = Image.new("RGB", canvas_size, PAPER)
    with Image.open(io.BytesIO(sheet_png)) as sheet:
        figure = sheet.convert("RGB")
        figure.thumbnail(canvas_size, Image.Resampling.LANCZOS)
        canvas.paste(figure, ((canvas_size[0] - figure.width) // 2, (canvas_size[1] - figure.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def image_to_image_body(
    text_body: Mapping[str, Any],
    sheet_png: bytes,
    width: int,
    height: int,
    strength: float = DEFAULT_STRENGTH,
) -> dict[str, Any]:
    """A text-to-image SD3.5 request body turned into its image-to-image form."""
    body = {key: value for key, value in text_body.items() if key not in ("aspect_ratio", "mode")}
    body.update(
        {
            "mode": "image-to-image",
            "image": base64.b64encode(reference_canvas(sheet_png, width, height)).decode("ascii"),
            "strength": strength,
        }
    )
    return body
