"""Panel art in the book: fitted once, kept as JPEG when painted and losslessly when line art,
and the print edition's bleed."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat
from pypdf import PdfReader

from image_service.book import BookLayout, plan_book, render_cbz, render_pdf
from image_service.book.art import fitted, is_line_art, page_ready
from image_service.book.edition import PRINT
from image_service.book.geometry import MM
from tests.fakes.book_samples import sample_bible, sample_episode, sample_style

PAGES = 2


def painted(width: int, height: int) -> bytes:
    """Continuous tone, as a model paints: smooth light and shade with grain."""
    rng = random.Random(width * height)
    small = Image.new("L", (8, 8))
    small.putdata([rng.randrange(256) for _ in range(64)])
    picture = small.resize((width, height), Image.Resampling.BICUBIC)
    picture = Image.blend(picture, Image.effect_noise((width, height), 20).filter(ImageFilter.BLUR), 0.2)
    out = io.BytesIO()
    picture.convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def line_art(width: int, height: int) -> bytes:
    picture = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((4, 4, width - 5, height - 5), outline=0, width=3)
    draw.line((0, 0, width, height), fill=0, width=2)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def episode(art: str, dpi: int = 150) -> tuple[BookLayout, dict[tuple[int, int], bytes]]:
    script = sample_episode(PAGES)
    layout = plan_book(script, sample_style(), "rtl", 5, dpi=dpi)
    draw = painted if art == "painted" else line_art
    return layout, {
        (s.page_number, s.panel_index): draw(s.width_px, s.height_px) for s in layout.panel_slots()
    }


def embedded_filters(pdf: bytes) -> set[str]:
    filters = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            value = image.indirect_reference.get_object().get("/Filter")  # type: ignore[union-attr]
            filters.add(str(value[0] if isinstance(value, list) else value))
    return filters


def test_a_model_answer_is_fitted_to_its_slot_in_one_step() -> None:
    answer = painted(1024, 1536)
    picture = fitted(answer, 300, 200, "L")
    assert (picture.size, picture.mode) == ((300, 200), "L")
    assert page_ready(picture).startswith(b"\xff\xd8"), "painted art is kept as JPEG"
    assert page_ready(fitted(line_art(300, 200), 300, 200, "L")).startswith(b"\x89PNG")


def test_fitted_art_keeps_the_detail_a_lanczos_fit_would() -> None:
    """Fitting resamples bicubically, for its CPU; the art must stay close to what a Lanczos fit
    gives, well inside what the PDF's JPEG then changes (bilinear, cruder, fails this)."""
    rng = random.Random(3)
    forms = Image.new("L", (48, 32))
    forms.putdata([rng.randrange(256) for _ in range(48 * 32)])
    grain = Image.frombytes("L", (1536, 1024), rng.randbytes(1536 * 1024)).filter(
        ImageFilter.GaussianBlur(1.0)
    )
    answer = Image.blend(forms.resize((1536, 1024), Image.Resampling.BICUBIC), grain, 0.3)
    kept_height = 1536 * 502 / 1075
    box = (0.0, (1024 - kept_height) / 2, 1536.0, (1024 + kept_height) / 2)
    reference = answer.resize((1075, 502), Image.Resampling.LANCZOS, box=box)

    def rms(a: Image.Image, b: Image.Image) -> float:
        return float(ImageStat.Stat(ImageChops.difference(a, b)).rms[0])

    as_kept = Image.open(io.BytesIO(page_ready(reference)))
    assert rms(fitted(answer, 1075, 502, "L"), reference) < rms(as_kept, reference) / 3


def test_painted_art_goes_in_as_jpeg_and_line_art_losslessly() -> None:
    assert not is_line_art(Image.open(io.BytesIO(painted(200, 100))))
    assert is_line_art(Image.open(io.BytesIO(line_art(200, 100))))
    for art, wanted in (("painted", "/DCTDecode"), ("line", "/FlateDecode")):
        layout, images = episode(art)
        pdf = render_pdf(layout, sample_bible(), sample_episode(PAGES), images)
        assert embedded_filters(pdf) == {wanted}, art


def test_cbz_pages_of_painted_art_are_jpeg_and_of_line_art_png() -> None:
    for art, extension in (("painted", ".jpg"), ("line", ".png")):
        layout, images = episode(art)
        cbz = render_cbz(layout, sample_bible(), sample_episode(PAGES), images)
        names = [n for n in zipfile.ZipFile(io.BytesIO(cbz)).namelist() if n != "ComicInfo.xml"]
        # The cover draws a panel; every page after it shows only this kind of art.
        assert all(name.endswith(extension) for name in names[1:]), (art, names)


def test_the_print_edition_has_a_3_mm_bleed_around_the_trim() -> None:
    layout, images = episode("painted", dpi=300)
    pdf = render_pdf(layout, sample_bible(), sample_episode(PAGES), images, bleed=PRINT.bleed)
    page = PdfReader(io.BytesIO(pdf)).pages[1]
    trim = layout.trim
    assert float(page.mediabox.width) == pytest.approx(trim.width + 6 * MM, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(trim.height + 6 * MM, abs=0.01)
    corners = (3 * MM, 3 * MM, 3 * MM + trim.width, 3 * MM + trim.height)
    assert [float(v) for v in page.trimbox] == pytest.approx(corners, abs=0.01)


def test_page_ready_jpeg_art_goes_into_the_pdf_without_being_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    layout, images = episode("painted")
    ready = {
        key: page_ready(fitted(art, *Image.open(io.BytesIO(art)).size, "L")) for key, art in images.items()
    }
    from PIL import JpegImagePlugin

    def refused(self: object) -> None:
        raise AssertionError("a JPEG was decoded while the PDF was painted")

    with monkeypatch.context() as patched:
        patched.setattr(JpegImagePlugin.JpegImageFile, "load", refused)
        pdf = render_pdf(layout, sample_bible(), sample_episode(PAGES), ready)
    assert embedded_filters(pdf) == {"/DCTDecode"}
