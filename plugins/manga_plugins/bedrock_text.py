"""Bedrock text backend (`bedrock`): story bibles and episode scripts from a Bedrock model.

Two wire formats: the Converse API, which takes any chat model id, and InvokeModel with
the Anthropic messages body. Throttling, 5xx and timeouts are tried up to three times
with backoff; a guardrail or content-filter refusal is a permanent ContentFilteredError.

The default model is Claude Sonnet 4.6 through the US cross-Region inference profile
(`us.anthropic.claude-sonnet-4-6`); the platform's first model, `anthropic.claude-3-sonnet-20240229-v1:0`,
and any other id stay selectable. Converse asks for structured output in the answer's JSON
schema (BEDROCK_STRUCTURED_OUTPUT): `json_schema` (outputConfig.textFormat) for the models
Bedrock documents it for, a forced tool call whose input is the answer (`tool`) for the
others, or `prompt` (the schema in the prompt only). The answer is validated by the same
pydantic models either way. A model that is retired, not enabled or not offered in the
region is a ConfigurationError naming the model, the region and BEDROCK_TEXT_MODEL_ID.

Configuration (environment): BEDROCK_TEXT_MODEL_ID, BEDROCK_TEXT_API (converse|invoke),
BEDROCK_STRUCTURED_OUTPUT (auto|json_schema|tool|prompt), BEDROCK_MAX_TOKENS,
BEDROCK_TEMPERATURE, BEDROCK_GUARDRAIL_ID, BEDROCK_GUARDRAIL_VERSION,
AWS_ENDPOINT_URL_BEDROCK_RUNTIME (a Bedrock endpoint apart from the other services').
IAM: bedrock:InvokeModel on the inference profile and on the foundation model in every
Region it routes to (Converse uses the same action), plus bedrock:ApplyGuardrail when a
guardrail is configured.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, ConfigDict, Field

from manga_common.errors import ContentFilteredError, InvalidModelOutputError
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import TextBackend
from manga_common.prompts import PromptTemplates, default_templates
from manga_common.settings import Settings, get_settings
from manga_plugins.llm.bedrock import ENDPOINT_VARIABLE, ModelChoice, bedrock_error, bedrock_runtime
from manga_plugins.llm.config import from_environment
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.llm.structured import ChatModel, ChatReply, ChatRequest, OutputSchema
from manga_plugins.llm.writer import LlmTextBackend

DEFAULT_MODEL_ID = "us.anthropic.claude-sonnet-4-6"
MODEL_VARIABLE = "BEDROCK_TEXT_MODEL_ID"
# Claude models Bedrock's structured-output page lists for outputConfig.textFormat; the others
# (Sonnet 4.6 among them) are held to the schema by a forced tool call instead.
JSON_SCHEMA_MODELS = ("claude-sonnet-4-5", "claude-opus-4-5", "claude-opus-4-6")
ANSWER_TOOL = "write_answer"
ANTHROPIC_VERSION = "bedrock-2023-05-31"
FILTERED_STOP_REASONS = frozenset({"guardrail_intervened", "content_filtered"})


class BedrockTextConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    model_id: str = DEFAULT_MODEL_ID
    api: Literal["converse", "invoke"] = "converse"
    structured_output: Literal["auto", "json_schema", "tool", "prompt"] = "auto"
    max_tokens: int = Field(default=4096, ge=1024, le=64000)
    temperature: float = Field(default=0.7, ge=0.0, le=1.0)
    guardrail_id: str | None = None
    guardrail_version: str | None = None
    endpoint_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BedrockTextConfig:
        return from_environment(cls, ENVIRONMENT_VARIABLES, environ)


ENVIRONMENT_VARIABLES = {
    "model_id": MODEL_VARIABLE,
    "api": "BEDROCK_TEXT_API",
    "structured_output": "BEDROCK_STRUCTURED_OUTPUT",
    "max_tokens": "BEDROCK_MAX_TOKENS",
    "temperature": "BEDROCK_TEMPERATURE",
    "guardrail_id": "BEDROCK_GUARDRAIL_ID",
    "guardrail_version": "BEDROCK_GUARDRAIL_VERSION",
    "endpoint_url": ENDPOINT_VARIABLE,
}


class _BedrockChat:
    """What both wire formats share: a lazily built client and one retried call."""

    def __init__(
        self,
        config: BedrockTextConfig,
        client_factory: Callable[[], Any],
        retry: RetryPolicy,
        region: str = "",
    ) -> None:
        self.config = config
        self.max_tokens = config.max_tokens
        self._client_factory = client_factory
        self._client: Any = None
        self._retry = retry
        self._choice = ModelChoice(config.model_id, region, MODEL_VARIABLE)

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def warm(self) -> None:
        """Build the runtime client now, not on the first request (see `warm_up`)."""
        _ = self.client

    def _call(self, operation: Callable[[], Any], what: str) -> Any:
        def attempt() -> Any:
            try:
                return operation()
            except (ClientError, BotoCoreError) as error:
                raise bedrock_error(error, self.config.model_id, self._choice) from error

        return self._retry.call(attempt, what=what)

    def _refused(self, reason: str) -> ContentFilteredError:
        return ContentFilteredError(f"Bedrock {self.config.model_id} refused the prompt ({reason})")


def structured_mode(config: BedrockTextConfig) -> str:
    """How Converse holds the model to the answer's schema."""
    if config.structured_output != "auto":
        return config.structured_output
    return "json_schema" if any(family in config.model_id for family in JSON_SCHEMA_MODELS) else "tool"


