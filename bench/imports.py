"""Cold start: each Lambda handler's import time in a fresh interpreter, against `import boto3`.

    python -m bench.imports [--runs 3] [--top 8] [--source]

The handlers are imported as Lambda imports them: each service's zip is built for this
machine (tools/package_lambdas.py --host, bytecode included) and unpacked, and only boto3
comes from outside it, as the runtime provides it. Each import runs in a new process with
the environment a deployed function has (tracing off, as the local runtime and the tfvars
without X-Ray run it). Each handler import is paired with an `import boto3` just before it,
so a busy machine slows both alike; the median of --runs pairs' ratios is printed (goal:
every ratio <= 2). --source imports from the source tree instead. Then
`-X importtime` of the slowest handler lists the modules that cost the most.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tests.contract.tools import REPO, load_tool

SERVICES = tuple(package.service for package in load_tool("package_lambdas").PACKAGES)
"""Every service is one Lambda, as the packager finds them."""
ENVIRONMENT = {
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "AWS_REGION": "us-east-1",
    "MANGA_ENVIRONMENT": "bench",
}
TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def environment(task_root: Path | None = None) -> dict[str, str]:
    values = {**os.environ, **ENVIRONMENT}
    # The runtime's boto3 comes with its bytecode: let the first `import boto3` write it, so
    # neither side of a pair compiles boto3 from source on every run.
    values.pop("PYTHONDONTWRITEBYTECODE", None)
    if task_root is not None:  # first on the path, as Lambda's /var/task is
        values["PYTHONPATH"] = str(task_root)
        values["PYTHONDONTWRITEBYTECODE"] = "1"  # /var/task is read-only: nothing is cached
    return values


def unpacked_zips(folder: Path) -> dict[str, Path]:
    """Each service's zip, built for this machine and unpacked: service -> its task root."""
    built = folder / "zips"
    command = [sys.executable, str(REPO / "tools" / "package_lambdas.py"), "--host", "--out", str(built)]
    subprocess.run(command, check=True, capture_output=True)
    roots = {}
    for service in SERVICES:
        root = folder / service
        with zipfile.ZipFile(built / f"{service}.zip") as archive:
            archive.extractall(root)
        roots[service] = root
    return roots


def import_once(module: str, task_root: Path | None = None) -> float:
    answer = subprocess.run(
        [sys.executable, "-c", TIMER.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        env=environment(task_root),
    )
    return float(answer.stdout.strip().splitlines()[-1])


def paired_imports(module: str, runs: int, task_root: Path | None) -> tuple[float, float, float]:
    """(median seconds of `import boto3`, of the module, median ratio of the pairs)."""
    import_once("boto3")  # writes boto3's bytecode where it is missing, then is not counted
    pairs = [(import_once("boto3"), import_once(module, task_root)) for _ in range(runs)]
    return (
        statistics.median(boto3 for boto3, _ in pairs),
        statistics.median(seconds for _, seconds in pairs),
        statistics.median(seconds / boto3 for boto3, seconds in pairs),
    )


def importtime_top(module: str, top: int, task_root: Path | None = None) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the costliest imports, from `-X importtime`."""
    answer = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(task_root),
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
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--source", action="store_true", help="import from the source tree, not the zips")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="manga-zips-") as folder:
        roots: dict[str, Path | None] = dict.fromkeys(SERVICES)
        if not args.source:
            roots.update(unpacked_zips(Path(folder)))
        where = "the source tree" if args.source else "each service's zip, unpacked"
        print(f"handler import from {where}, fresh interpreter, median of {args.runs} pairs (tracing off)")
        print("  handler                               import   boto3 before it   ratio")
        slowest, slowest_ratio = SERVICES[0], 0.0
        for service in SERVICES:
            module = f"{service}_service.handler"
            boto3, seconds, ratio = paired_imports(module, args.runs, roots[service])
            print(
                f"  import {module:<28}{seconds * 1000:7.0f} ms  {boto3 * 1000:7.0f} ms"
                f"        {ratio:.2f}x  (goal <= 2x)"
            )
            if ratio > slowest_ratio:
                slowest, slowest_ratio = service, ratio
        print(f"  -X importtime, {slowest}_service.handler: costliest imports (cumulative)")
        for microseconds, name in importtime_top(f"{slowest}_service.handler", args.top, roots[slowest]):
            print(f"    {microseconds / 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
