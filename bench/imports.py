"""Cold start: each Lambda handler's import time in a fresh interpreter, against `import boto3`.

    python -m bench.imports [--runs 3] [--top 8]

Each import runs in a new process with the environment a deployed function has (tracing
off, as the local runtime and the tfvars without X-Ray run it); the median of --runs is
compared with `import boto3` measured in the same run (goal: every ratio <= 2). Then
`-X importtime` of the slowest handler lists the modules that cost the most.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

HANDLERS = (
    "preferences_service.handler",
    "story_service.handler",
    "episode_service.handler",
    "image_service.handler",
    "auth_trigger_service.handler",
)
ENVIRONMENT = {
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "AWS_REGION": "us-east-1",
    "MANGA_ENVIRONMENT": "bench",
}
TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def environment() -> dict[str, str]:
    return {**os.environ, **ENVIRONMENT}


def import_seconds(module: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        answer = subprocess.run(
            [sys.executable, "-c", TIMER.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
            env=environment(),
        )
        samples.append(float(answer.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def importtime_top(module: str, top: int) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the costliest imports, from `-X importtime`."""
    answer = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(),
    )
    rows = []
    for line in answer.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        if name.startswith(" ") or name == name.strip():
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args(argv)
    boto3 = import_seconds("boto3", args.runs)
    print(f"handler import, fresh interpreter, median of {args.runs} (tracing off)")
    print(f"  import boto3                       {boto3 * 1000:7.0f} ms   1.00x")
    slowest, slowest_seconds = HANDLERS[0], 0.0
    for module in HANDLERS:
        seconds = import_seconds(module, args.runs)
        print(f"  import {module:<28}{seconds * 1000:7.0f} ms   {seconds / boto3:.2f}x  (goal <= 2x)")
        if seconds > slowest_seconds:
            slowest, slowest_seconds = module, seconds
    print(f"  -X importtime, {slowest}: costliest imports (cumulative)")
    for microseconds, name in importtime_top(slowest, args.top):
        print(f"    {microseconds / 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
