"""What the chain benchmarks share: the embedded emulator provisioned for a run, and an order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from manga_common.models.preferences import PreferencesRequest
    from manga_common.settings import Settings


@contextmanager
def provisioned_emulator(visibility_timeout: int | None = None) -> Iterator[Settings]:
    """The embedded emulator with the platform provisioned on it, as environment `bench`, and this
    process configured for it (the settings the environment gives, its endpoint and names)."""
    from manga_app.emulator import embedded_emulator
    from manga_app.provision import provision
    from manga_common.settings import Settings, get_settings

    with embedded_emulator() as endpoint:
        configured = Settings.from_env().model_dump()
        settings = Settings.model_validate({**configured, "environment": "bench", "endpoint_url": endpoint})
        os.environ.update(settings.to_env())
        get_settings.cache_clear()
        provision(settings, visibility_timeout=visibility_timeout)
        yield settings


def order(pages: int, seed: int) -> PreferencesRequest:
    """The benchmarks' order: the same taste every run, a page count and a seed."""
    from manga_common.models.preferences import PreferencesRequest

    return PreferencesRequest(
        genres=["fantasy", "adventure"],
        themes=["friendship"],
        art_style="shonen",
        target_audience="teens",
        content_rating="teen",
        seed=seed,
        pages=pages,
    )
