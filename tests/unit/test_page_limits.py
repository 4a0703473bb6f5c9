"""Episodes run to 48 pages: the request, the script and the brief a text backend gets agree."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import MAX_PAGES, PreferencesRequest
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.plugins.registry import get_registry


def request(pages: int) -> PreferencesRequest:
    return PreferencesRequest(
        genres=["adventure"], art_style="shonen", target_audience="teens", content_rating="teen", pages=pages
    )


def test_a_reader_may_ask_for_up_to_48_pages() -> None:
    assert MAX_PAGES == 48
    assert request(48).pages == 48
    with pytest.raises(ValidationError, match="less than or equal to 48"):
        request(49)


def test_the_offline_engine_writes_a_48_page_episode() -> None:
    registry = get_registry()
    engine = registry.text_backends.get("offline")
    style = registry.art_styles.get("shonen")
    wanted = request(48)
    bible = engine.write_story(
        StoryBrief(preferences=wanted, insights=QlooInsights(provider="offline"), style=style, seed=3)
    )
    episode = engine.write_episode(EpisodeBrief(bible=bible, style=style, episode_number=1, seed=3, pages=48))
    assert len(episode.pages) == 48
    assert episode.problems_with(bible) == []
