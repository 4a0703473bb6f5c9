"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from manga_common.plugins.registry import get_registry
from tests.fakes.openai import FakeOpenAI


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """The loopback OpenAI fake as the platform's model: OPENAI_BASE_URL points at it."""
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        get_registry.cache_clear()
        yield fake
    get_registry.cache_clear()
