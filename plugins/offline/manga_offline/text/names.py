"""Character names: Japanese-style given and family names, and invented ones for other worlds.

A cast reads best when every name starts with a different letter, so a glance at a
bubble tells who is talking.
"""

from __future__ import annotations

import random

GIVEN_NAMES: tuple[str, ...] = (
    "Aoi", "Ren", "Haru", "Sora", "Yuki", "Hikari", "Kaito", "Mio", "Riku", "Hana", "Daichi",
    "Minato", "Nagi", "Tsubasa", "Akane", "Kaede", "Shun", "Yuna", "Itsuki", "Hinata", "Kotone",
    "Asahi", "Mei", "Takumi", "Natsuki", "Chihiro", "Kenji", "Sayaka", "Emi", "Haruto", "Shiori",
    "Ryo", "Nanami", "Koharu", "Jun", "Ayame", "Kazuki", "Momo", "Toma", "Suzu", "Fuuka", "Kyo",
    "Setsuna", "Kagura", "Akira", "Iori", "Sei", "Wakaba", "Yoshino", "Oboro", "Urara", "Eiji",
    "Benio", "Gin", "Izumi", "Madoka", "Piko", "Ochiba", "Rui", "Tamaki", "Uta", "Yamato",
)  # fmt: skip
FAMILY_NAMES: tuple[str, ...] = (
    "Kurosawa", "Tachibana", "Amano", "Hoshino", "Kisaragi", "Shirogane", "Mizuki", "Takeda",
    "Fujimoto", "Sakurai", "Kagami", "Aizawa", "Hayami", "Minase", "Tsukishiro", "Okamura",
    "Kanzaki", "Yamabuki", "Hibiki", "Morino", "Asagiri", "Kirishima", "Ichinose", "Nanase",
    "Shinonome", "Kudo", "Arisaka", "Tendo", "Himura", "Kamiya", "Enomoto", "Saotome", "Kujo",
    "Miyamura", "Onodera", "Utsugi", "Wakamatsu", "Ebisawa", "Gojo", "Isayama", "Nishikawa",
)  # fmt: skip
INVENTED_GIVEN: dict[str, tuple[str, ...]] = {
    "fantastic": (
        "Kael", "Seren", "Lio", "Ilya", "Maren", "Orin", "Vesna", "Elowen", "Fenn", "Galen",
        "Isolde", "Juniper", "Rowan", "Sable", "Thessaly", "Ulric", "Wren", "Zephyr", "Aster",
        "Brisa", "Corvin", "Dahlia", "Eirik", "Nimue", "Perrin",
    ),
    "futuristic": (
        "Nova", "Jax", "Kira", "Vex", "Orion", "Lyra", "Zed", "Cass", "Rook", "Echo", "Ion",
        "Juno", "Axel", "Rhea", "Quill", "Dex", "Sol", "Vega", "Kestrel", "Nyx", "Tycho", "Pax",
    ),
}  # fmt: skip
INVENTED_FAMILY: dict[str, tuple[str, ...]] = {
    "fantastic": (
        "Valcourt", "Ashgrove", "Thornfield", "Windmere", "Larkspur", "Emberly", "Duskhollow",
        "Greymantle", "Brightwater", "Oakhart", "Starling", "Mossbrook",
    ),
    "futuristic": (
        "Vance", "Okonkwo", "Sterling", "Castellan", "Kovacs", "Reyes-9", "Halvorsen", "Mbeki",
        "Lindqvist", "Arkwright", "Novak", "Sato-Reyes",
    ),
}  # fmt: skip
# Titles an opposition figure may carry in worlds where titles exist.
FOE_TITLES: dict[str, tuple[str, ...]] = {
    "fantastic": ("Lord", "Lady", "Warden", "Sir"),
    "futuristic": ("Commander", "Director", "Agent"),
    "historic": ("Lord", "Captain"),
}

TITLES: tuple[str, ...] = tuple(sorted({title for titles in FOE_TITLES.values() for title in titles}))


def pick_names(rng: random.Random, count: int, family: str, foe_index: int | None) -> list[str]:
    """`count` full names, unique in given name, family name and initial.

    Worlds with their own cultures (fantastic, futuristic) mix invented names with
    Japanese ones; a foe there may carry a title ("Lord Valcourt").
    """
    used_initials: set[str] = set()
    used_family: set[str] = set()
    names: list[str] = []
    invented = family in INVENTED_GIVEN
    for index in range(count):
        use_invented = invented and rng.random() < (0.75 if index == foe_index else 0.45)
        givens = INVENTED_GIVEN[family] if use_invented else GIVEN_NAMES
        families = INVENTED_FAMILY[family] if use_invented else FAMILY_NAMES
        given = rng.choice([name for name in givens if name[0] not in used_initials])
        surname = rng.choice([name for name in families if name not in used_family])
        used_initials.add(given[0])
        used_family.add(surname)
        titles = FOE_TITLES.get(family, ())
        if index == foe_index and titles and rng.random() < 0.5:
            names.append(f"{rng.choice(titles)} {surname}")
        else:
            names.append(f"{given} {surname}")
    return names
