"""Prompts for cloud models, rendered from the template plugins' jinja2 folders.

User-provided text enters a prompt only as data: see `as_data`.
"""

from __future__ import annotations

import json

from manga_common.models.script import Panel, StoryBible
from manga_common.plugins.interfaces import ArtStyle
from manga_common.staging import stage_panel

MAX_DATA_CHARS = 200


def as_data(text: str, limit: int = MAX_DATA_CHARS) -> str:
    """A quoted, escaped, length-limited literal: reads as a value, never as an instruction."""
    return json.dumps(text[:limit], ensure_ascii=False)


def panel_prompt(panel: Panel, bible: StoryBible, style: ArtStyle) -> tuple[str, str]:
    """(prompt, negative prompt) for one panel; every character's fixed look is restated."""
    people = []
    for placement in stage_panel(panel):
        character = bible.character(placement.name)
        if character:
            people.append(f"{character.look.describe()} {placement.horizontal_words()}")
    place = panel.location or bible.setting.kind
    parts = [
        style.prompt_style,
        f"{panel.shot} shot",
        f"setting: {place}, {panel.time_of_day or bible.setting.time_of_day}, {bible.setting.weather}",
        *people,
        f"mood: {panel.emotion}",
        as_data(panel.description),
    ]
    return ", ".join(parts), style.negative_prompt
