"""Panel art as a page needs it: decoded once, fitted to its slot, in the book's colour mode.

A model answers at the sizes it knows (1024 x 1536...), not at the panel's; the image stage
stores that answer untouched and fits it here, once, for both painters. How the PDF keeps
a picture is chosen per picture: JPEG for continuous-tone art (a model's painting shrinks
about tenfold and looks the same), lossless for flat line art (the offline renderer's, where
JPEG would ring around every line).
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:  # Pillow loads on first use: the handler's cold start does not pay for it
    from PIL.Image import Image

Mode = Literal["L", "RGB"]
Art: TypeAlias = "bytes | Image"
"""A picture as stored (encoded bytes) or as fitted for the page (a decoded image)."""

JPEG_QUALITY = 82
LINE_ART_LEVELS = 8
"""Line art puts nearly all its pixels on a few tones: paper, ink, a flat screen or two."""
LINE_ART_SHARE = 0.8
"""Share of the pixels on the LINE_ART_LEVELS commonest tones above which a picture is line art."""


def opened(data: bytes) -> Image:
    """The picture, not yet decoded (so a JPEG can still be decoded at a fraction of its size)."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        return PILImage.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError(f"unreadable panel art: {error}") from None


def decoded(data: bytes) -> Image:
    picture = opened(data)
    try:
        picture.load()
    except OSError as error:
        raise ValueError(f"unreadable panel art: {error}") from None
    return picture


def as_image(data: Art, mode: Mode) -> Image:
    """The picture decoded (when it is bytes) and in `mode`."""
    picture = decoded(data) if isinstance(data, bytes) else data
    return picture if picture.mode == mode else picture.convert(mode)


def fitted(data: Art, width: int, height: int, mode: Mode) -> Image:
    """The art scaled to cover width x height and centre-cropped, in `mode` (one decode)."""
    from PIL import Image as PILImage

    if isinstance(data, bytes):
        picture = opened(data)
        if picture.format == "JPEG":
            # JPEG decodes straight to greyscale and to 1/2, 1/4 or 1/8 of its size, no
            # smaller than the panel needs: a fraction of a full decode.
            cover = max(width / picture.width, height / picture.height)
            picture.draft(mode, (math.ceil(picture.width * cover), math.ceil(picture.height * cover)))
        try:
            picture.load()
        except OSError as error:
            raise ValueError(f"unreadable panel art: {error}") from None
    else:
        picture = data
    if picture.mode != mode:
        picture = picture.convert(mode)
    if picture.size == (width, height):
        return picture
    # The centred part with the panel's shape, resized straight from the source in one pass;
    # reducing_gap lets Pillow shrink by whole factors first. Bicubic, not Lanczos: on a model's
    # painting the two differ by at most 2 levels in 255 (PSNR 61 dB), under a third of what the
    # PDF's JPEG then changes (50 dB), and bicubic fits in 28 % less CPU.
    scale = min(picture.width / width, picture.height / height)
    kept_width, kept_height = width * scale, height * scale
    left, top = max(0.0, (picture.width - kept_width) / 2), max(0.0, (picture.height - kept_height) / 2)
    box = (left, top, min(picture.width, left + kept_width), min(picture.height, top + kept_height))
    return picture.resize((width, height), PILImage.Resampling.BICUBIC, box=box, reducing_gap=3.0)


def is_line_art(picture: Image) -> bool:
    histogram = picture.convert("L").histogram()
    commonest = sorted(histogram, reverse=True)[:LINE_ART_LEVELS]
    return sum(commonest) >= LINE_ART_SHARE * picture.width * picture.height


def page_ready(picture: Image) -> bytes:
    """The fitted picture as the book keeps it: JPEG when painted, PNG when line art."""
    if is_line_art(picture):
        out = io.BytesIO()
        picture.save(out, "PNG", compress_level=6)
        return out.getvalue()
    return jpeg(picture)


def is_jpeg(data: Art) -> bool:
    return isinstance(data, bytes) and data.startswith(b"\xff\xd8")


def jpeg(picture: Image, quality: int = JPEG_QUALITY) -> bytes:
    # No `optimize`: its second pass for optimal Huffman tables doubled the encode time
    # (10 ms to 4.4 ms a 150 dpi B5 page) for 3 % fewer bytes, on a CPU-bound image stage.
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality)
    return out.getvalue()


def media_type(data: bytes) -> str:
    """The content type of an image as a model returned it."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
