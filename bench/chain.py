"""The whole chain against a fixed-latency model server, next to its model-bound critical path.

    python -m bench.chain [--pages 16 32] [--panel-concurrency 16] [--text-latency 1.0]
                          [--image-latency 0.5] [--runs 1] [--requests 10]

Runs what `make run` runs (embedded emulator, provisioning, local event source mappings,
the real handlers) with the `openai` backends pointed at bench/model_server.py. For each
page count it prints the model calls, the critical path (text calls in a row * text latency
+ ceil(image calls / PANEL_CONCURRENCY) * image latency), the wall time from POST
/preferences to COMPLETED, their ratio, and the image stage's tail after its last panel.
It also prints the ratio to the critical path with the cast's reference sheets as the wave
they are: every panel is drawn from them, so they are drawn first (one image latency), and
the panels follow in ceil(panels / PANEL_CONCURRENCY) waves.
With --requests N it then times N requests one after another and N all at once, side by side
in each of the --runs runs, and prints the median of the runs' own speed-ups.

Times come from the table: a request's end is the `updatedAt` its COMPLETED status was written
with, so the benchmark polls slowly (POLL_SECONDS; SETTLED_POLL_SECONDS for the requests all at
once, which end together) and its polling, which shares this process's interpreter lock and the
emulator with the handlers, neither delays the chain nor adds to a figure.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, get_args

from bench.model_server import ModelServerProcess, waves
from bench.stack import cpu_seconds, order, provisioned_emulator
from image_service.references import MAIN_CAST
from manga_app.environment import quiet_services
from manga_app.event_source_mapping import Sandboxes
from tests.fakes.samples import sample_bible

if TYPE_CHECKING:
    from manga_common.settings import Settings

USER = "bench-reader"
SHEETS = len(sample_bible().characters[:MAIN_CAST])
"""Reference sheets the model server's story asks for: one per lead."""
IMAGE_SIZES = "1024x1024,1536x1024,1024x1536"
POLL_SECONDS = 0.25
SETTLED_POLL_SECONDS = 1.0


@dataclass
class ChainRun:
    pages: int
    text_calls: int
    text_in_a_row: int
    image_calls: int
    critical_path: float
    with_sheets: float
    """The critical path with the reference sheets drawn before the panels."""
    total: float
    tail: float


def configure(server: ModelServerProcess, panel_concurrency: int, image_sizes: str) -> None:
    os.environ.update(
        {
            "MANGA_TEXT_BACKEND": "openai",
            "MANGA_IMAGE_BACKEND": "openai",
            "OPENAI_BASE_URL": server.url,
            "OPENAI_IMAGE_MODEL": "gpt-image-1",
            "OPENAI_IMAGE_SIZES": image_sizes,
            "PANEL_CONCURRENCY": str(panel_concurrency),
            "GENERATION_LIMIT_PER_HOUR": "1000",
            "POWERTOOLS_LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "ERROR"),
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_TRACE_DISABLED": "true",
        }
    )
    quiet_services()


def completed_at(settings: Settings, request_id: str, poll_seconds: float = POLL_SECONDS) -> float:
    """When the request was COMPLETED (seconds since the epoch, as time.time), once it ends."""
    from manga_app.generation import wait_for

    request, _ = wait_for(settings, USER, request_id, timeout=600, poll_seconds=poll_seconds)
    if request.status != "COMPLETED":
        raise SystemExit(f"request {request_id} ended {request.status}: {request.error}")
    return datetime.fromisoformat(request.updated_at).timestamp()


def run_one(
    settings: Settings, server: ModelServerProcess, pages: int, seed: int, concurrency: int
) -> ChainRun:
    from manga_app.generation import submit

    server.report()  # forget calls made before this run
    started, submitted = time.monotonic(), time.time()
    request_id = submit(order(pages, seed), USER)
    total = completed_at(settings, request_id) - submitted
    calls = server.report()
    in_a_row = waves(calls["chat"], server.text_latency)
    images = len(calls["images"])
    critical = in_a_row * server.text_latency + math.ceil(images / concurrency) * server.image_latency
    sheets = min(SHEETS, images)
    panel_waves = math.ceil((images - sheets) / concurrency)
    with_sheets = in_a_row * server.text_latency + (int(sheets > 0) + panel_waves) * server.image_latency
    last_image = max(calls["images"], default=started) + server.image_latency
    return ChainRun(
        pages,
        len(calls["chat"]),
        in_a_row,
        images,
        critical,
        with_sheets,
        total,
        started + total - last_image,
    )


