"""Themes as motifs: what a reader's free-text themes turn into on the page.

A theme is reader text, so it is only ever printed as words inside our own sentences. Known
themes (friendship, memory, family...) bring hand-written lines; any other theme is woven in
through lines that read well around any short noun phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from manga_offline.text.ratings import Bank, mature, teen


@dataclass(frozen=True)
class ThemeKit:
    key: str
    keywords: tuple[str, ...]
    title_word: str | None
    taglines: Bank[str]
    captions: Bank[str]
    """Narration: a caption that sets the episode's motif."""
    thoughts: Bank[str]
    """The hero's inner voice when the theme comes up."""
    talks: Bank[tuple[str, ...]]
    """Short exchanges (scene cues) for a quiet moment."""
    secrets: Bank[tuple[str, str]]
    """(what the arc says, the cue that says it aloud: "mentor: ...") for a reveal."""


KITS: tuple[ThemeKit, ...] = (
    ThemeKit(
        key="friendship",
        keywords=("friend", "bond", "companion", "together", "teamwork"),
        title_word="Bonds",
        taglines=("Nobody walks this road alone.", "Some promises outlive the people who make them."),
        captions=(
            "Friends are the people who run towards the trouble with you.",
            "A friendship is a promise nobody has to say out loud.",
        ),
        thoughts=(
            "{Ally} never once asked me why. {Ally} just came.",
            "I'd have quit ages ago without {ally}.",
        ),
        talks=(
            (
                "ally: Why do you always drag me along?",
                "hero/happy: Because you always come. Even when you complain.",
            ),
            (
                "hero: Hey, {ally}. Thanks. For everything.",
                "ally/smug: Ugh. Say that again when I can record it.",
            ),
        ),
        secrets=(
            (
                "{ally} made a promise to {foe} long ago",
                "ally: I promised {foe} something once. Before I ever met you.",
            ),
        ),
    ),
    ThemeKit(
        key="memory",
        keywords=("memor", "forget", "remember", "amnesia", "past", "nostalgi"),
        title_word="Echoes",
        taglines=("What you forget still remembers you.", "Every lost memory leaves a door open."),
        captions=(
            "Some memories hide. Others wait to be found.",
            "There was a gap in {hero}'s memory, shaped exactly like this place.",
        ),
        thoughts=(
            "Why does this place feel like a song I used to know?",
            "I've been here before. I know I have.",
        ),
        talks=(
            (
                "ally: What's the first thing you remember?",
                "hero/sad: A door. Someone calling my name. Then nothing.",
            ),
            (
                "hero/sad: What if I don't like who I was?",
                "ally: Then you get to be someone better. I'll help.",
            ),
        ),
        secrets=(
            (
                "{hero} once lived in {place} and has forgotten it",
                "mentor: You lived here once. You just don't remember.",
            ),
            (
                "{hero} once lived in {place} and has forgotten it",
                "foe: You lived here once. Funny, what people forget.",
            ),
            (
                "{hero}'s lost memories are sealed inside {goal}",
                "foe: Your memories aren't gone. They're locked inside {goal}.",
            ),
        ),
    ),
    ThemeKit(
        key="family",
        keywords=("family", "sibling", "brother", "sister", "mother", "father", "parent", "home"),
        title_word="Home",
        taglines=("Family is who comes looking for you.", "Every road leads home. Eventually."),
        captions=(
            "Some families are born. Others are chosen, one meal at a time.",
            "Home is a place you carry.",
        ),
        thoughts=(
            "If my family could see me now... would they be proud?",
            "I'm doing this for them. For all of them.",
        ),
        talks=(
            ("ally: Do you miss them? Your family?", "hero/sad: Every day. That's why I can't lose this."),
            ("hero: You're kind of like family now. You know that?", "ally/happy: Took you long enough."),
        ),
        secrets=(
            teen(
                (
                    "{foe} is {hero}'s long-lost sibling",
                    "foe: You really don't recognise me? We share a mother.",
                )
            ),
            (
                "{mentor} knew {hero}'s parents",
                "mentor: I knew your parents. You have your mother's stubbornness.",
            ),
            (
                "{ally}'s family has a history with {threat}",
                "ally: My family owes {threat}. I never told you.",
            ),
        ),
    ),
    ThemeKit(
        key="love",
        keywords=("love", "romance", "crush", "heart", "confession"),
        title_word="Heartbeat",
        taglines=("Some feelings are louder than words.", "Summer only lasts so long."),
        captions=("Some feelings arrive quietly, like snow.", "The heart keeps its own calendar."),
        thoughts=(
            teen("Why is my heart racing? It's only {ally}."),
            "Say it. Just say it. Why can't I say it?",
        ),
        talks=(
            teen(("ally/happy: You're staring again.", "hero/surprised: I-I am not!")),
            ("hero: Can I tell you something? Later. When this is over.", "ally: ...I'll hold you to that."),
        ),
        secrets=(
            (
                "{foe} is doing all of this for someone {foe} lost",
                "foe: Everything I've done, I've done for someone you never met.",
            ),
        ),
    ),
    ThemeKit(
        key="courage",
        keywords=("courage", "brave", "fear", "hero", "bold"),
        title_word="Brave",
        taglines=("Brave isn't fearless. Brave is going anyway.", "Fear is just the first step."),
        captions=("Courage is a small voice saying: one more step.", "Every hero starts out scared."),
        thoughts=(
            "My knees are shaking. Good. That means this matters.",
            "Just one more step. Then one more.",
        ),
        talks=(
            ("ally: Aren't you scared?", "hero: Terrified. I'm going anyway."),
            ("hero/afraid: What if I freeze when it counts?", "ally: Then I'll be there to unfreeze you."),
        ),
        secrets=(
            (
                "{mentor} once ran from this same fight",
                "mentor: I ran, once. From this very place. I have regretted it every day.",
            ),
            (
                "{ally} has been terrified the whole way",
                "ally: I've been scared the whole time. Every single step.",
            ),
        ),
    ),
    ThemeKit(
        key="dreams",
        keywords=("dream", "ambition", "goal", "wish", "future"),
        title_word="Dreams",
        taglines=("Dream big. Then run.", "A dream is just a plan that hasn't started yet."),
        captions=(
            "Every dream starts as something people laugh at.",
            "Dreams are heavy. That's how you know they're real.",
        ),
        thoughts=(
            "Everyone said it was impossible. Everyone.",
            "One day they'll stop laughing. One day soon.",
        ),
        talks=(
            (
                "ally: What will you do when you get there?",
                "hero/happy: Find the next impossible thing, obviously.",
            ),
            ("hero: Do you think dreams come true?", "ally: Only the ones somebody sweats for."),
        ),
        secrets=(
            (
                "{foe} once chased the very same dream",
                "foe: I had that same dream once. Look what it made me.",
            ),
        ),
    ),
    ThemeKit(
        key="revenge",
        keywords=("reveng", "vengeance", "grudge", "retribution"),
        title_word="Ashes",
        taglines=(teen("Revenge is a fire that eats its keeper."), "Some debts must be paid."),
        captions=(
            teen("A grudge is a heavy thing to carry up a mountain."),
            "Old wrongs have long shadows.",
        ),
        thoughts=(teen("I swore I'd make {foe} pay. I still do."), "Is this what I really want?"),
        talks=(
            teen(("ally: And when you get your revenge? Then what?", "hero/angry: Then I'll finally sleep.")),
            ("ally: You're not the only one who lost something.", "hero/sad: ...I know. I'm sorry."),
        ),
        secrets=(
            mature(
                (
                    "{foe} was framed for the crime {hero} wants to avenge",
                    "foe: I didn't do it. And I know who did.",
                )
            ),
            ("{foe} was once {mentor}'s student", "foe: Didn't {mentor} tell you? I was the first student."),
        ),
    ),
    ThemeKit(
        key="loyalty",
        keywords=("loyal", "betray", "trust", "honour", "honor", "oath"),
        title_word="Oath",
        taglines=("Trust is a bridge you cross blind.", "Who would you follow into the dark?"),
        captions=("Loyalty is easy until it costs something.", "Every oath is tested eventually."),
        thoughts=("Can I really trust them? ...I want to.", "I gave my word. That has to mean something."),
        talks=(
            ("ally: Would you still trust me if I'd lied to you?", "hero: Depends. Did you?"),
            ("hero: Whatever happens, I've got your back.", "ally: Same. Always."),
        ),
        secrets=(
            teen(
                (
                    "{ally} has been reporting to {foe} all along",
                    "ally: I've been telling {foe} where we were. From the start.",
                )
            ),
            ("{wild} serves {threat}", "wild: Sorry. I was never really on your side."),
        ),
    ),
    ThemeKit(
        key="identity",
        keywords=("identity", "self", "who am i", "belong", "mask"),
        title_word="Masks",
        taglines=("Who are you when nobody is watching?", "Take off the mask. If you dare."),
        captions=(
            "Everyone wears a mask. Some just wear it on the outside.",
            "Knowing who you are is a journey too.",
        ),
        thoughts=(
            "Who am I, really? The one they see, or the one I feel?",
            "Maybe I don't have to be what they expect.",
        ),
        talks=(
            ("ally: You're not who everyone says you are.", "hero/surprised: Then who am I?"),
            ("hero: Do I seem different to you lately?", "ally: You seem more like yourself."),
        ),
        secrets=(
            (
                "{hero} is the heir {threat} has been hunting",
                "mentor: You're the heir. That's why they want you.",
            ),
        ),
    ),
    ThemeKit(
        key="nature",
        keywords=("nature", "forest", "ocean", "animal", "earth", "environment", "season"),
        title_word="Seasons",
        taglines=("The world remembers everything we do to it.", "Listen. The wind is talking."),
        captions=(
            "The wind carried the smell of rain and something older.",
            "The land was awake, and it was listening.",
        ),
        thoughts=("The trees are quiet. Too quiet.", "It's like the whole world is holding its breath."),
        talks=(
            ("ally: Do you hear that?", "hero: The wind's changed. Something's coming."),
            ("hero: It's beautiful here.", "ally: Then let's keep it that way."),
        ),
        secrets=(
            ("{goal} is what keeps the land alive", "mentor: Without {goal}, this whole land withers."),
        ),
    ),
    ThemeKit(
        key="technology",
        keywords=("tech", "robot", "machine", "artificial", "cyber", "android", "code"),
        title_word="Circuit",
        taglines=("Can a machine dream?", "Every system has a ghost."),
        captions=("Somewhere, a machine was learning to wonder.", "The network hummed like a living thing."),
        thoughts=("If it thinks and it feels... isn't that alive?", "Everything's connected. Everything."),
        talks=(
            ("ally: Do you think machines get lonely?", "hero: I think this one does."),
            ("hero: Can you fix it?", "ally/smug: Can I fix it. Please."),
        ),
        secrets=(
            (
                "{goal} is alive, and it chose {hero}",
                "mentor: It's not a thing. It's alive. And it picked you.",
            ),
        ),
    ),
    ThemeKit(
        key="music",
        keywords=("music", "song", "sing", "band", "melody", "instrument"),
        title_word="Melody",
        taglines=("Some songs can only be played together.", "Turn it up."),
        captions=(
            "Somewhere, a melody was waiting to be finished.",
            "Every place has a song, if you listen.",
        ),
        thoughts=("That melody again. Where have I heard it?", "If I can hear the music, I can keep going."),
        talks=(
            ("ally: You're humming that song again.", "hero: I can't get it out of my head."),
            ("hero: Play something. Anything.", "ally/happy: One song. Then we fight the world."),
        ),
        secrets=(("the song {hero} hums is a key to {goal}", "ally: That song you hum... it's a key."),),
    ),
    ThemeKit(
        key="food",
        keywords=("food", "cook", "bake", "ramen", "recipe", "meal", "bread", "sweets"),
        title_word="Recipe",
        taglines=("Everything's better after a good meal.", "The secret ingredient is stubbornness."),
        captions=(
            "Nobody can stay enemies over a good bowl of soup.",
            "Every recipe is a story somebody refused to forget.",
        ),
        thoughts=(
            "I'm so hungry I could eat {ally}'s cooking. And that's saying something.",
            "Rice balls. Focus on the rice balls.",
        ),
        talks=(
            ("ally: You brought snacks? To this?", "hero/happy: I always bring snacks. Want one?"),
            ("hero: Is that... my grandma's recipe?", "ally: It's the only thing I know how to make."),
        ),
        secrets=(
            (
                "the recipe {hero} carries is a map to {goal}",
                "mentor: That old recipe isn't a recipe. It's a map.",
            ),
        ),
    ),
    ThemeKit(
        key="time",
        keywords=("time", "clock", "past", "future", "loop", "travel"),
        title_word="Hours",
        taglines=("Time only moves one way. Usually.", "Every second counts."),
        captions=(
            "The clock on the tower ticked, as if it knew something.",
            "Time moves strangely in {place}.",
        ),
        thoughts=("Haven't I lived this moment before?", "Not enough time. There's never enough time."),
        talks=(
            ("ally: It's like we've done this before.", "hero: Then let's do it better this time."),
            ("hero: How long do we have?", "ally: Less than you'd like."),
        ),
        secrets=(
            ("{hero} has lived this day before", "wild: You've been here before. More than once."),
            ("{hero} has lived this day before", "mentor: You've been here before. More than once."),
        ),
    ),
    ThemeKit(
        key="loss",
        keywords=("loss", "grief", "mourn", "goodbye", "lost"),
        title_word="Farewell",
        taglines=("Some goodbyes are beginnings.", "What's lost is never entirely gone."),
        captions=("Grief is love with nowhere to go.", "Some absences take up more room than people."),
        thoughts=("I never got to say goodbye.", "Would they forgive me?"),
        talks=(
            ("ally: You still think about them, don't you?", "hero/sad: Every single day."),
            ("hero: It doesn't get easier, does it?", "ally: No. But you get stronger."),
        ),
        secrets=(
            (
                "{mentor} has been keeping a final message for {hero}",
                "mentor: Your grandmother left you a message. I promised to wait.",
            ),
        ),
    ),
    ThemeKit(
        key="rivalry",
        keywords=("rival", "compet", "challenge"),
        title_word="Rivals",
        taglines=("You can't rise alone. Someone has to push.", "Every rival is a mirror."),
        captions=("A rival is the person who makes you better by refusing to lose.",),
        thoughts=(
            "I'll beat {foe}. Not today, maybe. But I will.",
            "Why does {foe} get under my skin like this?",
        ),
        talks=(
            (
                "ally: You only train this hard when {foe}'s involved.",
                "hero/angry: That's not true! ...Okay, it's a bit true.",
            ),
        ),
        secrets=(
            (
                "{foe} and {hero} made a promise as children",
                "foe: You don't remember our promise. I never forgot it.",
            ),
        ),
    ),
    ThemeKit(
        key="hope",
        keywords=("hope", "light", "faith", "believe", "wish"),
        title_word="Light",
        taglines=("Even the smallest light can be seen in the dark.", "Hope is stubborn."),
        captions=("Hope is a very small, very stubborn thing.", "Somewhere, a light stayed on."),
        thoughts=("As long as one light stays on, it isn't over.", "I have to believe. Someone has to."),
        talks=(("ally: How are you still smiling?", "hero/happy: Because it isn't over yet."),),
        secrets=(
            (
                "{goal} only wakes for someone who still has hope",
                "mentor: It only answers to someone who hasn't given up.",
            ),
        ),
    ),
    ThemeKit(
        key="growing up",
        keywords=("grow", "coming of age", "youth", "adult", "school", "graduat"),
        title_word="Spring",
        taglines=("Growing up is the greatest adventure.", "One last summer."),
        captions=(
            "Nobody noticed the exact moment {hero} started growing up.",
            "Some summers change everything.",
        ),
        thoughts=("When did everything get so complicated?", "I don't want this summer to end."),
        talks=(
            ("ally: Do you ever think about what comes after?", "hero: All the time. I just don't say it."),
        ),
        secrets=(
            (
                "{ally} is leaving {place} when the season ends",
                "ally: I'm moving away. After all this. I didn't know how to tell you.",
            ),
        ),
    ),
)

