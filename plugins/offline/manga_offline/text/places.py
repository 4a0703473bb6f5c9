"""Where a story happens: the kind of place, its name, its look, and the spots scenes use.

The setting kind comes from the genres (and from the reader's wider taste); the name and
details from the genre family, so a fantasy forest and a sci-fi forest read differently.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from manga_common.models.script import Setting
from manga_offline.text.genres import GenreKit, kit_for
from manga_offline.text.ratings import Bank, allowed, only, teen
from manga_offline.text.taste import Taste
from manga_offline.text.text import clip, fill, sentence

JP_STEMS = (
    "Kazahana",
    "Shirakawa",
    "Hoshizora",
    "Akebono",
    "Yumegaoka",
    "Kagerou",
    "Tsukiyama",
    "Hanamura",
    "Asahigaoka",
    "Kurokawa",
    "Sakuragi",
    "Mizunoe",
    "Koganei",
    "Nagisa",
    "Aobayama",
    "Hotaru",
)
FANTASY_STEMS = (
    "Ashvale",
    "Eldmere",
    "Thornwick",
    "Brightharrow",
    "Mistral",
    "Ravensholm",
    "Lumenfall",
    "Windhollow",
    "Duskmoor",
    "Caldera",
    "Silverfen",
    "Oakenreach",
)
SCIFI_STEMS = (
    "Ark Seven",
    "Kepler Deep",
    "Helios Ring",
    "Tycho Nine",
    "Amaterasu Station",
    "Port Hoshi",
    "Cradle Twelve",
    "Meridian",
    "Ishtar Gate",
    "Yamato Verge",
)

# Place-name patterns by setting kind, then by genre family ("default" for the rest).
_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "city": {
        "default": ("{jp} City", "downtown {jp}", "the harbour town of {jp}", "the old {jp} ward"),
        "futuristic": ("Neo-{jp}", "the arcology city of {sci}"),
        "fantastic": ("the walled city of {fan}", "the river capital of {fan}"),
        "historic": ("the castle town of {jp}", "Edo's {jp} quarter"),
    },
    "school": {
        "default": ("{jp} High School", "{jp} Academy", "{jp} West High"),
        "futuristic": ("{sci} Flight Academy", "the orbital academy of {sci}"),
        "fantastic": ("the {fan} Academy of Magic", "the tower school of {fan}"),
        "historic": ("the {jp} temple school",),
        "eerie": ("the old building of {jp} High", "{jp} Academy, after dark"),
    },
    "forest": {
        "default": ("the {jp} woods", "the Sea of Trees below Mount {jp}"),
        "fantastic": ("the Whispering Wood of {fan}", "{fan} Forest"),
        "futuristic": ("the hydroponic forest of {sci}",),
        "eerie": ("the forest behind {jp} Shrine",),
    },
    "sea": {
        "default": ("the island of {jp}-jima", "the fishing port of {jp}", "{jp} Bay"),
        "fantastic": ("the Shattered Sea off {fan}", "the isles of {fan}"),
        "futuristic": ("the drowned city of {sci}", "the ocean platform {sci}"),
        "historic": ("the port of {jp}",),
    },
    "space": {
        "default": ("{sci}", "the colony ship {sci}", "the asteroid port of {sci}", "the orbital ring {sci}"),
    },
    "interior": {
        "default": ("the {jp} bathhouse", "Café {jp}", "the {jp} family inn", "the old {jp} library"),
        "fantastic": ("the Great Library of {fan}", "the tower of {fan}"),
        "futuristic": ("the hab-block {sci}",),
        "historic": ("the {jp} tea house",),
        "eerie": ("the {jp} mansion",),
    },
    "mountain": {
        "default": ("Mount {jp}", "the hot-spring town of {jp}", "the {jp} Pass"),
        "fantastic": ("the Skyspine peaks above {fan}", "the high passes of {fan}"),
        "futuristic": ("the mining ridge of {sci}",),
        "historic": ("the {jp} mountain pass",),
    },
    "desert": {
        "default": ("the {jp} dunes", "the salt flats past {jp}"),
        "fantastic": ("the {fan} Wastes", "the oasis town of {fan}"),
        "futuristic": ("the dust plains of {sci}",),
    },
    "village": {
        "default": ("{jp} village", "the farming village of {jp}", "the seaside village of {jp}"),
        "fantastic": ("the hill village of {fan}",),
        "futuristic": ("the dome village of {sci}",),
        "historic": ("the post village of {jp}",),
    },
    "ruins": {
        "default": (
            "the ruins of old {jp}",
            "the abandoned {jp} amusement park",
            "the sunken temple of {jp}",
        ),
        "fantastic": ("the ruins of {fan}", "the fallen citadel of {fan}"),
        "futuristic": ("the silent city of {sci}",),
        "historic": ("the abandoned castle of {jp}",),
    },
}

# What a place looks like, by setting kind; family-tagged details suit only that family.
_DETAILS: dict[str, Bank[str]] = {
    "city": (
        "trains rattle over the rooftops",
        "vending machines glow on every corner",
        "the river splits the old streets from the new towers",
        "lanterns hang over the market lanes",
        only("holograms flicker between the skyscrapers", "futuristic"),
        only("wooden bridges cross canals full of lantern boats", "historic", "fantastic"),
        teen("nobody walks the back alleys after dark"),
    ),
    "school": (
        "cherry trees line the front gate",
        "the rooftop is officially off limits and always full",
        "club posters cover every corridor",
        "the bell tower has not rung on time in years",
        only("the old wing is said to have one classroom too many", "eerie"),
        only("the training grounds float a metre off the ground", "fantastic", "futuristic"),
    ),
    "forest": (
        "trees older than anyone's grandparents lean together like gossiping elders",
        "fireflies drift through the ferns at dusk",
        "a river runs somewhere out of sight",
        "moss swallows the old stone lanterns",
        only("the trees hum when the wind turns", "fantastic"),
        only("grow-lamps glow behind every trunk", "futuristic"),
    ),
    "sea": (
        "gulls argue over the fishing boats",
        "the tide uncovers stone steps twice a day",
        "a lighthouse blinks on the far cape",
        "salt wind rattles every shutter",
        only("sea serpents are a normal topic of conversation", "fantastic"),
    ),
    "space": (
        "the station turns slowly against a sea of stars",
        "every corridor smells of coolant and instant noodles",
        "the hydroponic decks are the only green for a million kilometres",
        "the docking ring blinks with ships from a hundred ports",
    ),
    "interior": (
        "steam curls up to a painted ceiling",
        "every shelf holds something older than the building",
        "the floorboards creak in a rhythm regulars can read",
        "paper lanterns warm the long hallway",
        only("a clock in the hall runs backwards", "eerie", "fantastic"),
    ),
    "mountain": (
        "clouds pour over the ridge like a slow waterfall",
        "hot springs steam between the pines",
        "prayer flags snap above a narrow path",
        "the first snow never quite melts on the peak",
    ),
    "desert": (
        "dunes shift into new shapes every night",
        "a dry wind sings through stone arches",
        "the oasis is the only shade for a day's walk",
        "buried towers poke out of the sand",
    ),
    "village": (
        "rice paddies mirror the sky",
        "everyone knows everyone's business by lunchtime",
        "a single bus comes twice a day",
        "the shrine festival is the biggest event of the year",
        only("a guardian stone in the square is said to be awake", "fantastic", "eerie"),
    ),
    "ruins": (
        "vines climb stairways that lead nowhere",
        "old carvings show a story nobody can read",
        "half the halls are flooded with still, clear water",
        "the wind through the arches sounds like voices",
        only("rusting machines sleep under the dust", "futuristic"),
    ),
}

_TIME_WEIGHTS: dict[str, tuple[int, int, int, int]] = {
    # dawn, day, dusk, night
    "horror": (1, 1, 3, 6),
    "thriller": (1, 2, 2, 5),
    "mystery": (1, 3, 3, 3),
    "romance": (1, 3, 5, 2),
    "supernatural": (1, 2, 4, 4),
}
_WEATHERS = ("clear", "cloudy", "rain", "snow", "fog", "storm")
_WEATHER_WEIGHTS: dict[str, tuple[int, int, int, int, int, int]] = {
    "default": (6, 3, 2, 1, 1, 1),
    "horror": (1, 2, 3, 1, 4, 2),
    "thriller": (2, 2, 5, 1, 2, 1),
    "sea": (5, 3, 2, 0, 2, 3),
    "desert": (8, 1, 0, 0, 1, 2),
    "space": (1, 0, 0, 0, 0, 0),
    "interior": (1, 0, 0, 0, 0, 0),
}
TIMES = ("dawn", "day", "dusk", "night")


@dataclass(frozen=True)
class Spot:
    """A place inside the setting where a scene happens."""

    name: str
    kind: str
    families: tuple[str, ...] = ()


_SPOTS: dict[str, tuple[Spot, ...]] = {
    "city": (
        Spot("the rooftop of a tired apartment block", "city"),
        Spot("the night market under the rail bridge", "city"),
        Spot("an empty subway platform", "city"),
        Spot("a cramped ramen stall", "interior"),
        Spot("the riverside embankment", "city"),
        Spot("the top of the broadcast tower", "city"),
        Spot("the back alley behind the bathhouse", "city"),
        Spot("a neon-lit arcade", "interior"),
    ),
    "school": (
        Spot("the school rooftop", "school"),
        Spot("the club room at the end of the hall", "interior"),
        Spot("the shoe lockers", "school"),
        Spot("the library's back corner", "interior"),
        Spot("the gym after hours", "interior"),
        Spot("the courtyard under the old cherry tree", "school"),
        Spot("the riverbank on the way home", "city"),
        Spot("the shrine steps behind the school", "village"),
    ),
    "forest": (
        Spot("the mossy clearing", "forest"),
        Spot("the rope bridge over the gorge", "forest"),
        Spot("the hollow of the giant camphor tree", "forest"),
        Spot("the woodcutter's empty hut", "interior"),
        Spot("the shrine at the forest's heart", "forest"),
        Spot("the river crossing", "forest"),
        Spot("the old watchtower", "ruins"),
        Spot("the edge of the village", "village"),
    ),
    "sea": (
        Spot("the end of the long pier", "sea"),
        Spot("the lighthouse stairs", "interior"),
        Spot("the tide caves", "sea"),
        Spot("the deck of a borrowed fishing boat", "sea"),
        Spot("the harbour fish market", "village"),
        Spot("the sandbar at low tide", "sea"),
        Spot("the sea wall at the edge of town", "sea"),
        Spot("the wreck on the reef", "ruins"),
    ),
    "space": (
        Spot("the observation deck", "space"),
        Spot("the hydroponic garden", "interior"),
        Spot("the cargo bay", "interior"),
        Spot("the outer hull", "space"),
        Spot("the engine core", "interior"),
        Spot("the docking ring", "space"),
        Spot("the crew mess", "interior"),
        Spot("the derelict wing", "ruins"),
    ),
    "interior": (
        Spot("the front counter", "interior"),
        Spot("the back kitchen", "interior"),
        Spot("the attic full of boxes", "interior"),
        Spot("the long hallway", "interior"),
        Spot("the cellar nobody uses", "interior"),
        Spot("the garden out back", "village"),
        Spot("the street outside", "city"),
        Spot("the roof terrace", "city"),
    ),
    "mountain": (
        Spot("the cliffside trail", "mountain"),
        Spot("the hot spring", "mountain"),
        Spot("the mountain hut", "interior"),
        Spot("the summit shrine", "mountain"),
        Spot("the ice cave", "mountain"),
        Spot("the cable car station", "mountain"),
        Spot("the pass in the clouds", "mountain"),
        Spot("the village at the foot of the mountain", "village"),
    ),
    "desert": (
        Spot("the oasis", "desert"),
        Spot("the ridge of the great dune", "desert"),
        Spot("the caravan camp", "desert"),
        Spot("the buried tower", "ruins"),
        Spot("the salt flats", "desert"),
        Spot("the market tent", "interior"),
        Spot("the canyon of arches", "desert"),
        Spot("the dry well", "desert"),
    ),
    "village": (
        Spot("the shrine steps", "village"),
        Spot("the bus stop with one bench", "village"),
        Spot("the rice paddies at the edge of town", "village"),
        Spot("the sweet shop", "interior"),
        Spot("the festival grounds", "village"),
        Spot("the old bridge", "village"),
        Spot("the woods behind the school", "forest"),
        Spot("the town hall", "interior"),
    ),
    "ruins": (
        Spot("the broken gate", "ruins"),
        Spot("the flooded hall", "ruins"),
        Spot("the collapsed stairway", "ruins"),
        Spot("the carved chamber", "interior"),
        Spot("the courtyard of statues", "ruins"),
        Spot("the tower top", "ruins"),
        Spot("the camp outside the ruins", "forest"),
        Spot("the sealed vault", "interior"),
    ),
}


def choose_kind(taste: Taste, rng: random.Random) -> str:
    """Weighted by every genre (the first most) and by the reader's wider taste."""
    weights: dict[str, float] = {}
    for genre_index, genre in enumerate(taste.genres):
        settings = kit_for(genre).settings
        for place_index, kind in enumerate(settings):
            weight = (len(settings) - place_index) * (3.0 if genre_index == 0 else 1.0)
            weights[kind] = weights.get(kind, 0.0) + weight
    for hint_index, kind in enumerate(taste.setting_hints[:2]):
        weights[kind] = weights.get(kind, 0.0) + (6.0 if hint_index == 0 else 3.0)
    kinds = sorted(weights)
    return rng.choices(kinds, weights=[weights[kind] for kind in kinds], k=1)[0]


