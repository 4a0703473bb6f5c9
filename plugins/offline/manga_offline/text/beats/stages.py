"""The arc, stage by stage: what goes wrong, what is revealed, and where each episode stops.

Every episode sits at a stage of the story's arc. A stage brings the episode's complication,
its turn (a reveal the arc summary names) and its cliffhanger, which carries the scene the
next episode opens with, so episode N+1 picks up exactly where N stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from manga_offline.text.script import Scene, mature_scene, scene, teen_scene


@dataclass(frozen=True)
class Twist:
    summary: str
    """A clause for the arc summary: "{foe} already knows {hero}'s name"."""
    scene: Scene


@dataclass(frozen=True)
class Cliff:
    text: str
    """The episode's cliffhanger as one sentence."""
    scene: Scene
    followup: Scene
    """How the next episode opens."""


@dataclass(frozen=True)
class Stage:
    key: str
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    """Arc summaries; "{twist}" is where the reveal goes."""
    complications: tuple[Scene, ...]
    twists: tuple[Twist, ...]
    cliffs: tuple[Cliff, ...]


# The reveal of one of the story's theme secrets, in the words of whoever knows it. The secret
# stage plays these; another stage falls back on them only when none of its own reveals fits.
THEME_TWISTS = (
    Twist(
        "{secret}",
        scene(
            "= medium: {Mentor} sets down a cup with a hand that isn't quite steady.",
            "mentor: There's something I should have told you long ago.",
            "= close/sad: {Mentor} looks older than {Hero} has ever seen.",
            "mentor: {secret_line}",
            "= xclose/surprised: {Hero}'s eyes, wide.",
            "sfx: heart",
        ),
    ),
    Twist(
        "{secret}",
        scene(
            "= medium/smug: {Foe} circles {Hero} slowly at {spot}.",
            "foe: You really don't know anything, do you?",
            "= close/smug: {Foe} leans close.",
            "foe~: {secret_line}",
            "= xclose/surprised: {Hero} freezes.",
            "sfx: heart",
        ),
    ),
    Twist(
        "{secret}",
        scene(
            "= medium/sad: {Ally} won't meet {Hero}'s eyes.",
            "hero: What is it? You've been weird all day.",
            "= close/sad: {Ally} takes a long breath.",
            "ally: {secret_line}",
            "= close/surprised: {Hero} can't find a single word.",
        ),
    ),
    Twist(
        "{secret}",
        scene(
            "= medium: {Wild} stops smiling, all at once.",
            "wild: You should hear this from someone. It might as well be me.",
            "= close: {Wild} looks {Hero} straight in the eye.",
            "wild: {secret_line}",
            "= xclose/surprised: {Hero}'s breath catches.",
        ),
    ),
)

