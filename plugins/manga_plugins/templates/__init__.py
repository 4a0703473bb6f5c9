"""Built-in jinja2 prompt templates: story, episode and panel prompts for cloud models.

`system.j2` is the system message of every text prompt, `story.j2` and `episode.j2` the
user messages, `panel.j2` an image prompt (one phrase per line). `<style>.<name>` is a
style's override (`noir.panel.j2`); it usually extends the generic template and replaces
one block. See `manga_common.prompts` for how folders and names are resolved, and for what a
template may print (text that is not the platform's own goes through `| data`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import TemplateSource

TEMPLATE_DIR = Path(__file__).parent
BUILTIN_TEMPLATES = TemplateSource(name="builtin", directory=TEMPLATE_DIR, priority=0)


@hookimpl
def register_prompt_templates(register: Callable[[TemplateSource], None]) -> None:
    register(BUILTIN_TEMPLATES)
