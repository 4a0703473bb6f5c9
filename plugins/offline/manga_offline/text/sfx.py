"""Sound effects, lettered the manga way: short, loud, mostly romanised Japanese."""

from __future__ import annotations

import random

SFX: dict[str, tuple[str, ...]] = {
    "dash": ("ZUBAAA", "DASH!", "SHUUN", "ZAZAZA", "BYUN!"),
    "impact": ("BAM!", "DOGOOON", "KRAK!", "DOKA!", "BASHI!"),
    "crash": ("GASHAAN", "CRASH!", "DOSHAAN", "BAKIKI"),
    "clash": ("GAKIN!", "KIIN!", "CLANG!"),
    "rumble": ("GOGOGOGO", "ZUZUZUZU", "RUMBLE"),
    "comic": ("BONK!", "PIKOON", "DOTE!", "BOING!"),
    "shock": ("BIKU!", "GAAN!", "DOKI!"),
    "heart": ("DOKUN", "BA-DUMP", "DOKUN DOKUN"),
    "crowd": ("WAAAA!", "OOOOH!", "ZAWA ZAWA"),
    "step": ("TAP TAP", "ZASH ZASH", "KOTSU KOTSU"),
    "magic": ("FWAAA", "KIRAAN", "SHIIIN"),
    "tech": ("BZZZT", "PIPIPI", "VWOOM"),
    "wind": ("HYUOOO", "BYUUU", "GOOOO"),
    "scribble": ("KAKI KAKI", "SARA SARA", "SCRITCH"),
    "door": ("GACHA", "BATAN!"),
}
_AMBIENT: dict[str, tuple[str, ...]] = {
    "clear": ("CHIRP CHIRP", "SAAA", "MIN MIN"),
    "cloudy": ("HYUUU", "SAWA SAWA"),
    "rain": ("ZAAA", "PITA PITA", "SAAAA"),
    "snow": ("SHIN SHIN", "HYUUU"),
    "fog": ("SHIIN", "POTA..."),
    "storm": ("GOROGORO", "ZAAAA", "BYUOOO"),
    "indoors": ("SHIIN", "TIK TOK", "KACHI KACHI"),
}
_GENRE_SWAPS = {("magic", "sci-fi"): "tech"}


def pick_sfx(
    category: str,
    rng: random.Random,
    used: set[str],
    genres: tuple[str, ...],
    weather: str,
    sport_sfx: tuple[str, ...],
) -> str:
    """A sound for `category`, unused in this episode when one is left; literal text passes through."""
    if category != category.lower():
        return category[:24]
    for genre in genres:
        category = _GENRE_SWAPS.get((category, genre), category)
    if category == "ambient":
        options = _AMBIENT.get(weather, _AMBIENT["clear"])
    elif category == "sport":
        options = sport_sfx
    else:
        options = SFX.get(category, SFX["impact"])
    fresh = [option for option in options if option not in used] or list(options)
    choice = rng.choice(fresh)
    used.add(choice)
    return choice
