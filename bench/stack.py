"""What the chain benchmarks share: the embedded emulator provisioned for a run, an order, and
the CPU time this process and its children (the emulator, the model server) have used."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


CHILDREN = {
    "manga_app.emulator": "emulator",
    "bench.model_server": "model server",
    "manga_app.sandbox": "sandboxes",
}
"""The child processes whose CPU is counted, by the module they run."""


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used so far: "handlers" (this process: the handlers, unless
    they run in sandboxes, the local event source mappings and the benchmark) and each of
    CHILDREN found running. The
    children are read from Linux's /proc; elsewhere only this process is counted."""
    used = {"handlers": time.process_time()}
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for tasks in Path("/proc/self/task").glob("*/children"):
        for pid in tasks.read_text().split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile
            for module, name in CHILDREN.items():
                if module in command:  # several sandboxes add up
                    used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return used
