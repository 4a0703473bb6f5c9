"""The Bedrock image backend against a loopback fake: one request format per model family."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from manga_common.errors import (
    ConfigurationError,
    ContentFilteredError,
    InvalidModelOutputError,
    TransientError,
)
from manga_common.prompts import panel_seed
from manga_common.settings import Settings
from manga_plugins.bedrock_image import (
    NOVA_CANVAS,
    SDXL_SIZES,
    TITAN_SIZES,
    BedrockImageBackend,
    BedrockImageConfig,
    StableDiffusion35,
    fit_prompt,
    image_model_for,
)
from manga_plugins.llm.image_fit import cover
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.styles import BUILTIN_STYLES
from tests.factories import sample_panel_request
from tests.fakes import FakeBedrock, sample_png, sample_script
from tests.fakes.bedrock import amazon_image_reply, bedrock_error, image_reply_for, sd35_reply, sdxl_reply

SHONEN = BUILTIN_STYLES[0]
SDXL = "stability.stable-diffusion-xl-v1"
TITAN = "amazon.titan-image-generator-v2:0"
NOVA = "amazon.nova-canvas-v1:0"
SD35 = "stability.sd3-5-large-v1:0"
CORE = "stability.stable-image-core-v1:1"
ULTRA = "stability.stable-image-ultra-v1:1"


def make_backend(fake: FakeBedrock, model_id: str = SDXL) -> BedrockImageBackend:
    return BedrockImageBackend(
        BedrockImageConfig(model_id=model_id),
        Settings(endpoint_url=fake.url),
        RetryPolicy(sleep=lambda _: None),
    )


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


def serve_images(fake: FakeBedrock) -> None:
    fake.respond("invoke", lambda request: image_reply_for(request.json()))


def test_sdxl_request_and_an_exactly_sized_panel(bedrock: FakeBedrock) -> None:
    serve_images(bedrock)
    request = sample_panel_request(width=600, height=300)
    png = make_backend(bedrock).draw_panel(request)

    assert size_of(png) == (600, 300)
    (received,) = bedrock.received("invoke")
    assert received.path == f"/model/{SDXL}/invoke"
    assert "/bedrock/aws4_request" in received.headers["authorization"]
    body = received.json()
    assert body["text_prompts"] == [
        {"text": request.prompt, "weight": 1.0},
        {"text": request.negative_prompt, "weight": -1.0},
    ]
    assert (body["width"], body["height"]) == (1344, 768)  # the allowed size nearest 2:1
    assert (body["width"], body["height"]) in SDXL_SIZES
    assert body["style_preset"] == SHONEN.options_for("bedrock")["stability_preset"]
    assert body["seed"] == panel_seed(request.panel, request.bible, request.seed)
    assert body["cfg_scale"] == 7 and body["steps"] == 30 and body["samples"] == 1


def test_titan_request_fits_its_limits(bedrock: FakeBedrock) -> None:
    serve_images(bedrock)
    request = sample_panel_request(width=300, height=500)
    long_prompt = request.model_copy(update={"prompt": ", ".join(["a very detailed phrase"] * 60)})
    assert size_of(make_backend(bedrock, TITAN).draw_panel(long_prompt)) == (300, 500)

    body = bedrock.received("invoke")[0].json()
    assert bedrock.received("invoke")[0].params["model_id"] == TITAN
    assert body["taskType"] == "TEXT_IMAGE"
    text = body["textToImageParams"]["text"]
    assert len(text) <= 512 and text.endswith("phrase")
    assert body["textToImageParams"]["negativeText"] == request.negative_prompt
    config = body["imageGenerationConfig"]
    assert config["numberOfImages"] == 1
    assert (config["width"], config["height"]) in TITAN_SIZES
    assert 0 <= config["seed"] <= 2147483646
    assert config["cfgScale"] == 8.0


def test_nova_canvas_takes_any_size_in_steps_of_16(bedrock: FakeBedrock) -> None:
    serve_images(bedrock)
    assert size_of(
        make_backend(bedrock, "us." + NOVA).draw_panel(sample_panel_request(width=900, height=250))
    ) == (
        900,
        250,
    )
    config = bedrock.received("invoke")[0].json()["imageGenerationConfig"]
    assert config["width"] % 16 == 0 and config["height"] % 16 == 0
    assert 320 <= config["height"] < config["width"] <= 4096
    assert config["width"] / config["height"] == pytest.approx(900 / 250, rel=0.05)
    assert 0 <= config["seed"] <= 858993459


def test_sd35_request(bedrock: FakeBedrock) -> None:
    serve_images(bedrock)
    request = sample_panel_request(width=640, height=360)
    assert size_of(make_backend(bedrock, SD35).draw_panel(request)) == (640, 360)
    body = bedrock.received("invoke")[0].json()
    assert body["prompt"] == request.prompt
    assert body["negative_prompt"] == request.negative_prompt
    assert body["aspect_ratio"] == "16:9"
    assert body["output_format"] == "png" and body["mode"] == "text-to-image"
    assert body["seed"] == panel_seed(request.panel, request.bible, request.seed)


@pytest.mark.parametrize(
    ("model_id", "answer"),
    [
        (SDXL, sdxl_reply(finish_reason="CONTENT_FILTERED")),
        (
            TITAN,
            amazon_image_reply(error="All of the generated images have been blocked by our content filters."),
        ),
        (SD35, sd35_reply(finish_reason="Filter reason: output image")),
        (
            NOVA,
            bedrock_error(
                400, "ValidationException", "This request has been blocked by our content filters."
            ),
        ),
    ],
    ids=["sdxl", "titan", "sd35", "nova-input"],
)
def test_content_filtered_images_are_permanent(bedrock: FakeBedrock, model_id: str, answer: Any) -> None:
    bedrock.enqueue("invoke", answer)
    with pytest.raises(ContentFilteredError):
        make_backend(bedrock, model_id).draw_panel(sample_panel_request())
    assert len(bedrock.received("invoke")) == 1


def test_throttling_and_inference_errors_are_retried(bedrock: FakeBedrock) -> None:
    bedrock.enqueue(
        "invoke",
        bedrock_error(429, "ThrottlingException"),
        sd35_reply(finish_reason="Inference error"),
        sd35_reply(sample_png(1344, 768)),
    )
    assert size_of(make_backend(bedrock, SD35).draw_panel(sample_panel_request())) == (600, 300)
    assert len(bedrock.received("invoke")) == 3


def test_persistent_server_errors_end_as_transient(bedrock: FakeBedrock) -> None:
    bedrock.enqueue("invoke", *[bedrock_error(503, "ServiceUnavailableException")] * 3)
    with pytest.raises(TransientError):
        make_backend(bedrock).draw_panel(sample_panel_request())
    assert len(bedrock.received("invoke")) == 3


@pytest.mark.parametrize(
    "answer",
    [sdxl_reply(None), sdxl_reply(b"not a png"), amazon_image_reply(None)],
    ids=["no-image", "not-an-image", "no-images"],
)
def test_an_unusable_answer_is_invalid_output(bedrock: FakeBedrock, answer: Any) -> None:
    bedrock.enqueue("invoke", answer)
    model_id = TITAN if "images" in answer.body else SDXL
    with pytest.raises(InvalidModelOutputError):
        make_backend(bedrock, model_id).draw_panel(sample_panel_request())


def test_a_character_keeps_one_seed_across_panels(bedrock: FakeBedrock) -> None:
    serve_images(bedrock)
    backend = make_backend(bedrock)
    wide, aoi, ren = sample_script().pages[0].panels
    aoi_again = aoi.model_copy(update={"description": "Aoi runs down the stairs.", "shot": "wide"})
    for index, panel in enumerate((aoi, aoi_again, ren, wide)):
        backend.draw_panel(sample_panel_request(panel, seed=100 + index))
    seeds = [r.json()["seed"] for r in bedrock.received("invoke")]
    assert seeds[0] == seeds[1]  # Aoi leads both panels, whatever the per-panel seed
    assert seeds[2] != seeds[0]  # Ren leads this one
    assert seeds[3] == 103  # no one in the panel: the request's own seed


def test_model_ids_choose_their_request_format() -> None:
    assert (
        image_model_for("arn:aws:bedrock:us-east-1::inference-profile/us.amazon.nova-canvas-v1:0")
        is NOVA_CANVAS
    )
    assert image_model_for(SD35) is StableDiffusion35
    with pytest.raises(ConfigurationError):
        image_model_for("acme.painter-v1")
    assert BedrockImageConfig.from_env({"BEDROCK_IMAGE_MODEL_ID": TITAN}).model_id == TITAN
    assert BedrockImageConfig.from_env({}).model_id == SD35
    # The platform's first image model stays selectable.
    assert BedrockImageConfig.from_env({"BEDROCK_IMAGE_MODEL_ID": SDXL}).model_id == SDXL


def test_prompts_are_cut_at_a_phrase_boundary() -> None:
    assert fit_prompt("short", 10) == "short"
    assert fit_prompt("alpha beta, gamma delta, epsilon", 20) == "alpha beta"


def test_cover_scales_and_centre_crops() -> None:
    # A 200x100 image, left half black and right half white, cropped to a square keeps its middle.
    image = Image.new("RGB", (200, 100), "white")
    image.paste((0, 0, 0), (0, 0, 100, 100))
    source = io.BytesIO()
    image.save(source, format="PNG")
    with Image.open(io.BytesIO(cover(source.getvalue(), 50, 50))) as square:
        assert square.size == (50, 50)
        assert square.getpixel((2, 25)) == (0, 0, 0)
        assert square.getpixel((47, 25)) == (255, 255, 255)


def test_the_bedrock_endpoint_variable_wins_over_the_settings_endpoint(
    bedrock: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every other service on an emulator (Settings.endpoint_url), Bedrock can still go elsewhere."""
    serve_images(bedrock)
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.url)
    monkeypatch.setenv("BEDROCK_IMAGE_MODEL_ID", TITAN)
    backend = BedrockImageBackend(settings=Settings(endpoint_url="http://127.0.0.1:9"))
    assert size_of(backend.draw_panel(sample_panel_request(width=200, height=200))) == (200, 200)
    assert bedrock.received("invoke")[0].params["model_id"] == TITAN


