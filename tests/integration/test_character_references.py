"""Reference sheets: drawn once per story, and sent with each panel to a backend that takes images.

The wire format is checked on a loopback OpenAI-compatible server: `/v1/images/edits` as
multipart form data, one `image[]` part per sheet of the panel's cast.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, cast

import pytest
from PIL import Image

from image_service.book import plan_book
from image_service.logic import art_jobs
from image_service.references import (
    MAIN_CAST,
    Cast,
    compact,
    draw_references,
    referenced_jobs,
    sheet_request,
    with_references,
)
from manga_common import content
from manga_common.context import ServiceContext
from manga_common.plugins.interfaces import CharacterReference, PanelImageRequest, accepts_references
from manga_common.prompts import panel_seed
from manga_plugins.llm.openai_compat import OpenAIConfig
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.openai_image import OpenAIImageBackend
from manga_plugins.styles import BUILTIN_STYLES
from tests.conftest import fresh_settings
from tests.factories import sample_panel_request
from tests.fakes import FakeOpenAI, sample_bible, sample_png, sample_script
from tests.fakes.openai import form_fields, form_parts

STYLE = BUILTIN_STYLES[0]


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key="sk-test") as fake:
        fake.serve_manga(sample_bible(), sample_script())
        yield fake


def backend(fake: FakeOpenAI, **values: Any) -> OpenAIImageBackend:
    config = OpenAIConfig.model_validate({"base_url": f"{fake.url}/v1", "api_key": "sk-test", **values})
    return OpenAIImageBackend(config, RetryPolicy(sleep=lambda _: None))


def test_a_panel_with_references_goes_to_the_edits_api_as_multipart(server: FakeOpenAI) -> None:
    sheets = (
        CharacterReference(name="Aiko", png=sample_png(64, 96)),
        CharacterReference(name="Ren", png=sample_png(96, 64)),
    )
    request = sample_panel_request(references=sheets, width=700, height=400, seed=1, panel_index=1)
    png = backend(server, image_model="gpt-image-1").draw_panel(request)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (700, 400)

    assert server.received("images") == []
    (received,) = server.received("edits")
    assert received.path == "/v1/images/edits"
    assert received.headers["authorization"] == "Bearer sk-test"
    fields = form_fields(received)
    assert fields["model"] == "gpt-image-1"
    assert fields["n"] == "1"
    assert fields["prompt"].startswith(request.prompt)
    assert "response_format" not in fields  # gpt-image models always answer in base64
    images = [part for part in form_parts(received) if part.filename is not None]
    assert [(part.name, part.content_type) for part in images] == [("image[]", "image/png")] * 2
    assert [part.data for part in images] == [sheet.png for sheet in sheets]


def test_a_panel_without_references_still_goes_to_generations(server: FakeOpenAI) -> None:
    backend(server).draw_panel(
        sample_panel_request(references=(), width=700, height=400, seed=1, panel_index=1)
    )
    assert len(server.received("images")) == 1
    assert server.received("edits") == []


def test_a_sheet_is_drawn_from_the_look_with_the_character_s_own_seed() -> None:
    bible = sample_bible()
    lead = bible.characters[0]
    request = sheet_request(lead, bible, STYLE, seed=99, reading_direction="rtl")
    assert lead.look.describe() in request.prompt
    assert request.seed == panel_seed(request.panel, bible, 99)
    assert request.panel.characters == [lead.name]
    assert request.height > request.width


def test_the_stage_draws_each_lead_s_sheet_once_and_hands_a_panel_its_cast(
    aws_endpoint: str, server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from manga_app.provision import provision
    from manga_common.settings import get_settings

    settings = fresh_settings(aws_endpoint)
    provision(settings)
    for name, value in settings.to_env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    deps = ServiceContext()
    bible, script = sample_bible(), sample_script()
    layout = plan_book(script, STYLE, "rtl", 5)
    jobs = art_jobs(layout, bible, script, STYLE, 5, "reader", "story-1", 1)
    images = backend(server)
    assert accepts_references(images)

    referenced = referenced_jobs(jobs, Cast(bible, STYLE, 5, "rtl", "reader", "story-1"), images, deps)
    cast = bible.characters[:MAIN_CAST]
    assert len(server.received("images")) == len(cast)  # one sheet each, before any panel
    for index, asked in enumerate(server.received("images")):
        # Kept as the model drew it, not decoded and re-encoded on the way to the panels.
        width, height = (int(v) for v in asked.json()["size"].split("x"))
        stored_sheet = deps.store.get(content.character_sheet_key("reader", "story-1", index))
        assert stored_sheet == sample_png(width, height)
    for job in referenced:
        expected = [name for name in job.request.panel.characters if name in {c.name for c in cast}]
        assert [sheet.name for sheet in job.request.references] == expected

    # Another episode of the story reads the same sheets back instead of drawing them again.
    again = draw_references(Cast(bible, STYLE, 6, "rtl", "reader", "story-1"), images, deps)
    assert len(server.received("images")) == len(cast)
    stored = [deps.store.get(content.character_sheet_key("reader", "story-1", i)) for i in range(len(cast))]
    assert [sheet.png for sheet in again] == [compact(png) for png in stored]
    get_settings.cache_clear()


def test_panels_carry_a_small_copy_of_each_sheet() -> None:
    big = sample_png(768, 1024)
    with Image.open(io.BytesIO(compact(big))) as small:
        assert small.size == (384, 512)
    tiny = sample_png(64, 96)
    assert compact(tiny) == tiny


def test_backends_that_take_no_images_get_the_jobs_unchanged() -> None:
    bible, script = sample_bible(), sample_script()
    layout = plan_book(script, STYLE, "rtl", 5)
    jobs = art_jobs(layout, bible, script, STYLE, 5, "reader", "story-1", 1)

    class TextOnly:
        name = "text-only"

        def draw_panel(self, request: PanelImageRequest) -> bytes:
            raise AssertionError("no sheet is drawn for a backend that cannot use it")

    no_aws = cast(ServiceContext, None)  # nothing is drawn or stored for such a backend
    unchanged = referenced_jobs(jobs, Cast(bible, STYLE, 5, "rtl", "u", "s"), TextOnly(), no_aws)
    assert unchanged == jobs
    assert all(job.request.references == () for job in with_references(jobs, ()))
