"""`manga worker`: the stage workers as a process of their own, against an endpoint.

What Lambda's event source mappings do on AWS: poll each stage's queue and run the stage's
handler, plus the dead-letter sweep. An operator (or a test) can run it, kill it and start it
again, the way Lambda starts and kills functions. SIGTERM or Ctrl+C stops polling, lets the
messages in flight finish and gives back any received meanwhile; a second signal exits at
once (leases expire and the messages come back after their visibility timeout).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import typing
from types import FrameType

from manga_app.environment import aws_environment, quiet_services
from manga_common.stages import STAGE_NAMES


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Imported here for the default only: the module reads no settings at import.
    from manga_app.event_source_mapping import DEFAULT_CONCURRENCY, Sandboxes

    worker = commands.add_parser(
        "worker",
        help="run the stage workers (and the dead-letter sweep) against an endpoint",
        description=(
            "Poll the stages' queues and run their handlers as Lambda's event source mappings "
            "do, until SIGTERM or Ctrl+C. Resources come from the environment (TABLE_NAME, "
            "MANGA_ENVIRONMENT...), the endpoint from --endpoint or AWS_ENDPOINT_URL."
        ),
    )
    worker.add_argument("--endpoint", default=None, help="AWS endpoint (default: AWS_ENDPOINT_URL)")
    worker.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"invocations per stage at once (default {DEFAULT_CONCURRENCY}, as Terraform's maximum)",
    )
    worker.add_argument(
        "--sandboxes",
        choices=typing.get_args(Sandboxes),
        default="threads",
        help=(
            "where invocations run: threads of this process (default), or each in a process of "
            "its own, as Lambda's sandboxes, so the stages use every core"
        ),
    )
    worker.add_argument(
        "--stage",
        dest="stages",
        action="append",
        choices=STAGE_NAMES,
        help="a stage to run; repeat for several (default: every stage)",
    )
    worker.add_argument(
        "--no-dead-letters", action="store_true", help="do not sweep the DLQs (another worker does)"
    )
    worker.add_argument("--verbose", action="store_true", help="show the services' JSON logs")


def run(args: argparse.Namespace) -> int:
    if not (args.endpoint or os.environ.get("AWS_ENDPOINT_URL")):
        print("manga worker: give --endpoint or set AWS_ENDPOINT_URL", file=sys.stderr)
        return 2
    if args.concurrency < 1:
        print("manga worker: --concurrency must be at least 1", file=sys.stderr)
        return 2
    if not args.verbose:
        quiet_services()
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        if stop.is_set():
            os._exit(128 + number)  # asked twice: leave now, the queues give the work back
        print("manga worker: stopping, finishing the messages in flight", flush=True)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with aws_environment(args.endpoint) as settings:
        from manga_app.event_source_mapping import EventSourceMappings, backoff_seconds, worth_logging

        mappings = EventSourceMappings(
            settings,
            concurrency=args.concurrency,
            stages=args.stages,
            dead_letters=not args.no_dead_letters,
            sandboxes=args.sandboxes,
        )
        failures = 0
        while not stop.is_set():  # the endpoint may come up after the worker
            try:
                mappings.start()
                break
            except Exception as error:
                failures += 1
                if worth_logging(failures):
                    print(f"manga worker: endpoint not ready ({type(error).__name__}), retrying", flush=True)
                stop.wait(backoff_seconds(failures))
        endpoint = settings.endpoint_url or "default"
        print(
            f"manga worker · AWS endpoint {endpoint} · {', '.join(args.stages or STAGE_NAMES)}"
            f", {args.concurrency} invocations each at once in {args.sandboxes}",
            flush=True,
        )
        while not stop.wait(0.5):  # a short wait keeps the signal handler responsive
            pass
        mappings.stop()
    print("manga worker: stopped", flush=True)
    return 0
