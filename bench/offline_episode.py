"""Seconds per page for the offline art, pages per second for lettering, PDF and CBZ.

python -m bench.offline_episode [--pages 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

from image_service.book import plan_book, render_cbz, render_pdf
from image_service.logic import COVER_KEY, art_requests
from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import PreferencesRequest
from manga_common.plugins.interfaces import ArtStyle, EpisodeBrief, StoryBrief, TextBackend
from manga_common.plugins.registry import get_registry


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


# The story engine's slowest case seen: a long episode of a two-genre story, over many seeds.
WORST_CASE_SEEDS = range(10)


def worst_episode_script(engine: TextBackend, style: ArtStyle, preferences: PreferencesRequest) -> float:
    """The longest a 12-page episode script takes, over WORST_CASE_SEEDS."""
    action = preferences.model_copy(update={"genres": ["action", "sci-fi"], "themes": ["courage"]})
    bible = engine.write_story(StoryBrief(preferences=action, insights=QlooInsights(), style=style, seed=9))
    timings = []
    for seed in WORST_CASE_SEEDS:
        brief = EpisodeBrief(bible=bible, style=style, episode_number=1, seed=seed, pages=12)
        timings.append(timed(partial(engine.write_episode, brief), 1))
    return max(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--style", default="shonen")
    args = parser.parse_args()

    registry = get_registry()
    style = registry.art_styles.get(args.style)
    engine = registry.text_backends.get("offline")
    renderer = registry.image_backends.get("offline")
    preferences = PreferencesRequest(
        genres=["fantasy", "adventure"],
        themes=["friendship"],
        art_style=args.style,
        target_audience="teens",
        content_rating="teen",
    )
    bible = engine.write_story(
        StoryBrief(preferences=preferences, insights=QlooInsights(), style=style, seed=7)
    )
    script = engine.write_episode(
        EpisodeBrief(bible=bible, style=style, episode_number=1, seed=7, pages=args.pages)
    )
    layout = plan_book(script, style, "rtl", 7)

    requests = art_requests(layout, bible, script, style, 7)

    def draw_all() -> dict[tuple[int, int], bytes]:
        return {
            (slot.page_number, slot.panel_index): renderer.draw_panel(request) for slot, request in requests
        }

    images = draw_all()
    cover = images.pop(COVER_KEY)
    pages = len(script.pages)
    story_s = timed(
        lambda: engine.write_episode(
            EpisodeBrief(bible=bible, style=style, episode_number=1, seed=7, pages=args.pages)
        ),
        args.repeat,
    )
    art_s = timed(draw_all, args.repeat)
    letter_s = timed(lambda: plan_book(script, style, "rtl", 7), args.repeat)
    pdf_s = timed(lambda: render_pdf(layout, bible, script, images, cover_art=cover), args.repeat)
    cbz_s = timed(lambda: render_cbz(layout, bible, script, images, cover_art=cover), args.repeat)
    worst_story_s = worst_episode_script(engine, style, preferences)

    print(
        f"offline episode: {pages} pages, {len(requests) - 1} panels and a cover,"
        f" style {args.style}, median of {args.repeat}"
    )
    print(f"  story engine (episode script)   {story_s * 1000:8.1f} ms")
    print(
        f"  story engine, 12 pages, worst   {worst_story_s * 1000:8.1f} ms"
        f"   (of {len(WORST_CASE_SEEDS)} seeds, action and sci-fi)"
    )
    print(
        f"  art                             {art_s / pages:8.3f} s/page"
        f"   ({art_s / len(requests):.3f} s/panel)"
    )
    print(f"  lettering (layout + balloons)   {pages / letter_s:8.1f} pages/s")
    print(f"  PDF assembly                    {pages / pdf_s:8.1f} pages/s")
    print(f"  lettering + PDF                 {pages / (letter_s + pdf_s):8.1f} pages/s")
    print(f"  CBZ rasterisation               {pages / cbz_s:8.1f} pages/s")


if __name__ == "__main__":
    main()
