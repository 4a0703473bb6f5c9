"""SD3.5 on Bedrock draws a panel image-to-image from its lead's reference sheet (loopback fake)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import pytest
from PIL import Image

from manga_common.plugins.interfaces import CharacterReference, PanelImageRequest, accepts_references
from manga_common.prompts import PromptTemplates, panel_prompt, panel_seed
from manga_common.settings import Settings
from manga_plugins.bedrock_image import BedrockImageBackend, BedrockImageConfig
from manga_plugins.bedrock_references import DEFAULT_STRENGTH, reference_canvas
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.styles import BUILTIN_STYLES
from manga_plugins.templates import BUILTIN_TEMPLATES
from tests.fakes import FakeBedrock, sample_bible, sample_png, sample_script
from tests.fakes.bedrock import image_reply_for, sd35_reply

SD35 = "stability.sd3-5-large-v1:0"
SDXL = "stability.stable-diffusion-xl-v1"
STYLE = BUILTIN_STYLES[0]
TEMPLATES = PromptTemplates([BUILTIN_TEMPLATES])


@pytest.fixture
def bedrock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBedrock]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    with FakeBedrock() as fake:
        yield fake


def backend(fake: FakeBedrock, model_id: str) -> BedrockImageBackend:
    return BedrockImageBackend(
        BedrockImageConfig(model_id=model_id),
        Settings(endpoint_url=fake.url),
        RetryPolicy(sleep=lambda _: None),
    )


def request_with(references: tuple[CharacterReference, ...]) -> PanelImageRequest:
    bible, panel = sample_bible(), sample_script().pages[0].panels[1]
    prompt, negative = panel_prompt(panel, bible, STYLE, TEMPLATES)
    return PanelImageRequest(
        prompt=prompt,
        negative_prompt=negative,
        width=600,
        height=300,
        seed=11,
        style=STYLE,
        panel=panel,
        bible=bible,
        page_number=1,
        panel_index=1,
        references=references,
    )


def test_sd35_draws_image_to_image_from_the_lead_s_sheet(bedrock: FakeBedrock) -> None:
    bedrock.respond("invoke", lambda request: sd35_reply(sample_png(1024, 512)))
    sheet = CharacterReference(name="lead", png=sample_png(96, 128))
    request = request_with((sheet, CharacterReference(name="other", png=sample_png(64, 64))))
    images = backend(bedrock, SD35)
    assert accepts_references(images)
    png = images.draw_panel(request)
    with Image.open(io.BytesIO(png)) as drawn:
        assert drawn.size == (600, 300)

    (received,) = bedrock.received("invoke")
    body = received.json()
    assert body["mode"] == "image-to-image"
    assert "aspect_ratio" not in body  # image-to-image output takes the input's shape
    assert body["strength"] == DEFAULT_STRENGTH
    assert body["prompt"] == request.prompt and body["negative_prompt"] == request.negative_prompt
    assert body["seed"] == panel_seed(request.panel, request.bible, request.seed)
    assert body["output_format"] == "png"
    with Image.open(io.BytesIO(base64.b64decode(body["image"]))) as canvas:
        assert canvas.format == "PNG"
        assert canvas.size == (1024, 512)  # the panel's 2:1 shape, the sheet centred on it
    assert base64.b64decode(body["image"]) == reference_canvas(sheet.png, 600, 300)


def test_without_sheets_sd35_stays_text_to_image(bedrock: FakeBedrock) -> None:
    bedrock.respond("invoke", lambda request: image_reply_for(request.json()))
    backend(bedrock, SD35).draw_panel(request_with(()))
    body = bedrock.received("invoke")[0].json()
    assert body["mode"] == "text-to-image" and "image" not in body and "aspect_ratio" in body


def test_families_without_image_input_take_no_sheets(bedrock: FakeBedrock) -> None:
    bedrock.respond("invoke", lambda request: image_reply_for(request.json()))
    images = backend(bedrock, SDXL)
    assert not accepts_references(images)
    images.draw_panel(request_with((CharacterReference(name="lead", png=sample_png(64, 64)),)))
    assert "init_image" not in bedrock.received("invoke")[0].json()
