"""The offline backends and the book together: what `make run` makes, without AWS in between.

Whole pipelines (a few seconds each), so they sit with the integration tests.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from image_service.book import plan_book
from image_service.logic import art_requests, letter_episode
from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import PreferencesRequest
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.plugins.registry import get_registry
from tests.factories import sample_preferences


def make_episode(preferences: PreferencesRequest, seed: int) -> tuple[str, bytes, bytes]:
    """(title, PDF, CBZ) from the offline engine, the offline renderer and the book."""
    registry = get_registry()
    style = registry.art_styles.get(preferences.art_style)
    engine = registry.text_backends.get("offline")
    bible = engine.write_story(
        StoryBrief(preferences=preferences, insights=QlooInsights(), style=style, seed=seed)
    )
    script = engine.write_episode(
        EpisodeBrief(bible=bible, style=style, episode_number=1, seed=seed, pages=preferences.pages)
    )
    layout = plan_book(script, style, preferences.reading_direction, seed)
    backend = registry.image_backends.get("offline")
    art = {
        (slot.page_number, slot.panel_index): backend.draw_panel(request)
        for slot, request in art_requests(layout, bible, script, style, seed)
    }
    return (bible.title, *letter_episode(layout, bible, script, art))


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def cbz_pages(cbz: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(cbz)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith(".xml")}


def test_same_seed_same_text_and_page_images() -> None:
    preferences = sample_preferences(pages=3)
    first, second = make_episode(preferences, 11), make_episode(preferences, 11)
    assert first[0] == second[0]
    assert pdf_text(first[1]) == pdf_text(second[1])
    assert cbz_pages(first[2]) == cbz_pages(second[2])


@pytest.mark.parametrize(
    "other",
    [
        {"genres": ["horror", "mystery"], "artStyle": "noir", "contentRating": "mature"},
        {"genres": ["sports", "comedy"], "artStyle": "chibi", "targetAudience": "children"},
    ],
)
def test_different_taste_gives_a_different_manga(other: dict[str, object]) -> None:
    base_title, base_pdf, base_cbz = make_episode(sample_preferences(pages=2), 11)
    title, pdf, cbz = make_episode(sample_preferences(pages=2, **other), 11)
    assert title != base_title
    assert pdf_text(pdf)[1:] != pdf_text(base_pdf)[1:]
    assert set(cbz_pages(cbz).values()).isdisjoint(cbz_pages(base_cbz).values())
