"""One page of one episode drawn in every built-in art style, side by side: docs/styles.png.

python -m tools.style_sheet [--page 2] [--genre action] [--out docs/styles.png]

The story is written once, so the sheet shows only what the style changes: proportions,
line weight, tone, and panel rhythm (each style's episode is written for its density).
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

from image_service.book import plan_book, render_cbz
from image_service.logic import COVER_KEY, art_requests
from manga_common.models.insights import QlooInsights
from manga_common.models.preferences import PreferencesRequest
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.plugins.registry import get_registry

STYLES = ("shonen", "shojo", "seinen", "chibi", "noir")
SEED = 7


def page_images(genre: str, themes: list[str], pages: int) -> dict[str, list[Image.Image]]:
    """style -> the episode's page images (cover first), one story for every style."""
    registry = get_registry()
    engine = registry.text_backends.get("offline")
    renderer = registry.image_backends.get("offline")
    first = registry.art_styles.get(STYLES[0])
    preferences = PreferencesRequest(
        genres=[genre], themes=themes, art_style=first.name, target_audience="teens", content_rating="teen"
    )
    bible = engine.write_story(
        StoryBrief(preferences=preferences, insights=QlooInsights(), style=first, seed=SEED)
    )
    out: dict[str, list[Image.Image]] = {}
    for name in STYLES:
        style = registry.art_styles.get(name)
        styled = bible.model_copy(update={"art_style": name})
        script = engine.write_episode(
            EpisodeBrief(bible=styled, style=style, episode_number=1, seed=SEED, pages=pages)
        )
        layout = plan_book(script, style, "rtl", SEED)
        images = {
            (slot.page_number, slot.panel_index): renderer.draw_panel(request)
            for slot, request in art_requests(layout, styled, script, style, SEED)
        }
        cover = images.pop(COVER_KEY)
        archive = zipfile.ZipFile(io.BytesIO(render_cbz(layout, styled, script, images, cover_art=cover)))
        names = sorted(n for n in archive.namelist() if n.lower().endswith((".png", ".jpg")))
        out[name] = [Image.open(io.BytesIO(archive.read(n))).convert("RGB") for n in names]
    return out


def sheet(columns: list[tuple[str, Image.Image]], height: int = 760) -> Image.Image:
    scaled = [
        (name, image.resize((round(image.width * height / image.height), height))) for name, image in columns
    ]
    width = sum(image.width for _, image in scaled) + 16 * (len(scaled) + 1)
    canvas = Image.new("RGB", (width, height + 56), "white")
    draw = ImageDraw.Draw(canvas)
    x = 16
    for name, image in scaled:
        canvas.paste(image, (x, 40))
        draw.text((x, 12), name, fill="black")
        x += image.width + 16
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", type=int, default=2, help="0 is the cover")
    parser.add_argument("--genre", default="action")
    parser.add_argument("--theme", action="append", default=None)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path("docs/styles.png"))
    parser.add_argument(
        "--pages-dir", type=Path, default=None, help="also save every page of every style here"
    )
    args = parser.parse_args()
    books = page_images(args.genre, args.theme or ["a debt of honour"], args.pages)
    if args.pages_dir:
        args.pages_dir.mkdir(parents=True, exist_ok=True)
        for name, pages in books.items():
            for index, page in enumerate(pages):
                page.save(args.pages_dir / f"{name}-{index}.png")
    # 256 colours keep the sheet small; only chibi has colour to lose, and little of it.
    picture = sheet([(name, pages[args.page]) for name, pages in books.items()])
    picture.quantize(colors=256, dither=Image.Dither.NONE).save(args.out, optimize=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
