"""Latency of `GET /status/{requestId}` under concurrent readers, on the local gateway.

    python bench/status_latency.py [--clients 100] [--requests 20] [--concurrency 8]

The gateway and its API execution environments run in this process and the embedded AWS
emulator in a child of its own, as `manga dev` runs them; the readers run in a second
process (one thread and one keep-alive connection each), so their own work does not slow
the server down. Each reader
polls one status as the web page does; the run is bounded by --requests per reader and
--seconds overall. Prints the median, p90, p99 and max latency and the throughput.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

PASSWORD = "Bench-Reader-2026!"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def load(url: str, token: str, path: str, clients: int, requests: int, seconds: float) -> dict[str, Any]:
    """The readers: `clients` threads, each polling `path` up to `requests` times."""
    import httpx

    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)
    deadline = time.monotonic() + seconds

    def reader() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": token}, timeout=30) as http:
            start.wait()
            for _ in range(requests):
                if time.monotonic() > deadline:
                    return
                began = time.perf_counter()
                answer = http.get(path)
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    if answer.status_code != 200:
                        failures.append(answer.status_code)

    threads = [threading.Thread(target=reader) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {"latencies": latencies, "failures": failures, "wall": wall}


class EmulatorClock:
    """Time this process spends waiting on the AWS emulator: every botocore request it sends."""

    def __init__(self) -> None:
        from botocore.endpoint import Endpoint

        self.seconds = 0.0
        self.calls = 0
        self._lock = threading.Lock()
        send = Endpoint._send  # type: ignore[attr-defined]
        clock = self

        def timed_send(endpoint: Any, request: Any) -> Any:
            began = time.perf_counter()
            try:
                return send(endpoint, request)
            finally:
                with clock._lock:
                    clock.seconds += time.perf_counter() - began
                    clock.calls += 1

        Endpoint._send = timed_send  # type: ignore[attr-defined]

    def reset(self) -> None:
        with self._lock:
            self.seconds, self.calls = 0.0, 0


def serve_and_measure(args: argparse.Namespace) -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the emulator's access log
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    import httpx

    from manga_app.cognito import LocalUserPool
    from manga_app.emulator import embedded_emulator
    from manga_app.gateway import LocalGateway
    from manga_app.provision import provision
    from manga_common.settings import Settings, get_settings

    with embedded_emulator() as endpoint:
        settings = Settings(environment="bench", endpoint_url=endpoint)
        os.environ.update(settings.to_env())
        get_settings.cache_clear()
        provision(settings)
        pool = LocalUserPool.ensure(settings)
        pool.create_user("bench@example.com", PASSWORD)
        token = pool.sign_in("bench@example.com", PASSWORD).id_token
        with LocalGateway(settings, pool, workers=False, concurrency=args.concurrency) as gateway:
            order = {
                "genres": ["fantasy"],
                "artStyle": "shonen",
                "targetAudience": "teens",
                "contentRating": "teen",
                "pages": 2,
            }
            accepted = httpx.post(f"{gateway.url}/preferences", json=order, headers={"Authorization": token})
            accepted.raise_for_status()
            path = accepted.json()["statusUrl"]
            command = [sys.executable, __file__, "--load", gateway.url, token, path]
            command += [str(args.clients), str(args.requests), str(args.seconds)]
            clock = EmulatorClock()
            finished = subprocess.run(command, capture_output=True, text=True, check=True)
            in_emulator, emulator_calls = clock.seconds, clock.calls
    result = json.loads(finished.stdout)
    latencies = [s * 1000 for s in result["latencies"]]
    print(f"GET /status/{{id}} · {args.clients} concurrent clients · {len(latencies)} requests")
    print(f"  API execution environments {args.concurrency}, embedded emulator, local gateway")
    print(f"  median {statistics.median(latencies):7.1f} ms")
    print(f"  p90    {percentile(latencies, 0.90):7.1f} ms")
    print(f"  p99    {percentile(latencies, 0.99):7.1f} ms")
    print(f"  max    {max(latencies):7.1f} ms")
    # The readers' latencies overlap; so do the emulator calls: both sums are of request time.
    share = in_emulator * 1000 / max(sum(latencies), 1e-9)
    print(
        f"  in the emulator: {share:.0%} of request time "
        f"({emulator_calls / max(len(latencies), 1):.1f} calls a request, "
        f"{in_emulator * 1000 / max(emulator_calls, 1):.1f} ms each)"
    )
    throughput = len(latencies) / result["wall"]
    print(f"  throughput {throughput:.0f} requests/s; non-200 answers: {len(result['failures'])}")
    return 1 if result["failures"] else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--load":
        url, token, path, clients, requests, seconds = argv[1:7]
        result = load(url, token, path, int(clients), int(requests), float(seconds))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=100, help="concurrent readers (default 100)")
    parser.add_argument("--requests", type=int, default=20, help="requests per reader (default 20)")
    parser.add_argument("--seconds", type=float, default=60, help="stop after this long (default 60)")
    parser.add_argument("--concurrency", type=int, default=8, help="API execution environments (default 8)")
    return serve_and_measure(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
