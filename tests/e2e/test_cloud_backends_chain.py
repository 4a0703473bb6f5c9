"""The whole chain with every stage on the cloud backends: Bedrock and Qloo on loopback servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from image_service.references import MAIN_CAST
from manga_app.event_source_mapping import EventSourceMappings
from manga_app.generation import submit, wait_for
from manga_common.content import ContentStore
from manga_common.plugins.registry import get_registry
from manga_common.settings import Settings
from manga_common.table import MangaTable
from tests.factories import sample_preferences
from tests.fakes.bedrock import FakeBedrock
from tests.fakes.qloo import FakeQloo
from tests.fakes.samples import sample_bible, sample_script

pytestmark = pytest.mark.e2e

USER = "cloud-reader"


@pytest.fixture
def cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeBedrock, FakeQloo]]:
    with FakeBedrock() as bedrock, FakeQloo() as qloo:
        bedrock.serve_manga(sample_bible(), sample_script(pages=2))
        for name, value in {**bedrock.environment(), **qloo.environment()}.items():
            monkeypatch.setenv(name, value)
        get_registry.cache_clear()  # backends read their configuration once
        yield bedrock, qloo
    get_registry.cache_clear()


def test_bedrock_and_qloo_make_a_manga(cloud: tuple[FakeBedrock, FakeQloo], configure: object) -> None:
    bedrock, qloo = cloud
    settings, _ = configure(text_backend="bedrock", image_backend="bedrock", insights_provider="qloo")  # type: ignore[operator]
    assert isinstance(settings, Settings)
    with EventSourceMappings(settings):
        request_id = submit(sample_preferences(pages=2), USER)
        request, _ = wait_for(settings, USER, request_id, timeout=120)
    assert request.status == "COMPLETED", request.error

    table = MangaTable(settings)
    assert request.story_id and request.episode_number
    story = table.get_story(USER, request.story_id)
    episode = table.get_episode(request.story_id, request.episode_number)
    assert story is not None and story.title == sample_bible().title
    assert episode is not None and episode.pdf_s3_key
    assert ContentStore(settings).get(episode.pdf_s3_key).startswith(b"%PDF")

    panels = len(sample_script(pages=2).panels())
    calls = bedrock.received()
    text_calls = [c for c in calls if c.route == "converse"]
    image_calls = [c for c in calls if c.route == "invoke"]
    assert len(text_calls) >= 2, "a story and at least one episode part"
    leads = {character.name for character in sample_bible().characters[:MAIN_CAST]}
    assert len(image_calls) == len(leads) + panels + 1, "a sheet per lead, every panel and the cover art"
    with_a_lead = [p for p in sample_script(pages=2).panels() if leads & set(p.characters)]
    drawn_from_sheets = [c for c in image_calls if c.json().get("mode") == "image-to-image"]
    assert len(drawn_from_sheets) == len(with_a_lead) + 1, "SD3.5 draws a lead's panels over their sheet"
    assert all(c.headers["authorization"].startswith("AWS4-HMAC-SHA256") for c in calls)
    assert qloo.received("insights"), "the preferences service asked Qloo"
    (preferences_item,) = [i for i in table._table.scan()["Items"] if i.get("entity") == "Preferences"]
    assert preferences_item["insights"]["provider"] == "qloo"