SPARK = Stage(
    key="spark",
    titles=(
        "A Spark in {place_word}",
        "The Day It Started",
        "{Hero} Makes a Promise",
        "First Light",
        "The Call",
    ),
    summaries=(
        "In {place}, {hero} sets out to {quest}, crosses paths with {foe}, and discovers that {twist}.",
        "An ordinary day in {place} turns upside down; {hero} vows to {quest}, only to learn that {twist}.",
    ),
    complications=(
        scene(
            "= wide: {Spot} shudders. Light pours from a crack in the ground.",
            "sfx: rumble",
            "= medium/surprised: {Hero} and {Ally} stare at the glow.",
            "ally: Tell me that's normal. Please tell me that's normal.",
            "= close/determined: {Hero} reaches into the light.",
            "hero*: It's calling me.",
            "= xclose/smug: From the shadows, someone is watching: {Foe}.",
            tags=("artifact",),
        ),
        scene(
            "= wide: A figure steps out of the crowd at {spot}: {Foe}, with {foe_prop}.",
            "cap: {Foe}. Trouble, with a smile.",
            "foe: So you're the one everyone's whispering about.",
            "= medium/angry: {Hero} plants both feet between {Foe} and {Ally}.",
            "hero: And who are you supposed to be?",
            "= close/smug: {Foe} smiles.",
            "foe: The one who's going to beat you to {goal}.",
        ),
        scene(
            "= medium: {Foe} slaps a challenge letter down in front of {Hero}.",
            "sfx: BAM!",
            "foe: {Goal} belongs to the best. That isn't you.",
            "= close/angry: {Hero}'s eyebrow twitches.",
            "hero!: Oh, it is ON.",
            "= wide: Everyone at {spot} turns to stare.",
            "ally~: You accepted without reading it, didn't you.",
            tags=("rival",),
        ),
        scene(
            "= wide: A notice goes up at {spot}. A crowd gathers around it.",
            "= close: The notice bears one name nobody wanted to see: {threat}.",
            "ally: That's it, then. If we don't {quest} now, we never will.",
            "= close/determined: {Hero} tears the notice down.",
            "hero: Then we do it now.",
            "= medium/smug: Across the way, {Foe} watches them and smiles.",
            tags=("villain",),
        ),
        teen_scene(
            "= wide!: {Threat}'s people storm into {spot}. Stalls topple.",
            "sfx: crash",
            "= medium/afraid: {Ally} pulls a child out of the way.",
            "ally!: {Hero}! They're after {goal}!",
            "= close/angry: {Hero} grits their teeth, fists shaking.",
            "hero!: Not here. Not in my town!",
            "= close/smug: At the back, unhurried, stands {Foe}.",
            tags=("villain",),
        ),
        scene(
            "= medium: {Foe} arrives at {spot} with a polite smile and a thick folder.",
            "foe: Lovely place. Shame about what's going to happen to it.",
            "= close/surprised: {Hero} freezes mid-bow.",
            "hero: What do you mean?",
            "foe: I mean that unless someone can {quest}, {stakes}.",
            genres=("slice-of-life", "drama", "comedy", "romance", "sports"),
        ),
        scene(
            "= medium: {Ally} drops a thick envelope on the desk.",
            "ally: Another one. Third this month. Same calling card.",
            "= close: Inside, a note signed only with the mark of {threat}.",
            "hero/determined: Then it's a pattern. And patterns can be broken.",
            genres=("mystery", "thriller", "horror"),
        ),
    ),
    twists=(
        Twist(
            "{goal} answers only to {hero}",
            scene(
                "= close: Half-buried at {spot}, something glints: {goal}. {Hero}'s fingers brush it.",
                "= wide/surprised: Light floods {spot}. Everyone else is thrown back a step.",
                "sfx: magic",
                "ally: It's never done that for anyone. Not once in a hundred years.",
                "= close/afraid: {Hero} stares at their own hand.",
                "hero*: Why me?",
                tags=("artifact",),
            ),
        ),
        Twist(
            "{foe} already knows {hero}'s name",
            scene(
                "= medium: {Foe} turns to leave, then pauses.",
                "foe: Oh, and {hero}? Give my regards to your family.",
                "= close/surprised: {Hero} goes cold.",
                "hero: I never told you my name.",
                "= close/smug: {Foe} is already gone.",
                tags=("villain",),
            ),
        ),
        Twist(
            "{foe} wants to {quest} for a reason of their own",
            scene(
                "= medium: {Foe} stops at the edge of {spot}, back turned.",
                "foe: You think you're the only one with a reason?",
                "= close/sad: For a moment, {Foe} looks almost tired.",
                "foe: I made a promise too. I intend to keep it.",
                "= close/surprised: {Hero} has no answer.",
            ),
        ),
        Twist(
            "{foe} and {ally} were once inseparable",
            scene(
                "= medium/surprised: {Foe} and {Ally} see each other, and both freeze.",
                "foe: ...{ally}. It's been a long time.",
                "hero: Wait. You two know each other?",
                "= close/sad: {Ally} won't look at either of them.",
                "ally: We used to. Before.",
            ),
        ),
        Twist(
            "{ally} has been hiding a letter from {threat}",
            scene(
                "= medium: A folded letter falls from {Ally}'s pocket.",
                "= close: The seal on it belongs to {threat}.",
                "hero: {Ally}... what is this?",
                "= close/sad: {Ally} snatches it back too fast.",
                "ally: It's nothing. Forget it.",
                tags=("villain",),
            ),
        ),
    ),
    cliffs=(
        Cliff(
            "{Foe} steps out of the shadows holding the other half of {goal}.",
            scene(
                "= wide: Night settles over {spot}. Footsteps.",
                "sfx: step",
                "= medium/surprised: {Hero} spins round.",
                "= xclose/smug: {Foe}, smiling, holding the other half of {goal}.",
                "foe: Looking for this?",
                tags=("artifact",),
            ),
            scene(
                "= medium/angry: {Hero} and {Foe} face each other across {spot}.",
                "hero: Give it back.",
                "foe: It was never yours. See you soon.",
                "= wide: {Foe} is gone in a gust of wind. {Hero} is left with half a mystery.",
            ),
        ),
        Cliff(
            "A message arrives for {hero}: {threat} knows where {hero} lives.",
            scene(
                "= medium: A paper bird lands on {Hero}'s shoulder and unfolds itself.",
                "= close/afraid: Four words: WE KNOW WHERE YOU LIVE.",
                "= xclose/afraid: {Hero}'s eyes.",
                "sfx: heart",
                tags=("villain",),
            ),
            scene(
                "= medium/determined: {Hero} burns the message in the stove.",
                "hero: If they know where I live, I won't be living there.",
                "ally: Great. Now we're runaways. I'll pack snacks.",
            ),
        ),
        Cliff(
            "{Ally} vanishes, leaving only {ally_prop} behind.",
            scene(
                "= wide: {Spot} is empty. Too empty.",
                "hero: {Ally}? This isn't funny.",
                "= close/afraid: On the ground lies {ally_prop}. No one else.",
                "hero!/afraid: {Ally}!!",
            ),
            scene(
                "= medium/afraid: {Hero} searches {spot}, calling out.",
                "hero!: {Ally}! Where are you?!",
                "= medium/smug: {Ally} climbs out of a ditch, covered in leaves.",
                "ally: I got away. You're welcome. Now run!",
            ),
        ),
        Cliff(
            "{Wild} drops out of nowhere and warns that {threat} is already here.",
            scene(
                "= medium!/surprised: Someone lands between {Hero} and {Ally}: {Wild}.",
                "sfx: shock",
                "wild: You two are in a lot of trouble.",
                "= xclose: {Wild}'s grin.",
                "wild~: {Threat} is already here.",
                tags=("villain",),
            ),
            scene(
                "= medium: {Wild} perches on a railing, swinging their legs.",
                "wild: So. Want my help or not?",
                "hero: We don't even know who you are!",
                "wild/happy: Details!",
            ),
        ),
        Cliff(
            "{Hero_prop} starts to shake, pointing the way to {next_spot}.",
            scene(
                "= close/surprised: {Hero_prop} trembles in {Hero}'s hand.",
                "sfx: rumble",
                "= medium/surprised: It tugs, hard, towards the horizon.",
                "ally: Is it... pointing?",
                "= wide: Far away, something answers with a flash of light.",
            ),
            scene(
                "= medium/determined: {Hero} packs in a hurry.",
                "hero: It's pointing. We follow.",
                "ally: Of course we do.",
            ),
        ),
    ),
)

