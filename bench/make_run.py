"""Wall time of `manga generate` (what `make run` calls) for a 10-page episode, per stage.

python -m bench.make_run [--pages 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

STAGE_LINE = re.compile(r"^\s+(preferences|story|episode|image)\s+\S+\s+([\d.]+) s$")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    manga = Path(sys.executable).with_name("manga")
    totals: list[float] = []
    stages: dict[str, list[float]] = defaultdict(list)
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            answer = subprocess.run(
                [str(manga), "generate", "--pages", str(args.pages), "--seed", str(run + 1), "--out", out],
                capture_output=True,
                text=True,
                check=True,
            )
            totals.append(time.perf_counter() - started)
        for line in answer.stdout.splitlines():
            match = STAGE_LINE.match(line)
            if match:
                stages[match[1]].append(float(match[2]))
    print(f"manga generate --pages {args.pages}: median of {args.runs} runs (process start included)")
    print(f"  total                 {statistics.median(totals):6.2f} s")
    for stage, seconds in stages.items():
        print(f"  {stage:<12}          {statistics.median(seconds):6.2f} s")


if __name__ == "__main__":
    main()
