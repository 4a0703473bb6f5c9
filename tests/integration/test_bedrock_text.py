"""The Bedrock text backend against a loopback fake of the Bedrock runtime."""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import pytest
from botocore.exceptions import EndpointConnectionError, NoCredentialsError, ReadTimeoutError

from manga_common.errors import (
    ConfigurationError,
    ContentFilteredError,
    InvalidModelOutputError,
    PermanentError,
    TransientError,
)
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.plugins.registry import build_registry, plugin_manager
from manga_common.prompts import PromptTemplates
from manga_common.settings import Settings
from manga_plugins.bedrock_text import DEFAULT_MODEL_ID, BedrockTextConfig, bedrock_text_backend
from manga_plugins.llm.bedrock import bedrock_error
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.llm.writer import LlmTextBackend
from manga_plugins.styles import BUILTIN_STYLES
from manga_plugins.templates import BUILTIN_TEMPLATES
from tests.factories import sample_insights, sample_preferences
from tests.fakes import FakeBedrock, sample_bible, sample_script
from tests.fakes.bedrock import anthropic_reply, converse_reply, converse_tool_reply, prompt_text
from tests.fakes.bedrock import bedrock_error as error_reply

STYLE = BUILTIN_STYLES[0]
TEMPLATES = PromptTemplates([BUILTIN_TEMPLATES])


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_backend(fake: FakeBedrock, sleeps: list[float], **config: Any) -> LlmTextBackend:
    return bedrock_text_backend(
        BedrockTextConfig(**config),
        Settings(endpoint_url=fake.url),
        RetryPolicy(sleep=sleeps.append, jitter=lambda: 0.5),
        templates=lambda: TEMPLATES,
    )


def story_brief() -> StoryBrief:
    return StoryBrief(preferences=sample_preferences(), insights=sample_insights(), style=STYLE, seed=5)


def episode_brief(pages: int = 2) -> EpisodeBrief:
    return EpisodeBrief(bible=sample_bible(), style=STYLE, episode_number=1, seed=9, pages=pages)


def bible_json() -> str:
    return json.dumps(sample_bible().dump())