TRIAL = Stage(
    key="trial",
    titles=("The Trial at {spot_word}", "No Shortcuts", "Harder, Faster", "The Test", "One Step Further"),
    summaries=(
        "At {spot}, {hero} and {ally} face a test they cannot pass alone, and find out that {twist}.",
        "The road to {goal} runs through {spot}, where {foe} waits and where {hero} learns that {twist}.",
    ),
    complications=(
        scene(
            "= wide: A gate at {spot}, covered in old carvings.",
            "= medium: {Ally} reads the carvings aloud, slowly.",
            "ally: 'Only those who come together may pass.'",
            "hero: Okay. We're together. Let's go.",
            "= medium!/surprised: The gate doesn't budge.",
            "sfx: clash",
        ),
        scene(
            "= medium/smug: {Foe} is waiting at {spot}.",
            "foe: You came. Good. Let's see if you're worth my time.",
            "= close/determined: {Hero} steps up.",
            "hero: Name the test.",
        ),
        scene(
            "= medium: {Mentor} draws a line in the dust.",
            "mentor: Cross it, and there's no turning back. Think carefully.",
            "= close/determined: {Hero} steps over without a pause.",
            "= close/smug: {Mentor} sighs.",
            "mentor: I said think.",
        ),
        scene(
            "= wide: {Spot}. The weather turns all at once.",
            "sfx: wind",
            "ally!: We need shelter!",
            "hero!: No! If we stop now, we lose a whole day!",
        ),
    ),
    twists=(
        Twist(
            "{foe} is testing {hero}, not trying to win",
            scene(
                "= medium: {Foe} lowers their guard, just slightly.",
                "foe: Not bad. You might actually be worth something.",
                "= close/surprised: {Hero} blinks.",
                "hero: Were you... testing me?",
                "= close/smug: {Foe} doesn't answer.",
            ),
        ),
        Twist(
            "{ally} has a gift nobody knew about",
            scene(
                "= wide!/surprised: {Ally} does the impossible. Everyone stares.",
                "sfx: impact",
                "hero: Since when can you do that?!",
                "= close/sad: {Ally} looks at their own shaking hands.",
                "ally: Since always. I just never wanted anyone to know.",
            ),
        ),
        Twist(
            "the way forward means leaving something precious behind",
            scene(
                "= medium/sad: {Hero} holds out {hero_prop} at the gate.",
                "hero*: It's the price. It has to be.",
                "= close/sad: {Hero} lets it go.",
                "= wide: The gate opens.",
                "sfx: rumble",
            ),
        ),
    ),
    cliffs=(
        Cliff(
            "Past the trial waits a door with {hero}'s name already carved into it.",
            scene(
                "= wide: Beyond the trial stands a door.",
                "= close/surprised: Carved into it, old and weathered: a name.",
                "= xclose/afraid: It's {Hero}'s.",
                "hero~: ...That's impossible.",
            ),
            scene(
                "= medium/afraid: {Hero} touches the carved name. It's warm.",
                "ally: Whoever carved this did it a long time ago.",
                "hero: Then they knew I'd come.",
            ),
        ),
        Cliff(
            "{Foe} offers {hero} a deal that is very hard to refuse.",
            scene(
                "= medium: {Foe} holds out a hand.",
                "foe: Join me, and I'll give you {goal}. No tricks.",
                "= xclose/surprised: {Hero} hesitates.",
                "sfx: heart",
            ),
            scene(
                "= close/determined: {Hero} pushes {Foe}'s hand away.",
                "hero: I'll get there my own way.",
                "foe: You'll regret that. Everyone always does.",
            ),
        ),
        Cliff(
            "The ground gives way beneath {hero} and {ally}.",
            scene(
                "= wide!/surprised: The floor cracks beneath {Hero} and {Ally}.",
                "sfx: crash",
                "= medium!/afraid: {Hero} grabs {Ally}'s wrist as they fall.",
                "hero!: Hold on!!",
            ),
            scene(
                "= wide: A soft landing in deep water, far below.",
                "sfx: SPLASH",
                "ally: We're alive. I'm never doing that again.",
                "hero/happy: You say that every time.",
            ),
        ),
    ),
)

