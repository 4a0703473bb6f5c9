"""The cast: who is in the story, what part each plays, how they look and how others call them.

A character's role starts with the part they play ("hero, apprentice cartographer"), and
their personality with their voice; an episode reads both back from the bible, so it knows
who is the hero and how each one talks without any state of its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_common.models.script import HAIR_STYLES, Character, Look, StoryBible
from manga_offline.text.genres import FUNCTIONS, Function, GenreKit
from manga_offline.text.names import TITLES, pick_names
from manga_offline.text.ratings import allowed
from manga_offline.text.taste import Taste
from manga_offline.text.text import clip, fill
from manga_offline.text.voices import FUNCTION_VOICES, Voice, personality, voice_of

# How a role is labelled in the bible, by function and genre family.
_LABELS: dict[Function, dict[str, str]] = {
    "hero": {"default": "hero"},
    "ally": {
        "default": "best friend",
        "fantastic": "companion",
        "futuristic": "partner",
        "sporting": "teammate",
    },
    "mentor": {"default": "mentor", "sporting": "coach"},
    "foe": {"default": "villain"},
    "wild": {"default": "wildcard"},
}
_LABEL_FUNCTIONS: dict[str, Function] = {
    "hero": "hero",
    "heroine": "hero",
    "protagonist": "hero",
    "lead": "hero",
    "best friend": "ally",
    "companion": "ally",
    "partner": "ally",
    "teammate": "ally",
    "friend": "ally",
    "sidekick": "ally",
    "mentor": "mentor",
    "coach": "mentor",
    "teacher": "mentor",
    "master": "mentor",
    "villain": "foe",
    "rival": "foe",
    "antagonist": "foe",
    "wildcard": "wild",
    "stranger": "wild",
}

_NATURAL_HAIR = (
    "jet black",
    "dark brown",
    "chestnut",
    "ash brown",
    "sandy blond",
    "auburn",
    "charcoal grey",
    "honey blond",
)
_VIVID_HAIR = (
    "silver",
    "crimson",
    "sky blue",
    "lavender",
    "mint green",
    "platinum blond",
    "midnight blue",
    "rose pink",
    "copper orange",
    "snow white",
)
_EYES = ("amber", "dark brown", "grey", "green", "violet", "gold", "ice blue", "hazel", "black", "teal")
_ACCENTS = ("red", "blue", "gold", "green", "violet", "orange", "teal", "pink", "white", "black")
_HAIR_BY_FUNCTION: dict[Function, tuple[str, ...]] = {
    "hero": ("spiky", "messy", "ponytail", "short", "twin-tails", "bob"),
    "ally": ("bob", "braid", "curly", "short", "twin-tails", "messy"),
    "mentor": ("shaved", "long", "braid", "short", "curly"),
    "foe": ("long", "short", "ponytail", "spiky", "bob"),
    "wild": ("curly", "twin-tails", "messy", "long", "braid"),
}
_BUILDS: dict[Function, tuple[str, ...]] = {
    "hero": ("average", "small", "average"),
    "ally": ("average", "broad", "small", "tall"),
    "mentor": ("tall", "broad", "small"),
    "foe": ("tall", "average", "broad"),
    "wild": ("small", "average", "tall"),
}
_OUTFITS: dict[str, dict[Function, tuple[str, ...]]] = {
    "fantastic": {
        "hero": (
            "a patched travelling cloak over a tunic",
            "layered shrine robes with rolled sleeves",
            "a short coat with brass buttons",
        ),
        "ally": (
            "a leather apron and work boots",
            "a hooded green cape",
            "a page's tabard, slightly too big",
        ),
        "mentor": ("a faded knight's coat", "star-embroidered robes", "a sheepskin vest and wooden sandals"),
        "foe": (
            "black armour with a high collar",
            "a long coat of midnight velvet",
            "robes sewn with silver thorns",
        ),
        "wild": (
            "a fox-fur shawl and wooden sandals",
            "a bard's feathered hat and patched coat",
            "a thief's wrapped scarf and soft boots",
        ),
    },
    "futuristic": {
        "hero": (
            "an oil-stained flight suit",
            "a cadet uniform with a torn sleeve",
            "a courier jacket with glowing seams",
        ),
        "ally": ("hooded techwear", "a spotless medic's smock", "a bomber jacket covered in patches"),
        "mentor": (
            "a long grey officer's coat",
            "an engineer's harness of tools",
            "a captain's coat with a dented badge",
        ),
        "foe": ("a sleek white bodysuit", "a Fleet dress uniform", "black armour plating"),
        "wild": ("a cloak of scavenged cables", "a bright yellow spacesuit", "a smuggler's long duster"),
    },
    "historic": {
        "hero": ("a travelling kimono and straw hat", "an indigo courier's coat", "a patched temple robe"),
        "ally": (
            "a bright kabuki-style kimono",
            "a merchant's striped jacket",
            "a ninja's dark clothes, worn badly",
        ),
        "mentor": (
            "a black haori over grey hakama",
            "a monk's saffron robe",
            "an inn-keeper's apron over a kimono",
        ),
        "foe": ("lacquered black armour", "a crane-crested formal kimono", "a black travelling cloak"),
        "wild": ("a storyteller's many-coloured coat", "a fox-patterned kimono", "a fisher's rain cape"),
    },
    "grounded": {
        "hero": (
            "a hoodie and cargo pants",
            "a delivery rider's jacket",
            "a track jacket with the sleeves pushed up",
        ),
        "ally": ("a mechanic's overalls", "a leather jacket with a torn collar", "a cardigan over a T-shirt"),
        "mentor": ("a rumpled suit and loose tie", "a chef's jacket", "a cardigan with elbow patches"),
        "foe": ("a black suit with no tie", "a white coat buttoned to the chin", "a designer trench coat"),
        "wild": ("a raincoat with a fox mask on the hood", "a paramedic's jacket", "a street-vendor's apron"),
    },
    "everyday": {
        "hero": (
            "a school blazer with the tie loose",
            "an apron over a striped shirt",
            "a sailor uniform with mismatched socks",
        ),
        "ally": ("an oversized cardigan", "denim overalls", "a neat sailor uniform"),
        "mentor": ("a café master's waistcoat", "a gardening hat and work clothes", "a teacher's cardigan"),
        "foe": ("a perfectly pressed uniform", "a designer coat", "a business suit a size too sharp"),
        "wild": ("a raincoat in every weather", "a traveller's parka", "a vintage dress with big pockets"),
    },
    "sporting": {
        "hero": (
            "a team jersey with number ten",
            "a club tracksuit, one sleeve torn",
            "a practice shirt soaked with sweat",
        ),
        "ally": ("a manager's club jacket", "a team jersey with number one", "a jersey two sizes too big"),
        "mentor": ("a coach's windbreaker", "a groundskeeper's overalls", "a faded national-team jacket"),
        "foe": (
            "a rival school's jersey with number one",
            "a spotless captain's tracksuit",
            "a rival team's warm-up jacket",
        ),
        "wild": (
            "a press lanyard over a hoodie",
            "a scout's blazer",
            "a transfer student's mismatched uniform",
        ),
    },
}
_OUTFITS["eerie"] = {
    **_OUTFITS["everyday"],
    "mentor": ("shrine robes", "a laundromat apron over a priest's collar", "a cardigan hung with charms"),
    "foe": ("a red raincoat", "a spotless school uniform from decades ago", "a black sailor uniform"),
}
_SCHOOL_UNIFORMS = (
    "a school blazer with the tie loose",
    "a neat sailor uniform",
    "a gakuran with the collar open",
)
_PROPS: dict[str, dict[Function, tuple[str, ...]]] = {
    "fantastic": {
        "hero": (
            "a cracked brass compass on a {accent} cord",
            "a lantern with a {accent} flame",
            "a {accent} dragon-scale scarf",
        ),
        "ally": (
            "a satchel of herbs",
            "a wooden flute with {accent} tassels",
            "a smith's hammer on the belt",
        ),
        "mentor": (
            "a crooked staff hung with bells",
            "an eyepatch stitched with {accent} stars",
            "a long pipe that puffs {accent} smoke",
        ),
        "foe": ("a white porcelain mask", "a lantern with a {accent} flame", "a ring of {accent} thorns"),
        "wild": (
            "a {accent} fox-tail charm",
            "a lute with one {accent} string",
            "a stolen crown on a string",
        ),
    },
    "futuristic": {
        "hero": (
            "a welding visor pushed up on the forehead",
            "a {accent} scarf from Earth",
            "a pilot's wings pin in {accent}",
        ),
        "ally": (
            "a floating drone the size of a fist",
            "glowing {accent} data glasses",
            "a tablet covered in stickers",
        ),
        "mentor": ("a mechanical arm with {accent} joints", "a captain's cap", "a tin of real coffee"),
        "foe": ("a mirrored visor", "a glowing {accent} earpiece", "a rank badge in {accent}"),
        "wild": ("a tiny alien in the hood", "a toolbelt of {accent} gadgets", "a smuggler's {accent} coin"),
    },
    "historic": {
        "hero": (
            "a courier's lacquered letter box",
            "a straw hat with a {accent} ribbon",
            "a {accent} paper umbrella",
        ),
        "ally": ("a bundle of paper fans", "an abacus", "a {accent} headband"),
        "mentor": ("prayer beads", "a walking staff of white oak", "a {accent} tea bowl"),
        "foe": ("a black crane crest", "an iron fan", "a {accent} silk cord"),
        "wild": ("a biwa lute", "a fox mask painted {accent}", "a smuggler's sealed jar"),
    },
    "grounded": {
        "hero": ("taped-up knuckles", "a {accent} scarf", "a battered skateboard"),
        "ally": ("a laptop covered in stickers", "a camera on a {accent} strap", "a toolbox"),
        "mentor": ("reading glasses on a chain", "a toothpick", "a {accent} thermos of tea"),
        "foe": ("a silver pocket watch", "{accent} leather gloves", "a single {accent} earring"),
        "wild": ("a fox mask", "a {accent} umbrella", "a deck of cards"),
    },
    "everyday": {
        "hero": ("a flour-dusted apron", "a {accent} hair clip", "a bicycle with a squeaky bell"),
        "ally": ("headphones around the neck", "a {accent} sketchbook", "a bag full of snacks"),
        "mentor": (
            "a teacup that never seems to empty",
            "a {accent} gardening hat",
            "a ledger of every regular's order",
        ),
        "foe": ("a student council armband", "a {accent} fountain pen", "a pristine {accent} handbag"),
        "wild": ("a cat riding on one shoulder", "a camera older than its owner", "a {accent} umbrella"),
    },
    "sporting": {
        "hero": (
            "wristbands in {accent}",
            "a knee brace covered in doodles",
            "{accent} shoes held together with tape",
        ),
        "ally": ("a clipboard full of notes", "a {accent} whistle", "a towel around the neck"),
        "mentor": ("a stopwatch on a lanyard", "a {accent} cap", "a paper fan for yelling through"),
        "foe": ("a captain's armband in {accent}", "{accent} headphones", "perfectly white shoes"),
        "wild": ("a notebook of scouting reports", "a press camera", "a {accent} scarf"),
    },
    "eerie": {
        "hero": (
            "a paper charm tied to the wrist",
            "a bell on a {accent} string",
            "a flashlight with a {accent} lens",
        ),
        "ally": ("a handheld camcorder", "a {accent} charm bag", "a thermos of very strong tea"),
        "mentor": ("a string of prayer beads", "a long pipe", "a {accent} fan covered in writing"),
        "foe": ("a {accent} umbrella", "a porcelain doll", "a mask with no face"),
        "wild": ("an old film camera", "a {accent} paper lantern", "a crow on one shoulder"),
    },
}
_MENTOR_TITLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("captain",), "Captain {family}"),
    (("doctor", "coroner"), "Doc {family}"),
    (("coach", "pro", "star", "champion"), "Coach {family}"),
    (("teacher", "adviser"), "{family}-sensei"),
    (("grandparent",), "Old {given}"),
    (("monk", "priest", "exorcist"), "{given}-sama"),
    (("inspector", "detective"), "Inspector {family}"),
    (("god",), "Lord {given}"),
)


@dataclass(frozen=True)
class CastMember:
    function: Function
    voice: Voice
    job: str
    address: str
    """What others call them in dialogue."""
    character: Character

    @property
    def name(self) -> str:
        return self.character.name


@dataclass(frozen=True)
class Cast:
    members: tuple[CastMember, ...]


def label_for(function: Function, family: str, foe_kind: str) -> str:
    if function == "foe":
        return foe_kind
    labels = _LABELS[function]
    return labels.get(family, labels["default"])


def address_for(name: str, function: str, job: str, family: str) -> str:
    """Given names among friends, family names for rivals, titles for mentors."""
    parts = name.split(" ")
    given, surname = parts[0], parts[-1]
    if len(parts) > 1 and given in TITLES:
        return name
    if function == "mentor":
        lowered = job.lower()
        for words, pattern in _MENTOR_TITLES:
            if any(word in lowered for word in words):
                return fill(pattern, {"family": surname, "given": given})
        if family == "sporting":
            return f"Coach {surname}"
        return f"Master {given}" if family in ("fantastic", "historic") else f"{surname}-san"
    if function == "foe":
        return surname
    return given


def _prop(template: str, accent: str) -> str:
    if accent[:1] in "aeiou":
        template = template.replace("a {accent}", "an {accent}")
    return fill(template, {"accent": accent})


def _look(
    rng: random.Random, function: Function, family: str, vivid: bool, taken: dict[str, set[str]], school: bool
) -> Look:
    def fresh(kind: str, options: tuple[str, ...]) -> str:
        free = [option for option in options if option not in taken[kind]] or list(options)
        choice = rng.choice(free)
        taken[kind].add(choice)
        return choice

    hair_pool = _VIVID_HAIR + _NATURAL_HAIR if vivid else _NATURAL_HAIR
    if function == "mentor":
        hair_pool = ("silver-white", "iron grey", *hair_pool)
    accent = fresh("accent", _ACCENTS)
    outfits = _OUTFITS[family][function]
    if (
        school
        and function in ("hero", "ally", "foe")
        and family in ("everyday", "eerie", "grounded", "sporting")
    ):
        outfits = _SCHOOL_UNIFORMS if function != "hero" or rng.random() < 0.7 else outfits
    return Look(
        hair_style=fresh("hair_style", tuple(s for s in _HAIR_BY_FUNCTION[function] if s in HAIR_STYLES)),
        hair_color=fresh("hair_color", hair_pool),
        eye_color=fresh("eye_color", _EYES),
        outfit=fresh("outfit", outfits),
        signature=_prop(rng.choice(_PROPS[family][function]), accent),
        accent_color=accent,
        build=rng.choice(_BUILDS[function]),
    )


def _functions(rng: random.Random) -> list[Function]:
    size = rng.choices((3, 4, 5), weights=(2, 4, 3), k=1)[0]
    functions: list[Function] = ["hero", "ally"]
    if size >= 4:
        functions.append("mentor" if rng.random() < 0.65 or size == 5 else "wild")
    if size == 5:
        functions.append("wild")
    functions.append("foe")
    return functions


def build_cast(
    taste: Taste, kit: GenreKit, setting_kind: str, rng: random.Random, slots: dict[str, str]
) -> Cast:
    """3 to 5 characters: hero, ally and foe always; mentor and a wildcard when there is room."""
    functions = _functions(rng)
    names = pick_names(rng, len(functions), kit.family, functions.index("foe"))
    vivid = kit.family in ("fantastic", "futuristic") or (kit.family == "eerie" and rng.random() < 0.5)
    taken: dict[str, set[str]] = {
        "hair_style": set(),
        "hair_color": set(),
        "eye_color": set(),
        "outfit": set(),
        "accent": set(),
    }
    used_voices: set[str] = set()
    members = []
    for function, name in zip(functions, names, strict=True):
        voices = [v for v in FUNCTION_VOICES[function] if v not in used_voices] or list(
            FUNCTION_VOICES[function]
        )
        voice: Voice = voices[0] if rng.random() < 0.4 else rng.choice(voices)
        used_voices.add(voice)
        job = fill(rng.choice(allowed(kit.jobs[function], taste.rating, taste.genres)), slots)
        look = _look(rng, function, kit.family, vivid, taken, school=setting_kind == "school")
        if function == "ally" and taste.interest_prop:
            look = look.model_copy(update={"signature": taste.interest_prop})
        character = Character(
            name=name,
            role=clip(f"{label_for(function, kit.family, kit.foe)}, {job}", 80),
            personality=personality(rng, voice),
            look=look,
        )
        members.append(
            CastMember(function, voice, job, address_for(name, function, job, kit.family), character)
        )
    return Cast(tuple(members))


def cast_of_bible(bible: StoryBible, family: str) -> Cast:
    """Reads functions from role labels; characters without a known label fill the gaps in order."""
    assigned: dict[int, Function] = {}
    for index, character in enumerate(bible.characters):
        label = character.role.split(",")[0].strip().lower()
        function = _LABEL_FUNCTIONS.get(label)
        if function and function not in assigned.values():
            assigned[index] = function
    for function in ("hero", "foe", "ally", "mentor", "wild"):
        if function in assigned.values():
            continue
        order = range(len(bible.characters)) if function != "foe" else reversed(range(len(bible.characters)))
        free = next((index for index in order if index not in assigned), None)
        if free is not None:
            assigned[free] = function
    members = []
    for index, character in enumerate(bible.characters):
        if index not in assigned:
            continue
        function = assigned[index]
        job = character.role.split(",", 1)[1].strip() if "," in character.role else character.role
        voice = voice_of(character.personality, FUNCTION_VOICES[function][0])
        members.append(
            CastMember(function, voice, job, address_for(character.name, function, job, family), character)
        )
    rank = {function: index for index, function in enumerate(FUNCTIONS)}
    return Cast(tuple(sorted(members, key=lambda member: rank[member.function])))
