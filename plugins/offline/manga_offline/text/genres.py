"""What each genre brings to a story: the thing fought over, the opposition, the hero's knack.

The first genre a reader picks decides the premise; the others colour setting, beats and
tone. Goals carry the verb phrase that goes with them ("win the national tournament"), so
a line can say either "{goal}" or "{quest}" and read naturally in every genre.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from manga_offline.text.ratings import Bank, mature, teen

Family = Literal["fantastic", "futuristic", "grounded", "historic", "eerie", "everyday", "sporting"]
FoeKind = Literal["villain", "rival"]
Function = Literal["hero", "ally", "mentor", "foe", "wild"]
FUNCTIONS: tuple[Function, ...] = ("hero", "ally", "mentor", "foe", "wild")


@dataclass(frozen=True)
class Goal:
    noun: str
    """What everyone wants, as a noun phrase: "the Star Compass"."""
    quest: str
    """The same as a verb phrase: "find the Star Compass"."""
    artifact: bool = True
    """A thing that can be held, glow, be stolen; False for titles, places and causes."""


@dataclass(frozen=True)
class GenreKit:
    name: str
    family: Family
    settings: tuple[str, ...]
    """Setting kinds that suit the genre, most fitting first."""
    goals: Bank[Goal]
    threats: Bank[str]
    foe: FoeKind
    powers: Bank[str]
    techniques: Bank[str]
    contests: Bank[str]
    """What a clash is called at each rating: a race for all ages, a duel for teens."""
    stakes: Bank[str]
    """What happens if the hero fails, completing "...before ___"."""
    crowd: str
    jobs: Mapping[Function, Bank[str]] = field(default_factory=dict)
    title_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sport:
    name: str
    venue: str
    techniques: tuple[str, ...]
    sfx: tuple[str, ...]


SPORTS: tuple[Sport, ...] = (
    Sport(
        "volleyball", "the gym", ("Thunderclap Serve", "Skyhook Spike", "Zero-Gap Block"), ("PAAN!", "DOMP")
    ),
    Sport(
        "basketball", "the court", ("Meteor Dunk", "Phantom Crossover", "Rainbow Three"), ("SWISH", "DRIBBLE")
    ),
    Sport("soccer", "the pitch", ("Falcon Volley", "Spiral Shot", "Ghost Step Dribble"), ("DOKA!", "ZUSHA")),
    Sport(
        "baseball",
        "the diamond",
        ("Cyclone Fastball", "Moonrise Curve", "Lightning Steal"),
        ("KAKIN!", "BASHI"),
    ),
    Sport("swimming", "the pool", ("Dolphin Rush", "Silver Arrow Turn", "Riptide Kick"), ("ZABAN", "BASHA")),
)


def _goals(*pairs: tuple[str, str]) -> tuple[Goal, ...]:
    return tuple(Goal(noun, quest) for noun, quest in pairs)


def _causes(*pairs: tuple[str, str]) -> tuple[Goal, ...]:
    return tuple(Goal(noun, quest, artifact=False) for noun, quest in pairs)


KITS: dict[str, GenreKit] = {
    "fantasy": GenreKit(
        name="fantasy",
        family="fantastic",
        settings=("forest", "mountain", "ruins", "village"),
        goals=_goals(
            ("the Star Compass", "find the Star Compass"),
            ("the last Moonseed", "find the last Moonseed"),
            ("the Crown of Tides", "recover the Crown of Tides"),
            ("the Ember Grimoire", "find the Ember Grimoire"),
            ("the Lantern of Nine Winds", "relight the Lantern of Nine Winds"),
            ("the Sleeping Dragon's Key", "find the Sleeping Dragon's Key"),
        ),
        threats=(
            "the Hollow Court",
            "the Fog Goblin King",
            "the Thornwitch's Covenant",
            teen("the Order of the Black Lantern"),
            mature("the Hollow King's bone legion"),
        ),
        foe="villain",
        powers=("wind-reading", "lantern magic", "the old tongue of the trees", "starlight weaving"),
        techniques=("Skyline Gale", "Lantern Burst", "Nine Winds Waltz", "Moonseed Bloom", "Ember Crown"),
        contests=("race to the gate", "riddle contest", teen("duel"), mature("duel to the last breath")),
        stakes=(
            "the last light of {place} goes out",
            "the forest forgets how to sing",
            teen("{threat} swallows {place} whole"),
            mature("the valley burns and its dead rise"),
        ),
        crowd="villagers",
        jobs={
            "hero": (
                "apprentice cartographer",
                "runaway shrine keeper",
                "failed wizard's apprentice",
                "goat herder with big dreams",
            ),
            "ally": (
                "blacksmith's kid",
                "village healer in training",
                "former royal page",
                "stable hand who talks to horses",
            ),
            "mentor": ("retired sky-knight", "grumpy hermit mage", "one-eyed librarian of the tower"),
            "foe": ("herald of {threat}", "exiled prince", "masked sorcerer"),
            "wild": ("fox spirit in human form", "wandering bard", "thief with a royal secret"),
        },
        title_words=("Compass", "Lantern", "Ember", "Tides", "Wings", "Echoes", "Skyline", "Crown"),
    ),
    "adventure": GenreKit(
        name="adventure",
        family="fantastic",
        settings=("sea", "desert", "mountain", "ruins", "forest"),
        goals=_goals(
            ("the Sunken Sky map", "complete the Sunken Sky map"),
            ("the Golden Gull treasure", "find the Golden Gull treasure"),
            ("the Tidewalker's pearl", "find the Tidewalker's pearl"),
            ("the Sunstone idol", "bring home the Sunstone idol"),
        )
        + _causes(("the lost city of Amaterasu Reach", "reach the lost city of Amaterasu Reach")),
        threats=(
            "the Black Gull pirate crew",
            "the Iron Company",
            "the Salt Baron's crew",
            teen("the Red Tide raiding fleet"),
            mature("the Drowned Fleet"),
        ),
        foe="villain",
        powers=(
            "a nose for hidden paths",
            "sailing by the stars",
            "climbing anything with a handhold",
            "reading old maps",
        ),
        techniques=("Gull Dive", "Riptide Rush", "Summit Leap", "Sandstorm Step", "Anchor Swing"),
        contests=("race", "treasure race", teen("brawl"), mature("fight to the death")),
        stakes=(
            "the tide hides the way for another hundred years",
            "the treasure falls to {threat}",
            teen("the way is lost to {threat} forever"),
            mature("every crew that knows the way is drowned by {threat}"),
        ),
        crowd="sailors",
        jobs={
            "hero": (
                "deckhand with a stolen map",
                "treasure hunter's kid",
                "lighthouse keeper's apprentice",
                "cliff-diving courier",
            ),
            "ally": ("ship's cook", "navigator who gets seasick", "runaway noble", "camel-caravan guide"),
            "mentor": ("one-legged old captain", "retired explorer", "harbour master with a past"),
            "foe": ("captain of {threat}", "treasure hunter for hire", "the Iron Company's heir"),
            "wild": ("stowaway with a monkey", "smuggler with a conscience", "map-forger"),
        },
        title_words=("Horizon", "Tide", "Map", "Gull", "Voyage", "Sunstone", "Compass", "Reach"),
    ),
    "action": GenreKit(
        name="action",
        family="grounded",
        settings=("city", "ruins", "desert"),
        goals=_goals(
            ("the Crimson Seal", "get the Crimson Seal back"),
            ("the Black Ledger", "recover the Black Ledger"),
        )
        + _causes(
            ("the old dojo's honour", "restore the old dojo's honour"),
            ("the Tournament of a Hundred Fists", "win the Tournament of a Hundred Fists"),
            ("the neighbourhood", "protect the neighbourhood"),
        ),
        threats=(
            "the Kurogane gang",
            "the Viper Syndicate",
            "the Red Lotus Clan",
            teen("the Ashura street army"),
        ),
        foe="villain",
        powers=(
            "fists faster than thought",
            "a body that never quits",
            "rooftop parkour",
            "reading a punch before it comes",
        ),
        techniques=(
            "Hundred Sparrow Strike",
            "Thunderclap Heel",
            "Spiral Fang",
            "Red Comet Kick",
            "Iron Lotus Palm",
        ),
        contests=("rooftop race", "sparring match", teen("street fight"), mature("fight with no rules")),
        stakes=(
            "{threat} takes over the whole district",
            "the old dojo closes for good",
            teen("{threat} owns every street in {place}"),
            mature("the streets of {place} run red"),
        ),
        crowd="people on the street",
        jobs={
            "hero": (
                "delivery rider with fast fists",
                "last student of a closed dojo",
                "arcade champion",
                "scrapyard kid",
            ),
            "ally": (
                "mechanic with a garage of secrets",
                "ramen-stall heir",
                "hacker from the net café",
                "former gang runner",
            ),
            "mentor": ("old master who runs a noodle shop", "retired champion", "ex-detective"),
            "foe": ("enforcer of {threat}", "undefeated champion", "heir of {threat}"),
            "wild": ("masked vigilante", "street medic", "informant who sells everyone out"),
        },
        title_words=("Fist", "Comet", "Lotus", "Seal", "Street", "Heat", "Fang", "Flash"),
    ),
    "comedy": GenreKit(
        name="comedy",
        family="everyday",
        settings=("school", "village", "city", "interior"),
        goals=_goals(
            ("the legendary melon bread", "get a bite of the legendary melon bread"),
            ("the Golden Ladle", "win the Golden Ladle"),
        )
        + _causes(
            ("the school festival grand prize", "win the school festival grand prize"),
            ("the club room", "save the club room"),
            ("a normal, quiet life", "live a normal, quiet life for one single week"),
        ),
        threats=(
            "the student council's iron rulebook",
            "the Disciplinary Committee",
            "the shopping street's grumpiest elder",
            "a very determined pigeon",
        ),
        foe="rival",
        powers=(
            "legendarily bad luck",
            "an unbeatable poker face",
            "cooking that makes grown-ups weep with joy",
            "a voice that carries three streets",
        ),
        techniques=(
            "Ultimate Melon Bread Dash",
            "Secret Art: Puppy Eyes",
            "Triple Apology Bow",
            "Lightning Lunch Grab",
        ),
        contests=("cook-off", "three-legged race", "karaoke battle", "eating contest"),
        stakes=(
            "the club room becomes a broom cupboard forever",
            "{hero} has to wear the mascot costume for a year",
            "the whole school finds out about the pudding incident",
        ),
        crowd="classmates",
        jobs={
            "hero": (
                "self-declared genius of the Cooking Club",
                "part-time shrine maiden",
                "president of a one-member club",
                "transfer student",
            ),
            "ally": (
                "class clown",
                "sleepy vice president",
                "childhood friend next door",
                "delinquent who loves kittens",
            ),
            "mentor": (
                "club adviser who naps all day",
                "bakery owner",
                "grandparent who runs the sweet shop",
            ),
            "foe": ("student council president", "rival club captain", "perfect honours student"),
            "wild": ("ghost who haunts the club room", "exchange student from a tiny kingdom", "talking cat"),
        },
        title_words=("Panic", "Pudding", "Club", "Chaos", "Melon", "Festival", "Bento", "Disaster"),
    ),
    "drama": GenreKit(
        name="drama",
        family="everyday",
        settings=("city", "village", "interior", "school"),
        goals=_causes(
            ("the family bakery", "save the family bakery"),
            ("the Hoshizora Theatre", "stage one last show at the Hoshizora Theatre"),
            ("the conservatory scholarship", "win the conservatory scholarship"),
            ("the unsent letter", "deliver a letter that was never sent"),
        ),
        threats=(
            "the bank's final notice",
            "a developer from the capital",
            "an old family feud",
            "the end of the school year",
        ),
        foe="rival",
        powers=(
            "a voice that stops a room",
            "hands that remember every recipe",
            "never giving up on people",
            "a painter's eye",
        ),
        techniques=(),
        contests=("audition", "final performance", "competition"),
        stakes=(
            "the doors close for good",
            "the last person who remembers it all moves away",
            teen("the family is torn apart for good"),
            mature("grief swallows the whole family"),
        ),
        crowd="neighbours",
        jobs={
            "hero": (
                "baker's kid with flour in their hair",
                "understudy who never got on stage",
                "piano student",
                "newspaper delivery kid",
            ),
            "ally": ("childhood friend who stayed", "café waiter", "stagehand", "cousin from the city"),
            "mentor": ("retired actor", "grandparent who ran the shop", "music teacher"),
            "foe": ("developer's heir", "star pupil", "estranged sibling"),
            "wild": ("stranger who keeps buying the same bread", "street musician", "runaway"),
        },
        title_words=("Letters", "Curtain", "Bread", "Spring", "Encore", "Home", "Light", "Promise"),
    ),
    "historical": GenreKit(
        name="historical",
        family="historic",
        settings=("village", "mountain", "city", "interior"),
        goals=_goals(
            ("the shogun's sealed letter", "deliver the shogun's sealed letter"),
            ("the lost temple bell", "bring back the lost temple bell"),
            ("the Kusanagi scroll", "protect the Kusanagi scroll"),
        )
        + _causes(("the post road to Edo", "carry a message down the post road to Edo")),
        threats=(
            "the Black Crane clan",
            "the corrupt magistrate",
            teen("the rebel lord's army"),
            mature("the Red Ronin"),
        ),
        foe="villain",
        powers=(
            "the art of the quick draw",
            "a runner's endurance",
            "flawless calligraphy",
            "tea ceremony calm",
        ),
        techniques=("Falling Petal Step", "Crane Wing Parry", "Moonlit River Stance", "Thousand Cedar Rush"),
        contests=("footrace to the pass", "archery contest", teen("duel"), mature("duel to the death")),
        stakes=(
            "the rains wash out the mountain road",
            "the province falls to {threat}",
            teen("the post town is burned by {threat}"),
            mature("the province drowns in war"),
        ),
        crowd="townsfolk",
        jobs={
            "hero": ("courier of the post road", "ronin's apprentice", "tea-house runaway", "temple orphan"),
            "ally": (
                "kabuki understudy",
                "merchant's kid with fast fingers",
                "ninja who failed the exam",
                "fisher's kid",
            ),
            "mentor": ("retired swordmaster", "blind monk", "inn-keeper with a past"),
            "foe": ("captain of {threat}", "magistrate's right hand", "rival courier in black"),
            "wild": ("wandering storyteller", "kitsune in disguise", "smuggler"),
        },
        title_words=("Cedar", "Lantern", "Road", "Crane", "Blossom", "Bell", "Seal", "Moon"),
    ),
    "horror": GenreKit(
        name="horror",
        family="eerie",
        settings=("ruins", "interior", "forest", "village"),
        goals=_goals(
            ("the doll with no name", "find whoever owned the doll with no name"),
            ("the dawn bell", "ring the dawn bell before the night ends"),
        )
        + _causes(
            ("the seventh door", "close the seventh door"),
            ("the name of the thing in the well", "learn the name of the thing in the well"),
        ),
        threats=(
            "the Giggling Shadow",
            "the Hollow Choir",
            teen("the thing in the old well"),
            mature("the Faceless One"),
        ),
        foe="villain",
        powers=(
            "seeing what others miss",
            "a charm from a great-grandmother",
            "never, ever screaming",
            "sensing cold spots",
        ),
        techniques=(),
        contests=("hide-and-seek", "test of nerve", teen("struggle in the dark"), mature("fight for a soul")),
        stakes=(
            "the shadows stay for good",
            "everyone in {place} forgets {hero}'s name",
            teen("another classmate is taken by {threat}"),
            mature("{ally}'s face is worn by {threat}"),
        ),
        crowd="townsfolk",
        jobs={
            "hero": (
                "new kid in town",
                "occult club's only member",
                "caretaker's grandchild",
                "night-shift convenience clerk",
            ),
            "ally": (
                "skeptic who films everything",
                "shrine keeper's kid",
                "class president who never sleeps",
            ),
            "mentor": ("exorcist who runs a laundromat", "local historian", "old priest"),
            "foe": ("figure in the red raincoat", "faceless schoolteacher", "voice on the radio"),
            "wild": (
                "ghost who only speaks in riddles",
                "urban legend hunter",
                "child who appears in old photos",
            ),
        },
        title_words=("Hush", "Door", "Well", "Shadows", "Whisper", "Lantern", "Bell", "Midnight"),
    ),
    "mystery": GenreKit(
        name="mystery",
        family="grounded",
        settings=("city", "interior", "school", "village"),
        goals=_causes(
            ("the truth behind the silent bell", "uncover the truth behind the silent bell"),
            ("the missing violinist", "find the missing violinist"),
            ("the phantom thief Moth", "unmask the phantom thief Moth"),
            ("the locked library case", "solve the locked library case"),
        ),
        threats=(
            "the Society of Clockwork Owls",
            "a thief who never leaves fingerprints",
            "a club of perfect liars",
            teen("a mastermind called the Professor"),
        ),
        foe="villain",
        powers=(
            "a memory for tiny details",
            "reading lies in people's hands",
            "never forgetting a face",
            "thinking three moves ahead",
        ),
        techniques=(),
        contests=("battle of wits", "race against the clock", "chess match"),
        stakes=(
            "the trail goes cold forever",
            "the wrong person takes the blame",
            teen("another crime bears the mark of {threat}"),
            mature("the next body turns up"),
        ),
        crowd="witnesses",
        jobs={
            "hero": (
                "newspaper club's ace reporter",
                "detective's grandchild",
                "bored genius",
                "lost-property clerk",
            ),
            "ally": (
                "photographer who never smiles",
                "librarian's assistant",
                "ex-thief trying to go straight",
            ),
            "mentor": ("retired inspector", "bookshop owner who knows everything", "coroner who hums"),
            "foe": ("gentleman thief", "too-helpful witness", "rival detective"),
            "wild": (
                "suspect with an alibi too perfect",
                "cat who keeps showing up at crime scenes",
                "informant",
            ),
        },
        title_words=("Clue", "Cipher", "Moth", "Bell", "Ledger", "Silence", "Clock", "Alibi"),
    ),
    "romance": GenreKit(
        name="romance",
        family="everyday",
        settings=("school", "city", "sea"),
        goals=_causes(
            ("the summer fireworks", "make it to the summer fireworks together"),
            ("the lead role in the school play", "win the lead role in the school play"),
            ("the lighthouse at Cape Hoshino", "reach the lighthouse at Cape Hoshino before summer ends"),
            ("the band's first concert", "play the band's first concert"),
        ),
        threats=(
            "the end of summer",
            "a transfer notice",
            "the rumour mill of Class 2-B",
            "a family move abroad",
        ),
        foe="rival",
        powers=(
            "terrible honesty",
            "baking as an apology",
            "a camera that catches real smiles",
            "never missing a sunset",
        ),
        techniques=(),
        contests=("festival contest", "duet audition", "class election"),
        stakes=(
            "summer ends and everyone scatters",
            "the transfer papers are signed",
            teen("the words that matter never get said"),
        ),
        crowd="classmates",
        jobs={
            "hero": (
                "second-year who can't say what they mean",
                "new transfer student",
                "photography club loner",
                "bakery's part-timer",
            ),
            "ally": (
                "best friend who sees everything",
                "senior who gives bad advice",
                "classmate from the seat behind",
            ),
            "mentor": ("café owner who listens", "literature teacher", "grandparent with stories"),
            "foe": ("popular student council star", "childhood promise-keeper", "rival in the drama club"),
            "wild": ("mysterious upperclassman", "cousin visiting for summer", "radio DJ nobody has met"),
        },
        title_words=("Summer", "Fireworks", "Sunset", "Letters", "Lighthouse", "Blue", "Heartbeat", "Spring"),
    ),
    "sci-fi": GenreKit(
        name="sci-fi",
        family="futuristic",
        settings=("space", "city", "desert", "ruins"),
        goals=_goals(
            ("the Lumen Core", "recover the Lumen Core"),
            ("the Zero Drive", "get the Zero Drive running"),
            ("the memory archive of Earth", "find the memory archive of Earth"),
        )
        + _causes(
            ("the last seed vault", "reach the last seed vault"),
            ("the Orpheus Signal", "trace the Orpheus Signal"),
        ),
        threats=(
            "the Helix Syndicate",
            "the Grey Fleet",
            "a rogue AI called MOTHER",
            teen("Directorate Nine"),
        ),
        foe="villain",
        powers=(
            "a prototype exo-frame",
            "a knack for talking to machines",
            "zero-g reflexes",
            "a star-chart memory",
        ),
        techniques=("Overclock Drive", "Photon Rush", "Gravity Break", "Comet Tail Burn", "Zero Point Dash"),
        contests=("hover race", "hacking duel", teen("dogfight"), mature("firefight")),
        stakes=(
            "the station's lights go dark for good",
            "{threat} rewrites the star charts",
            teen("{threat} locks down the whole sector"),
            mature("the air runs out for ten thousand people"),
        ),
        crowd="crew",
        jobs={
            "hero": (
                "junk-ship mechanic",
                "cadet who failed the pilot exam twice",
                "courier with a stolen licence",
                "dome farmer",
            ),
            "ally": (
                "hacker who hates sunlight",
                "android with a nanny program",
                "navigator with a sweet tooth",
            ),
            "mentor": ("washed-up star captain", "station doctor", "engineer with robot arms"),
            "foe": ("Syndicate enforcer", "elite Fleet pilot", "android agent of {threat}"),
            "wild": ("stowaway alien", "salvage drone with opinions", "smuggler queen"),
        },
        title_words=("Orbit", "Signal", "Starlight", "Drive", "Horizon", "Core", "Nova", "Zero"),
    ),
    "slice-of-life": GenreKit(
        name="slice-of-life",
        family="everyday",
        settings=("village", "school", "city", "interior"),
        goals=_causes(
            ("the old bathhouse", "keep the old bathhouse open"),
            ("the café on the hill", "save the café on the hill"),
            ("the community garden", "bring the community garden back to life"),
            ("the summer festival", "revive the town's summer festival"),
        ),
        threats=(
            "a development company from the city",
            "a very long winter",
            "the slow emptying of the town",
            "a landlord with a deadline",
        ),
        foe="rival",
        powers=(
            "making strangers feel at home",
            "green fingers",
            "a bicycle that never breaks",
            "remembering everyone's order",
        ),
        techniques=(),
        contests=("bake-off", "festival stall contest", "photo contest"),
        stakes=(
            "the last regulars move away",
            "the shutters come down for good",
            "the town forgets its own festival",
        ),
        crowd="neighbours",
        jobs={
            "hero": (
                "bathhouse owner's grandchild",
                "café part-timer",
                "new arrival from the city",
                "delivery cyclist",
            ),
            "ally": ("fisher's kid", "shy florist", "retired postman's grandchild"),
            "mentor": ("old bathhouse owner", "café master", "farmer who speaks in proverbs"),
            "foe": (
                "developer's polite assistant",
                "owner of the shiny new chain café",
                "cousin who wants to sell",
            ),
            "wild": ("cat who owns the street", "travelling photographer", "kid who never says their name"),
        },
        title_words=("Steam", "Café", "Garden", "Afternoon", "Lanterns", "Breeze", "Home", "Tea"),
    ),
    "sports": GenreKit(
        name="sports",
        family="sporting",
        settings=("school", "city"),
        goals=_causes(
            ("the national {sport} tournament", "win the national {sport} tournament"),
            ("the prefectural {sport} final", "reach the prefectural {sport} final"),
            ("the Spring High {sport} title", "take the Spring High {sport} title"),
            ("the {sport} club's future", "save the {sport} club from disbanding"),
        ),
        threats=(
            "Seiran Academy's undefeated team",
            "the Kamogawa Kings squad",
            "the Oka Tech team",
            "the Iron Wall of Hakuo High",
        ),
        foe="rival",
        powers=(
            "a jump nobody can read",
            "lungs that never quit",
            "eyes that see the whole field",
            "a fearless first step",
        ),
        techniques=("{sport_technique}",),
        contests=("practice match", "match", "final"),
        stakes=(
            "the club is disbanded for good",
            "the seniors' last season ends in the first round",
            "the title goes to {threat} again",
        ),
        crowd="spectators",
        jobs={
            "hero": (
                "first-year {sport} player",
                "{sport} player who quit once",
                "benchwarmer with a secret move",
                "club's only new recruit",
            ),
            "ally": (
                "team manager with a notebook",
                "libero of few words",
                "captain who cries easily",
                "childhood teammate",
            ),
            "mentor": ("coach who used to be a star", "old groundskeeper", "retired pro"),
            "foe": ("ace of {threat}", "genius first-year", "captain of {threat}"),
            "wild": ("transfer student with a past", "scout from the pros", "student reporter"),
        },
        title_words=("Spike", "Rally", "Court", "Sprint", "Ace", "Final", "Summer", "Wings"),
    ),
    "supernatural": GenreKit(
        name="supernatural",
        family="eerie",
        settings=("school", "village", "forest", "ruins"),
        goals=_goals(
            ("the fox god's bell", "return the fox god's bell"),
            ("the thousand paper cranes", "fold the thousand paper cranes"),
        )
        + _causes(
            ("the gate between worlds", "close the gate between worlds"),
            ("a ghost's last wish", "grant a ghost's last wish"),
        ),
        threats=(
            "the Night Parade",
            "the hungry spirit under the bridge",
            "the Shadow Shrine",
            teen("the Nameless Oni"),
        ),
        foe="villain",
        powers=(
            "seeing spirits",
            "a voice spirits obey",
            "paper charms that work a little too well",
            "dreams that come true",
        ),
        techniques=("Thousand Crane Barrier", "Foxfire Bloom", "Spirit Bell Chime", "Moon Gate Seal"),
        contests=("spirit contest", "riddle game", teen("exorcism duel"), mature("battle for a soul")),
        stakes=(
            "the spirits forget the way home",
            "the Night Parade never ends",
            teen("{threat} walks into the human world"),
            mature("{threat} eats the names of the living"),
        ),
        crowd="townsfolk",
        jobs={
            "hero": (
                "shrine keeper's grandchild",
                "kid who sees ghosts",
                "new kid in a haunted town",
                "part-time exorcist",
            ),
            "ally": ("tanuki in a school uniform", "skeptical best friend", "ghost who lives in a camera"),
            "mentor": ("fox god with a sweet tooth", "grandparent who reads tea leaves", "lazy monk"),
            "foe": ("masked spirit of the Parade", "exorcist who hates spirits", "heir of {threat}"),
            "wild": ("umbrella spirit", "lost child spirit", "crow messenger"),
        },
        title_words=("Foxfire", "Bell", "Crane", "Parade", "Gate", "Lantern", "Spirit", "Moon"),
    ),
    "thriller": GenreKit(
        name="thriller",
        family="grounded",
        settings=("city", "interior", "sea"),
        goals=_goals(
            ("the missing drive", "find the missing drive before midnight"),
            ("the Kiriyu files", "get the Kiriyu files to the press"),
        )
        + _causes(
            ("the cipher in the clock tower", "crack the cipher in the clock tower"),
            ("the witness", "keep the witness safe"),
        ),
        threats=(
            "the Kiriyu Corporation",
            "a crooked detective's network",
            "the Obsidian Society",
            teen("a fixer called the Cleaner"),
        ),
        foe="villain",
        powers=(
            "a photographic memory",
            "lying with a straight face",
            "seeing the exits in every room",
            "hacking anything with a port",
        ),
        techniques=(),
        contests=("chase", "race against the clock", teen("shoot-out"), mature("hunt")),
        stakes=(
            "the evidence disappears forever",
            "the truth is buried by {threat} for good",
            teen("the witness is silenced"),
            mature("the witness turns up dead"),
        ),
        crowd="commuters",
        jobs={
            "hero": (
                "intern at a failing newspaper",
                "night-shift taxi driver",
                "courier who saw too much",
                "junior hacker",
            ),
            "ally": ("disgraced ex-cop", "pawnshop owner's kid", "whistle-blower's kid"),
            "mentor": (
                "editor who drinks too much coffee",
                "retired spy",
                "lawyer with nothing left to lose",
            ),
            "foe": ("fixer for {threat}", "smiling executive", "detective on the take"),
            "wild": ("hacker known only as Cicada", "witness who lies", "double agent"),
        },
        title_words=("Midnight", "Cipher", "Static", "Signal", "Shadow", "Files", "Glass", "Zero"),
    ),
}


def kit_for(genre: str) -> GenreKit:
    return KITS.get(genre, KITS["adventure"])
