"""The episode's PDF and CBZ: what readers, viewers and library servers will open."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Any, cast

import pytest
import xmlschema
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from image_service.book import BookLayout, plan_book, render_cbz, render_pdf
from image_service.book.comicinfo import SCHEMA, PageEntry, comic_info_xml
from image_service.book.geometry import MM
from manga_common.models.preferences import ContentRating, ReadingDirection
from tests.fakes.book_samples import all_panel_art, panel_art, sample_bible, sample_episode, sample_style

PAGES = 4


@cache
def book(
    direction: ReadingDirection = "rtl",
) -> tuple[BookLayout, dict[tuple[int, int], bytes], bytes, bytes]:
    script, bible = sample_episode(PAGES), sample_bible()
    layout = plan_book(script, sample_style(), direction, 21)
    slots = [(s.page_number, s.panel_index, s.width_px, s.height_px) for s in layout.panel_slots()]
    images = all_panel_art(script, slots)
    return (
        layout,
        images,
        render_pdf(layout, bible, script, images),
        render_cbz(layout, bible, script, images),
    )


def pdf_reader(direction: ReadingDirection = "rtl") -> PdfReader:
    return PdfReader(io.BytesIO(book(direction)[2]))


def cbz_archive(direction: ReadingDirection = "rtl") -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(book(direction)[3]))


def comic_info(xml: bytes) -> dict[str, Any]:
    """ComicInfo.xml as a dict, after validating it against the vendored schema."""
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(xml)
    return cast(dict[str, Any], schema.to_dict(xml))


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_has_a_cover_then_every_page_at_b5() -> None:
    reader = pdf_reader()
    assert len(reader.pages) == 1 + PAGES
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(182 * MM, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(257 * MM, abs=0.01)


def test_the_pdf_text_is_real_and_searchable() -> None:
    reader = pdf_reader()
    cover = normalised(reader.pages[0].extract_text())
    bible, script = sample_bible(), sample_episode(PAGES)
    assert bible.title in cover
    assert bible.tagline in cover
    assert all(character.name in cover for character in bible.characters)
    story = normalised(" ".join(page.extract_text() for page in reader.pages[1:]))
    lines = [line.text for panel in script.panels() for line in panel.dialogue]
    assert "The lighthouse has been dark for three nights now" in story
    found = [line for line in lines if normalised(line) in story]
    assert len(found) >= len(lines) * 0.9


def test_the_pdf_embeds_its_fonts() -> None:
    reader = pdf_reader()
    names = set()
    for page in reader.pages:
        resources = cast(DictionaryObject, page["/Resources"])
        for reference in cast(DictionaryObject, resources["/Font"]).values():
            font = cast(DictionaryObject, reference.get_object())
            descriptor = cast(DictionaryObject, font["/FontDescriptor"])
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            names.add(str(font["/BaseFont"]))
    assert any("ComicNeue-Regular" in name for name in names)
    assert any("ComicNeue-Bold" in name for name in names)


def test_the_pdf_describes_itself() -> None:
    reader = pdf_reader()
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "The Tide Door \u2013 Episode 1: The Night the Light Went Out"
    assert meta.author == "Manga Platform"
    assert meta.subject == sample_episode(PAGES).summary
    assert "mystery" in (meta.get("/Keywords") or "")
    catalogue = cast(DictionaryObject, reader.trailer["/Root"])
    assert cast(DictionaryObject, catalogue["/ViewerPreferences"])["/Direction"] == "/R2L"
    assert "/ViewerPreferences" not in cast(DictionaryObject, pdf_reader("ltr").trailer["/Root"])


def test_every_panel_is_placed_as_an_image() -> None:
    reader = pdf_reader()
    script = sample_episode(PAGES)
    assert len(reader.pages[0].images) == 1
    for page, pdf_page in zip(script.pages, reader.pages[1:], strict=True):
        assert len(pdf_page.images) == len(page.panels)


def test_comic_info_validates_against_the_published_schema() -> None:
    expected: tuple[tuple[ReadingDirection, str], ...] = (("rtl", "YesAndRightToLeft"), ("ltr", "No"))
    for direction, manga in expected:
        info = comic_info(cbz_archive(direction).read("ComicInfo.xml"))
        assert info["Manga"] == manga
        assert info["Title"] == "The Night the Light Went Out"
        assert info["Series"] == "The Tide Door"
        assert info["Number"] == "1"
        assert info["AgeRating"] == "Teen"
        assert info["Genre"] == "mystery, adventure"
        assert info["PageCount"] == 1 + PAGES


@pytest.mark.parametrize(
    ("rating", "expected"), [("all-ages", "Everyone"), ("teen", "Teen"), ("mature", "Mature 17+")]
)
def test_every_content_rating_maps_to_an_age_rating_the_schema_allows(
    rating: ContentRating, expected: str
) -> None:
    xml = comic_info_xml(
        sample_bible(rating),
        sample_episode(1),
        [PageEntry(10, 20, 30, front_cover=True), PageEntry(10, 20, 30)],
        reading_direction="rtl",
        black_and_white=True,
        series="Series override",
        summary="Summary override",
    )
    info = comic_info(xml)
    assert info["AgeRating"] == expected
    assert info["Series"] == "Series override" and info["Summary"] == "Summary override"


def test_the_cbz_holds_sorted_page_images_matching_comic_info_and_the_pdf() -> None:
    archive = cbz_archive()
    names = archive.namelist()
    pages = sorted(name for name in names if name != "ComicInfo.xml")
    assert "ComicInfo.xml" in names
    assert pages == [f"{index:03d}.png" for index in range(1 + PAGES)]
    info = comic_info(archive.read("ComicInfo.xml"))
    assert info["PageCount"] == len(pages) == len(pdf_reader().pages)
    entries = info["Pages"]["Page"]
    assert [entry["@Image"] for entry in entries] == list(range(len(pages)))
    assert entries[0]["@Type"] == ["FrontCover"]
    for name, entry in zip(pages, entries, strict=True):
        data = archive.read(name)
        image = Image.open(io.BytesIO(data))
        assert image.size == (entry["@ImageWidth"], entry["@ImageHeight"]) == (1075, 1518)  # JIS B5, 150 dpi
        assert entry["@ImageSize"] == len(data)
        assert image.mode == "L"


def test_cbz_pages_show_the_panel_art_where_the_layout_puts_it() -> None:
    layout, images, _, _ = book()
    archive = cbz_archive()
    page_image = Image.open(io.BytesIO(archive.read("001.png"))).convert("L")
    for frame in layout.pages[0].frames:
        art = Image.open(io.BytesIO(images[(1, frame.panel_index)])).convert("L")
        inner = frame.inner_box
        # A point inside the frame, away from lettering: the art's own pixel shows through.
        for fx, fy in ((0.02, 0.98), (0.98, 0.98), (0.5, 0.99)):
            x, y = inner.x + fx * inner.width, inner.y + fy * inner.height
            page_px = cast(int, page_image.getpixel((round(x * 150 / 72), round(y * 150 / 72))))
            art_px = cast(
                int,
                art.getpixel(
                    (round((x - frame.art_box.x) * 150 / 72), round((y - frame.art_box.y) * 150 / 72))
                ),
            )
            if page_px in (0, 255):
                continue  # lettering or a frame line happens to sit here
            assert abs(page_px - art_px) <= 40


def test_a_colour_book_stores_jpeg_pages_and_says_so() -> None:
    script, bible = sample_episode(1), sample_bible()
    layout = plan_book(script, sample_style(color=True), "ltr", 4)
    images = {
        (s.page_number, s.panel_index): panel_art(s.width_px, s.height_px) for s in layout.panel_slots()
    }
    archive = zipfile.ZipFile(io.BytesIO(render_cbz(layout, bible, script, images, series="Tides")))
    assert sorted(archive.namelist()) == ["000.jpg", "001.jpg", "ComicInfo.xml"]
    info = comic_info(archive.read("ComicInfo.xml"))
    assert info["BlackAndWhite"] == "No" and info["Manga"] == "No" and info["Series"] == "Tides"


def test_a_dedicated_cover_picture_replaces_the_panel_on_the_cover() -> None:
    script, bible = sample_episode(1), sample_bible()
    layout = plan_book(script, sample_style(), "rtl", 4)
    images = {
        (s.page_number, s.panel_index): panel_art(s.width_px, s.height_px) for s in layout.panel_slots()
    }
    cover = io.BytesIO()
    Image.new("RGB", (600, 800), (10, 10, 10)).save(cover, "PNG")
    pdf = PdfReader(io.BytesIO(render_pdf(layout, bible, script, images, cover_art=cover.getvalue())))
    cover_image = pdf.pages[0].images[0].image
    assert cover_image is not None and cover_image.size == (600, 800)


def test_the_same_book_gives_the_same_bytes() -> None:
    layout, images, pdf, cbz = book()
    script, bible = sample_episode(PAGES), sample_bible()
    assert render_pdf(layout, bible, script, images) == pdf
    assert render_cbz(layout, bible, script, images) == cbz


def test_missing_art_is_reported_by_panel() -> None:
    layout, images, _, _ = book()
    script, bible = sample_episode(PAGES), sample_bible()
    partial = {key: value for key, value in images.items() if key != (2, 1)}
    with pytest.raises(KeyError, match="page 2 panel 1"):
        render_pdf(layout, bible, script, partial)
