"""Built-in art styles, one module per style."""

from __future__ import annotations

from collections.abc import Callable

from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import ArtStyle
from manga_plugins.styles import chibi, noir, seinen, shojo, shonen

BUILTIN_STYLES: tuple[ArtStyle, ...] = (shonen.STYLE, shojo.STYLE, seinen.STYLE, chibi.STYLE, noir.STYLE)


@hookimpl
def register_art_styles(register: Callable[[ArtStyle], None]) -> None:
    for style in BUILTIN_STYLES:
        register(style)
