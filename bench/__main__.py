"""Run every benchmark: `make bench`."""

from __future__ import annotations

import runpy
import sys

BENCHMARKS = ("bench.offline_episode", "bench.make_run", "bench.status_latency")

for name in BENCHMARKS:
    print(f"== {name}", flush=True)
    sys.argv = [name]
    try:
        runpy.run_module(name, run_name="__main__")
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        print(f"   ({name} is not installed)")
