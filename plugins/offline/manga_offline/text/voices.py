"""How each character talks: a speech style that colours their personality and their lines.

A voice is written into the character's personality (its first word), so an episode
written later from the bible alone hears the same voice.
"""

from __future__ import annotations

import random
import re
from typing import Literal

Voice = Literal["brash", "cheerful", "calm", "shy", "sardonic", "formal", "gruff", "dreamy"]
VOICES: tuple[Voice, ...] = ("brash", "cheerful", "calm", "shy", "sardonic", "formal", "gruff", "dreamy")


# Openings of a personality; each starts with the voice's own word.
CORES: dict[Voice, tuple[str, ...]] = {
    "brash": (
        "Brash, loud and allergic to giving up",
        "Brash and fearless, with more heart than sense",
        "Brash, quick to laugh and quicker to charge in",
    ),
    "cheerful": (
        "Cheerful and endlessly curious, befriends everyone within ten minutes",
        "Cheerful, chatty and sharper than anyone expects",
        "Cheerful to the bone, even when things fall apart",
    ),
    "calm": (
        "Calm and watchful, speaks only when it matters",
        "Calm, precise and quietly kind",
        "Calm on the surface, a storm underneath",
    ),
    "shy": (
        "Shy and soft-spoken, braver than they know",
        "Shy, clever and always three steps behind the group, taking notes",
        "Shy until someone they love is threatened",
    ),
    "sardonic": (
        "Sardonic and sharp-tongued, loyal to the end",
        "Sardonic, lazy on purpose and never wrong about people",
        "Sardonic, with a joke for every disaster",
    ),
    "formal": (
        "Formal and proud, hides every feeling behind perfect manners",
        "Formal, exacting and secretly fond of sweets",
        "Formal to the point of comedy, honest to a fault",
    ),
    "gruff": (
        "Gruff and impatient, with a soft spot they deny having",
        "Gruff, scarred by old mistakes and determined not to repeat them",
        "Gruff and few of words, but always there on time",
    ),
    "dreamy": (
        "Dreamy and absent-minded, notices what everyone else misses",
        "Dreamy, gentle and strangely wise",
        "Dreamy, always humming, never quite where they should be",
    ),
}

FLAWS: tuple[str, ...] = (
    "cannot say no to a challenge",
    "keeps promises even when they hurt",
    "hates asking for help",
    "trusts the wrong people too quickly",
    "gets lost in any building with more than one floor",
    "hides worries behind jokes",
    "holds grudges for years",
    "worries about everyone except themself",
    "is terrible at lying",
    "acts first and apologises later",
    "is afraid of being left behind",
    "thinks every problem is their job to fix",
)
QUIRKS: tuple[str, ...] = (
    "hums off-key when nervous",
    "names every stray animal they meet",
    "eats sweets to think",
    "keeps a notebook of other people's good deeds",
    "sneezes at dramatic moments",
    "counts steps out loud",
    "collects bottle caps",
    "falls asleep anywhere",
    "talks to plants",
    "never takes off their scarf",
    "laughs at their own jokes before the punchline",
    "is always, somehow, eating",
)

# Speech styles most likely for each story function, in order of preference.
FUNCTION_VOICES: dict[str, tuple[Voice, ...]] = {
    "hero": ("brash", "cheerful", "shy", "dreamy", "calm"),
    "ally": ("sardonic", "cheerful", "calm", "shy", "formal"),
    "mentor": ("gruff", "calm", "dreamy", "formal"),
    "foe": ("formal", "calm", "sardonic", "brash"),
    "wild": ("dreamy", "cheerful", "sardonic", "gruff"),
}


def personality(rng: random.Random, voice: Voice) -> str:
    core = rng.choice(CORES[voice])
    return f"{core}; {rng.choice(FLAWS)}, and {rng.choice(QUIRKS)}."


def voice_of(personality_text: str, fallback: Voice) -> Voice:
    first = personality_text.split(" ")[0].strip(",;.").lower() if personality_text else ""
    return next((voice for voice in VOICES if voice == first), fallback)


_CONTRACTIONS = {
    "don't": "do not",
    "can't": "cannot",
    "won't": "will not",
    "isn't": "is not",
    "aren't": "are not",
    "didn't": "did not",
    "doesn't": "does not",
    "I'm": "I am",
    "you're": "you are",
    "You're": "You are",
    "we're": "we are",
    "We're": "We are",
    "I'll": "I will",
    "let's": "let us",
    "Let's": "Let us",
}
_CONTRACTION = re.compile(
    r"(?<![\w'])(" + "|".join(re.escape(word) for word in _CONTRACTIONS) + r")(?![\w'])"
)
_FIRST_WORD = re.compile(r"^([A-Za-z])([a-z]+)\b")


# Each voice's verbal tic, said before a line now and then so the reader hears who speaks;
# each is a whole sentence, so the line after it keeps its capital.
_TICS: dict[Voice, tuple[str, ...]] = {
    "brash": ("Heh. ", "Hah! ", "Tch. "),
    "cheerful": ("Ooh! ", "Hey hey! ", "Okay! "),
    "calm": ("Hm. ", "I see. "),
    "shy": ("U-um... ", "Er... "),
    "sardonic": ("Wow. ", "Right. ", "Sure. "),
    "formal": ("Pardon me. ", "If I may. "),
    "gruff": ("Hmph. ", "Tch. "),
    "dreamy": ("Mm... ", "Oh... "),
}
_TIC_CHANCE = 0.2
_TIC_MAX_LENGTH = 60


def speak(text: str, voice: Voice, rng: random.Random, kind: str = "speech", tics: bool = True) -> str:
    """A line as this voice says it: the shy stammer, the formal never contract, the gruff grunt.

    Shouts stay shouts whoever gives them and carry no tic; `tics` is off for young readers,
    whose bubbles stay short.
    """
    text = _inflect(text, voice, rng, kind)
    if (
        tics
        and kind == "speech"
        and len(text.split()) >= 3
        and len(text) <= _TIC_MAX_LENGTH
        and not text.startswith(("...", "-", "—"))
        and text.split(" ")[0][-1:].isalpha()  # "Ha!" or "Whoa..." is already a tic of its own
        and rng.random() < _TIC_CHANCE
    ):
        return rng.choice(_TICS[voice]) + text
    return text


def _inflect(text: str, voice: Voice, rng: random.Random, kind: str) -> str:
    if voice == "formal":
        return _CONTRACTION.sub(lambda match: _CONTRACTIONS[match.group(1)], text)
    if voice == "shy" and rng.random() < 0.35:
        if text.startswith("I ") or text.startswith("I'"):
            return "I-" + text
        return _FIRST_WORD.sub(
            lambda match: f"{match.group(1)}-{match.group(1).lower()}{match.group(2)}", text, count=1
        )
    if (
        voice == "brash"
        and text.endswith(".")
        and "..." not in text
        and len(text) > 25
        and rng.random() < 0.25
    ):
        return text[:-1] + "!"
    if (
        voice in ("calm", "gruff")
        and kind != "shout"
        and text.endswith("!")
        and not text.endswith("?!")
        and rng.random() < 0.6
    ):
        return text.rstrip("!") + "."
    if voice == "dreamy" and text.endswith(".") and not text.endswith("...") and rng.random() < 0.25:
        return text[:-1] + "..."
    return text