@pytest.mark.parametrize("model_id", [CORE, ULTRA], ids=["core", "ultra"])
def test_stable_image_core_and_ultra_requests(bedrock: FakeBedrock, model_id: str) -> None:
    serve_images(bedrock)
    request = sample_panel_request(width=400, height=600)
    assert size_of(make_backend(bedrock, model_id).draw_panel(request)) == (400, 600)
    (received,) = bedrock.received("invoke")
    assert received.params["model_id"] == model_id
    body = received.json()
    assert set(body) == {"prompt", "negative_prompt", "aspect_ratio", "seed", "output_format"}
    assert body["aspect_ratio"] == "2:3" and body["output_format"] == "png"
    assert 0 <= body["seed"] <= 4294967294


def test_the_default_model_is_called_in_its_own_region(bedrock: FakeBedrock) -> None:
    """SD3.5 Large is served in us-west-2: the request is signed for that region, whatever the
    platform's region is."""
    serve_images(bedrock)
    config = BedrockImageConfig.from_env({"BEDROCK_IMAGE_REGION": "us-west-2"})
    backend = BedrockImageBackend(
        config, Settings(endpoint_url=bedrock.url, region="us-east-1"), RetryPolicy(sleep=lambda _: None)
    )
    backend.draw_panel(sample_panel_request())
    (received,) = bedrock.received("invoke")
    assert received.params["model_id"] == SD35
    assert "/us-west-2/bedrock/aws4_request" in received.headers["authorization"]


@pytest.mark.parametrize(
    "answer",
    [
        bedrock_error(
            404, "ResourceNotFoundException", "This model version has reached the end of its life."
        ),
        bedrock_error(
            403, "AccessDeniedException", "You don't have access to the model with the specified model ID."
        ),
        bedrock_error(400, "ValidationException", "The provided model identifier is invalid."),
    ],
    ids=["retired", "not-enabled", "not-in-region"],
)
def test_a_model_that_cannot_be_used_says_what_to_set(bedrock: FakeBedrock, answer: Any) -> None:
    bedrock.respond("invoke", lambda _: answer)
    with pytest.raises(ConfigurationError) as raised:
        make_backend(bedrock, SDXL).draw_panel(sample_panel_request())
    assert raised.value.code == "CONFIGURATION_ERROR"
    message = str(raised.value)
    assert SDXL in message and "us-east-1" in message and "BEDROCK_IMAGE_MODEL_ID" in message
    assert len(bedrock.received("invoke")) == 1, "a configuration error is not retried"