SECRET = Stage(
    key="secret",
    titles=(
        "What {Mentor} Never Said",
        "Beneath {spot_word}",
        "The Hidden Page",
        "Truth and Ash",
        "Whispers",
    ),
    summaries=(
        "Searching {spot} for a way to {quest}, {hero} uncovers the truth: {twist}.",
        "A quiet day at {spot} turns upside down when {hero} learns that {twist}.",
    ),
    complications=(
        scene(
            "= medium: {Hero} finds a hidden compartment at {spot}. Inside: old letters.",
            "ally: Whose are they?",
            "= close/surprised: {Hero} reads the first line and stops.",
            "hero~: They're addressed to me.",
        ),
        scene(
            "= medium: {Ally} pulls a book from a dusty shelf at {spot}. A small portrait falls out.",
            "ally: Hey... isn't that {mentor}? Way younger?",
            "= close: In the portrait, {Mentor} stands beside someone whose face has been scratched out.",
        ),
        scene(
            "= wide: {Spot} at {time}. Someone is talking behind a closed door.",
            "= close/afraid: {Hero} and {Ally} press their ears to the wood.",
            "foe~: ...and they still don't know. Keep it that way.",
            "ally~: That's {foe}'s voice!",
        ),
    ),
    twists=(
        *THEME_TWISTS,
        Twist(
            "{foe} once stood exactly where {hero} stands now",
            scene(
                "= medium: {Foe} looks at {Hero} for a long, strange moment.",
                "foe: I was you, once. Same dreams. Same stubborn hope.",
                "= close/surprised: {Hero} takes a step back.",
                "foe: Ask yourself where it got me.",
            ),
        ),
        Twist(
            "{goal} was hidden on purpose, by people who feared it",
            scene(
                "= medium: {Mentor} unrolls an ancient map at {spot}.",
                "mentor: {Goal} wasn't lost. It was hidden. By people afraid of it.",
                "hero: Afraid of what?",
                "= close/sad: {Mentor} says nothing for a long time.",
                tags=("artifact",),
            ),
        ),
    ),
    cliffs=(
        Cliff(
            "Someone {hero} trusted is seen meeting {foe} in secret.",
            scene(
                "= wide: {Spot} at {time}. Two figures in the shadows.",
                "= medium: One of them is {Foe}.",
                "= xclose/surprised: The other turns into the light: someone {Hero} knows.",
                "hero*: No... it can't be.",
            ),
            scene(
                "= medium: {Hero} confronts {Ally} at dawn.",
                "hero: I saw who was with {foe}. Did you know?",
                "ally: I know now. We have to be careful who we tell.",
            ),
        ),
        Cliff(
            "The last page of the old letters is a warning signed with {hero}'s own handwriting.",
            scene(
                "= close: The last page. The handwriting is familiar.",
                "= xclose/afraid: It's {Hero}'s own.",
                "cap: DO NOT TRUST THE ONE WHO SMILES.",
            ),
            scene(
                "= medium/afraid: {Hero} compares the handwriting again and again.",
                "hero: I don't remember writing this.",
                "ally: Then somebody wants you to think you did.",
            ),
        ),
    ),
)

