"""Scenes that only one family of genres can play: the fantasy road, the detective's table,
the shared umbrella, the cockpit, the court and the dark hallway.

Each bank pairs with a general one in `companions` and `conflicts`; a story whose genres
match draws these three times as often, so a horror episode reads like horror.
"""

from __future__ import annotations

from manga_offline.text.script import scene, teen_scene

_MAGIC = ("fantasy", "adventure", "historical")
_DETECTIVE = ("mystery", "thriller")
_TENDER = ("romance", "slice-of-life", "drama")
_FUTURE = ("sci-fi", "action")
_GAME = ("sports", "comedy")
_DARK = ("horror", "supernatural")

GENRE_BONDS = (
    scene(
        "= medium: {Hero} and {Ally} sit by a campfire at {spot}, sharing one blanket and one map.",
        "ally: If the map's right, we're three days from {goal}.",
        "hero/happy: And if it's wrong?",
        "= close/smug: {Ally} folds the map into a very small square.",
        "ally: Then it's a nice walk.",
        genres=_MAGIC,
    ),
    scene(
        "= medium: {Ally} pins another photo to a corkboard already choked with red string.",
        "ally: You've been staring at that wall for an hour.",
        "hero: The wall is staring back.",
        "= close/happy: {Ally} sets a can of coffee on {Hero}'s head.",
        "ally: Drink. Then stare.",
        genres=_DETECTIVE,
    ),
    scene(
        "= medium: Rain drums on one umbrella, held over {Hero} and {Ally}.",
        "sfx: ambient",
        "ally: Your shoulder's getting soaked.",
        "hero: So is yours.",
        "= close/happy: Neither of them moves the umbrella.",
        genres=_TENDER,
    ),
    scene(
        "= medium: {Ally} patches {Hero}'s gear on a workbench strewn with wires and half-eaten noodles.",
        "ally: Whatever you did to this, don't do it again.",
        "hero: It worked, didn't it?",
        "= close/smug: {Ally} holds up a part that is clearly melted.",
        "ally: This used to be important.",
        genres=_FUTURE,
    ),
    scene(
        "= medium: After practice, {Hero} and {Ally} lie flat on the floor of {venue}, too tired to move.",
        "ally: I can't feel my legs.",
        "hero: Same time tomorrow?",
        "= close/happy: {Ally} lifts one shaking thumb.",
        genres=_GAME,
    ),
    scene(
        "= medium: {Hero} and {Ally} tie paper charms to each other's wrists by candlelight.",
        "ally: Does this actually work?",
        "hero: Grandma said so.",
        "= close/afraid: The candle flame bends sideways, towards the door.",
        "ally~: ...Tie it tighter.",
        genres=_DARK,
    ),
)

GENRE_CLASHES = (
    scene(
        "= wide!: {Foe} raises {foe_prop}. The air at {spot} crackles with light.",
        "sfx: magic",
        "foe: Turn back. This road was never meant for you.",
        "= medium!/determined: {Hero} plants their feet as the blast comes.",
        "hero!: Then I'll make it mine!",
        "= wide!: Light meets light. The ground splits between them.",
        "sfx: impact",
        genres=_MAGIC,
    ),
    scene(
        "= medium: {Foe} slides a photograph across the table at {spot}.",
        "foe: You were there that night. Everyone saw you.",
        "= close/surprised: It is {Hero}, in the photo. Unmistakably.",
        "hero: That's not me.",
        "= close/smug: {Foe} spreads their hands.",
        "foe: Prove it.",
        genres=_DETECTIVE,
    ),
    scene(
        "= medium: {Foe} steps between {Hero} and the door, all sweetness.",
        "foe: Oh, are you going somewhere? With them?",
        "= close/angry: {Hero}'s hands tighten on the strap of their bag.",
        "hero: That's none of your business.",
        "= close/smug: {Foe} smiles wider.",
        "foe: Everything here is my business.",
        genres=_TENDER,
    ),
    scene(
        "= wide!: Alarms scream across {spot}. {Foe}'s drones pour through the breach.",
        "sfx: tech",
        "ally!: Shields are at twelve percent!",
        "= medium!/determined: {Hero} vaults the console and grabs the manual controls.",
        "hero!: Then we don't need shields. We need speed!",
        "= wide!: The whole deck lurches as {Hero} throws everything sideways.",
        "sfx: crash",
        genres=_FUTURE,
    ),
    scene(
        "= wide!: The whistle. {Foe} explodes off the line before {Hero} can even blink.",
        "sfx: sport",
        "= medium!/surprised: {Hero} gets there a heartbeat too late.",
        "foe: Is this really the best {place} has?",
        "= close/determined: {Hero} wipes their chin, eyes burning.",
        "hero: Again. Serve it again.",
        "sfx: crowd",
        genres=_GAME,
    ),
    teen_scene(
        "= wide: The lights at {spot} go out, one by one, towards {Hero}.",
        "sfx: SHIIN",
        "= medium/afraid: Something stands where the last light was. Tall. Too tall.",
        "foe~: You came back. They always come back.",
        "= close/determined: {Hero} holds up {hero_prop}, hand shaking.",
        "hero: Stay. Back.",
        "= xclose/afraid: The thing tilts its head. Then it smiles.",
        genres=_DARK,
        tags=("villain",),
    ),
)

