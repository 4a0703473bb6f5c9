"""The image stage alone: a long episode's wall time and peak memory, and the PDF's size.

    python -m bench.image_stage [--pages 48] [--image-latency 0.5] [--panel-concurrency 16]
                                [--function-timeout 900] [--projected-latency 5.0]

The stage's drawing and lettering (what the Lambda runs) go in a process of their own, so
its peak RSS is the stage's: the AWS emulator runs in this process and the fixed-latency
model server in a third. The wall time at --image-latency is projected to
--projected-latency (same model waves, same overhead) and compared with the image
function's timeout. Then the PDF's bytes a page: painted model art (JPEG), the offline
renderer's line art (lossless), and the print edition (300 dpi, 3 mm bleed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from typing import Any

from bench.model_server import ModelServerProcess
from bench.stack import provisioned_emulator

IMAGE_SIZES = "1024x1024,1536x1024,1024x1536"
USER, STORY = "bench-reader", "bench-story"


def sample(pages: int) -> tuple[Any, Any, Any, Any]:
    from image_service.book import plan_book
    from manga_common.plugins.registry import get_registry
    from tests.fakes.samples import sample_bible, sample_script

    bible, script = sample_bible(), sample_script(pages=pages)
    style = get_registry().art_styles.get("shonen")
    return bible, script, style, plan_book(script, style, "rtl", 7)


def stage(pages: int) -> dict[str, Any]:
    """In the child: draw and letter `pages` pages through the real stage code."""
    from image_service.logic import art_jobs, draw_and_letter
    from manga_common.context import ServiceContext

    deps = ServiceContext()
    bible, script, style, layout = sample(pages)
    jobs = art_jobs(layout, bible, script, style, 7, USER, f"{STORY}-{pages}", 1)
    backend = deps.registry.image_backends.get(deps.settings.image_backend)
    started = time.monotonic()
    pdf, cbz = draw_and_letter(layout, bible, script, jobs, backend, deps)
    wall = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall": wall, "images": len(jobs), "rss_mb": peak_mb, "pdf": len(pdf), "cbz": len(cbz)}


def pdf_sizes(server: ModelServerProcess) -> None:
    """Bytes a page of the PDF for painted and for line art, and of the print edition."""
    from image_service.book import plan_book, render_pdf
    from image_service.book.art import fitted
    from image_service.book.edition import PRINT
    from image_service.logic import art_requests
    from manga_common.plugins.registry import get_registry
    from manga_plugins.openai_image import OpenAIImageBackend

    pages = 4
    bible, script, style, layout = sample(pages)
    painted = OpenAIImageBackend()
    offline = get_registry().image_backends.get("offline")
    raw = {
        (s.page_number, s.panel_index): painted.draw_raw(r)
        for s, r in art_requests(layout, bible, script, style, 7)
    }
    screen = {k: fitted(v, *size_of(layout, k), "L") for k, v in raw.items()}
    lines = {
        (s.page_number, s.panel_index): offline.draw_panel(r)
        for s, r in art_requests(layout, bible, script, style, 7)
    }
    printed_layout = plan_book(script, style, "rtl", 7, dpi=PRINT.dpi)
    printed = {k: fitted(v, *size_of(printed_layout, k), "L") for k, v in raw.items()}
    sheets = pages + 1
    rows = (
        (
            "painted model art, 150 dpi greyscale",
            render_pdf(layout, bible, script, pop_cover(screen), cover_art=screen[(0, 0)]),
        ),
        (
            "offline line art, 150 dpi",
            render_pdf(layout, bible, script, pop_cover(lines), cover_art=lines[(0, 0)]),
        ),
        (
            "print: painted art, 300 dpi, 3 mm bleed",
            render_pdf(
                printed_layout,
                bible,
                script,
                pop_cover(printed),
                cover_art=printed[(0, 0)],
                bleed=PRINT.bleed,
            ),
        ),
    )
    print(f"PDF size a page ({sheets} sheets with the cover; goal <= 0.50 MB for painted art at 150 dpi)")
    for label, pdf in rows:
        print(f"  {label:<42} {len(pdf) / sheets / 1e6:5.2f} MB")
    server.report()


def size_of(layout: Any, key: tuple[int, int]) -> tuple[int, int]:
    from image_service.book import cover_art_slot

    if key == (0, 0):
        slot = cover_art_slot(layout)
        return slot.width_px, slot.height_px
    width, height = layout.frame(*key).pixels
    return width, height


def pop_cover(art: dict[tuple[int, int], Any]) -> dict[tuple[int, int], Any]:
    return {k: v for k, v in art.items() if k != (0, 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--image-latency", type=float, default=0.5)
    parser.add_argument("--panel-concurrency", type=int, default=16)
    parser.add_argument("--function-timeout", type=float, default=900, help="the image function's, s")
    parser.add_argument("--projected-latency", type=float, default=5.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(stage(args.pages)))
        return 0

    with ModelServerProcess(0.0, args.image_latency, IMAGE_SIZES) as server:
        os.environ.update(
            {
                "MANGA_IMAGE_BACKEND": "openai",
                "OPENAI_BASE_URL": server.url,
                "OPENAI_IMAGE_MODEL": "gpt-image-1",
                "OPENAI_IMAGE_SIZES": IMAGE_SIZES,
                "PANEL_CONCURRENCY": str(args.panel_concurrency),
                "POWERTOOLS_LOG_LEVEL": "ERROR",
                "POWERTOOLS_METRICS_DISABLED": "true",
                "POWERTOOLS_TRACE_DISABLED": "true",
            }
        )
        with provisioned_emulator():
            command = [sys.executable, "-m", "bench.image_stage", "--child", "--pages", str(args.pages)]
            answer = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
            if answer.returncode:
                print(answer.stderr[-2000:])
                return 1
            result = json.loads(answer.stdout.strip().splitlines()[-1])
            waves = math.ceil(result["images"] / args.panel_concurrency)
            overhead = max(0.0, result["wall"] - waves * args.image_latency)
            projected = waves * args.projected_latency + overhead
            print(
                f"image stage, {args.pages} pages, {result['images']} images, PANEL_CONCURRENCY "
                f"{args.panel_concurrency}, {os.cpu_count()} CPUs"
            )
            print(
                f"  at {args.image_latency:.1f} s an image: {result['wall']:6.1f} s "
                f"({waves} model waves = {waves * args.image_latency:.1f} s, the rest {overhead:.1f} s)"
            )
            print(f"  peak RSS of the stage's process: {result['rss_mb']:.0f} MB (goal <= 1024 MB)")
            print(f"  PDF {result['pdf'] / 1e6:.1f} MB, CBZ {result['cbz'] / 1e6:.1f} MB")
            fits = "fits" if projected < args.function_timeout else "does NOT fit"
            print(
                f"  at {args.projected_latency:.1f} s an image: about {projected:.0f} s: "
                f"{fits} in the image function's {args.function_timeout:.0f} s timeout"
            )
            pdf_sizes(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