ALLIANCE = Stage(
    key="alliance",
    titles=("An Unlikely Ally", "Strangers and Friends", "The Deal", "Side by Side", "One More at the Table"),
    summaries=(
        "At {spot}, {hero} needs help from the last person anyone would ask, and learns that {twist}.",
        "{Hero} and {ally} fall out over how to {quest}, until {spot} forces them together "
        "and reveals that {twist}.",
    ),
    complications=(
        scene(
            "= medium/angry: {Hero} and {Ally} glare at each other across {spot}.",
            "ally: You never listen!",
            "hero: You never trust me!",
            "= wide: Everyone else edges quietly out of the room.",
        ),
        scene(
            "= medium: {Wild} blocks the path at {spot}, grinning.",
            "wild: I know a shortcut. It'll cost you.",
            "ally~: We can't trust them.",
            "hero~: We can't afford not to.",
        ),
        scene(
            "= medium: {Foe}'s own people have turned on {Foe}. {Foe} is cornered at {spot}.",
            "foe/angry: Don't just stand there gawking.",
            "= close/determined: {Hero} steps forward anyway.",
            "hero: Just this once. Don't make me regret it.",
        ),
    ),
    twists=(
        Twist(
            "{foe} and {hero} want the same thing for different reasons",
            scene(
                "= medium: {Foe} and {Hero} sit on opposite ends of a bench.",
                "foe: You want to {quest}. So do I.",
                "hero: Why?",
                "= close/sad: {Foe} looks away.",
                "foe: Ask me again when this is over.",
            ),
        ),
        Twist(
            "{wild} knew {hero}'s family",
            scene(
                "= medium: {Wild} stops joking for once.",
                "wild: You have your family's stubborn jaw, you know.",
                "= close/surprised: {Hero} stares.",
                "hero: You knew them?",
            ),
        ),
    ),
    cliffs=(
        Cliff(
            "The new alliance is barely a day old when {threat} attacks the camp.",
            scene(
                "= wide!: Flames? No, lanterns. Hundreds, surrounding the camp.",
                "sfx: rumble",
                "= medium/afraid: {Ally} shakes {Hero} awake.",
                "ally~: They found us.",
                tags=("villain",),
            ),
            scene(
                "= wide!: {Hero} and {Ally} break out through the back way.",
                "sfx: dash",
                "hero!: Scatter! Meet at the old bridge!",
            ),
        ),
        Cliff(
            "{Wild} vanishes in the night, taking the map with them.",
            scene(
                "= wide: Morning. {Wild}'s bedroll is empty.",
                "= close/angry: So is the map case.",
                "ally: I knew it. I KNEW it!",
            ),
            scene(
                "= medium: {Wild} strolls back in, map in hand, eating an apple.",
                "wild: What? I went to get breakfast. And this.",
                "hero: ...You could have left a note!",
            ),
        ),
    ),
)

