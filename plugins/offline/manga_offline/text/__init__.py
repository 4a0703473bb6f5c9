"""The offline story engine, registered as the text backend named "offline".

It writes story bibles and episode scripts without a network or a model, from the content
files under `data/`, deterministically for a given seed.
"""

from __future__ import annotations

from collections.abc import Callable

from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import TextBackend
from manga_offline.text.engine import OfflineStoryEngine
from manga_offline.text.ratings import BLOCKED_WORDS, blocked_words_in

__all__ = ["BLOCKED_WORDS", "OfflineStoryEngine", "blocked_words_in", "register_text_backends"]


@hookimpl
def register_text_backends(register: Callable[[TextBackend], None]) -> None:
    register(OfflineStoryEngine())
