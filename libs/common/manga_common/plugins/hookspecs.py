"""Hook specifications: what a plugin may contribute.

Each hook receives a `register` callable; a plugin calls it once per thing it offers.
A plugin module implements only the hooks it needs, decorated with `@hookimpl`:

    from manga_common.plugins import hookimpl

    @hookimpl
    def register_art_styles(register):
        register(ArtStyle(name="gekiga", ...))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from manga_common.plugins.interfaces import (
        ArtStyle,
        ImageBackend,
        InsightsProvider,
        TemplateSource,
        TextBackend,
    )

PROJECT = "manga_platform"
"""Pluggy project name, and the entry-point group third-party plugins declare."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_text_backends(register: Callable[[TextBackend], None]) -> None:
    """Register text backends: they write story bibles and episode scripts."""


@hookspec
def register_image_backends(register: Callable[[ImageBackend], None]) -> None:
    """Register image backends: they draw one panel image from a panel request."""


@hookspec
def register_insights_providers(register: Callable[[InsightsProvider], None]) -> None:
    """Register insights providers: they turn preferences into taste insights."""


@hookspec
def register_art_styles(register: Callable[[ArtStyle], None]) -> None:
    """Register art styles, selected by `artStyle` in a reader's preferences."""


@hookspec
def register_prompt_templates(register: Callable[[TemplateSource], None]) -> None:
    """Register folders of jinja2 prompt templates (story, episode, panel)."""