class ConverseChat(_BedrockChat):
    """The Converse API: one request shape for every Bedrock chat model."""

    def structured(self, schema: OutputSchema) -> dict[str, Any]:
        """The request fields that ask for an answer in `schema`."""
        mode = structured_mode(self.config)
        if mode == "json_schema":
            definition = {"name": schema.name, "schema": json.dumps(schema.schema)}
            return {
                "outputConfig": {
                    "textFormat": {"type": "json_schema", "structure": {"jsonSchema": definition}}
                }
            }
        if mode == "tool":
            tool = {
                "name": ANSWER_TOOL,
                "description": f"Records the answer: one {schema.name.replace('_', ' ')}.",
                "inputSchema": {"json": schema.schema},
            }
            return {
                "toolConfig": {"tools": [{"toolSpec": tool}], "toolChoice": {"tool": {"name": ANSWER_TOOL}}}
            }
        return {}

    def complete(self, request: ChatRequest) -> ChatReply:
        kwargs: dict[str, Any] = {
            "modelId": self.config.model_id,
            "system": [{"text": request.system}],
            "messages": [{"role": m.role, "content": [{"text": m.text}]} for m in request.messages],
            "inferenceConfig": {"maxTokens": request.max_tokens, "temperature": self.config.temperature},
        }
        if request.schema is not None:
            kwargs.update(self.structured(request.schema))
        if self.config.guardrail_id:
            kwargs["guardrailConfig"] = {
                "guardrailIdentifier": self.config.guardrail_id,
                "guardrailVersion": self.config.guardrail_version or "DRAFT",
            }
        answer = self._call(lambda: self.client.converse(**kwargs), "bedrock converse")
        stop_reason = str(answer.get("stopReason", ""))
        if stop_reason in FILTERED_STOP_REASONS:
            raise self._refused(stop_reason)
        try:
            blocks = answer["output"]["message"]["content"]
        except (KeyError, TypeError):
            raise InvalidModelOutputError("Converse answered without a message") from None
        # A forced tool call carries the answer as the tool's input.
        for block in blocks:
            if isinstance(block, dict) and isinstance(block.get("toolUse"), dict):
                return ChatReply(
                    text=json.dumps(block["toolUse"].get("input")), truncated=stop_reason == "max_tokens"
                )
        text = "".join(block.get("text", "") for block in blocks if isinstance(block, dict))
        return ChatReply(text=text, truncated=stop_reason == "max_tokens")


class AnthropicInvokeChat(_BedrockChat):
    """InvokeModel with the Anthropic messages body (Claude models)."""

    def complete(self, request: ChatRequest) -> ChatReply:
        body = {
            "anthropic_version": ANTHROPIC_VERSION,
            "max_tokens": request.max_tokens,
            "system": request.system,
            "messages": [
                {"role": m.role, "content": [{"type": "text", "text": m.text}]} for m in request.messages
            ],
            "temperature": self.config.temperature,
        }
        kwargs: dict[str, Any] = {
            "modelId": self.config.model_id,
            "body": json.dumps(body),
            "contentType": "application/json",
            "accept": "application/json",
        }
        if self.config.guardrail_id:
            kwargs["guardrailIdentifier"] = self.config.guardrail_id
            kwargs["guardrailVersion"] = self.config.guardrail_version or "DRAFT"

        def invoke() -> Any:
            return json.loads(self.client.invoke_model(**kwargs)["body"].read())

        try:
            answer = self._call(invoke, "bedrock invoke_model")
        except json.JSONDecodeError:
            raise InvalidModelOutputError("InvokeModel answered with a body that is not JSON") from None
        if answer.get("amazon-bedrock-guardrailAction") == "INTERVENED":
            raise self._refused("guardrail_intervened")
        stop_reason = str(answer.get("stop_reason", ""))
        if stop_reason == "refusal":
            raise self._refused(stop_reason)
        blocks = answer.get("content")
        if not isinstance(blocks, list):
            raise InvalidModelOutputError("InvokeModel answered without content")
        text = "".join(b.get("text", "") for b in blocks if isinstance(b, dict) and b.get("type") == "text")
        return ChatReply(text=text, truncated=stop_reason == "max_tokens")


def bedrock_text_backend(
    config: BedrockTextConfig | None = None,
    settings: Settings | None = None,
    retry: RetryPolicy | None = None,
    templates: Callable[[], PromptTemplates] = default_templates,
) -> LlmTextBackend:
    """The backend; configuration and client are read and built on first use."""

    def make_chat() -> ChatModel:
        chosen = config or BedrockTextConfig.from_env()
        chosen_settings = settings or get_settings()
        policy = retry or RetryPolicy()
        chat = ConverseChat if chosen.api == "converse" else AnthropicInvokeChat
        return chat(
            chosen,
            lambda: bedrock_runtime(chosen_settings, chosen.endpoint_url),
            policy,
            chosen_settings.region,
        )

    return LlmTextBackend("bedrock", make_chat, templates)


@hookimpl
def register_text_backends(register: Callable[[TextBackend], None]) -> None:
    register(bedrock_text_backend())
