"""A long, varied episode and stand-in panel art for the book tests.

The episode is assembled from book_sample.json so that it exercises what lettering finds
hard: six-panel pages, four speakers in a close-up, 160-character lines next to one-word
shouts, captions, sound effects and action beats.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from manga_common.models.preferences import ContentRating
from manga_common.models.script import (
    MAX_DIALOGUE_CHARS,
    SHOTS,
    Character,
    DialogueLine,
    EpisodeOutline,
    EpisodeScript,
    Look,
    Page,
    Panel,
    Setting,
    StoryBible,
)
from manga_common.plugins.interfaces import ArtStyle
from manga_common.staging import stage_panel

SAMPLE: dict[str, Any] = json.loads(
    (Path(__file__).with_name("book_sample.json")).read_text(encoding="utf-8")
)
CAST: tuple[str, ...] = tuple(member["name"] for member in SAMPLE["cast"])
# Panels per page: every count from one to six, twice the worst case.
PANELS_PER_PAGE: tuple[int, ...] = tuple(SAMPLE["panelsPerPage"])


def sample_bible(content_rating: ContentRating = "teen") -> StoryBible:
    story = SAMPLE["bible"]
    look = Look.model_validate(SAMPLE["look"])
    return StoryBible(
        title=story["title"],
        logline=story["logline"],
        tagline=story["tagline"],
        setting=Setting.model_validate(story["setting"]),
        characters=[
            Character(name=member["name"], role=member["role"], personality=SAMPLE["personality"], look=look)
            for member in SAMPLE["cast"]
        ],
        arc=[EpisodeOutline(number=n, title=f"Part {n}", summary=story["arcSummary"]) for n in (1, 2, 3)],
        genres=story["genres"],
        themes=story["themes"],
        content_rating=content_rating,
    )


def sample_episode(pages: int = 10) -> EpisodeScript:
    lines = itertools.cycle(SAMPLE["lines"])
    kinds = itertools.cycle(SAMPLE["kinds"])
    shots = itertools.cycle(SHOTS)
    captions = itertools.cycle(SAMPLE["captions"])
    effects = itertools.cycle(SAMPLE["sfx"])
    panel_number = 0
    script_pages = []
    for page_number, count in enumerate(PANELS_PER_PAGE[:pages], start=1):
        panels = []
        for _ in range(count):
            panel_number += 1
            cast = list(CAST[: 1 + panel_number % 4])
            talkers = cast[: 1 + (panel_number // 4) % 4] if panel_number % 5 else []
            dialogue = [
                DialogueLine(speaker=talker, text=next(lines)[:MAX_DIALOGUE_CHARS], kind=next(kinds))
                for talker in talkers
            ]
            panels.append(
                Panel(
                    shot=next(shots),
                    description=SAMPLE["episode"]["panelDescription"],
                    characters=cast,
                    dialogue=dialogue,
                    caption=next(captions) if panel_number % 4 == 1 else None,
                    sfx=next(effects) if panel_number % 3 == 0 else None,
                    action=panel_number % 3 == 0,
                )
            )
        script_pages.append(Page(number=page_number, panels=panels))
    return EpisodeScript(
        episode_number=1,
        title=SAMPLE["episode"]["title"],
        summary=SAMPLE["episode"]["summary"],
        pages=script_pages,
    )


def sample_style(color: bool = False) -> ArtStyle:
    return ArtStyle(
        name="shonen",
        display_name="Shonen",
        description="Bold ink.",
        prompt_style="shonen manga panel",
        color=color,
        line_weight=1.2,
    )


def panel_art(width: int, height: int, panel: Panel | None = None, shade: int = 0) -> bytes:
    """A stand-in drawing: a toned background with a ring where each face is staged."""
    image = Image.new("RGB", (width, height), (200 - shade % 60, 205, 215))
    draw = ImageDraw.Draw(image)
    for x in range(-height, width, 24):
        draw.line([(x, height), (x + height, 0)], fill=(170, 175, 190), width=2)
    for place in stage_panel(panel) if panel is not None else []:
        r = place.face_radius * height
        cx, cy = place.x * width, place.y * height
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 235, 220), outline=(20, 20, 20), width=3)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def all_panel_art(
    script: EpisodeScript, slots: list[tuple[int, int, int, int]]
) -> dict[tuple[int, int], bytes]:
    return {
        (page, index): panel_art(width, height, script.pages[page - 1].panels[index], shade=page * 7 + index)
        for page, index, width, height in slots
    }