GENRE_CLUES = (
    scene(
        "= medium: {Hero} brushes moss from a standing stone at {spot}.",
        "= close: Beneath the moss, a carving: {goal}, held by someone with {Hero}'s face.",
        "hero/surprised: {Ally}. Come look at this.",
        "ally: ...That's just a coincidence. Right?",
        genres=_MAGIC,
        tags=("artifact",),
    ),
    scene(
        "= medium: {Hero} holds a receipt up to the window light.",
        "hero: Bought at 9:14. The shop is twenty minutes away.",
        "ally: So?",
        "= close/smug: {Hero} folds the receipt in half.",
        "hero: So their alibi just walked out the door.",
        genres=_DETECTIVE,
    ),
    scene(
        "= medium: {Ally} finds an old notebook behind the counter at {spot}.",
        "= close: Inside, pressed flowers and one neat line: 'Meet me when the lights come on.'",
        "ally: Who writes like this anymore?",
        "hero/sad: Someone who meant it.",
        genres=_TENDER,
    ),
    scene(
        "= medium: {Hero} scrubs through security footage, frame by frame.",
        "sfx: tech",
        "hero: There. That shadow. It moves before the door does.",
        "= close/surprised: {Ally} leans over {Hero}'s shoulder.",
        "ally: Cameras don't lie. So something else is.",
        genres=_FUTURE,
    ),
    scene(
        "= medium: {Hero} rewinds the match video for the ninth time.",
        "hero: Watch their captain's feet. Every time. Left, then right.",
        "ally: And?",
        "= close/smug: {Hero} freezes the frame.",
        "hero: And that's a habit. Habits can be beaten.",
        genres=_GAME,
    ),
    scene(
        "= medium: {Hero} wipes the fog from a mirror at {spot}.",
        "= close/afraid: In the mirror, a handprint is forming. From the other side.",
        "sfx: shock",
        "ally~: Please tell me that's yours.",
        "hero~: My hands are in my pockets.",
        genres=_DARK,
    ),
)

GENRE_JOURNEYS = (
    scene(
        "= wide: {Spot}. A river of mist where a road should be, and stepping stones that glow.",
        "sfx: magic",
        "ally: We're not really stepping on those.",
        "= medium/determined: {Hero} is already on the first stone.",
        "hero: Only on the glowing ones. Probably.",
        genres=_MAGIC,
    ),
    scene(
        "= wide: {Spot} at {time}. Every window is dark except one.",
        "= medium: {Hero} and {Ally} walk fast, collars up.",
        "ally~: Someone's been behind us since the bridge.",
        "hero~: I know. Don't look. Turn left at the corner.",
        "sfx: step",
        genres=_DETECTIVE,
    ),
    scene(
        "= wide: A late train rocks through {place}, half empty.",
        "= medium/happy: {Ally} has fallen asleep on {Hero}'s shoulder.",
        "hero*: Three more stops. Maybe I'll miss ours.",
        "sfx: heart",
        genres=_TENDER,
    ),
    scene(
        "= wide: {Spot}, lit by a thousand drifting signs in a dozen languages.",
        "sfx: tech",
        "= medium/surprised: A vending machine greets {Hero} by name.",
        "ally: Don't answer it. They sell your data.",
        "hero: It offered me a discount!",
        genres=_FUTURE,
    ),
    scene(
        "= wide: The team jogs past {spot} at dawn, breath steaming.",
        "= medium/happy: {Ally} falls into step beside {Hero}.",
        "ally: Last one up the hill buys drinks.",
        "hero!: You're on!",
        "sfx: dash",
        genres=_GAME,
    ),
    scene(
        "= wide: {Spot}. The path goes on longer than it did in daylight.",
        "= medium/afraid: {Ally} counts the lanterns as they pass.",
        "ally: Eleven. Twelve. ...Thirteen? There were twelve.",
        "= close/afraid: Behind them, one lantern goes out.",
        genres=_DARK,
    ),
)