FALL = Stage(
    key="fall",
    titles=("The Long Night", "Everything Falls", "Broken", "When the Lights Go Out", "The Price"),
    summaries=(
        "{Foe} strikes at {spot}; {hero} loses almost everything and learns that {twist}.",
        "The plan to {quest} collapses at {spot}, and in the ruins {hero} discovers that {twist}.",
    ),
    complications=(
        scene(
            "= wide!: {Foe} arrives at {spot} with all of {threat} behind them.",
            "sfx: rumble",
            "foe: I'm done playing.",
            "= close/afraid: {Ally} grabs {Hero}'s sleeve.",
            "ally~: There are too many.",
            tags=("villain",),
        ),
        scene(
            "= medium!: {Foe} snatches {hero_prop} out of {Hero}'s hands.",
            "sfx: dash",
            "foe: Without this, you're nothing.",
            "= close/angry: {Hero} lunges and catches only air.",
        ),
        mature_scene(
            "= wide: {Spot} is burning. {Crowd} run past in every direction.",
            "sfx: crash",
            "hero!/afraid: No, no, no...!",
            "= close/sad: A fallen lantern. A small shoe. Nobody to hold either.",
            tags=("villain",),
        ),
    ),
    twists=(
        Twist(
            "losing was part of someone's plan all along",
            scene(
                "= medium/sad: {Hero} sits in the wreckage.",
                "= close: A note, tucked where only {Hero} would look.",
                "cap: EXACTLY AS PLANNED. TRUST ME.",
                "hero: Whose handwriting is this?",
            ),
        ),
        Twist(
            "{hero} is stronger without {hero_prop} than with it",
            scene(
                "= close/sad: {Hero}'s empty hands.",
                "hero*: Without it, what am I?",
                "= medium/determined: {Ally} hauls {Hero} to their feet.",
                "ally: You're you. You were always the one doing it. Not that thing.",
            ),
        ),
    ),
    cliffs=(
        Cliff(
            "{Foe} holds {goal}, and the sky above {place} begins to change.",
            scene(
                "= wide: {Foe} raises {goal} high.",
                "sfx: magic",
                "= wide/afraid: Above {place}, the sky turns a colour nobody has a name for.",
                "foe: It's over.",
                tags=("artifact",),
            ),
            scene(
                "= wide: Under the strange sky, {crowd} gather, afraid.",
                "hero: It's not over. Not while we're still standing.",
                "ally: Barely standing.",
                "hero: Barely counts.",
            ),
        ),
        Cliff(
            "{Hero} wakes up alone, far from {place}, with no idea how they got there.",
            scene(
                "= wide: Somewhere unfamiliar. Silence.",
                "= close/surprised: {Hero}'s eyes open.",
                "hero~: Where... am I?",
            ),
            scene(
                "= medium: {Hero} limps along an unfamiliar road, following the smoke.",
                "hero*: Walk. Just walk. Find them.",
                "= wide/happy: On the horizon, {Ally}, running towards {Hero}.",
            ),
        ),
        Cliff(
            "{Threat} announces that {stakes} at dawn.",
            scene(
                "= wide: The same notice appears on every wall and every door at once.",
                "= close: {Foe}'s face.",
                "foe: At dawn, {stakes}.",
                "= close/determined: {Hero} watches, jaw set.",
                tags=("villain",),
            ),
            scene(
                "= medium: {Hero} and {Ally} count the hours left on their fingers.",
                "ally: Not enough time.",
                "hero: There never is. Let's go.",
            ),
        ),
    ),
)

