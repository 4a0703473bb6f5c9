"""OpenAI-compatible image backend (`openai`): `POST {base}/v1/images/generations` or `/edits`.

Asks for one image as base64 (`response_format: b64_json`; gpt-image models always answer
so and take no such field) at the configured size nearest the panel's aspect ratio; a panel
that comes with its cast's reference sheets goes to `POST {base}/v1/images/edits` instead, as
multipart form data with the sheets as `image[]` parts, so the model copies the faces. Then it
scales and crops it to the panel (`draw_panel`), or hands it back untouched (`draw_raw`).
The images API takes no seed: without sheets, characters stay recognisable through their
look, restated in every prompt. A content-policy refusal is a ContentFilteredError.
Configuration: see `manga_plugins.llm.openai_compat`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manga_common.errors import InvalidModelOutputError
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import ImageBackend, PanelImageRequest
from manga_plugins.llm.image_fit import closest_size, cover, decoded_image
from manga_plugins.llm.openai_compat import OpenAIClient, OpenAIConfig
from manga_plugins.llm.retry import RetryPolicy

PROMPT_LIMIT = 4000
MAX_REFERENCES = 16
"""The most input images the edits API takes in one request (gpt-image-1)."""


class OpenAIImageBackend:
    name = "openai"
    accepts_references = True

    def __init__(self, config: OpenAIConfig | None = None, retry: RetryPolicy | None = None) -> None:
        self._config = config
        self._retry = retry
        self._client: OpenAIClient | None = None

    @property
    def client(self) -> OpenAIClient:
        if self._client is None:
            self._client = OpenAIClient(self._config or OpenAIConfig.from_env(), self._retry)
        return self._client

    def warm(self) -> None:
        self.client.warm()

    def draw_panel(self, request: PanelImageRequest) -> bytes:
        """A PNG of exactly the panel's size: the model's image, scaled and cropped."""
        return cover(self.draw_raw(request), request.width, request.height)

    def draw_raw(self, request: PanelImageRequest) -> bytes:
        """The image as the model returned it (at the allowed size nearest the panel's shape).

        The image stage calls this when it can, and fits the answer to the panel on threads of
        its own, so a model-call slot is never held by decoding and resizing.
        """
        config = self.client.config
        width, height = closest_size(request.width, request.height, config.image_sizes)
        prompt = request.prompt
        if request.negative_prompt:
            # The images API has no negative prompt; the avoid-list rides along in words.
            prompt = f"{prompt}. Avoid: {request.negative_prompt}"
        body: dict[str, Any] = {
            "model": config.image_model,
            "prompt": prompt[:PROMPT_LIMIT],
            "n": 1,
            "size": f"{width}x{height}",
        }
        if config.image_model.startswith("gpt-image"):
            # A painting travels and decodes far lighter as JPEG than as PNG, at no visible cost.
            body["output_format"] = "jpeg"
        else:
            body["response_format"] = "b64_json"
        if request.references:
            answer = self.client.post_multipart(
                "/v1/images/edits", {k: str(v) for k, v in body.items()}, reference_files(request)
            )
        else:
            answer = self.client.post_json("/v1/images/generations", body)
        data = answer.get("data")
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            raise InvalidModelOutputError("the images API answered without data")
        return decoded_image(data[0].get("b64_json"), "the images API")


def reference_files(request: PanelImageRequest) -> list[tuple[str, tuple[str, bytes, str]]]:
    """The cast's reference sheets as the edits API takes several images: repeated `image[]` parts."""
    return [
        ("image[]", (f"reference-{index + 1}.png", reference.png, "image/png"))
        for index, reference in enumerate(request.references[:MAX_REFERENCES])
    ]


@hookimpl
def register_image_backends(register: Callable[[ImageBackend], None]) -> None:
    register(OpenAIImageBackend())