GENRE_COMEDY = (
    scene(
        "= medium: {Hero} proudly casts a spell to light the fire.",
        "sfx: magic",
        "= medium!/surprised: The fire is now a very small, very angry chicken.",
        "sfx: comic",
        "ally: ...Can we eat it?",
        "hero: Don't look it in the eye.",
        genres=_MAGIC,
    ),
    scene(
        "= medium/smug: {Hero} whips off their glasses dramatically.",
        "hero: The culprit is... you!",
        "= close/surprised: It is a potted plant. {Ally} is on the other side of the room.",
        "sfx: comic",
        "ally: You need those glasses.",
        genres=_DETECTIVE,
    ),
    scene(
        "= medium: {Hero} practises a confession to a coat rack.",
        "hero: I-I've always... no. I have always... no!",
        "= medium!/surprised: {Ally} is standing in the doorway, holding two drinks.",
        "sfx: shock",
        "ally: Should I come back later? Or leave you two alone?",
        genres=_TENDER,
    ),
    scene(
        "= medium: The ship's robot offers {Hero} a steaming tray.",
        "hero: What is it?",
        "= close/happy: The robot's screen shows a smiley face.",
        "ally: Don't ask it that. It'll tell you.",
        "sfx: BEEP",
        genres=_FUTURE,
    ),
    scene(
        "= medium!: {Hero} goes for a spectacular dive and lands in the water cooler.",
        "sfx: crash",
        "= medium/smug: The whole bench stares.",
        "hero: ...I'm hydrated.",
        "ally: Coach is writing that down.",
        genres=_GAME,
    ),
    scene(
        "= medium/afraid: A white shape drifts down the hall towards {Hero} and {Ally}.",
        "sfx: shock",
        "ally!: G-g-ghost!",
        "= medium/smug: It is a bedsheet, blown off a line. A cat is inside it.",
        "hero: ...Hi, cat.",
        genres=_DARK,
    ),
)

GENRE_QUIET = (
    scene(
        "= wide: Stars fill the sky over {spot}, more than anyone in {place} has ever counted.",
        "ally: Do you ever think about going home?",
        "hero: Every night. Then I look up.",
        "= close/happy: {Ally} follows {Hero}'s gaze.",
        "cap: @theme",
        genres=_MAGIC,
    ),
    scene(
        "= medium: Two cups of cold coffee. {Hero} and {Ally}, the only lit window at {spot}.",
        "ally: When this is over, we're taking a holiday.",
        "hero: You said that last case.",
        "= close/sad: {Ally} doesn't laugh.",
        "ally: I meant it last case too.",
        genres=_DETECTIVE,
    ),
    scene(
        "= wide: Fireflies rise from the grass at {spot}.",
        "sfx: heart",
        "= medium: {Hero} and {Ally} watch them, not quite looking at each other.",
        "ally: It's nice. Being quiet with you.",
        "= close/surprised: {Hero}'s ears go red.",
        genres=_TENDER,
    ),
    scene(
        "= wide: The city lights of {place} shimmer far below the observation deck.",
        "ally: Ten million people down there. None of them know.",
        "hero: Good. Let them sleep.",
        "= close/determined: {Hero}'s reflection in the glass, eyes hard.",
        genres=_FUTURE,
    ),
    scene(
        "= medium: {Hero} and {Ally} sit on the empty bleachers after everyone has gone.",
        "ally: Scared?",
        "hero: Terrified. You?",
        "= close/happy: {Ally} bumps {Hero}'s shoulder.",
        "ally: Nah. I've got you.",
        genres=_GAME,
    ),
    scene(
        "= medium: {Hero} and {Ally} keep watch by a single candle.",
        "ally~: Tell me something. Anything. Just keep talking.",
        "hero~: When we were kids, you were scared of the dark.",
        "= close/afraid: {Ally} laughs, too thinly.",
        "ally~: Some things don't change.",
        genres=_DARK,
    ),
)

