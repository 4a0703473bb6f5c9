"""Bedrock image backend (`bedrock`): panel images from a Bedrock image model.

The model is chosen by BEDROCK_IMAGE_MODEL_ID; each model family has its own request
builder and response parser (limits from the Bedrock model parameter pages):

- Stable Diffusion XL 1.0 (`stability.stable-diffusion-xl-v1`): weighted text prompts
  (negative weight -1), one of nine allowed sizes, style preset, seed 0..4294967295.
- Titan Image Generator v2 (`amazon.titan-image-generator-v2:0`) and Nova Canvas
  (`amazon.nova-canvas-v1:0`): TEXT_IMAGE task; Titan takes prompts up to 512 characters
  and a fixed list of sizes, Nova prompts up to 1024 characters and any size in steps of 16.
- Stable Diffusion 3.5 Large (`stability.sd3-5-large-v1:0`, the default: served today, in
  us-west-2), Stable Image Core (`stability.stable-image-core-v1:1`) and Stable Image Ultra
  (`stability.stable-image-ultra-v1:1`): prompt, negative prompt, aspect ratio from a fixed
  list, seed, PNG output; SD3.5 also takes the text-to-image mode.

The model draws at its nearest allowed size; the result is scaled and centre-cropped to
the panel. The seed is the panel's lead character's seed (`prompts.panel_seed`), so a
character drawn in many panels keeps one face. IAM: bedrock:InvokeModel on the model.
A model that is retired, not enabled or not offered in the region is a ConfigurationError
naming the model, the region and BEDROCK_IMAGE_MODEL_ID.
Configuration (environment): BEDROCK_IMAGE_MODEL_ID, BEDROCK_IMAGE_REGION (where the model
is served; default the platform's region), AWS_ENDPOINT_URL_BEDROCK_RUNTIME.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, ConfigDict

from manga_common.errors import (
    ConfigurationError,
    ContentFilteredError,
    InvalidModelOutputError,
    TransientError,
)
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import ArtStyle, ImageBackend, PanelImageRequest
from manga_common.prompts import panel_seed
from manga_common.settings import Settings, get_settings
from manga_plugins.bedrock_references import image_to_image_body
from manga_plugins.llm.bedrock import ENDPOINT_VARIABLE, ModelChoice, bedrock_error, bedrock_runtime
from manga_plugins.llm.config import from_environment
from manga_plugins.llm.image_fit import closest_size, cover, decoded_image
from manga_plugins.llm.retry import RetryPolicy

DEFAULT_MODEL_ID = "stability.sd3-5-large-v1:0"
MODEL_VARIABLE = "BEDROCK_IMAGE_MODEL_ID"

SDXL_SIZES = (
    (1024, 1024), (1152, 896), (1216, 832), (1344, 768), (1536, 640),
    (640, 1536), (768, 1344), (832, 1216), (896, 1152),
)  # fmt: skip
SDXL_STYLE_PRESETS = frozenset(
    {
        "3d-model", "analog-film", "anime", "cinematic", "comic-book", "digital-art", "enhance",
        "fantasy-art", "isometric", "line-art", "low-poly", "modeling-compound", "neon-punk",
        "origami", "photographic", "pixel-art", "tile-texture",
    }
)  # fmt: skip
TITAN_SIZES = (
    (1024, 1024), (768, 768), (512, 512), (768, 1152), (384, 576), (1152, 768), (576, 384),
    (768, 1280), (384, 640), (1280, 768), (640, 384), (896, 1152), (448, 576), (1152, 896),
    (576, 448), (768, 1408), (384, 704), (1408, 768), (704, 384), (640, 1408), (320, 704),
    (1408, 640), (704, 320), (1152, 640), (1173, 640),
)  # fmt: skip
SD35_ASPECT_RATIOS = ("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")


def fit_prompt(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a phrase boundary: prompts put what matters first."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    boundary = cut.rfind(", ")
    return cut[:boundary] if boundary >= limit // 2 else cut


@dataclass(frozen=True)
class Drawing:
    """What every family needs to build a request."""

    prompt: str
    negative_prompt: str
    width: int
    height: int
    seed: int
    style: ArtStyle


class ImageModel(Protocol):
    def request_body(self, drawing: Drawing) -> dict[str, Any]: ...

    def image_from(self, answer: Mapping[str, Any]) -> bytes:
        """The image bytes; ContentFilteredError, TransientError or InvalidModelOutputError."""
        ...


class StableDiffusionXL:
    PROMPT_LIMIT = 2000
    SEED_LIMIT = 4294967295

    def request_body(self, drawing: Drawing) -> dict[str, Any]:
        width, height = closest_size(drawing.width, drawing.height, SDXL_SIZES)
        prompts = [{"text": fit_prompt(drawing.prompt, self.PROMPT_LIMIT), "weight": 1.0}]
        if drawing.negative_prompt:
            prompts.append({"text": fit_prompt(drawing.negative_prompt, self.PROMPT_LIMIT), "weight": -1.0})
        body: dict[str, Any] = {
            "text_prompts": prompts,
            "cfg_scale": 7,
            "seed": drawing.seed % (self.SEED_LIMIT + 1),
            "steps": 30,
            "samples": 1,
            "width": width,
            "height": height,
        }
        # The style's Stability preset is a Bedrock-only option; one SDXL does not know is left out.
        preset = drawing.style.options_for("bedrock").get("stability_preset", "anime")
        if preset in SDXL_STYLE_PRESETS:
            body["style_preset"] = preset
        return body

    def image_from(self, answer: Mapping[str, Any]) -> bytes:
        artifacts = answer.get("artifacts") or []
        if not artifacts or not isinstance(artifacts[0], dict):
            raise InvalidModelOutputError("SDXL answered without artifacts")
        artifact = artifacts[0]
        reason = artifact.get("finishReason")
        if reason == "CONTENT_FILTERED":
            raise ContentFilteredError("SDXL's content filter blocked the panel image")
        if reason == "ERROR":
            raise TransientError("SDXL failed to generate the panel image")
        return decoded_image(artifact.get("base64"), "SDXL")


@dataclass(frozen=True)
class AmazonImageModel:
    """Titan Image Generator and Nova Canvas: the same TEXT_IMAGE task, different limits."""

    name: str
    prompt_limit: int
    seed_limit: int
    cfg_scale: float
    sizes: tuple[tuple[int, int], ...] = ()
    """Allowed sizes; empty: any multiple of 16 (Nova Canvas)."""

    def size_for(self, width: int, height: int) -> tuple[int, int]:
        if self.sizes:
            return closest_size(width, height, self.sizes)
        # About one megapixel at the panel's aspect ratio (Nova allows 1:4 to 4:1, sides 320-4096).
        ratio = min(4.0, max(0.25, width / height))
        side_w = math.sqrt(1024 * 1024 * ratio)
        w = min(4096, max(320, round(side_w / 16) * 16))
        h = min(4096, max(320, round(side_w / ratio / 16) * 16))
        return w, h

    def request_body(self, drawing: Drawing) -> dict[str, Any]:
        width, height = self.size_for(drawing.width, drawing.height)
        params = {"text": fit_prompt(drawing.prompt, self.prompt_limit)}
        if drawing.negative_prompt:
            params["negativeText"] = fit_prompt(drawing.negative_prompt, self.prompt_limit)
        return {
            "taskType": "TEXT_IMAGE",
            "textToImageParams": params,
            "imageGenerationConfig": {
                "numberOfImages": 1,
                "width": width,
                "height": height,
                "cfgScale": self.cfg_scale,
                "seed": drawing.seed % (self.seed_limit + 1),
                "quality": "standard",
            },
        }

    def image_from(self, answer: Mapping[str, Any]) -> bytes:
        error = answer.get("error")
        if error:
            if "content filter" in str(error).lower():
                raise ContentFilteredError(f"{self.name}'s content filter blocked the panel image")
            raise InvalidModelOutputError(f"{self.name} failed: {str(error)[:200]}")
        images = answer.get("images") or []
        if not images:
            raise InvalidModelOutputError(f"{self.name} answered without images")
        return decoded_image(images[0], self.name)


@dataclass(frozen=True)
class StabilityImage:
    """SD3.5 Large, Stable Image Core and Ultra: one request shape, an aspect ratio per size."""

    name: str
    text_to_image_mode: bool = False
    """SD3.5 takes `mode` (text-to-image or image-to-image); Core and Ultra draw from text only."""

    PROMPT_LIMIT = 10000
    SEED_LIMIT = 4294967294

    @staticmethod
    def aspect_ratio(width: int, height: int) -> str:
        def ratio(name: str) -> float:
            w, h = name.split(":")
            return int(w) / int(h)

        return min(SD35_ASPECT_RATIOS, key=lambda name: abs(ratio(name) - width / height))

    def request_body(self, drawing: Drawing) -> dict[str, Any]:
        body: dict[str, Any] = {"prompt": fit_prompt(drawing.prompt, self.PROMPT_LIMIT)}
        if self.text_to_image_mode:
            body["mode"] = "text-to-image"
        body.update(
            {
                "aspect_ratio": self.aspect_ratio(drawing.width, drawing.height),
                "seed": drawing.seed % (self.SEED_LIMIT + 1),
                "output_format": "png",
            }
        )
        if drawing.negative_prompt:
            body["negative_prompt"] = fit_prompt(drawing.negative_prompt, self.PROMPT_LIMIT)
        return body

    def image_from(self, answer: Mapping[str, Any]) -> bytes:
        for reason in answer.get("finish_reasons") or []:
            if reason is None:
                continue
            if str(reason).lower().startswith("filter reason"):
                raise ContentFilteredError(f"{self.name}'s content filter blocked the panel image ({reason})")
            raise TransientError(f"{self.name} failed to generate the panel image ({reason})")
        images = answer.get("images") or []
        if not images:
            raise InvalidModelOutputError(f"{self.name} answered without images")
        return decoded_image(images[0], self.name)


StableDiffusion35 = StabilityImage("SD3.5", text_to_image_mode=True)
StableImageCore = StabilityImage("Stable Image Core")
StableImageUltra = StabilityImage("Stable Image Ultra")


TITAN_IMAGE_V2 = AmazonImageModel(
    "Titan Image Generator", prompt_limit=512, seed_limit=2147483646, cfg_scale=8.0, sizes=TITAN_SIZES
)
NOVA_CANVAS = AmazonImageModel("Nova Canvas", prompt_limit=1024, seed_limit=858993459, cfg_scale=6.5)

# Model id fragments (an id may carry a cross-region prefix such as "us." or be an ARN).
MODEL_FAMILIES: tuple[tuple[str, ImageModel], ...] = (
    ("stability.stable-diffusion-xl", StableDiffusionXL()),
    ("amazon.titan-image-generator", TITAN_IMAGE_V2),
    ("amazon.nova-canvas", NOVA_CANVAS),
    ("stability.sd3", StableDiffusion35),
    ("stability.stable-image-core", StableImageCore),
    ("stability.stable-image-ultra", StableImageUltra),
)


def image_model_for(model_id: str) -> ImageModel:
    for fragment, family in MODEL_FAMILIES:
        if fragment in model_id:
            return family
    known = ", ".join(fragment for fragment, _ in MODEL_FAMILIES)
    raise ConfigurationError(f"no request format for image model {model_id!r} (known: {known})")


class BedrockImageConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    model_id: str = DEFAULT_MODEL_ID
    region: str | None = None
    """Where the model is served (SD3.5 Large and Stable Image are in us-west-2); None: the
    platform's region."""
    endpoint_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BedrockImageConfig:
        variables = {
            "model_id": MODEL_VARIABLE,
            "region": "BEDROCK_IMAGE_REGION",
            "endpoint_url": ENDPOINT_VARIABLE,
        }
        return from_environment(cls, variables, environ)


