"""Narration: where and when a scene is, what came before, and what comes next.

Captions follow the reader's age: a child gets the place and the time; an adult reader a
line of atmosphere in the story's tone.
"""

from __future__ import annotations

import random

from manga_offline.text.taste import Register, Tone
from manga_offline.text.text import clip

TIME_WORDS = {"dawn": "dawn", "day": "midday", "dusk": "dusk", "night": "night"}
_WEATHER_WORDS = {
    "clear": "under a clear sky",
    "cloudy": "under heavy clouds",
    "rain": "in the rain",
    "snow": "in falling snow",
    "fog": "in thick fog",
    "storm": "in a howling storm",
}
_ATMOSPHERE: dict[Tone, tuple[str, ...]] = {
    "fiery": ("Where every legend starts small.", "Somewhere here, a legend is about to oversleep."),
    "heartfelt": ("Some places hold on to you.", "The kind of place that remembers every footstep."),
    "grounded": (
        "Nothing here happens fast. Until it does.",
        "Life here runs on routine, and routine is fragile.",
    ),
    "playful": (
        "Population: a few hundred, plus one troublemaker.",
        "Famous for absolutely nothing. Until today.",
    ),
    "hardboiled": (
        "Everybody here owes somebody.",
        "The kind of place that keeps its secrets in the gutter.",
    ),
}
_ENDINGS: dict[Tone, str] = {
    "fiery": "To be continued!",
    "playful": "To be continued!",
    "heartfelt": "To be continued...",
    "grounded": "To be continued.",
    "hardboiled": "To be continued.",
}


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def place_caption(place: str, time_of_day: str, register: Register, tone: Tone, rng: random.Random) -> str:
    if register == "plain":
        return f"This is {place}."
    when = capital(TIME_WORDS.get(time_of_day, time_of_day))
    if register == "lively":
        return f"{capital(place)}. {when}."
    return f"{capital(place)}, {TIME_WORDS.get(time_of_day, time_of_day)}. {rng.choice(_ATMOSPHERE[tone])}"


def scene_caption(spot: str, time_of_day: str, register: Register) -> str:
    if register == "plain":
        return f"{capital(spot)}."
    return f"{capital(spot)}. {capital(TIME_WORDS.get(time_of_day, time_of_day))}."


def establishing_description(spot: str, time_of_day: str, weather: str, indoors: bool) -> str:
    sky = "" if indoors else f", {_WEATHER_WORDS.get(weather, 'under an open sky')}"
    return f"Establishing view of {spot} at {TIME_WORDS.get(time_of_day, time_of_day)}{sky}."


def previously_caption(summary: str) -> str:
    return clip(f"Previously: {summary}", 200)


def ending_caption(tone: Tone, next_title: str | None) -> str:
    ending = _ENDINGS[tone]
    return clip(f"{ending} Next: {next_title}", 200) if next_title else ending
