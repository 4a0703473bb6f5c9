"""Structured output from a chat model: JSON in our schema, validated, repaired once.

Both text backends (Bedrock, OpenAI-compatible) speak through a `ChatModel`; this module
owns what they share: find the JSON object in the answer, validate it, and on failure
ask the model once more, quoting the validation errors. A second failure is final.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from manga_common.errors import InvalidModelOutputError
from manga_common.observability import logger
from manga_common.prompts import Prompt

T = TypeVar("T")
MAX_REPORTED_PROBLEMS = 20


@dataclass(frozen=True)
class ChatMessage:
    role: Literal["user", "assistant"]
    text: str


@dataclass(frozen=True)
class OutputSchema:
    """The JSON schema an answer must follow, for backends that can hold the model to it
    (Bedrock's structured output or a forced tool call); the answer is validated either way."""

    name: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class ChatRequest:
    system: str
    messages: tuple[ChatMessage, ...]
    max_tokens: int
    seed: int | None = None
    schema: OutputSchema | None = None


@dataclass(frozen=True)
class ChatReply:
    text: str
    truncated: bool = False
    """The model stopped at the token limit: the JSON is probably cut short."""


class ChatModel(Protocol):
    max_tokens: int
    """Most output tokens one call may produce."""

    def complete(self, request: ChatRequest) -> ChatReply:
        """One answer; raises TransientError, ContentFilteredError or another MangaError."""
        ...


class OutputProblem(ValueError):
    """The answer is not usable; `problems` say why, in words the model can act on."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def json_object_in(text: str) -> dict[str, Any]:
    """The first JSON object in a model's answer, ignoring prose or code fences around it."""
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    raise OutputProblem(["the answer contains no complete JSON object"])


def describe_validation_error(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors(include_url=False, include_input=False)[:MAX_REPORTED_PROBLEMS]:
        location = ".".join(str(part) for part in item["loc"]) or "(root)"
        problems.append(f"{location}: {item['msg']}")
    return problems


def _use(reply: ChatReply, parse: Callable[[dict[str, Any]], T]) -> T:
    try:
        return parse(json_object_in(reply.text))
    except ValidationError as error:
        raise OutputProblem(describe_validation_error(error)) from None


def repair_instructions(problem: OutputProblem, truncated: bool) -> str:
    lines = ["Your answer could not be used:"]
    if truncated:
        lines.append("- it was cut off at the length limit: write shorter strings so the whole object fits")
    lines += [f"- {p}" for p in problem.problems[:MAX_REPORTED_PROBLEMS]]
    lines.append("Answer again with the complete, corrected JSON object only.")
    return "\n".join(lines)


# JSON Schema keywords that model-side structured output does not accept (length and number
# bounds, formats, patterns, annotations); pydantic still checks them when the answer comes back.
_UNENFORCED_KEYWORDS = frozenset(
    {
        "title", "description", "default", "examples", "format", "pattern", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems",
        "maxItems", "uniqueItems",
    }
)  # fmt: skip


def output_schema(model: type[BaseModel], name: str) -> OutputSchema:
    """`model`'s JSON schema (field aliases, as answers are written) in the subset structured
    output accepts: every object closed (additionalProperties false), unenforced keywords left out."""

    def strict(node: Any) -> Any:
        if isinstance(node, list):
            return [strict(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("properties", "$defs"):
                out[key] = {field: strict(schema) for field, schema in value.items()}
            elif key not in _UNENFORCED_KEYWORDS:
                out[key] = strict(value)
        if out.get("type") == "object" or "properties" in out:
            out["additionalProperties"] = False
        return out

    return OutputSchema(name, strict(model.model_json_schema(by_alias=True)))


def generate_validated(
    chat: ChatModel,
    prompt: Prompt,
    parse: Callable[[dict[str, Any]], T],
    *,
    seed: int | None = None,
    what: str = "answer",
    schema: OutputSchema | None = None,
) -> T:
    """Ask, validate with `parse`, repair once; InvalidModelOutputError if still invalid.

    `parse` turns the JSON object into the result and raises pydantic's ValidationError
    or OutputProblem when the object does not fit.
    """
    messages: tuple[ChatMessage, ...] = (ChatMessage("user", prompt.user),)
    reply = chat.complete(ChatRequest(prompt.system, messages, chat.max_tokens, seed, schema))
    try:
        return _use(reply, parse)
    except OutputProblem as problem:
        logger.warning(
            "invalid model output, asking for a repair",
            extra={"what": what, "problems": len(problem.problems), "truncated": reply.truncated},
        )
        repair = repair_instructions(problem, reply.truncated)
    messages += (ChatMessage("assistant", reply.text or "{}"), ChatMessage("user", repair))
    reply = chat.complete(ChatRequest(prompt.system, messages, chat.max_tokens, seed, schema))
    try:
        return _use(reply, parse)
    except OutputProblem as problem:
        detail = "; ".join(problem.problems)[:400]
        raise InvalidModelOutputError(f"{what} did not fit the schema after one repair: {detail}") from None
