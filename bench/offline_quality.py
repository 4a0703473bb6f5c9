"""How the offline engine reads: variety between genres, titles, themes and lettering geometry.

python -m bench.offline_quality [--stories 50] [--pages 6]

Writes seeded stories across every genre, style and a spread of themes, one episode each,
and prints:

- the share of each story's dialogue word 5-grams (character names masked) that also occur
  in a story of another genre: mean and worst;
- distinct titles, and the largest share of stories whose title follows one pattern
  (function words kept, other words masked);
- theme presence: the share of stories whose every theme is named in the logline, and
  acted on in the episode (a content word of the theme in its panels);
- lettering geometry on the laid-out pages: balloons whose text overflows the balloon,
  balloons that cross their panel's border, sound effects over a face.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import GENRES, PreferencesRequest
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.plugins.interfaces import ArtStyle, EpisodeBrief, StoryBrief
from manga_common.plugins.registry import get_registry

STYLES = ("shonen", "shojo", "seinen", "chibi", "noir")
AUDIENCES = ("children", "teens", "young-adults", "adults")
RATINGS = ("all-ages", "teen", "mature")
THEMES = (
    "friendship",
    "a missing sister",
    "rain",
    "revenge",
    "cooking",
    "lost memories",
    "family",
    "a stolen violin",
    "courage",
    "time travel",
    "first love",
    "a haunted lighthouse",
    "betrayal",
    "paper boats",
    "the last summer",
    "an old debt",
    "music",
    "a secret identity",
)
# Words a title pattern keeps; every other word is masked, so "Beyond the Veil" and
# "Beyond the Tide" share the pattern "beyond the *".
TITLE_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "without",
        "beyond",
        "under",
        "over",
        "after",
        "before",
        "into",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "no",
        "last",
        "one",
        "two",
        "when",
        "where",
        "why",
        "who",
        "what",
    ]
)
STOP_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "in", "on", "at", "to", "for", "my", "our", "your", "his", "her", "old"]
)
WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Sample:
    genre: str
    style: str
    themes: tuple[str, ...]
    bible: StoryBible
    episode: EpisodeScript


def briefs(count: int) -> list[tuple[str, StoryBrief]]:
    registry = get_registry()
    out = []
    for index in range(count):
        genre = GENRES[index % len(GENRES)]
        second = GENRES[(index * 5 + 3) % len(GENRES)]
        genres = [genre] if index % 2 == 0 or second == genre else [genre, second]
        themes = [THEMES[index % len(THEMES)]]
        if index % 3 == 1:
            themes.append(THEMES[(index * 7 + 5) % len(THEMES)])
        style_name = STYLES[index % len(STYLES)]
        preferences = PreferencesRequest.model_validate(
            {
                "genres": genres,
                "themes": list(dict.fromkeys(themes)),
                "artStyle": style_name,
                "targetAudience": AUDIENCES[index % len(AUDIENCES)],
                "contentRating": RATINGS[index % len(RATINGS)],
            }
        )
        style = registry.art_styles.get(style_name)
        out.append(
            (
                genre,
                StoryBrief(preferences=preferences, insights=QlooInsights(), style=style, seed=5000 + index),
            )
        )
    return out


def write_samples(count: int, pages: int) -> list[Sample]:
    engine = get_registry().text_backends.get("offline")
    samples = []
    for genre, brief in briefs(count):
        bible = engine.write_story(brief)
        episode = engine.write_episode(
            EpisodeBrief(bible=bible, style=brief.style, episode_number=1, seed=brief.seed, pages=pages)
        )
        samples.append(Sample(genre, brief.style.name, tuple(brief.preferences.themes), bible, episode))
    return samples


def masked_words(text: str, names: list[str]) -> list[str]:
    lowered = text.lower()
    for name in sorted(names, key=len, reverse=True):
        for part in {name.lower(), *name.lower().split()}:
            lowered = re.sub(rf"\b{re.escape(part)}\b", "NAME", lowered)
    return [w if w != "name" else "<name>" for w in WORD.findall(lowered.replace("NAME", "name"))]


def five_grams(sample: Sample) -> set[tuple[str, ...]]:
    names = [c.name for c in sample.bible.characters]
    grams: set[tuple[str, ...]] = set()
    for panel in sample.episode.panels():
        for line in panel.dialogue:
            words = masked_words(line.text, names)
            grams.update(tuple(words[i : i + 5]) for i in range(len(words) - 4))
    return grams


def shared_across_genres(samples: list[Sample]) -> list[float]:
    grams = [five_grams(s) for s in samples]
    shares = []
    for index, sample in enumerate(samples):
        others: set[tuple[str, ...]] = set()
        for other_index, other in enumerate(samples):
            if other.genre != sample.genre:
                others |= grams[other_index]
        mine = grams[index]
        shares.append(len(mine & others) / len(mine) if mine else 0.0)
    return shares


def title_pattern(title: str) -> str:
    words = [w if w in TITLE_FUNCTION_WORDS else "*" for w in WORD.findall(title.lower())]
    collapsed: list[str] = []
    for word in words:
        if not (word == "*" and collapsed and collapsed[-1] == "*"):
            collapsed.append(word)
    return " ".join(collapsed)


def theme_words(theme: str) -> list[str]:
    return [w for w in WORD.findall(theme.lower()) if w not in STOP_WORDS]


def stem_in(word: str, text: str) -> bool:
    stem = word[:-1] if len(word) > 4 and word.endswith("s") else word
    return re.search(rf"\b{re.escape(stem[: max(4, len(stem) - 2)])}", text) is not None


def theme_presence(sample: Sample) -> tuple[bool, bool]:
    logline = sample.bible.logline.lower()
    panels = " ".join(
        " ".join([p.description, p.caption or "", *(line.text for line in p.dialogue)])
        for p in sample.episode.panels()
    ).lower()
    in_logline = all(any(stem_in(w, logline) for w in theme_words(t)) for t in sample.themes)
    in_episode = all(any(stem_in(w, panels) for w in theme_words(t)) for t in sample.themes)
    return in_logline, in_episode


def geometry(samples: list[Sample]) -> dict[str, int]:
    from image_service.book import plan_book
    from image_service.book.panel_space import faces_in

    counts = Counter(balloons=0, overflow=0, crossing=0, sfx=0, sfx_over_face=0)
    registry = get_registry()
    for sample in samples:
        style: ArtStyle = registry.art_styles.get(sample.style)
        layout = plan_book(sample.episode, style, "rtl", 7)
        for page, script_page in zip(layout.pages, sample.episode.pages, strict=True):
            for frame, lettering, panel in zip(page.frames, page.lettering, script_page.panels, strict=True):
                art = frame.art_box
                for balloon in lettering.balloons:
                    counts["balloons"] += 1
                    body = balloon.body
                    for line in balloon.lines:
                        box = line.box
                        corners = (
                            (box.x, box.y),
                            (box.right, box.y),
                            (box.x, box.bottom),
                            (box.right, box.bottom),
                        )
                        if any(
                            ((x - body.cx) / body.rx) ** 2 + ((y - body.cy) / body.ry) ** 2 > 1.15
                            for x, y in corners
                        ):
                            counts["overflow"] += 1
                            break
                    extent = balloon.extent
                    if (
                        extent.cx - extent.rx < art.x - 1
                        or extent.cx + extent.rx > art.right + 1
                        or extent.cy - extent.ry < art.y - 1
                        or extent.cy + extent.ry > art.bottom + 1
                    ):
                        counts["crossing"] += 1
                faces = faces_in(panel, frame, "rtl")
                for effect in lettering.sound_effects:
                    counts["sfx"] += 1
                    box = effect.footprint
                    for face in faces:
                        nearest_x = min(max(face.centre.x, box.x), box.right)
                        nearest_y = min(max(face.centre.y, box.y), box.bottom)
                        if (nearest_x - face.centre.x) ** 2 + (
                            nearest_y - face.centre.y
                        ) ** 2 < face.radius**2:
                            counts["sfx_over_face"] += 1
                            break
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--no-geometry", action="store_true")
    args = parser.parse_args()

    samples = write_samples(args.stories, args.pages)
    shares = shared_across_genres(samples)
    worst = max(range(len(shares)), key=shares.__getitem__)
    print(f"stories: {len(samples)} across {len({s.genre for s in samples})} genres, {args.pages} pages each")
    print(
        f"dialogue 5-grams shared across genres: mean {statistics.mean(shares):.1%}, "
        f"worst {shares[worst]:.1%} ({samples[worst].genre}: {samples[worst].bible.title})"
    )
    titles = [s.bible.title for s in samples]
    patterns = Counter(title_pattern(t) for t in titles)
    pattern, top = patterns.most_common(1)[0]
    print(
        f"titles: {len(set(titles))} distinct of {len(titles)}; "
        f"largest pattern {top / len(titles):.0%} ({pattern!r})"
    )
    presence = [theme_presence(s) for s in samples]
    print(
        f"themes named in the logline: {sum(p[0] for p in presence) / len(presence):.0%}; "
        f"acted on in the episode: {sum(p[1] for p in presence) / len(presence):.0%}"
    )
    weather = Counter(s.bible.setting.weather for s in samples)
    kinds = Counter(s.bible.setting.kind for s in samples)
    print(f"weather: {dict(weather.most_common())}")
    print(f"settings: {dict(kinds.most_common())}")
    names = Counter(c.name.split()[0] for s in samples for c in s.bible.characters)
    print(f"given names: {len(names)} distinct of {sum(names.values())}; most used {names.most_common(3)}")
    if not args.no_geometry:
        counts = geometry(samples)
        print(
            f"balloons: {counts['balloons']}, text overflowing {counts['overflow']}, "
            f"crossing a panel border {counts['crossing']}; "
            f"sound effects: {counts['sfx']}, over a face {counts['sfx_over_face']}"
        )


if __name__ == "__main__":
    main()
