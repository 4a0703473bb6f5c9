"""SD3.5 on Bedrock draws a panel image-to-image from its lead's reference sheet (loopback fake)."""

from __future__ import annotations

import base64
import io

from PIL import Image

from manga_common.plugins.interfaces import CharacterReference, accepts_references
from manga_common.prompts import panel_seed
from manga_common.settings import Settings
from manga_plugins.bedrock_image import BedrockImageBackend, BedrockImageConfig
from manga_plugins.bedrock_references import DEFAULT_STRENGTH, reference_canvas
from manga_plugins.llm.retry import RetryPolicy
from tests.factories import sample_panel_request
from tests.fakes import FakeBedrock, sample_png
from tests.fakes.bedrock import image_reply_for, sd35_reply

SD35 = "stability.sd3-5-large-v1:0"
SDXL = "stability.stable-diffusion-xl-v1"


def backend(fake: FakeBedrock, model_id: str) -> BedrockImageBackend:
    return BedrockImageBackend(
        BedrockImageConfig(model_id=model_id),
        Settings(endpoint_url=fake.url),
        RetryPolicy(sleep=lambda _: None),
    )


def test_sd35_draws_image_to_image_from_the_lead_s_sheet(bedrock: FakeBedrock) -> None:
    bedrock.respond("invoke", lambda request: sd35_reply(sample_png(1024, 512)))
    sheet = CharacterReference(name="lead", png=sample_png(96, 128))
    request = sample_panel_request(
        references=(sheet, CharacterReference(name="other", png=sample_png(64, 64))), panel_index=1
    )
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
    backend(bedrock, SD35).draw_panel(sample_panel_request(panel_index=1))
    body = bedrock.received("invoke")[0].json()
    assert body["mode"] == "text-to-image" and "image" not in body and "aspect_ratio" in body


def test_families_without_image_input_take_no_sheets(bedrock: FakeBedrock) -> None:
    bedrock.respond("invoke", lambda request: image_reply_for(request.json()))
    images = backend(bedrock, SDXL)
    assert not accepts_references(images)
    images.draw_panel(
        sample_panel_request(
            references=(CharacterReference(name="lead", png=sample_png(64, 64)),), panel_index=1
        )
    )
    assert "init_image" not in bedrock.received("invoke")[0].json()
