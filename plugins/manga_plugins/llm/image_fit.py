"""Fitting a model's image to the panel: sizes a model accepts, and a crop to the exact size."""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Iterable
from typing import Any

from PIL import Image, UnidentifiedImageError

from manga_common.errors import InvalidModelOutputError


def closest_size(width: int, height: int, sizes: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """The allowed size whose aspect ratio is nearest the panel's (the larger on a tie), so
    the crop to the panel loses least."""
    target = width / height
    return min(sizes, key=lambda size: (abs(size[0] / size[1] - target), -size[0] * size[1]))


def cover(image: bytes, width: int, height: int) -> bytes:
    """A PNG of exactly width x height: scaled to cover the panel, then centre-cropped."""
    try:
        with Image.open(io.BytesIO(image)) as source:
            picture = source.convert("RGB")
    except (UnidentifiedImageError, OSError) as error:
        raise InvalidModelOutputError(f"the model returned an unreadable image: {error}") from None
    scale = max(width / picture.width, height / picture.height)
    scaled = picture.resize(
        (max(width, round(picture.width * scale)), max(height, round(picture.height * scale))),
        Image.Resampling.LANCZOS,
    )
    left = (scaled.width - width) // 2
    top = (scaled.height - height) // 2
    cropped = scaled.crop((left, top, left + width, top + height))
    out = io.BytesIO()
    cropped.save(out, format="PNG", optimize=False)
    return out.getvalue()


def decoded_image(value: Any, source: str) -> bytes:
    """The bytes of a base64 image in a model's answer."""
    if not isinstance(value, str) or not value:
        raise InvalidModelOutputError(f"{source} answered without an image")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidModelOutputError(f"{source} answered with invalid base64") from None