def many(
    settings: Settings,
    server: ModelServerProcess,
    count: int,
    pages: int,
    concurrency: int,
    workers: int,
    runs: int,
    sandboxes: str,
) -> None:
    """Each run times `count` requests one after another, then `count` all at once, and the
    speed-up is the median of the runs' own ratios. One after another is the sum of each
    request's own time, submit to COMPLETED; all at once is the first submit to the last
    COMPLETED. A shared machine's speed drifts over minutes; measured side by side, both halves
    of a ratio see the same machine."""
    from manga_app.generation import submit

    in_a_row, together, ratios, cpu = [], [], [], []
    for run in range(runs):
        one_by_one = 0.0
        for n in range(count):
            submitted = time.time()
            seed = 1000 * (2 * run + 2) + n
            one_by_one += completed_at(settings, submit(order(pages, seed), USER)) - submitted
        before, submitted = cpu_seconds(), time.time()
        ids = [submit(order(pages, 1000 * (2 * run + 3) + n), USER) for n in range(count)]
        ended = [completed_at(settings, request_id, SETTLED_POLL_SECONDS) for request_id in ids]
        after = cpu_seconds()
        in_a_row.append(one_by_one)
        together.append(max(ended) - submitted)
        ratios.append(one_by_one / together[-1])
        cpu.append({name: after[name] - before.get(name, 0.0) for name in after})
        # Each run's own figures: a run that drifts from the others shows the machine, not the code.
        spent = sum(cpu[-1].values())
        print(
            f"  run {run + 1}: one after another {one_by_one:.1f} s, all at once {together[-1]:.1f} s "
            f"(CPU {spent:.1f} s) = {ratios[-1]:.2f}x",
            flush=True,
        )
    server.report()
    print(
        f"{count} requests of {pages} pages, PANEL_CONCURRENCY {concurrency}, {workers} invocations a "
        f"stage, in {sandboxes}"
    )
    spread = f" ({min(ratios):.2f}x-{max(ratios):.2f}x over {runs})" if runs > 1 else ""
    row_median, together_median = statistics.median(in_a_row), statistics.median(together)
    print(f"  one after another {row_median:6.1f} s   all at once {together_median:6.1f} s (medians)")
    print(f"  speed-up {statistics.median(ratios):.2f}x{spread}  (goal >= 4x)")
    # However well the work overlaps, the machine's cores must run all of its CPU time.
    used = {name: statistics.median(run[name] for run in cpu) for name in cpu[0]}
    total, cores = sum(used.values()), os.cpu_count() or 1
    shares = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in used.items())
    print(f"  CPU all at once: {shares} = {total:.1f} s, {total / count:.2f} s a request")
    print(
        f"  on {cores} cores that is at least {total / cores:.1f} s, a ceiling of "
        f"{row_median / (total / cores):.2f}x on this machine"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, nargs="+", default=[16, 32])
    parser.add_argument("--panel-concurrency", type=int, default=16)
    parser.add_argument("--text-latency", type=float, default=1.0)
    parser.add_argument("--image-latency", type=float, default=0.5)
    parser.add_argument("--image-sizes", default=IMAGE_SIZES, help="sizes the image model answers in")
    parser.add_argument("--runs", type=int, default=1, help="runs per page count (the median is printed)")
    parser.add_argument("--requests", type=int, default=0, help="also time N requests at once vs in a row")
    parser.add_argument("--requests-pages", type=int, default=4)
    parser.add_argument("--worker-concurrency", type=int, default=4)
    parser.add_argument(
        "--sandboxes",
        choices=get_args(Sandboxes),
        default="processes",
        help="run each invocation in a process of its own, as Lambda does (default), or in a thread",
    )
    args = parser.parse_args(argv)

    with ModelServerProcess(args.text_latency, args.image_latency, args.image_sizes) as server:
        configure(server, args.panel_concurrency, args.image_sizes)
        from manga_app.event_source_mapping import EventSourceMappings

        # Provisioning gives each queue six times its stage's function timeout, so the local
        # mappings allow a long episode's image stage the 900 s Terraform allows it.
        with (
            provisioned_emulator() as settings,
            EventSourceMappings(settings, concurrency=args.worker_concurrency, sandboxes=args.sandboxes),
        ):
            print(
                f"chain vs model critical path: text {args.text_latency:.2f} s/call, images "
                f"{args.image_latency:.2f} s/call at {args.image_sizes.split(',')[0]}.., "
                f"PANEL_CONCURRENCY {args.panel_concurrency}, {os.cpu_count()} CPUs, "
                f"invocations in {args.sandboxes}"
            )
            print(
                "  pages  text calls (in a row)  images  critical path   total   ratio   tail"
                "   with sheets first"
            )
            for pages in args.pages:
                try:
                    runs = [
                        run_one(settings, server, pages, seed, args.panel_concurrency)
                        for seed in range(1, args.runs + 1)
                    ]
                except (SystemExit, ValueError) as refused:
                    print(f"  {pages:5d}  not run: {refused}")
                    continue
                run = sorted(runs, key=lambda r: r.total)[len(runs) // 2]
                ratio = statistics.median(r.total / r.critical_path for r in runs)
                sheets_ratio = statistics.median(r.total / r.with_sheets for r in runs)
                print(
                    f"  {run.pages:5d}  {run.text_calls:10d} ({run.text_in_a_row})"
                    f"  {run.image_calls:12d}  {run.critical_path:10.1f} s  {run.total:6.1f} s"
                    f"  {ratio:5.2f}x  {run.tail:5.2f} s   {run.with_sheets:4.1f} s {sheets_ratio:5.2f}x"
                )
            print("  (goal: ratio <= 1.2x; tail = COMPLETED after the last image answered)")
            if args.requests:
                many(
                    settings,
                    server,
                    args.requests,
                    args.requests_pages,
                    args.panel_concurrency,
                    args.worker_concurrency,
                    args.runs,
                    args.sandboxes,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
