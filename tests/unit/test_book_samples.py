"""A long, varied episode and stand-in panel art for the book tests.

The other test_book_* files import from here. The episode is written out by hand so that
it exercises what lettering finds hard: six-panel pages, four speakers in a close-up,
160-character lines next to one-word shouts, captions, sound effects and action beats.
"""

from __future__ import annotations

import io
import itertools

from PIL import Image, ImageDraw

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

CAST = ("Aiko", "Ren", "Mori", "Kenta")

LINES = (
    "Wait!",
    "Did you hear that?",
    "The lighthouse has been dark for three nights now, and nobody in the village will say why.",
    "Hmph.",
    "If we follow the old tide map, we reach the cave before the water comes back in.",
    "I'm not scared. I just think that running into a sealed cave at midnight is a terrible plan and I "
    "would like that on record.",
    "Too late to turn back.",
    "...",
    "Look at the door. Someone carved our names into it, and the carving is older than any of us.",
    "Run!!",
    "Keep your voice down, they can hear us from the ridge.",
    "Promise me you'll come back?",
)
KINDS = ("speech", "speech", "thought", "shout", "whisper")
CAPTIONS = (
    "Shiomi Harbour. The night the lighthouse went out.",
    "Meanwhile, on the ridge above the bay, someone was watching the children with a lantern shaded low.",
    "Later.",
)
SFX = ("BOOM", "fwoosh", "KRAK", "dokun", "SPLASH!")
# Panels per page: every count from one to six, twice the worst case.
PANELS_PER_PAGE = (1, 6, 4, 5, 3, 6, 2, 5, 4, 6)


def sample_bible(content_rating: str = "teen") -> StoryBible:
    look = Look(
        hair_style="spiky",
        hair_color="black",
        eye_color="brown",
        outfit="school uniform",
        signature="red scarf",
        accent_color="red",
    )
    return StoryBible(
        title="The Tide Door",
        logline="Four friends follow an old tide map to a cave that should not exist.",
        tagline="When the lighthouse goes dark, the sea remembers.",
        setting=Setting(
            kind="village", name="Shiomi Harbour", description="A fishing village below a lighthouse."
        ),
        characters=[
            Character(name=name, role=role, personality="Stubborn and loyal.", look=look)
            for name, role in zip(
                CAST,
                ("Lead, the one with the map", "Her rival", "The careful one", "Youngest, always hungry"),
                strict=True,
            )
        ],
        arc=[EpisodeOutline(number=n, title=f"Part {n}", summary="The tide turns.") for n in (1, 2, 3)],
        genres=["mystery", "adventure"],
        themes=["friendship", "the sea"],
        content_rating=content_rating,
    )


def sample_episode(pages: int = 10) -> EpisodeScript:
    lines = itertools.cycle(LINES)
    kinds = itertools.cycle(KINDS)
    shots = itertools.cycle(SHOTS)
    captions = itertools.cycle(CAPTIONS)
    effects = itertools.cycle(SFX)
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
                    description="The friends at the harbour wall.",
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
        title="The Night the Light Went Out",
        summary="The friends find a door in the sea cave with their names on it.",
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


def test_the_sample_episode_covers_the_hard_cases() -> None:
    script = sample_episode()
    panels = script.panels()
    assert sorted({len(page.panels) for page in script.pages}) == [1, 2, 3, 4, 5, 6]
    assert {panel.shot for panel in panels} == set(SHOTS)
    assert {len(panel.dialogue) for panel in panels} >= {0, 1, 2, 3, 4}
    assert {line.kind for panel in panels for line in panel.dialogue} == {
        "speech",
        "thought",
        "shout",
        "whisper",
    }
    assert max(len(line.text) for panel in panels for line in panel.dialogue) >= 120
    assert any(panel.caption for panel in panels) and any(panel.sfx for panel in panels)