GENERIC = ThemeKit(
    key="generic",
    keywords=(),
    title_word=None,
    taglines=("A story of {theme}, told at full speed.", "{Theme}, and everything it costs."),
    captions=(
        "It was always going to be a story about {theme}.",
        "Ask anyone in {place} about {theme}, and watch them go quiet.",
        "In {place}, {theme} is never just a word.",
    ),
    thoughts=("Funny. It keeps coming back to {theme}.", "Everything today seems to be about {theme}."),
    talks=(
        ("ally: You've been weird about {theme} all day.", "hero: Have I? ...Maybe I have."),
        ("hero: Do you ever think about {theme}?", "ally: More than I'd admit."),
    ),
    secrets=(
        ("{foe}'s plan is tied to {theme}", "foe: You want to know why? It was always about {theme}."),
        (
            "{mentor} has kept a secret about {theme} for years",
            "mentor: I have kept quiet about {theme} for years. No more.",
        ),
    ),
)


@dataclass(frozen=True)
class Motif:
    """One of the reader's themes and the kit that writes it."""

    theme: str
    kit: ThemeKit

    def title_word(self) -> str | None:
        if self.kit.title_word:
            return self.kit.title_word
        words = self.theme.split()
        return self.theme.title() if len(words) <= 2 and len(self.theme) <= 16 else None


def kit_for_theme(theme: str) -> ThemeKit:
    lowered = theme.lower()
    for kit in KITS:
        if any(re.search(rf"\b{re.escape(word)}", lowered) for word in kit.keywords):
            return kit
    return GENERIC


def display_theme(theme: str, kit: ThemeKit) -> str:
    """Known themes read as ordinary words ("friendship"); others keep the reader's casing."""
    return theme.lower() if kit is not GENERIC else theme


def motifs_for(themes: tuple[str, ...]) -> list[Motif]:
    motifs = []
    for theme in themes:
        kit = kit_for_theme(theme)
        motifs.append(Motif(display_theme(theme, kit), kit))
    return motifs
