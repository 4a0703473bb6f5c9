"""Blocking for panels a scene did not direct: what the reader sees when someone speaks or listens.

A scene writes its big panels by hand; a reply, a reaction or a pause is staged here from
what is known about the moment: who speaks, how (shout, whisper, thought, question), what
they feel, whom they face, what they carry and where they stand. Every description names an
action or an expression, and often a detail of the place, so the artist has something to draw.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_offline.text.text import fill


@dataclass(frozen=True)
class Moment:
    """What a staged panel knows about its instant."""

    name: str
    """The speaker's (or listener's) form of address."""
    emotion: str
    kind: str
    """speech, shout, whisper or thought."""
    question: bool
    partner: str | None
    prop: str
    place_kind: str
    genres: tuple[str, ...]


# A speaker's body, by feeling; "{prop}" is what they always carry.
_BODIES: dict[str, tuple[str, ...]] = {
    "neutral": (
        "{name} rubs the back of their neck",
        "{name} turns {prop} over in their hands",
        "{name} leans back, arms folded loosely",
        "{name} answers without looking up, busy with {prop}",
        "{name} half-turns, hands in pockets",
        "{name} sets {prop} down and looks up",
        "{name} props their chin on one hand",
    ),
    "happy": (
        "{name} grins, eyes creased into crescents",
        "{name} laughs, one hand over their mouth",
        "{name} beams, cheeks pink",
        "{name} bounces on their heels, smiling wide",
        "{name} gives a thumbs-up and a crooked grin",
    ),
    "sad": (
        "{name}'s gaze drops to the floor",
        "{name} grips {prop} a little too tightly, eyes lowered",
        "{name}'s shoulders sag; a shadow falls over their eyes",
        "{name} looks away, lips pressed thin",
    ),
    "angry": (
        "{name}'s brow knots, teeth bared",
        "{name} slams a palm flat, glaring",
        "{name} jabs a finger forward, furious",
        "{name}'s fists shake at their sides",
    ),
    "surprised": (
        "{name} jolts, eyes wide as saucers",
        "{name} nearly drops {prop}",
        "{name} freezes mid-step, mouth open",
        "{name} recoils, sweat beading on their brow",
    ),
    "determined": (
        "{name} squares their shoulders, jaw set",
        "{name} tightens their grip on {prop}, eyes blazing",
        "{name} steps forward, chin up",
        "{name} stares straight ahead, unblinking",
    ),
    "afraid": (
        "{name} hugs their own arms, face pale",
        "{name} edges back, eyes darting",
        "{name} clutches {prop} to their chest",
        "{name} swallows, a bead of sweat running down their cheek",
    ),
    "smug": (
        "{name} smirks, chin tilted up",
        "{name} raises one eyebrow, arms crossed",
        "{name} twirls {prop}, looking very pleased",
        "{name} leans in with a lazy, knowing smile",
    ),
}
# How the way of speaking shows, when it shows more than the feeling does.
_MANNERS: dict[str, tuple[str, ...]] = {
    "shout": (
        "{name} shouts, mouth wide, speed lines behind",
        "{name} throws both arms up and yells",
        "{name} leans forward, bellowing",
    ),
    "whisper": (
        "{name} leans in close, voice barely a breath",
        "{name} speaks behind a raised hand",
        "{name} murmurs, glancing over one shoulder",
    ),
    "thought": (
        "{name} stares into the middle distance, lost in thought",
        "{name}, silent, eyes half-closed",
        "{name} gazes down at {prop}, thinking",
    ),
    "question": (
        "{name} tilts their head, frowning",
        "{name} turns, eyebrows raised",
        "{name} squints, unconvinced",
    ),
}
# Where the other person is, in a phrase that follows the body.
_WITH: tuple[str, ...] = (
    "; {partner} at their shoulder",
    ", turning to {partner}",
    ", across from {partner}",
    "; {partner} watches from the edge of the frame",
    ", eyes on {partner}",
)
# A detail of the place behind them, by the kind of place, then by genre mood.
_BACKDROPS: dict[str, tuple[str, ...]] = {
    "city": (
        "Neon signs buzz overhead.",
        "Traffic blurs past behind them.",
        "Laundry lines sag between the buildings.",
    ),
    "school": (
        "Behind them, a chalkboard full of half-erased notes.",
        "Sunlight slants through the classroom windows.",
        "Students chatter in the background.",
    ),
    "forest": ("Leaves drift down around them.", "Moss and roots underfoot.", "Birds scatter from a branch."),
    "sea": ("Gulls wheel overhead.", "Spray beads on the railing.", "Ropes creak against the mast."),
    "space": (
        "Stars slide past the viewport.",
        "A console blinks beside them.",
        "Pipes hum along the bulkhead.",
    ),
    "interior": (
        "Lamplight throws long shadows on the wall.",
        "A kettle steams in the background.",
        "Old posters curl on the wall behind them.",
    ),
    "mountain": (
        "Clouds roll below the ridge.",
        "Prayer flags snap in the wind.",
        "Loose scree skitters away.",
    ),
    "desert": (
        "Heat shimmers on the dunes.",
        "Sand hisses across the ground.",
        "A bleached skull half-buried nearby.",
    ),
    "village": (
        "Paper lanterns sway under the eaves.",
        "Chickens scatter past.",
        "Smoke curls from a chimney.",
    ),
    "ruins": (
        "Broken pillars loom behind them.",
        "Vines choke an old archway.",
        "Dust sifts from a cracked ceiling.",
    ),
}
_MOODS: dict[str, tuple[str, ...]] = {
    "horror": (
        "Behind them, a door stands open that was closed a moment ago.",
        "The shadows at the edge of the panel are a little too deep.",
    ),
    "supernatural": (
        "A paper charm flutters though there is no wind.",
        "Something pale drifts past, unseen by them.",
    ),
    "sci-fi": ("A drone drifts past, scanning.", "Holographic text scrolls in the air behind them."),
    "romance": ("Petals drift through the frame.", "Soft light haloes their hair."),
    "sports": ("A scoreboard glows in the background.", "Sweat flicks from their hair."),
    "mystery": ("A single lamp leaves half their face in shadow.",),
    "thriller": ("A security camera's red light blinks above them.",),
    "comedy": ("A crow caws, unimpressed, in the background.",),
}
# A listener's reaction, by how the line landed.
LISTENING: dict[str, tuple[str, ...]] = {
    "neutral": (
        "{name} listens, saying nothing, eyes on {other}",
        "{name} takes it in, face unreadable",
        "{name} pauses, {prop} forgotten in their hands",
        "{name} glances at {other}, then away",
    ),
    "happy": (
        "{name} can't help smiling",
        "{name} stifles a laugh behind one hand",
        "{name}'s face softens into a grin",
    ),
    "sad": ("{name} looks down, silent", "{name}'s smile fades", "{name} bites their lip and says nothing"),
    "angry": (
        "{name} bristles",
        "A vein throbs on {name}'s temple",
        "{name} grinds their teeth, glaring at {other}",
    ),
    "surprised": (
        "{name} blinks, caught off guard",
        "{name} stares at {other}, mouth half open",
        "{name} goes very still, eyes wide",
    ),
    "determined": ("{name} nods slowly", "{name}'s eyes harden", "{name} clenches a fist and nods once"),
    "afraid": (
        "{name} swallows hard",
        "{name} glances over one shoulder",
        "{name} goes pale, lips trembling",
    ),
}
# Wordless beats that let a page breathe, outdoors and in, then by genre mood.
PAUSES: dict[bool, tuple[str, ...]] = {
    False: (
        "A gust of wind. Leaves scatter across the ground.",
        "For a moment, nobody speaks.",
        "The sky, wide and indifferent, over everyone's heads.",
        "A bird takes off from a rooftop.",
        "A long shadow stretches across the ground.",
    ),
    True: (
        "For a moment, nobody speaks.",
        "A clock ticks somewhere in the room.",
        "Dust drifts through a beam of light.",
        "A lamp flickers, then steadies.",
    ),
}
GENRE_PAUSES: dict[str, tuple[str, ...]] = {
    "horror": ("Down the hall, something drips. Then stops.", "A shape at the window. Then nothing."),
    "supernatural": ("A bell rings once, somewhere nobody can see.",),
    "sci-fi": (
        "A status light turns from green to amber.",
        "The hum of the air recyclers fills the silence.",
    ),
    "romance": ("Two shadows on the ground, almost touching.",),
    "sports": ("A ball rolls to a stop at the edge of the court.",),
    "mystery": ("Rain streaks the window. A clock ticks.",),
    "comedy": ("A crow lands, looks at everyone, and leaves.",),
}


def fresh_choice(options: tuple[str, ...] | list[str], used: set[str], rng: random.Random) -> str:
    """A seeded pick that avoids what this episode has already drawn, while anything is left."""
    unused = [option for option in options if option not in used] or list(options)
    choice = rng.choice(unused)
    used.add(choice)
    return choice


def speaker_description(moment: Moment, used: set[str], rng: random.Random) -> str:
    """What we see as someone speaks: their manner or feeling, the one they face, and often the place."""
    manner = "question" if moment.kind == "speech" and moment.question else moment.kind
    if manner in _MANNERS and (moment.emotion == "neutral" or rng.random() < 0.5):
        body = fresh_choice(_MANNERS[manner], used, rng)
    else:
        body = fresh_choice(_BODIES.get(moment.emotion, _BODIES["neutral"]), used, rng)
    words = {"name": moment.name, "prop": moment.prop, "partner": moment.partner or ""}
    text = fill(body, words)
    if moment.partner and moment.partner != moment.name and moment.kind != "thought":
        text += fill(rng.choice(_WITH), words)
    text = text[:1].upper() + text[1:] + "."
    backdrop = backdrop_detail(moment.place_kind, moment.genres, used, rng)
    return f"{text} {backdrop}" if backdrop and rng.random() < 0.6 else text


def backdrop_detail(
    place_kind: str, genres: tuple[str, ...], used: set[str], rng: random.Random
) -> str | None:
    options = [*_BACKDROPS.get(place_kind, ()), *(mood for genre in genres for mood in _MOODS.get(genre, ()))]
    fresh = [option for option in options if option not in used]
    if not fresh:
        return None
    choice = rng.choice(fresh)
    used.add(choice)
    return choice


def listener_description(feeling: str, words: dict[str, str], used: set[str], rng: random.Random) -> str:
    description = fill(fresh_choice(LISTENING[feeling], used, rng), words)
    return description[:1].upper() + description[1:] + "."


def pause_description(indoors: bool, genres: tuple[str, ...], used: set[str], rng: random.Random) -> str:
    options = [*PAUSES[indoors], *(pause for genre in genres for pause in GENRE_PAUSES.get(genre, ()))]
    return fresh_choice(options, used, rng)


# The close insert after a peak of feeling: a hand, an eye, the thing they carry.
INSERTS: dict[str, tuple[str, ...]] = {
    "determined": (
        "Close on {name}'s fist, knuckles white.",
        "Close on {name}'s eyes, narrowing.",
        "Close on {name}'s feet, planted firm.",
    ),
    "angry": ("Close on {name}'s clenched jaw.", "Close on {name}'s hand, curling into a fist."),
    "afraid": ("Close on {name}'s trembling fingers.", "A single drop of sweat runs down {name}'s neck."),
    "sad": ("Close on {prop}, held loosely in {name}'s hands.", "Close on {name}'s downcast eyes."),
    "happy": ("Close on {name}'s grin.", "Close on {prop}, swinging from {name}'s hand."),
    "surprised": ("Close on {name}'s eyes, pupils shrunk to pinpoints.", "Close on {name}'s open mouth."),
    "smug": ("Close on {name}'s smirk.", "Close on {name}'s fingers, drumming on {prop}."),
}


def insert_description(feeling: str, words: dict[str, str], used: set[str], rng: random.Random) -> str | None:
    options = INSERTS.get(feeling)
    if not options:
        return None
    return fill(fresh_choice(options, used, rng), words)
