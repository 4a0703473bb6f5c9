"""Plugin discovery: built-ins by module name, third parties by entry point."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from manga_common.errors import ConfigurationError
from manga_common.plugins.interfaces import ArtStyle, ImageBackend, InsightsProvider, TextBackend
from manga_common.plugins.registry import Catalog, build_registry, plugin_manager

THIRD_PARTY_PLUGIN = """
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import ArtStyle


@hookimpl
def register_art_styles(register):
    register(ArtStyle(name="gekiga", display_name="Gekiga", description="Dramatic pictures",
                      prompt_style="gekiga manga panel"))
"""


@pytest.fixture
def installed_plugin(tmp_path: Path) -> object:
    """A third-party distribution on sys.path that declares a `manga_platform` entry point."""
    (tmp_path / "gekiga_plugin.py").write_text(textwrap.dedent(THIRD_PARTY_PLUGIN))
    dist_info = tmp_path / "manga_gekiga-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: manga-gekiga\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text("[manga_platform]\ngekiga = gekiga_plugin\n")
    sys.path.insert(0, str(tmp_path))
    yield
    sys.path.remove(str(tmp_path))
    sys.modules.pop("gekiga_plugin", None)


def test_builtins_register_every_kind() -> None:
    registry = build_registry(plugin_manager())
    assert {"shonen", "shojo", "seinen", "chibi", "noir"} <= set(registry.art_styles.names())
    assert "offline" in registry.text_backends.names()
    assert "offline" in registry.image_backends.names()
    assert "offline" in registry.insights_providers.names()
    assert isinstance(registry.text_backends.get("offline"), TextBackend)
    assert isinstance(registry.image_backends.get("offline"), ImageBackend)
    assert isinstance(registry.insights_providers.get("offline"), InsightsProvider)


def test_entry_point_plugins_are_discovered(installed_plugin: object) -> None:
    registry = build_registry(plugin_manager())
    assert registry.art_styles.get("gekiga").display_name == "Gekiga"


def test_unknown_names_list_what_is_known() -> None:
    registry = build_registry(plugin_manager(builtins=("manga_plugins.styles",)))
    with pytest.raises(ConfigurationError, match="known: chibi, noir, seinen, shojo, shonen"):
        registry.art_styles.get("baroque")


def test_a_name_registered_twice_is_refused() -> None:
    catalog: Catalog[ArtStyle] = Catalog("art style")
    style = ArtStyle(name="twice", display_name="T", description="d", prompt_style="p")
    catalog.register(style)
    with pytest.raises(ConfigurationError, match="two plugins"):
        catalog.register(style)


def test_missing_builtin_modules_are_skipped() -> None:
    manager = plugin_manager(builtins=("manga_plugins.styles", "manga_plugins.not_in_this_zip"))
    assert manager.has_plugin("manga_plugins.styles")
    assert not manager.has_plugin("manga_plugins.not_in_this_zip")
