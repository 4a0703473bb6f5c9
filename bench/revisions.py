"""What an edit costs next to a whole episode: a re-letter after a text edit, a one-panel redraw.

    python -m bench.revisions [--pages 8] [--runs 3] [--image-latency 0]

Runs what `make run` runs (embedded emulator, provisioning, local event source mappings, the
real handlers, offline backends) and times, from the API call to COMPLETED: the episode
(POST /preferences), a change of one line of dialogue (PUT /episodes/{id}/script: re-lettered,
nothing drawn) and a redraw of one panel (POST .../panels/1/1/redraw). With --image-latency S
the image backend is the `openai` one against bench/model_server.py answering each image after
S seconds, as a hosted model would.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from contextlib import ExitStack
from typing import Any

from bench.stack import order, provisioned_emulator
from manga_app.environment import quiet_services

USER = "bench-editor"


def call(method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The preferences service's handler, called as API Gateway calls it."""
    from manga_app.lambda_runtime import LocalLambdaContext, json_body, rest_api_event
    from preferences_service.handler import lambda_handler

    event = rest_api_event(
        method,
        path,
        claims={"sub": USER},
        body=json.dumps(body) if body is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    answer = lambda_handler(event, LocalLambdaContext(function_name="manga-preferences"))
    if answer["statusCode"] >= 300:
        raise SystemExit(f"{method} {path}: {answer['statusCode']} {answer.get('body')}")
    return dict(json_body(answer))


def finished(settings: object, request_id: str) -> float:
    from manga_app.generation import wait_for

    started = time.monotonic()
    request, _ = wait_for(settings, USER, request_id, timeout=900)  # type: ignore[arg-type]
    if request.status != "COMPLETED":
        raise SystemExit(f"request {request_id} ended {request.status}: {request.error}")
    return time.monotonic() - started


def one_run(settings: object, pages: int, seed: int) -> tuple[float, float, float]:
    from manga_app.generation import submit

    started = time.monotonic()
    request_id = submit(order(pages, seed), USER)
    finished(settings, request_id)
    episode = time.monotonic() - started
    from manga_common.table import MangaTable

    request = MangaTable(settings).get_request(USER, request_id)  # type: ignore[arg-type]
    assert request is not None and request.episode_id
    path = f"/episodes/{request.episode_id}"

    document = call("GET", f"{path}/script")
    script = document["script"]
    line = next(p for page in script["pages"] for p in page["panels"] if p.get("dialogue"))["dialogue"][0]
    line["text"] = "A line changed after the episode was drawn."
    started = time.monotonic()
    accepted = call("PUT", f"{path}/script", script, {"If-Match": document["etag"]})
    assert accepted["redrawn"] == []
    finished(settings, accepted["requestId"])
    relettered = time.monotonic() - started

    started = time.monotonic()
    accepted = call("POST", f"{path}/panels/1/1/redraw", {})
    finished(settings, accepted["requestId"])
    redrawn = time.monotonic() - started
    return episode, relettered, redrawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3, help="runs (the median of each figure is printed)")
    parser.add_argument("--image-latency", type=float, default=0.0, help="seconds per image; 0: offline")
    args = parser.parse_args(argv)
    os.environ.update(
        {
            "POWERTOOLS_LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "ERROR"),
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_TRACE_DISABLED": "true",
            # Every run orders a new episode and edits it twice: more than a reader's hour allows.
            "GENERATION_LIMIT_PER_HOUR": "10000",
        }
    )
    quiet_services()
    with ExitStack() as stack:
        backend = "offline renderer"
        if args.image_latency > 0:
            from bench.model_server import ModelServerProcess

            server = stack.enter_context(ModelServerProcess(0.0, args.image_latency, "1024x1024"))
            os.environ.update(
                {
                    "MANGA_IMAGE_BACKEND": "openai",
                    "OPENAI_BASE_URL": server.url,
                    "OPENAI_IMAGE_SIZES": "1024x1024",
                }
            )
            backend = f"images at {args.image_latency:.2f} s each"
        from manga_app.event_source_mapping import EventSourceMappings

        # As deployed: a function timeout of minutes (a sixth of the queue's visibility), not make run's 10 s.
        settings = stack.enter_context(provisioned_emulator(visibility_timeout=900))
        stack.enter_context(EventSourceMappings(settings))
        runs = [one_run(settings, args.pages, seed) for seed in range(1, args.runs + 1)]
    episode, relettered, redrawn = (statistics.median(figures) for figures in zip(*runs, strict=True))
    print(f"edits of a {args.pages}-page episode ({backend}), median of {args.runs}, {os.cpu_count()} CPUs")
    print(f"  whole episode          {episode:6.1f} s")
    print(f"  re-letter (text edit)  {relettered:6.1f} s   {relettered / episode:5.1%} of the episode")
    print(f"  redraw one panel       {redrawn:6.1f} s   {redrawn / episode:5.1%} of the episode")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
