"""Turned lettering in the CBZ: painted where the PDF puts it, however it is turned."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from image_service.book.drawing import Sheet, Text
from image_service.book.fonts import Face, pillow_font
from image_service.book.raster import rasterise

DPI = 72  # one point a pixel at the painted size, so the reference below is in the same units


def reference(text: Text, size: tuple[int, int]) -> Image.Image:
    """The text drawn level on a whole page at the page's resolution (the painter letters at
    it, not supersampled), then the page turned about the text's pivot: the plain way to the
    picture the painter must make."""
    mask = Image.new("L", size, 0)
    anchor = "ms" if text.align == "center" else "ls"
    font = pillow_font(text.face, text.size)
    ImageDraw.Draw(mask).text((text.x, text.y), text.text, font=font, fill=255, anchor=anchor)
    turned = mask.rotate(text.angle, resample=Image.Resampling.BILINEAR, center=(text.x, text.y))
    page = Image.new("L", size, 255)
    page.paste(0, (0, 0, *size), turned)
    return page


def inked(page: Image.Image) -> tuple[int, int, int, int] | None:
    """The box of the pixels more ink than paper."""
    return page.point(lambda tone: 255 if tone < 128 else 0).getbbox()


@pytest.mark.parametrize("angle", [-15.0, -6.5, 9.0, 14.0])
@pytest.mark.parametrize("x", [150.0, 150.3])
def test_turned_text_lands_where_the_page_turned_about_its_pivot_puts_it(angle: float, x: float) -> None:
    text = Text("BOOOM!", Face.EMPHASIS, 40.0, x, 120.0, angle=angle)
    size = (300, 220)
    painted = rasterise(Sheet(*size, (text,)), {}, DPI, greyscale=True)
    expected = reference(text, size)
    difference = ImageChops.difference(painted, expected)
    ink = 255 - ImageStat.Stat(expected).mean[0]
    assert ink > 5  # the text is there to compare
    assert ImageStat.Stat(difference).mean[0] < 1.0
    assert inked(painted) == inked(expected)


def test_an_outline_goes_under_the_letters_of_turned_text() -> None:
    text = Text(
        "ZAP",
        Face.EMPHASIS,
        48.0,
        150.0,
        120.0,
        angle=10.0,
        colour=(0, 0, 0),
        outline=(255, 255, 255),
        outline_width=3.0,
    )
    page = Sheet(300, 220, (text,), background=(128, 128, 128))
    painted = rasterise(page, {}, DPI, greyscale=True)
    tones = {tone for count, tone in painted.getcolors(65536) if count > 50}  # type: ignore[union-attr]
    assert {0, 255, 128} <= tones  # letters, their outline, the page around them