class BedrockImageBackend:
    name = "bedrock"

    def __init__(
        self,
        config: BedrockImageConfig | None = None,
        settings: Settings | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._config = config
        self._settings = settings
        self._retry = retry or RetryPolicy()
        self._client: Any = None

    @property
    def config(self) -> BedrockImageConfig:
        if self._config is None:
            self._config = BedrockImageConfig.from_env()
        return self._config

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = bedrock_runtime(
                self._settings or get_settings(), self.config.endpoint_url, self.config.region
            )
        return self._client

    def warm(self) -> None:
        """Build the runtime client now, not on the first request (see `warm_up`)."""
        _ = self.client

    @property
    def choice(self) -> ModelChoice:
        region = self.config.region or (self._settings or get_settings()).region
        return ModelChoice(self.config.model_id, region, MODEL_VARIABLE)

    @property
    def accepts_references(self) -> bool:
        """SD3.5 draws image-to-image from the lead's reference sheet (manga_plugins.bedrock_references)."""
        return bool(getattr(image_model_for(self.config.model_id), "text_to_image_mode", False))

    def draw_panel(self, request: PanelImageRequest) -> bytes:
        model_id = self.config.model_id
        model = image_model_for(model_id)
        drawing = Drawing(
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            width=request.width,
            height=request.height,
            seed=panel_seed(request.panel, request.bible, request.seed),
            style=request.style,
        )
        request_body = model.request_body(drawing)
        if request.references and self.accepts_references:
            sheet = request.references[0].png
            request_body = image_to_image_body(request_body, sheet, request.width, request.height)
        body = json.dumps(request_body)

        def attempt() -> bytes:
            try:
                response = self.client.invoke_model(
                    modelId=model_id, body=body, contentType="application/json", accept="application/json"
                )
                answer = json.loads(response["body"].read())
            except (ClientError, BotoCoreError) as error:
                raise bedrock_error(error, model_id, self.choice) from error
            except json.JSONDecodeError:
                raise InvalidModelOutputError(f"{model_id} answered with a body that is not JSON") from None
            return model.image_from(answer)

        image = self._retry.call(attempt, what="bedrock image")
        return cover(image, request.width, request.height)


@hookimpl
def register_image_backends(register: Callable[[ImageBackend], None]) -> None:
    register(BedrockImageBackend())
