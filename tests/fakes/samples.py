"""A valid story bible, episode script and image, and the answers a model would give with them."""

from __future__ import annotations

import io
import json
import re

from PIL import Image, ImageDraw

from manga_common.models.script import EpisodeScript, StoryBible

_BIBLE = {
    "title": "The Lantern Cartographers",
    "logline": "Two apprentices map a city whose streets rearrange themselves every night.",
    "tagline": "Every map is a promise.",
    "setting": {
        "kind": "city",
        "name": "Hikari Ward",
        "description": "A harbour city of paper lanterns whose alleys shift at midnight.",
        "timeOfDay": "night",
        "weather": "fog",
    },
    "characters": [
        {
            "name": "Aoi",
            "role": "apprentice cartographer",
            "personality": "Stubborn, curious and quick to laugh at herself.",
            "look": {
                "hairStyle": "ponytail",
                "hairColor": "black",
                "eyeColor": "amber",
                "outfit": "a navy work coat with brass buttons",
                "signature": "a red lantern on a pole",
                "accentColor": "red",
                "build": "small",
            },
        },
        {
            "name": "Ren",
            "role": "rival mapmaker",
            "personality": "Precise, proud, secretly kind.",
            "look": {
                "hairStyle": "spiky",
                "hairColor": "silver",
                "eyeColor": "green",
                "outfit": "a grey scholar's robe",
                "signature": "a compass on a long chain",
                "accentColor": "gold",
                "build": "tall",
            },
        },
    ],
    "arc": [
        {
            "number": 1,
            "title": "The Moving Street",
            "summary": "Aoi finds a street that was not there yesterday.",
        },
        {"number": 2, "title": "Ink and Fog", "summary": "Aoi and Ren chart the fog district together."},
        {"number": 3, "title": "The Last Lantern", "summary": "The city's heart is mapped at last."},
    ],
    "genres": ["fantasy", "adventure"],
    "themes": ["friendship", "a lost map"],
    "tone": "fiery",
    "targetAudience": "teens",
    "contentRating": "teen",
    "artStyle": "shonen",
}


def _page(number: int) -> dict[str, object]:
    return {
        "number": number,
        "panels": [
            {
                "shot": "wide",
                "description": f"Fog rolls over the lantern-lit harbour streets (page {number}).",
                "characters": [],
                "caption": "Hikari Ward, midnight.",
            },
            {
                "shot": "medium",
                "description": "Aoi raises her red lantern as the alley ahead folds away.",
                "characters": ["Aoi"],
                "dialogue": [{"speaker": "Aoi", "text": "The street moved again!", "kind": "shout"}],
                "emotion": "surprised",
                "action": True,
                "sfx": "KRRK",
            },
            {
                "shot": "close-up",
                "description": "Ren checks his compass beside Aoi, frowning.",
                "characters": ["Ren", "Aoi"],
                "dialogue": [{"speaker": "Ren", "text": "Then we map it faster."}],
                "emotion": "determined",
            },
        ],
    }


def sample_bible() -> StoryBible:
    return StoryBible.model_validate(_BIBLE)


def sample_script(pages: int = 2, episode_number: int = 1) -> EpisodeScript:
    return EpisodeScript.model_validate(
        {
            "episodeNumber": episode_number,
            "title": "The Moving Street",
            "summary": "Aoi and Ren chase a street that rearranges itself.",
            "pages": [_page(n) for n in range(1, pages + 1)],
            "cliffhanger": "The map in Aoi's hands begins to redraw itself.",
        }
    )


def sample_png(width: int = 64, height: int = 48) -> bytes:
    """A PNG with a visible pattern, so a crop or a resize shows."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 2, height // 2), fill="black")
    draw.ellipse((width // 4, height // 4, 3 * width // 4, 3 * height // 4), outline="red", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


_PAGES = re.compile(r"pages (\d+) to (\d+) of (\d+)")
_PLAN = re.compile(r"(\d+) pages, one line per page")


def manga_answer(prompt: str, bible: StoryBible, script: EpisodeScript) -> str:
    """What a well-behaved model answers to one of our story or episode prompts.

    A story prompt (its schema is StoryBible's) gets `bible`; an episode prompt gets the
    pages it asks for ("pages X to Y of Z"), taken from `script` in turn (repeating if it
    is short) and numbered from 1; an episode plan prompt gets one beat a page, from `script`.
    """
    if '"title":"EpisodePlan"' in prompt:
        found = _PLAN.search(prompt)
        total = int(found.group(1)) if found else len(script.pages)
        beats = [
            {"number": number, "beat": script.pages[(number - 1) % len(script.pages)].panels[0].description}
            for number in range(1, total + 1)
        ]
        return json.dumps(
            {
                "title": script.title,
                "summary": script.summary,
                "cliffhanger": script.cliffhanger,
                "pages": beats,
            }
        )
    if '"title":"EpisodeScript"' in prompt:
        found = _PAGES.search(prompt)
        first, last = (int(found.group(1)), int(found.group(2))) if found else (1, len(script.pages))
        pages = [
            {**script.pages[(number - 1) % len(script.pages)].dump(), "number": index}
            for index, number in enumerate(range(first, last + 1), start=1)
        ]
        return json.dumps({**script.dump(), "pages": pages})
    if '"title":"StoryBible"' in prompt:
        return json.dumps(bible.dump())
    raise ValueError("not a story or episode prompt")
