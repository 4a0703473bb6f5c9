"""Run every benchmark: `make bench`. Each runs in a process of its own and prints its figures.

The set takes a few minutes on two cores; run one alone with `python -m bench.<name> --help`.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS: tuple[tuple[str, ...], ...] = (
    # The chain against the model-bound critical path.
    ("bench.chain", "--pages", "16", "32", "--runs", "3"),
    # 10 requests at once vs in a row, on a stack of their own: run after the long episodes above,
    # in the same processes, the same ten used a third more CPU and ran a fifth slower.
    ("bench.chain", "--pages", "4", "--runs", "3", "--requests", "10"),
    # 48 pages: wall time, peak memory, the fit in the image function's timeout; PDF sizes.
    ("bench.image_stage", "--pages", "48"),
    # Cold start: each handler's import against boto3's.
    ("bench.imports",),
    ("bench.status_latency", "--clients", "1", "--requests", "100"),
    ("bench.status_latency", "--clients", "50", "--requests", "10"),
    ("bench.offline_episode",),
    ("bench.make_run", "--runs", "1"),
)


def main() -> int:
    failed = 0
    for name, *args in BENCHMARKS:
        print(f"== {name} {' '.join(args)}".rstrip(), flush=True)
        failed += subprocess.run([sys.executable, "-m", name, *args], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
