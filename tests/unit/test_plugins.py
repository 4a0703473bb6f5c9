"""Plugin discovery: built-ins and third parties alike through the manga_platform entry points."""

from __future__ import annotations

import importlib.metadata
import sys
import textwrap
from pathlib import Path

import pytest

import manga_common
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
    registry = build_registry(plugin_manager(modules=("manga_plugins.styles",)))
    with pytest.raises(ConfigurationError, match="known: chibi, noir, seinen, shojo, shonen"):
        registry.art_styles.get("baroque")


def test_a_name_registered_twice_is_refused() -> None:
    catalog: Catalog[ArtStyle] = Catalog("art style")
    style = ArtStyle(name="twice", display_name="T", description="d", prompt_style="p")
    catalog.register(style)
    with pytest.raises(ConfigurationError, match="two plugins"):
        catalog.register(style)


def test_built_in_plugins_are_entry_points_like_any_other() -> None:
    points = importlib.metadata.distribution("manga-plugins").entry_points.select(group="manga_platform")
    assert {point.name for point in points} == {point.value for point in points}  # named after the module
    manager = plugin_manager(entry_points=True)
    assert {point.name for point in points} <= {name for name, _ in manager.list_name_plugin()}


def test_libs_common_names_no_plugin_module() -> None:
    common = Path(manga_common.__file__).parent
    mentions = [p for p in common.rglob("*.py") if "manga_plugins" in p.read_text(encoding="utf-8")]
    assert mentions == []


def test_a_module_named_and_installed_is_registered_once() -> None:
    manager = plugin_manager(modules=("manga_plugins.styles",))
    assert [name for name, _ in manager.list_name_plugin()].count("manga_plugins.styles") == 1
    assert build_registry(manager).art_styles.names().count("shonen") == 1
