"""The offline backends are a distribution of their own, found like any third-party plugin."""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from manga_common.plugins.interfaces import ImageBackend, TextBackend
from manga_common.plugins.registry import build_registry, plugin_manager

DISTRIBUTION = "manga-offline"
COMMON = Path(__file__).resolve().parents[2] / "libs" / "common"


def test_the_distribution_declares_both_backends_as_entry_points() -> None:
    points = importlib.metadata.distribution(DISTRIBUTION).entry_points.select(group="manga_platform")
    assert {point.value for point in points} == {"manga_offline.text", "manga_offline.image"}


def test_the_entry_points_alone_register_the_offline_backends() -> None:
    registry = build_registry(plugin_manager(modules=()))
    assert isinstance(registry.text_backends.get("offline"), TextBackend)
    assert isinstance(registry.image_backends.get("offline"), ImageBackend)


def test_naming_the_module_as_well_registers_it_once() -> None:
    registry = build_registry(plugin_manager(modules=("manga_offline.text", "manga_offline.image")))
    assert registry.text_backends.names().count("offline") == 1


def test_the_platform_names_no_module_of_the_distribution() -> None:
    mentions = [path for path in COMMON.rglob("*.py") if "manga_offline" in path.read_text(encoding="utf-8")]
    assert mentions == []


@pytest.fixture
def offline_uninstalled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if `pip uninstall manga-offline` had run: no metadata, no importable package."""
    real = importlib.metadata.distributions

    def without_offline(**kwargs: Any) -> Iterator[importlib.metadata.Distribution]:
        return (d for d in real(**kwargs) if d.metadata["Name"] != DISTRIBUTION)

    monkeypatch.setattr(importlib.metadata, "distributions", without_offline)
    for name in [m for m in sys.modules if m == "manga_offline" or m.startswith("manga_offline.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "manga_offline", None)
    yield


@pytest.mark.usefixtures("offline_uninstalled")
def test_the_platform_runs_with_other_backends_when_it_is_not_installed() -> None:
    registry = build_registry(plugin_manager())
    assert "offline" not in registry.text_backends.names()
    assert "offline" not in registry.image_backends.names()
    assert {"bedrock", "openai"} <= set(registry.text_backends.names())
    assert {"shonen", "noir"} <= set(registry.art_styles.names())
