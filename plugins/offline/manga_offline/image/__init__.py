"""The built-in image backend "offline": procedural manga panels drawn with Pillow.

No model and no network: backgrounds by setting, characters from their bible Look, manga
devices and screentone, deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Callable

from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import ImageBackend
from manga_offline.image.renderer import OfflinePanelRenderer

__all__ = ["OfflinePanelRenderer"]


@hookimpl
def register_image_backends(register: Callable[[ImageBackend], None]) -> None:
    register(OfflinePanelRenderer())
