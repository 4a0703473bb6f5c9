"""The OpenAI-compatible text and image backends against a loopback fake server."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from manga_common.errors import (
    ConfigurationError,
    ContentFilteredError,
    InvalidModelOutputError,
    TransientError,
)
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.prompts import PromptTemplates
from manga_plugins.llm.openai_compat import OpenAIConfig
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.llm.writer import LlmTextBackend
from manga_plugins.openai_image import OpenAIImageBackend
from manga_plugins.openai_text import openai_text_backend
from manga_plugins.styles import BUILTIN_STYLES
from manga_plugins.templates import BUILTIN_TEMPLATES
from tests.factories import sample_insights, sample_panel_request, sample_preferences
from tests.fakes import Canned, FakeOpenAI, sample_bible, sample_png, sample_script
from tests.fakes.openai import chat_reply, image_reply, openai_error
from tests.fakes.samples import manga_answer

STYLE = BUILTIN_STYLES[0]
TEMPLATES = PromptTemplates([BUILTIN_TEMPLATES])
KEY = "sk-test-key"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(api_key=KEY) as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    return []


def config(fake: FakeOpenAI, **values: Any) -> OpenAIConfig:
    # Given the way OpenAI's own SDK takes it, with /v1.
    return OpenAIConfig.model_validate(
        {"base_url": f"{fake.url}/v1", "api_key": KEY, "model": "llama3.1", **values}
    )


def text_backend(fake: FakeOpenAI, sleeps: list[float], **values: Any) -> LlmTextBackend:
    policy = RetryPolicy(sleep=sleeps.append, jitter=lambda: 0.0)
    return openai_text_backend(config(fake, **values), policy, templates=lambda: TEMPLATES)


def image_backend(fake: FakeOpenAI, **values: Any) -> OpenAIImageBackend:
    return OpenAIImageBackend(config(fake, **values), RetryPolicy(sleep=lambda _: None))


def story_brief() -> StoryBrief:
    return StoryBrief(preferences=sample_preferences(), insights=sample_insights(), style=STYLE, seed=5)


def bible_json() -> str:
    return json.dumps(sample_bible().dump())


def test_chat_completion_request_and_story(server: FakeOpenAI, sleeps: list[float]) -> None:
    server.serve_manga(sample_bible(), sample_script())
    bible = text_backend(server, sleeps).write_story(story_brief())

    (request,) = server.received("chat")
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    body = request.json()
    assert body["model"] == "llama3.1"
    assert body["response_format"] == {"type": "json_object"}
    assert body["max_tokens"] == 4096 and body["seed"] == 5
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert '"title":"StoryBible"' in body["messages"][1]["content"]
    assert bible.title == sample_bible().title


def test_a_local_server_gets_no_authorization_header() -> None:
    with FakeOpenAI() as local:
        local.serve_manga(sample_bible(), sample_script())
        settings = OpenAIConfig(base_url=local.url, model="llama3.1")
        openai_text_backend(settings, templates=lambda: TEMPLATES).write_story(story_brief())
        assert "authorization" not in local.received("chat")[0].headers


def _chat_text(request: Any) -> str:
    return "\n".join(str(m.get("content", "")) for m in request.json()["messages"])


def test_an_episode_in_parts_is_planned_then_written_from_the_plan(
    server: FakeOpenAI, sleeps: list[float]
) -> None:
    server.serve_manga(sample_bible(), sample_script())
    brief = EpisodeBrief(bible=sample_bible(), style=STYLE, episode_number=2, seed=3, pages=4)
    script = text_backend(server, sleeps, max_tokens=2000).write_episode(brief)
    assert [page.number for page in script.pages] == [1, 2, 3, 4]
    assert script.episode_number == 2
    plan, *groups = [_chat_text(request) for request in server.received("chat")]
    assert '"title":"EpisodePlan"' in plan and "4 pages, one line per page" in plan
    assert sorted("pages 1 to 2 of 4" in g or "pages 3 to 4 of 4" in g for g in groups) == [True, True]
    # Every group is written from the same plan: its title and every page's beat.
    assert all(json.dumps(sample_script().title) in group for group in groups)
    assert script.title == sample_script().title


def test_a_long_episode_costs_two_model_latencies(server: FakeOpenAI, sleeps: list[float]) -> None:
    """32 pages: one plan, then all eight page groups in flight at once (a group's answer is held
    until every group has asked, which a writer going one group after another never reaches)."""
    bible, sample = sample_bible(), sample_script()
    groups = 8
    everyone_asked = threading.Barrier(groups, timeout=20)

    def chat(request: Any) -> Canned:
        text = _chat_text(request)
        if '"title":"EpisodeScript"' in text:
            everyone_asked.wait()
        return chat_reply(manga_answer(text, bible, sample))

    server.respond("chat", chat)
    brief = EpisodeBrief(bible=bible, style=STYLE, episode_number=1, seed=3, pages=32)
    script = text_backend(server, sleeps, max_tokens=4096).write_episode(brief)
    assert [page.number for page in script.pages] == list(range(1, 33))
    assert len(server.received("chat")) == 1 + groups


def test_429_honours_retry_after(server: FakeOpenAI, sleeps: list[float]) -> None:
    server.enqueue(
        "chat",
        openai_error(429, "Rate limit reached", headers={"Retry-After": "1.5"}),
        chat_reply(bible_json()),
    )
    text_backend(server, sleeps).write_story(story_brief())
    assert sleeps == [1.5]
    assert len(server.received("chat")) == 2


def test_server_errors_end_as_transient_after_three_tries(server: FakeOpenAI, sleeps: list[float]) -> None:
    server.enqueue("chat", *[openai_error(502, "bad gateway")] * 3)
    with pytest.raises(TransientError):
        text_backend(server, sleeps).write_story(story_brief())
    assert len(server.received("chat")) == 3 and len(sleeps) == 2


def test_a_timeout_is_retried(server: FakeOpenAI, sleeps: list[float]) -> None:
    slow = chat_reply(bible_json())
    slow.delay = 0.5
    server.enqueue("chat", slow, chat_reply(bible_json()))
    bible = text_backend(server, sleeps, timeout_seconds=0.1).write_story(story_brief())
    assert bible.title == sample_bible().title
    assert len(server.received("chat")) == 2 and len(sleeps) == 1


def test_persistent_timeouts_are_transient(server: FakeOpenAI, sleeps: list[float]) -> None:
    server.enqueue("chat", *[Canned(200, {}, delay=0.4)] * 3)
    with pytest.raises(TransientError):
        text_backend(server, sleeps, timeout_seconds=0.1).write_story(story_brief())


@pytest.mark.parametrize(
    "answer",
    [chat_reply(None, finish_reason="content_filter"), chat_reply(None, refusal="I can't help with that.")],
    ids=["content-filter", "refusal"],
)
def test_refusals_are_content_filtered(server: FakeOpenAI, sleeps: list[float], answer: Canned) -> None:
    server.enqueue("chat", answer)
    with pytest.raises(ContentFilteredError):
        text_backend(server, sleeps).write_story(story_brief())
    assert len(server.received("chat")) == 1


def test_malformed_output_is_repaired_once_then_fails(server: FakeOpenAI, sleeps: list[float]) -> None:
    server.enqueue("chat", chat_reply('```json\n{"title": "x"}\n```'), chat_reply(bible_json()))
    assert text_backend(server, sleeps).write_story(story_brief()).title == sample_bible().title
    messages = server.received("chat")[1].json()["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert "logline: Field required" in messages[3]["content"]

    server.enqueue("chat", chat_reply("nope"), chat_reply("still nope"))
    with pytest.raises(InvalidModelOutputError):
        text_backend(server, sleeps).write_story(story_brief())


def test_a_wrong_key_is_a_configuration_error(server: FakeOpenAI, sleeps: list[float]) -> None:
    backend = openai_text_backend(
        config(server, api_key="sk-wrong"), RetryPolicy(sleep=sleeps.append), templates=lambda: TEMPLATES
    )
    with pytest.raises(ConfigurationError):
        backend.write_story(story_brief())
    assert len(server.received("chat")) == 1


def test_image_generation_request_and_panel(server: FakeOpenAI) -> None:
    server.serve_manga(sample_bible(), sample_script())
    request = sample_panel_request(width=700, height=400, seed=1)
    png = image_backend(server).draw_panel(request)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (700, 400)

    (received,) = server.received("images")
    assert received.path == "/v1/images/generations"
    assert received.headers["authorization"] == f"Bearer {KEY}"
    body = received.json()
    assert body["model"] == "dall-e-3" and body["n"] == 1
    assert body["response_format"] == "b64_json"
    assert body["size"] == "1792x1024"  # the configured size nearest 7:4
    assert body["prompt"].startswith(request.prompt)
    assert f"Avoid: {request.negative_prompt}" in body["prompt"]


def test_gpt_image_models_take_no_response_format(server: FakeOpenAI) -> None:
    server.enqueue("images", image_reply(sample_png(1024, 1024)))
    image_backend(server, image_model="gpt-image-1", image_sizes="1024x1024").draw_panel(
        sample_panel_request(width=300, height=300, seed=1)
    )
    body = server.received("images")[0].json()
    assert "response_format" not in body and body["size"] == "1024x1024"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            openai_error(400, "Your request was rejected by our safety system", "content_policy_violation"),
            ContentFilteredError,
        ),
        (Canned(200, {"data": []}), InvalidModelOutputError),
        (Canned(200, {"data": [{"b64_json": "%%%"}]}), InvalidModelOutputError),
    ],
    ids=["content-policy", "no-data", "bad-base64"],
)
def test_image_failures(server: FakeOpenAI, answer: Canned, expected: type[Exception]) -> None:
    server.enqueue("images", answer)
    with pytest.raises(expected):
        image_backend(server).draw_panel(sample_panel_request(width=300, height=300, seed=1))
    assert len(server.received("images")) == 1


def test_configuration_from_the_environment() -> None:
    configured = OpenAIConfig.from_env(
        {
            "OPENAI_BASE_URL": "http://localhost:11434/v1/",
            "OPENAI_MODEL": "llama3.1",
            "OPENAI_IMAGE_SIZES": "512x512, 768x512",
            "OPENAI_TIMEOUT_SECONDS": "30",
        }
    )
    assert configured.base_url == "http://localhost:11434"
    assert configured.image_sizes == ((512, 512), (768, 512))
    assert configured.api_key is None and configured.timeout_seconds == 30
    with pytest.raises(ConfigurationError, match="OPENAI_TIMEOUT_SECONDS") as raised:
        OpenAIConfig.from_env({"OPENAI_TIMEOUT_SECONDS": "-1", "OPENAI_API_KEY": "sk-secret"})
    assert "sk-secret" not in str(raised.value)
