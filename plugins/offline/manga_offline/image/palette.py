"""Colour words to RGB, and the arithmetic of light and shade.

Looks are free text ("silver", "dark blue", "honey blond"); the first colour word found
decides, so the same words give the same colour in every panel.
"""

from __future__ import annotations

import re

RGB = tuple[int, int, int]

COLOUR_WORDS: dict[str, RGB] = {
    "black": (26, 24, 30),
    "jet": (20, 20, 24),
    "ebony": (34, 28, 30),
    "charcoal": (54, 56, 62),
    "white": (246, 246, 244),
    "snow": (248, 248, 250),
    "ivory": (242, 236, 214),
    "cream": (240, 230, 200),
    "silver": (196, 202, 212),
    "platinum": (228, 226, 216),
    "grey": (138, 140, 146),
    "gray": (138, 140, 146),
    "ash": (168, 164, 160),
    "steel": (120, 132, 146),
    "blond": (240, 212, 120),
    "blonde": (240, 212, 120),
    "gold": (226, 178, 56),
    "golden": (226, 178, 56),
    "honey": (214, 160, 72),
    "sandy": (214, 188, 136),
    "beige": (216, 196, 160),
    "tan": (196, 156, 108),
    "khaki": (180, 168, 120),
    "brown": (112, 72, 42),
    "chestnut": (128, 68, 40),
    "chocolate": (84, 52, 34),
    "auburn": (150, 62, 36),
    "copper": (184, 98, 52),
    "ginger": (206, 108, 48),
    "hazel": (150, 112, 58),
    "amber": (222, 150, 36),
    "orange": (238, 128, 40),
    "red": (198, 38, 42),
    "scarlet": (220, 40, 36),
    "crimson": (164, 18, 46),
    "maroon": (110, 26, 40),
    "burgundy": (118, 24, 50),
    "wine": (120, 30, 60),
    "pink": (244, 150, 184),
    "rose": (232, 110, 150),
    "magenta": (200, 40, 140),
    "coral": (244, 128, 110),
    "peach": (250, 190, 150),
    "purple": (118, 60, 160),
    "violet": (138, 88, 200),
    "lavender": (190, 170, 230),
    "lilac": (196, 160, 214),
    "indigo": (62, 50, 130),
    "navy": (32, 40, 88),
    "blue": (48, 96, 200),
    "azure": (70, 150, 230),
    "sky": (120, 180, 236),
    "cobalt": (30, 70, 170),
    "sapphire": (30, 60, 160),
    "teal": (28, 128, 130),
    "cyan": (60, 200, 220),
    "aqua": (90, 210, 210),
    "turquoise": (60, 196, 190),
    "green": (58, 146, 70),
    "emerald": (22, 140, 92),
    "jade": (60, 160, 110),
    "mint": (160, 226, 190),
    "lime": (160, 210, 60),
    "olive": (110, 116, 52),
    "forest": (34, 90, 50),
    "yellow": (246, 214, 60),
    "lemon": (250, 236, 110),
    "violet-blue": (90, 80, 200),
}

_MODIFIERS: dict[str, float] = {"dark": -0.35, "deep": -0.3, "light": 0.35, "pale": 0.45, "bright": 0.1}
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """`a` moved a fraction `t` of the way to `b`."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def shade(colour: RGB, amount: float) -> RGB:
    """Darker, and a little cooler, as shadows are."""
    dark = mix(colour, (20, 16, 48), amount)
    return dark


def tint(colour: RGB, amount: float) -> RGB:
    return mix(colour, (255, 255, 255), amount)


def luminance(colour: RGB) -> float:
    return 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]


def colours_in(text: str) -> list[RGB]:
    """Every colour named in `text`, in the order named, with dark/light/pale applied."""
    found: list[RGB] = []
    modifier = 0.0
    for word in _WORD.findall(text.lower()):
        if word in _MODIFIERS:
            modifier = _MODIFIERS[word]
            continue
        base = COLOUR_WORDS.get(word) or COLOUR_WORDS.get(word.rstrip("s"))
        if base is None and "-" in word:
            base = COLOUR_WORDS.get(word.split("-")[-1])
        if base is not None:
            if modifier < 0:
                base = shade(base, -modifier)
            elif modifier > 0:
                base = tint(base, modifier)
            found.append(base)
        modifier = 0.0
    return found


def colour_in(text: str, default: RGB) -> RGB:
    found = colours_in(text)
    return found[0] if found else default
