"""A sandbox's init (`warm_stage_handlers`) loads what a first invocation would load on first use.

Each case runs in a fresh interpreter: in this one, other tests have long built the validators
and compiled the templates.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from manga_common.plugins.interfaces import warm_up
from manga_common.settings import Settings
from manga_plugins import bedrock_image, bedrock_text

PROBE = textwrap.dedent(
    """
    import json, sys
    import {handler}
    from manga_common.models.base import deferred_models
    from manga_common.prompts import default_templates
    from manga_common.stage import warm_stage_handlers

    def deferred():
        return sorted(model.__qualname__ for model in deferred_models())

    before = {{
        "deferred": deferred(),
        "reportlab": "reportlab.pdfgen.canvas" in sys.modules,
        "http transport": "httpcore" in sys.modules,
    }}
    warm_stage_handlers()
    templates = default_templates().environment
    after = {{
        "deferred": deferred(),
        "reportlab": "reportlab.pdfgen.canvas" in sys.modules,
        "http transport": "httpcore" in sys.modules,
        "compiled": sorted(name for _, name in templates.cache.keys()) if templates.cache else [],
    }}
    print(json.dumps({{"before": before, "after": after}}))
    """
)


def warmed(handler: str, **environment: str) -> dict[str, dict[str, Any]]:
    probe = PROBE.format(handler=handler)
    command = [sys.executable, "-c", probe]
    settings = {**os.environ, **environment}
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120, env=settings)
    result: dict[str, dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_init_builds_the_validators_and_compiles_the_templates_a_first_story_would() -> None:
    result = warmed("story_service.handler")
    assert "StoryBible" in result["before"]["deferred"]  # deferred at import, as the cold start wants
    assert result["after"]["deferred"] == []
    assert {"story.j2", "system.j2", "panel.j2"} <= set(result["after"]["compiled"])


def test_the_image_stage_init_loads_its_painters() -> None:
    result = warmed("image_service.handler")
    assert result["before"]["reportlab"] is False  # the handler's import stays light
    assert result["after"]["reportlab"] is True
    assert result["after"]["deferred"] == []


# Opening a client connects nowhere: the address only has to parse.
OPENAI = {"OPENAI_BASE_URL": "http://127.0.0.1:9"}


def test_init_opens_the_configured_model_client() -> None:
    for handler, backend in (
        ("story_service.handler", "MANGA_TEXT_BACKEND"),
        ("image_service.handler", "MANGA_IMAGE_BACKEND"),
    ):
        result = warmed(handler, **OPENAI, **{backend: "openai"})
        assert result["before"]["http transport"] is False, handler
        assert result["after"]["http transport"] is True, handler


def test_a_misconfigured_backend_leaves_the_init_to_finish() -> None:
    result = warmed("episode_service.handler", MANGA_TEXT_BACKEND="no-such-backend")
    assert result["after"]["deferred"] == []  # the rest of the init ran
    assert result["after"]["http transport"] is False


def test_the_bedrock_backends_build_their_runtime_client_when_warmed(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []

    def runtime(module: str) -> Callable[..., object]:
        def build(*args: object, **kwargs: object) -> object:
            built.append(module)
            return object()

        return build

    monkeypatch.setattr(bedrock_text, "bedrock_runtime", runtime("text"))
    monkeypatch.setattr(bedrock_image, "bedrock_runtime", runtime("image"))
    settings = Settings(region="us-east-1")
    text = bedrock_text.bedrock_text_backend(bedrock_text.BedrockTextConfig(), settings)
    image = bedrock_image.BedrockImageBackend(bedrock_image.BedrockImageConfig(), settings)
    assert built == []  # built on first use, not with the registry
    warm_up(text)
    warm_up(image)
    assert built == ["text", "image"]
    warm_up(text)
    warm_up(image)
    assert built == ["text", "image"]  # once, and kept for the requests