SHOWDOWN = Stage(
    key="showdown",
    titles=("Showdown at {spot_word}", "Everything We Have", "The Last Stand", "Dawn", "Together"),
    summaries=(
        "At {spot}, {hero} faces {foe} for {goal} with every lesson of the journey, and learns that {twist}.",
        "It all comes down to {spot}: {hero}, {ally} and everything they believe in against {threat}. "
        "Then the truth comes out: {twist}.",
    ),
    complications=(
        scene(
            "= wide: {Foe} waits at the heart of {spot}.",
            "foe: I knew you'd come. You never learned when to quit.",
            "= close/determined: {Hero} steps forward.",
            "hero: Never saw the point.",
        ),
        scene(
            "= wide: {Crowd} line the way to {spot}.",
            "= medium/determined: {Hero} and {Ally} walk between them.",
            "ally: Everyone came.",
            "hero: Then let's not let them down.",
        ),
    ),
    twists=(
        Twist(
            "{foe} never wanted {goal} for themself at all",
            scene(
                "= close/sad: {Foe}'s guard drops at last.",
                "foe: I never wanted it for me.",
                "= close/surprised: {Hero} lowers their fists.",
                "hero: Then who?",
            ),
        ),
        Twist(
            "the real strength was the people beside {hero} all along",
            scene(
                "= wide/happy: Behind {Hero}: {Ally}, and everyone else, all at once.",
                "ally: You didn't think we'd let you do this alone?",
                "= close/happy: {Hero}'s eyes shine.",
            ),
        ),
    ),
    cliffs=(
        Cliff(
            "Far beyond {place}, something else wakes up.",
            scene(
                "= wide: Peace over {place}. For now.",
                "cap: For now.",
                "= wide: Far away, in a place no map shows, something opens its eyes.",
                "sfx: heart",
            ),
            scene(
                "= wide: Months later, {spot} has changed.",
                "hero: Feels like a lifetime ago.",
                "ally: It was three months.",
            ),
        ),
        Cliff(
            "A letter arrives: {goal} was only the beginning.",
            scene(
                "= medium: {Hero}, {Ally} and a rare quiet moment.",
                "= close: A letter, slipped under the door.",
                "= xclose/surprised: ONLY THE BEGINNING.",
            ),
            scene(
                "= medium: {Hero} reads the letter aloud to everyone.",
                "hero: So. Who's coming?",
                "ally: Obviously all of us.",
            ),
        ),
    ),
)

# For casts too small for any stage's own reveal or ending (a bible written elsewhere).
FALLBACK_TWIST = Twist(
    "{hero} is stronger than anyone knew",
    scene(
        "= medium: {Hero} stands alone at {spot}, breathing hard.",
        "hero*: I thought I'd reached my limit. I was wrong.",
        "= xclose/determined: {Hero}'s eyes.",
    ),
)
FALLBACK_CLIFF = Cliff(
    "Something stirs in the dark at {spot}, and it knows {hero}'s name.",
    scene(
        "= wide: {Spot}, silent. Then, a sound.",
        "sfx: rumble",
        "= close/afraid: {Hero} turns towards the dark.",
        "hero~: Who's there?",
    ),
    scene(
        "= medium/determined: {Hero} steps into the dark, alone.",
        "hero*: Whatever it is, I'm not running.",
    ),
)

STAGES: dict[str, Stage] = {stage.key: stage for stage in (SPARK, TRIAL, SECRET, ALLIANCE, FALL, SHOWDOWN)}
