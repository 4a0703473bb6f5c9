"""A character's Look read into drawable facts: colours, outfit kind, props.

Looks are free text, so they are keyword-matched. Everything here depends on the Look
and the name only, never on the panel, which is what keeps a character the same person
from panel to panel.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Literal

from manga_common.models.script import Build, Character, HairStyle, Look
from manga_offline.image.palette import RGB, colour_in, colours_in, shade

OutfitKind = Literal[
    "armor", "kimono", "robe", "jumpsuit", "suit", "coat", "hoodie", "uniform", "dress", "jacket", "shirt"
]
UniformCut = Literal["sailor", "gakuran", "blazer"]
Prop = Literal[
    "scarf",
    "glasses",
    "goggles",
    "sword",
    "headband",
    "ribbon",
    "hat",
    "earring",
    "eyepatch",
    "pendant",
    "gloves",
    "bandage",
    "flower",
    "headphones",
    "mask",
    "hairpin",
    "cape",
    "staff",
    "book",
    "bag",
]

# First match wins, so the more specific garments come first ("space suit" is not a suit).
_OUTFITS: tuple[tuple[OutfitKind, tuple[str, ...]], ...] = (
    ("armor", ("armor", "armour", "plate", "chainmail", "mail", "knight", "cuirass")),
    ("kimono", ("kimono", "yukata", "hakama", "haori", "miko", "shrine")),
    (
        "jumpsuit",
        ("jumpsuit", "flight suit", "spacesuit", "space suit", "overalls", "coverall", "pilot", "mechanic"),
    ),
    ("robe", ("robe", "cassock", "vestment", "mage", "wizard", "monk", "priest")),
    ("coat", ("coat", "trench", "parka", "duster", "greatcoat", "overcoat")),
    ("hoodie", ("hoodie", "hooded", "sweatshirt", "sweater", "jumper", "cardigan")),
    ("uniform", ("uniform", "sailor", "gakuran", "blazer", "school")),
    ("suit", ("suit", "tuxedo", "waistcoat", "vest", "business")),
    ("dress", ("dress", "gown", "frock", "sundress")),
    ("jacket", ("jacket", "bomber", "leather", "windbreaker")),
)

_OUTFIT_COLOURS: dict[OutfitKind, RGB] = {
    "armor": (170, 176, 188),
    "kimono": (70, 60, 130),
    "robe": (120, 40, 50),
    "jumpsuit": (226, 120, 40),
    "suit": (44, 46, 56),
    "coat": (160, 130, 90),
    "hoodie": (120, 126, 136),
    "uniform": (34, 42, 80),
    "dress": (210, 120, 150),
    "jacket": (70, 60, 56),
    "shirt": (230, 232, 236),
}

_PROPS: tuple[tuple[Prop, tuple[str, ...]], ...] = (
    ("scarf", ("scarf", "muffler", "shawl", "stole")),
    ("goggles", ("goggles",)),
    ("glasses", ("glasses", "spectacles", "monocle", "sunglasses")),
    ("sword", ("sword", "katana", "blade", "sabre", "saber", "rapier", "dagger", "knife")),
    ("headband", ("headband", "bandana", "hachimaki", "bandanna")),
    ("ribbon", ("ribbon", "bow")),
    ("hat", ("hat", "cap", "beret", "fedora", "helmet")),
    ("earring", ("earring",)),
    ("eyepatch", ("eyepatch", "eye patch")),
    ("pendant", ("pendant", "necklace", "amulet", "locket", "charm", "talisman", "medal")),
    ("gloves", ("glove", "gauntlet", "mitten")),
    ("bandage", ("bandage", "plaster", "bandaid", "band-aid")),
    ("flower", ("flower", "blossom", "camellia", "lily", "sakura")),
    ("headphones", ("headphones", "headset", "earphones")),
    ("mask", ("mask",)),
    ("hairpin", ("hairpin", "hair pin", "hair clip", "hairclip", "barrette", "clip", "kanzashi")),
    ("cape", ("cape", "cloak", "mantle")),
    ("staff", ("staff", "wand", "spear", "rod", "naginata", "polearm", "sceptre", "scepter")),
    ("book", ("book", "notebook", "tome", "journal", "sketchbook", "diary")),
    ("bag", ("bag", "backpack", "satchel", "rucksack")),
)

_SKINS: tuple[RGB, ...] = ((252, 222, 200), (246, 208, 178), (226, 176, 136), (180, 124, 88))


@dataclass(frozen=True)
class Appearance:
    name: str
    hair_style: HairStyle
    hair: RGB
    eyes: RGB
    skin: RGB
    outfit: OutfitKind
    uniform_cut: UniformCut
    outfit_main: RGB
    outfit_trim: RGB
    skirt: bool
    props: tuple[Prop, ...]
    accent: RGB
    build: Build
    shape_seed: int
    """Seeds the small irregularities of hair locks: from the name, so they never change."""


def _mentions(text: str, word: str) -> bool:
    return re.search(r"\b" + re.escape(word) + r"(e?s)?\b", text) is not None


def outfit_kind(outfit: str) -> OutfitKind:
    text = outfit.lower()
    for kind, words in _OUTFITS:
        if any(_mentions(text, word) for word in words):
            return kind
    return "shirt"


def props_in(*texts: str) -> tuple[Prop, ...]:
    text = " ".join(texts).lower()
    return tuple(prop for prop, words in _PROPS if any(_mentions(text, word) for word in words))


def stable_seed(*parts: str) -> int:
    """A seed from text that is the same in every process (unlike `hash`)."""
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def appearance_of(name: str, character: Character | None) -> Appearance:
    """The Appearance of a named character; an unknown name still gets a stable look."""
    seed = stable_seed(name)
    look = character.look if character else _look_from_name(seed)
    outfit = outfit_kind(look.outfit)
    outfit_text = look.outfit.lower()
    named = colours_in(outfit_text)
    main = named[0] if named else _OUTFIT_COLOURS[outfit]
    trim = named[1] if len(named) > 1 else shade(main, 0.45) if outfit != "shirt" else (60, 70, 110)
    if "sailor" in outfit_text:
        cut: UniformCut = "sailor"
    elif "gakuran" in outfit_text or "military" in outfit_text:
        cut = "gakuran"
    else:
        cut = "blazer"
    skirt = any(_mentions(outfit_text, word) for word in ("skirt", "sailor", "dress", "gown", "pleated"))
    skirt = skirt or outfit == "dress"
    return Appearance(
        name=name,
        hair_style=look.hair_style,
        hair=colour_in(look.hair_color, (60, 44, 36)),
        eyes=colour_in(look.eye_color, (110, 70, 40)),
        skin=_SKINS[seed % len(_SKINS)],
        outfit=outfit,
        uniform_cut=cut,
        outfit_main=main,
        outfit_trim=trim,
        skirt=skirt,
        props=props_in(look.signature, look.outfit),
        accent=colour_in(look.accent_color, colour_in(look.signature, (200, 40, 50))),
        build=look.build,
        shape_seed=seed,
    )


def _look_from_name(seed: int) -> Look:
    styles: tuple[HairStyle, ...] = ("short", "messy", "long", "bob", "spiky", "ponytail")
    colours = ("black", "brown", "dark brown", "grey", "auburn")
    return Look(
        hair_style=styles[seed % len(styles)],
        hair_color=colours[seed // 7 % len(colours)],
        eye_color="brown",
        outfit="grey jacket",
        signature="plain",
        accent_color="grey",
    )