GENRE_CLIMAXES = (
    scene(
        "= wide!/determined: {Hero} raises {hero_prop} and the whole of {spot} answers with light.",
        "sfx: magic",
        "hero!: Everyone who believed in me... lend me your strength!",
        "= close/surprised: {Foe}'s eyes go wide as the light reaches them.",
        "foe~: Impossible...",
        genres=_MAGIC,
    ),
    scene(
        "= medium/determined: {Hero} lays the last piece of evidence on the table.",
        "hero: The clock. The receipt. And this.",
        "= close/surprised: {Foe} goes white.",
        "hero: You were never where you said. You were here.",
        "= xclose/afraid: A bead of sweat on {Foe}'s temple.",
        genres=_DETECTIVE,
    ),
    scene(
        "= wide: Under the last of the festival lights, {Hero} finally turns to {Ally}.",
        "hero: I've been trying to say this for a long time.",
        "= close/surprised: {Ally} holds very still.",
        "sfx: heart",
        "hero/happy: Thank you. For staying.",
        genres=_TENDER,
    ),
    scene(
        "= wide!: {Hero} drops through the hatch into the heart of {spot}.",
        "sfx: tech",
        "ally!: Ten seconds! Whatever you're doing, do it now!",
        "= xclose/determined: {Hero}'s hand slams the override.",
        "= wide!: Every light in {spot} flares white.",
        "sfx: impact",
        genres=_FUTURE,
    ),
    scene(
        "= wide!: Final point. {Venue} is so quiet you can hear every breath.",
        "= medium!/determined: {Hero} leaps higher than anyone thought they could.",
        "ally!: GO!",
        "= wide!/happy: The shot lands. The scoreboard changes. The crowd explodes.",
        "sfx: crowd",
        genres=("sports",),
    ),
    scene(
        "= medium/determined: {Hero} steps into the dark, {hero_prop} held out in front.",
        "hero: I'm not afraid of you anymore.",
        "= close/afraid: The shadow flinches.",
        "hero: You were lonely. That's all. You were just lonely.",
        "= wide: The dark thins, and for a moment there is only a child-sized shape, fading.",
        genres=_DARK,
    ),
)

GENRE_MENTOR_TALKS = (
    scene(
        "= medium: {Mentor} traces a rune in the air; it hangs there, glowing.",
        "mentor: Magic is a promise. Break it and it breaks you.",
        "hero: Then how do I keep it?",
        "= close/smug: {Mentor} snuffs the rune with two fingers.",
        "mentor: You don't make ones you can't keep.",
        genres=_MAGIC,
    ),
    scene(
        "= medium: {Mentor} taps the case file without opening it.",
        "mentor: Everyone lies. What matters is what they lie about.",
        "hero: And what are they lying about?",
        "mentor: The one thing they didn't mention.",
        genres=_DETECTIVE,
    ),
    scene(
        "= medium: {Mentor} tosses {Hero} a towel and a drink.",
        "mentor: Your body wants to quit. Your head decides.",
        "hero/determined: My head says one more lap.",
        "= close/happy: {Mentor} almost smiles.",
        "mentor: Make it two.",
        genres=_GAME,
    ),
    scene(
        "= medium: {Mentor} lights incense before a small household shrine.",
        "mentor: The ones who are gone don't want anger. They want to be remembered.",
        "= close/sad: {Hero} looks at the photograph on the shrine.",
        "hero: Then I'll remember for them.",
        genres=_DARK,
    ),
)
