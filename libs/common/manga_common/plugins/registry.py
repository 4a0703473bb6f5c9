"""Loads plugins and answers "which backend, style or template folder is called X".

Every plugin, built in or third-party, is found the same way: through the `manga_platform`
entry-point group of the installed distributions (plugins/pyproject.toml declares the
built-in ones). This package names no plugin module. A Lambda zip carries the entry points of
the plugins its service declares (`PLUGINS` in the service package), so the same lookup loads
exactly those there.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Generic, Protocol, TypeVar

import pluggy

from manga_common.errors import ConfigurationError
from manga_common.plugins import hookspecs
from manga_common.plugins.interfaces import (
    ArtStyle,
    ImageBackend,
    InsightsProvider,
    TemplateSource,
    TextBackend,
)


class Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


@dataclass
class Catalog(Generic[T]):
    """Named things of one kind; registering a name twice is a plugin bug, so it fails."""

    kind: str
    items: dict[str, T] = field(default_factory=dict)

    def register(self, item: T) -> None:
        name = item.name
        if name in self.items:
            raise ConfigurationError(f"two plugins register the {self.kind} {name!r}")
        self.items[name] = item

    def get(self, name: str) -> T:
        try:
            return self.items[name]
        except KeyError:
            known = ", ".join(sorted(self.items)) or "none"
            raise ConfigurationError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self.items)


@dataclass
class Registry:
    text_backends: Catalog[TextBackend]
    image_backends: Catalog[ImageBackend]
    insights_providers: Catalog[InsightsProvider]
    art_styles: Catalog[ArtStyle]
    template_sources: Catalog[TemplateSource]


def plugin_manager(modules: Sequence[str] = (), entry_points: bool = True) -> pluggy.PluginManager:
    """The installed plugins (entry points), plus any modules named here.

    Entry points are named after their module, so a module named here and installed as a
    plugin is registered once. `entry_points=False` loads only the named modules.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for module_name in modules:
        module = importlib.import_module(module_name)
        if not manager.is_registered(module):
            manager.register(module, name=module_name)
    if entry_points:
        manager.load_setuptools_entrypoints(hookspecs.PROJECT)
    return manager


def build_registry(manager: pluggy.PluginManager) -> Registry:
    registry = Registry(
        text_backends=Catalog("text backend"),
        image_backends=Catalog("image backend"),
        insights_providers=Catalog("insights provider"),
        art_styles=Catalog("art style"),
        template_sources=Catalog("template source"),
    )
    manager.hook.register_text_backends(register=registry.text_backends.register)
    manager.hook.register_image_backends(register=registry.image_backends.register)
    manager.hook.register_insights_providers(register=registry.insights_providers.register)
    manager.hook.register_art_styles(register=registry.art_styles.register)
    manager.hook.register_prompt_templates(register=registry.template_sources.register)
    return registry


@cache
def get_registry() -> Registry:
    """The process-wide registry, loaded once."""
    return build_registry(plugin_manager())