def _name(kind: str, family: str, rng: random.Random) -> str:
    patterns = _NAMES[kind]
    pattern = rng.choice(patterns.get(family, patterns["default"]))
    stems = {"jp": rng.choice(JP_STEMS), "fan": rng.choice(FANTASY_STEMS), "sci": rng.choice(SCIFI_STEMS)}
    return fill(pattern, stems)


def _weighted(rng: random.Random, items: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(list(items), weights=list(weights), k=1)[0]


def build_setting(taste: Taste, kit: GenreKit, rng: random.Random) -> Setting:
    kind = choose_kind(taste, rng)
    name = _name(kind, kit.family, rng)
    details = allowed(_DETAILS[kind], taste.rating, [kit.family, *taste.genres])
    first, second = rng.sample(details, 2)
    description = f"{name[:1].upper()}{name[1:]}, where {first}, and {second}."
    if taste.trend:
        description += f" These days everyone there is talking about {taste.trend}."
    time_of_day = _weighted(rng, TIMES, _TIME_WEIGHTS.get(taste.primary, (2, 5, 3, 2)))
    weather_key = kind if kind in _WEATHER_WEIGHTS else taste.primary
    weather = _weighted(rng, _WEATHERS, _WEATHER_WEIGHTS.get(weather_key, _WEATHER_WEIGHTS["default"]))
    return Setting(
        kind=kind,
        name=clip(name, 80),
        description=clip(sentence(description), 400),
        time_of_day=time_of_day,
        weather=weather,
    )


def spots_for(kind: str, family: str) -> list[Spot]:
    return [spot for spot in _SPOTS.get(kind, _SPOTS["city"]) if not spot.families or family in spot.families]


def later_time(time_of_day: str, steps: int = 1) -> str:
    """The time of day `steps` later, stopping at night: an episode does not wrap to dawn."""
    return TIMES[min(len(TIMES) - 1, TIMES.index(time_of_day) + steps)]
