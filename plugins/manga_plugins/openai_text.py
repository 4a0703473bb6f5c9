"""OpenAI-compatible text backend (`openai`): OpenAI, Ollama, vLLM, LM Studio.

`POST {base}/v1/chat/completions` with `response_format: {"type": "json_object"}`; the
answer is validated and repaired once like every LLM backend (`llm.structured`).
Throttling (429, honouring Retry-After), 5xx and timeouts are tried again (MODEL_ATTEMPTS tries in
all, three by default) while the stage has time left.
A finish_reason of `content_filter` or a refusal is a ContentFilteredError.
Configuration: see `manga_plugins.llm.openai_compat`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from manga_common.errors import ContentFilteredError, InvalidModelOutputError
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import TextBackend
from manga_common.prompts import PromptTemplates, default_templates
from manga_plugins.llm.openai_compat import OpenAIClient, OpenAIConfig
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.llm.structured import ChatModel, ChatReply, ChatRequest
from manga_plugins.llm.writer import LlmTextBackend


class OpenAIChat:
    def __init__(self, client: OpenAIClient) -> None:
        self.client = client
        self.max_tokens = client.config.max_tokens

    def warm(self) -> None:
        self.client.warm()

    def complete(self, request: ChatRequest) -> ChatReply:
        config = self.client.config
        body: dict[str, Any] = {
            "model": config.model,
            "messages": [
                {"role": "system", "content": request.system},
                *({"role": m.role, "content": m.text} for m in request.messages),
            ],
            "response_format": {"type": "json_object"},
            "max_tokens": request.max_tokens,
            "temperature": config.temperature,
        }
        if request.seed is not None:
            body["seed"] = request.seed
        answer = self.client.post_json("/v1/chat/completions", body)
        choices = answer.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise InvalidModelOutputError("the chat completion has no choices")
        choice = choices[0]
        finish_reason = choice.get("finish_reason")
        message = choice.get("message") or {}
        if finish_reason == "content_filter" or message.get("refusal"):
            raise ContentFilteredError(f"{config.model} refused the prompt")
        return ChatReply(text=str(message.get("content") or ""), truncated=finish_reason == "length")


def openai_text_backend(
    config: OpenAIConfig | None = None,
    retry: RetryPolicy | None = None,
    templates: Callable[[], PromptTemplates] = default_templates,
) -> LlmTextBackend:
    def make_chat() -> ChatModel:
        return OpenAIChat(OpenAIClient(config or OpenAIConfig.from_env(), retry))

    return LlmTextBackend("openai", make_chat, templates)


@hookimpl
def register_text_backends(register: Callable[[TextBackend], None]) -> None:
    register(openai_text_backend())
