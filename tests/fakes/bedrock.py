"""A fake Bedrock runtime: Converse and InvokeModel, text and image models, SigV4 checked."""

from __future__ import annotations

import base64
import json
from typing import Any

from manga_common.models.script import EpisodeScript, StoryBible
from tests.fakes.samples import manga_answer, sample_png
from tests.fakes.server import Canned, FakeServer, Received

SD35_SIZES = {
    "1:1": (1024, 1024), "16:9": (1344, 768), "21:9": (1536, 640), "2:3": (832, 1216), "3:2": (1216, 832),
    "4:5": (896, 1088), "5:4": (1088, 896), "9:16": (768, 1344), "9:21": (640, 1536),
}  # fmt: skip


def converse_reply(text: str, stop_reason: str = "end_turn") -> Canned:
    return Canned(
        body={
            "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
            "stopReason": stop_reason,
            "usage": {"inputTokens": 100, "outputTokens": 200, "totalTokens": 300},
            "metrics": {"latencyMs": 12},
        }
    )


def converse_tool_reply(tool_input: Any, name: str = "write_answer") -> Canned:
    """A Converse answer that is a tool call (what a forced toolChoice gets back)."""
    block = {"toolUse": {"toolUseId": "tooluse_fake", "name": name, "input": tool_input}}
    return Canned(
        body={
            "output": {"message": {"role": "assistant", "content": [block]}},
            "stopReason": "tool_use",
            "usage": {"inputTokens": 100, "outputTokens": 200, "totalTokens": 300},
            "metrics": {"latencyMs": 12},
        }
    )


def anthropic_reply(text: str, stop_reason: str = "end_turn", **extra: Any) -> Canned:
    return Canned(
        body={
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": "claude",
            "content": [{"type": "text", "text": text}],
            "stop_reason": stop_reason,
            "usage": {"input_tokens": 100, "output_tokens": 200},
            **extra,
        }
    )


def bedrock_error(status: int, code: str, message: str = "fake error", delay: float = 0.0) -> Canned:
    """An error as Bedrock sends it: the code in x-amzn-ErrorType, the message in the body."""
    return Canned(
        status,
        {"message": message},
        {"x-amzn-ErrorType": f"{code}:http://internal.amazon.com/coral/com.amazon.bedrock/"},
        delay,
    )


def _b64(png: bytes) -> str:
    return base64.b64encode(png).decode()


def sdxl_reply(png: bytes | None = None, finish_reason: str = "SUCCESS") -> Canned:
    artifact = {"seed": 1, "finishReason": finish_reason, "base64": _b64(png) if png else None}
    return Canned(body={"result": "success", "artifacts": [artifact]})


def amazon_image_reply(png: bytes | None = None, error: str | None = None) -> Canned:
    body: dict[str, Any] = {"images": [_b64(png)] if png else []}
    if error:
        body["error"] = error
    return Canned(body=body)


def sd35_reply(png: bytes | None = None, finish_reason: str | None = None) -> Canned:
    return Canned(
        body={"seeds": [1], "finish_reasons": [finish_reason], "images": [_b64(png)] if png else []}
    )


def image_reply_for(body: dict[str, Any]) -> Canned:
    """A valid answer to any image request body, in that model's format and at its size."""
    if "text_prompts" in body:
        return sdxl_reply(sample_png(body.get("width", 1024), body.get("height", 1024)))
    if "taskType" in body:
        config = body.get("imageGenerationConfig", {})
        return amazon_image_reply(sample_png(config.get("width", 1024), config.get("height", 1024)))
    if "aspect_ratio" in body or "output_format" in body:
        return sd35_reply(sample_png(*SD35_SIZES.get(body.get("aspect_ratio", "1:1"), (1024, 1024))))
    raise ValueError("not an image request body")


def prompt_text(request: Received) -> str:
    """Everything the caller wrote to the model (system and messages), as one text."""
    body = request.json()
    parts: list[str] = []
    system = body.get("system")
    if isinstance(system, str):
        parts.append(system)
    elif isinstance(system, list):
        parts += [block.get("text", "") for block in system]
    for message in body.get("messages", []):
        for block in message.get("content", []):
            parts.append(block.get("text", "") if isinstance(block, dict) else str(block))
    return "\n".join(parts)


class FakeBedrock(FakeServer):
    routes = (
        ("POST", r"^/model/(?P<model_id>[^/]+)/converse$", "converse"),
        ("POST", r"^/model/(?P<model_id>[^/]+)/invoke$", "invoke"),
    )

    def authorize(self, request: Received) -> Canned | None:
        authorization = request.headers.get("authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256 Credential="):
            return bedrock_error(403, "MissingAuthenticationTokenException", "no SigV4 signature")
        if "/bedrock/aws4_request" not in authorization or "x-amz-date" not in request.headers:
            return bedrock_error(403, "InvalidSignatureException", "not signed for the bedrock service")
        return None

    def environment(self, api: str = "converse") -> dict[str, str]:
        """Variables that send the Bedrock text and image backends here, whatever Settings.endpoint_url
        says (credentials must be set as well: any will do, the signature is checked for shape only)."""
        return {
            "MANGA_TEXT_BACKEND": "bedrock",
            "MANGA_IMAGE_BACKEND": "bedrock",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": self.url,
            "BEDROCK_TEXT_API": api,
        }

    def serve_manga(self, bible: StoryBible, script: EpisodeScript) -> None:
        """Answer every text prompt with `bible` or pages of `script`, every image request with a PNG."""

        def answer(request: Received) -> Canned:
            body = request.json()
            if request.route == "converse":
                text = manga_answer(prompt_text(request), bible, script)
                # Answer in the shape the request asked for: a forced tool call gets a toolUse block.
                forced = body.get("toolConfig", {}).get("toolChoice", {}).get("tool")
                if forced:
                    return converse_tool_reply(json.loads(text), forced["name"])
                return converse_reply(text)
            if "anthropic_version" in body:
                return anthropic_reply(manga_answer(prompt_text(request), bible, script))
            return image_reply_for(body)

        self.respond("converse", answer)
        self.respond("invoke", answer)
