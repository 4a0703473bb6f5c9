"""An AWS-compatible emulator (a moto server) on a free loopback port, in a process of its own.

    python -m manga_app.emulator    # prints the endpoint URL, serves until stdin closes

The emulator parses and answers every AWS call the services make. In a process of its own it
has its own interpreter lock and a core of its own, instead of taking turns with the handlers
that drive it (on two cores that was most of the chain's time beyond the model calls). The
server itself is `manga_app.emulator_server`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# moto needs some credentials to sign with; these are not secrets and reach no AWS account.
EMULATOR_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "emulator",
    "AWS_SECRET_ACCESS_KEY": "emulator",
}


@contextmanager
def embedded_emulator(timeout: float = 60.0, environment: Mapping[str, str] | None = None) -> Iterator[str]:
    """Yields the endpoint URL of a moto server, in a child process that lives as long as the block
    (`environment`: moto's own settings for it, such as MOTO_IAM_LOAD_MANAGED_POLICIES)."""
    for name, value in EMULATOR_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    command = [sys.executable, "-m", "manga_app.emulator"]
    # The child serves until its stdin closes, so it ends with this process however that ends.
    server = subprocess.Popen(  # noqa: S603 (this interpreter, a fixed module)
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **(environment or {})},
    )
    assert server.stdout is not None and server.stdin is not None
    try:
        url = server.stdout.readline().strip()
        if not url:
            raise RuntimeError(f"the AWS emulator did not start (exit status {server.wait(timeout)})")
        yield url
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def serve() -> int:
    """The child's side: a moto server on a free loopback port until stdin closes."""
    from manga_app.emulator_server import EmulatorServer

    # The emulator's HTTP server logs every request; the chain's own progress lines are enough.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = EmulatorServer()
    print(server.start(), flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(serve())