def test_converse_writes_a_story_from_a_signed_request(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    bible = make_backend(bedrock, sleeps).write_story(story_brief())

    (request,) = bedrock.received("converse")
    assert request.path == f"/model/{DEFAULT_MODEL_ID}/converse"
    authorization = request.headers["authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=testing/")
    assert "/us-east-1/bedrock/aws4_request" in authorization
    body = request.json()
    assert body["inferenceConfig"]["maxTokens"] == 4096
    assert "writer of a Shonen manga" in body["system"][0]["text"]
    (message,) = body["messages"]
    assert message["role"] == "user"
    assert '"title":"StoryBible"' in message["content"][0]["text"]
    assert bible.title == sample_bible().title
    # What the reader chose is kept whatever the model says.
    assert bible.themes == sample_preferences().themes
    assert bible.art_style == STYLE.name


def test_invoke_model_sends_the_anthropic_messages_body(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    script = make_backend(bedrock, sleeps, api="invoke", max_tokens=8000).write_episode(episode_brief())

    (request,) = bedrock.received("invoke")
    assert request.path == f"/model/{DEFAULT_MODEL_ID}/invoke"
    assert request.headers["content-type"] == "application/json"
    assert "/bedrock/aws4_request" in request.headers["authorization"]
    body = request.json()
    assert body["anthropic_version"] == "bedrock-2023-05-31"
    assert body["max_tokens"] == 8000
    assert "paneled script" in body["system"]
    assert body["messages"][0]["content"][0]["type"] == "text"
    assert script.title == sample_script().title
    assert [page.number for page in script.pages] == [1, 2]


def test_a_long_episode_is_planned_then_written_in_parallel_parts(
    bedrock: FakeBedrock, sleeps: list[float]
) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    # 2000 output tokens hold two pages of script: five pages take a plan and three parts.
    script = make_backend(bedrock, sleeps, max_tokens=2000).write_episode(episode_brief(pages=5))

    requests = bedrock.received("converse")
    plan, *parts = [prompt_text(r) for r in requests]
    assert "5 pages, one line per page" in plan
    for wanted in ("pages 1 to 2 of 5", "pages 3 to 4 of 5", "pages 5 to 5 of 5"):
        assert sum(wanted in part for part in parts) == 1
    # Each part is written from the plan (every page's beat), not from the parts before it.
    assert all("Fog rolls over the lantern-lit harbour streets (page 1)." in part for part in parts)
    assert all(r.json()["inferenceConfig"]["maxTokens"] == 2000 for r in requests)
    assert [page.number for page in script.pages] == [1, 2, 3, 4, 5]
    assert script.cliffhanger == sample_script().cliffhanger
    assert script.problems_with(sample_bible()) == []


def test_throttling_is_retried_with_backoff(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.enqueue(
        "converse",
        error_reply(429, "ThrottlingException", "Too many requests"),
        error_reply(503, "ServiceUnavailableException"),
        converse_reply(bible_json()),
    )
    bible = make_backend(bedrock, sleeps).write_story(story_brief())
    assert bible.title == sample_bible().title
    assert len(bedrock.received("converse")) == 3
    assert sleeps == [0.375, 0.75]  # half fixed, half jitter, doubling


def test_three_failed_tries_are_a_transient_error(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.enqueue("converse", *[error_reply(500, "InternalServerException")] * 4)
    with pytest.raises(TransientError):
        make_backend(bedrock, sleeps).write_story(story_brief())
    # botocore's own retries are off: three tries in all, not nine.
    assert len(bedrock.received("converse")) == 3
    assert len(sleeps) == 2


def test_a_model_timeout_is_retried(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.enqueue("invoke", error_reply(408, "ModelTimeoutException"), anthropic_reply(bible_json()))
    bible = make_backend(bedrock, sleeps, api="invoke").write_story(story_brief())
    assert bible.title == sample_bible().title
    assert len(bedrock.received("invoke")) == 2


def test_an_unreachable_endpoint_is_transient(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    backend = bedrock_text_backend(
        BedrockTextConfig(),
        Settings(endpoint_url=f"http://127.0.0.1:{closed_port}"),
        RetryPolicy(sleep=sleeps.append),
        templates=lambda: TEMPLATES,
    )
    with pytest.raises(TransientError):
        backend.write_story(story_brief())
    assert len(sleeps) == 2


@pytest.mark.parametrize("stop_reason", ["guardrail_intervened", "content_filtered"])
def test_a_guardrail_refusal_is_permanent(
    bedrock: FakeBedrock, sleeps: list[float], stop_reason: str
) -> None:
    bedrock.enqueue("converse", converse_reply("", stop_reason=stop_reason))
    with pytest.raises(ContentFilteredError):
        make_backend(bedrock, sleeps).write_story(story_brief())
    assert len(bedrock.received("converse")) == 1


@pytest.mark.parametrize(
    "answer",
    [
        anthropic_reply("", stop_reason="refusal"),
        anthropic_reply("{}", **{"amazon-bedrock-guardrailAction": "INTERVENED"}),
        error_reply(400, "ValidationException", "This request has been blocked by our content filters."),
    ],
    ids=["refusal", "guardrail", "input-filter"],
)
def test_invoke_refusals_are_content_filtered(bedrock: FakeBedrock, sleeps: list[float], answer: Any) -> None:
    bedrock.enqueue("invoke", answer)
    with pytest.raises(ContentFilteredError):
        make_backend(bedrock, sleeps, api="invoke").write_story(story_brief())
    assert len(bedrock.received("invoke")) == 1


def test_the_guardrail_is_named_in_the_request(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    make_backend(bedrock, sleeps, guardrail_id="gr-1", guardrail_version="2").write_story(story_brief())
    body = bedrock.received("converse")[0].json()
    assert body["guardrailConfig"] == {"guardrailIdentifier": "gr-1", "guardrailVersion": "2"}


def test_malformed_output_is_repaired_once(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    broken = {**sample_bible().dump(), "characters": []}
    bedrock.enqueue(
        "converse", converse_reply("Here you go: " + json.dumps(broken)), converse_reply(bible_json())
    )
    bible = make_backend(bedrock, sleeps).write_story(story_brief())
    assert bible.title == sample_bible().title

    first, repair = bedrock.received("converse")
    messages = repair.json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0] == first.json()["messages"][0]
    assert messages[1]["content"][0]["text"].startswith("Here you go:")
    assert "characters" in messages[2]["content"][0]["text"]


def test_output_still_invalid_after_the_repair_fails(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.enqueue("converse", converse_reply("no JSON at all"), converse_reply('{"title": 3}'))
    with pytest.raises(InvalidModelOutputError, match="story bible"):
        make_backend(bedrock, sleeps).write_story(story_brief())
    assert len(bedrock.received("converse")) == 2


def test_unknown_characters_in_an_episode_are_sent_back_for_repair(
    bedrock: FakeBedrock, sleeps: list[float]
) -> None:
    wrong = sample_script().dump()
    wrong["pages"][0]["panels"][1]["characters"] = ["Zed"]
    wrong["pages"][0]["panels"][1]["dialogue"] = [{"speaker": "Zed", "text": "Who am I?"}]
    bedrock.enqueue(
        "converse", converse_reply(json.dumps(wrong)), converse_reply(json.dumps(sample_script().dump()))
    )
    script = make_backend(bedrock, sleeps).write_episode(episode_brief())
    assert script.problems_with(sample_bible()) == []
    repair = bedrock.received("converse")[1].json()["messages"][2]["content"][0]["text"]
    assert "unknown characters ['Zed']" in repair


def test_a_truncated_answer_asks_for_a_shorter_one(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.enqueue("converse", converse_reply(bible_json()[:300], stop_reason="max_tokens"))
    bedrock.enqueue("converse", converse_reply(bible_json()))
    make_backend(bedrock, sleeps).write_story(story_brief())
    repair = bedrock.received("converse")[1].json()["messages"][2]["content"][0]["text"]
    assert "cut off at the length limit" in repair


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [(403, "AccessDeniedException", ConfigurationError), (400, "ValidationException", PermanentError)],
)
def test_permanent_errors_are_not_retried(
    bedrock: FakeBedrock, sleeps: list[float], status: int, code: str, expected: type[Exception]
) -> None:
    bedrock.enqueue("converse", error_reply(status, code, "You don't have access to the model"))
    with pytest.raises(expected):
        make_backend(bedrock, sleeps).write_story(story_brief())
    assert len(bedrock.received("converse")) == 1 and sleeps == []


def test_client_side_failures_are_classified() -> None:
    assert isinstance(bedrock_error(ReadTimeoutError(endpoint_url="http://x"), "m"), TransientError)
    assert isinstance(bedrock_error(EndpointConnectionError(endpoint_url="http://x"), "m"), TransientError)
    assert isinstance(bedrock_error(NoCredentialsError(), "m"), ConfigurationError)


def test_the_fake_refuses_unsigned_requests(bedrock: FakeBedrock) -> None:
    answer = httpx.post(f"{bedrock.url}/model/x/converse", json={})
    assert answer.status_code == 403
    assert answer.headers["x-amzn-errortype"].startswith("MissingAuthenticationTokenException")


def test_configuration_comes_from_the_environment() -> None:
    config = BedrockTextConfig.from_env(
        {
            "BEDROCK_TEXT_API": "invoke",
            "BEDROCK_MAX_TOKENS": "2048",
            "BEDROCK_TEXT_MODEL_ID": "m",
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "http://bedrock.local",
        }
    )
    assert (config.api, config.max_tokens, config.model_id) == ("invoke", 2048, "m")
    assert config.endpoint_url == "http://bedrock.local"
    assert BedrockTextConfig.from_env({}).model_id == DEFAULT_MODEL_ID
    with pytest.raises(ConfigurationError, match="BEDROCK_TEXT_API"):
        BedrockTextConfig.from_env({"BEDROCK_TEXT_API": "telepathy"})


def test_the_registered_backend_reads_its_configuration_on_first_use(
    bedrock: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = build_registry(plugin_manager(("manga_plugins.bedrock_text",)))
    backend = registry.text_backends.get("bedrock")
    assert isinstance(backend, LlmTextBackend)
    assert backend._chat is None  # registering built no client and read no configuration

    for name, value in bedrock.environment(api="invoke").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BEDROCK_TEXT_MODEL_ID", "anthropic.claude-3-haiku-20240307-v1:0")
    bedrock.serve_manga(sample_bible(), sample_script())
    assert backend.write_story(story_brief()).title == sample_bible().title
    assert bedrock.received("invoke")[0].params["model_id"] == "anthropic.claude-3-haiku-20240307-v1:0"


# -- defaults that work today: the model, structured output, a model that is gone -----------------

SEED_MODEL_ID = "anthropic.claude-3-sonnet-20240229-v1:0"
JSON_SCHEMA_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"


def test_the_default_is_a_current_claude_through_an_inference_profile() -> None:
    assert BedrockTextConfig.from_env({}).model_id == "us.anthropic.claude-sonnet-4-6"
    # The platform's first model id stays selectable.
    assert BedrockTextConfig.from_env({"BEDROCK_TEXT_MODEL_ID": SEED_MODEL_ID}).model_id == SEED_MODEL_ID


def test_the_default_model_is_held_to_the_schema_by_a_forced_tool_call(
    bedrock: FakeBedrock, sleeps: list[float]
) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    bible = make_backend(bedrock, sleeps).write_story(story_brief())

    (request,) = bedrock.received("converse")
    assert request.params["model_id"] == "us.anthropic.claude-sonnet-4-6"
    body = request.json()
    assert "outputConfig" not in body
    (tool,) = body["toolConfig"]["tools"]
    assert body["toolConfig"]["toolChoice"] == {"tool": {"name": tool["toolSpec"]["name"]}}
    schema = tool["toolSpec"]["inputSchema"]["json"]
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert {"title", "logline", "characters", "arc"} <= set(schema["properties"])
    assert bible.title == sample_bible().title


def test_models_bedrock_documents_get_a_json_schema_output_format(
    bedrock: FakeBedrock, sleeps: list[float]
) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    make_backend(bedrock, sleeps, model_id=JSON_SCHEMA_MODEL_ID).write_episode(episode_brief(pages=2))

    body = bedrock.received("converse")[0].json()
    assert "toolConfig" not in body
    text_format = body["outputConfig"]["textFormat"]
    assert text_format["type"] == "json_schema"
    definition = text_format["structure"]["jsonSchema"]
    assert definition["name"] == "episode_script"
    # The schema travels as a JSON string, every object closed.
    schema = json.loads(definition["schema"])
    assert "pages" in schema["properties"] and schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values() if "properties" in d)


def test_a_tool_answer_that_does_not_fit_is_repaired_once(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.enqueue("converse", converse_tool_reply({"title": "only a title"}))
    bedrock.serve_manga(sample_bible(), sample_script())
    bible = make_backend(bedrock, sleeps).write_story(story_brief())

    first, repair = bedrock.received("converse")
    assert "toolConfig" in repair.json()
    assert "could not be used" in prompt_text(repair)
    assert bible.title == sample_bible().title
    assert first.json()["toolConfig"] == repair.json()["toolConfig"]


def test_prompt_mode_asks_for_no_structure(bedrock: FakeBedrock, sleeps: list[float]) -> None:
    bedrock.serve_manga(sample_bible(), sample_script())
    make_backend(bedrock, sleeps, structured_output="prompt").write_story(story_brief())
    body = bedrock.received("converse")[0].json()
    assert "toolConfig" not in body and "outputConfig" not in body


@pytest.mark.parametrize(
    "answer",
    [
        error_reply(404, "ResourceNotFoundException", "This model version has reached the end of its life."),
        error_reply(
            403, "AccessDeniedException", "You don't have access to the model with the specified model ID."
        ),
        error_reply(
            400,
            "ValidationException",
            "Invocation of model ID anthropic.claude-sonnet-4-6 with on-demand throughput isn't supported. "
            "Retry your request with the ID or ARN of an inference profile that contains this model.",
        ),
    ],
    ids=["retired", "not-enabled", "needs-a-profile"],
)
def test_a_model_that_cannot_be_used_says_what_to_set(
    bedrock: FakeBedrock, sleeps: list[float], answer: Any
) -> None:
    bedrock.respond("converse", lambda _: answer)
    with pytest.raises(ConfigurationError) as raised:
        make_backend(bedrock, sleeps, model_id=SEED_MODEL_ID).write_story(story_brief())
    assert raised.value.code == "CONFIGURATION_ERROR"
    message = str(raised.value)
    assert SEED_MODEL_ID in message and "us-east-1" in message and "BEDROCK_TEXT_MODEL_ID" in message
    assert len(bedrock.received("converse")) == 1 and not sleeps
