"""An AWS-compatible emulator (a moto server) on a free loopback port, in a process of its own.

    python -m manga_app.emulator    # prints the endpoint URL, serves until stdin closes

The emulator parses and answers every AWS call the services make. In a process of its own it
has its own interpreter lock and a core of its own, instead of taking turns with the handlers
that drive it (on two cores that was most of the chain's time beyond the model calls).
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# moto needs some credentials to sign with; these are not secrets and reach no AWS account.
EMULATOR_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "emulator",
    "AWS_SECRET_ACCESS_KEY": "emulator",
}


_DYNAMODB_LOCK = threading.RLock()


def serialize_dynamodb() -> None:
    """Run the emulator's DynamoDB operations one at a time, as isolated as DynamoDB's own.

    moto copies a whole table when a TransactWriteItems starts and puts the copy back when one
    of its conditions fails, while the server's other threads go on writing: under concurrent
    requests a failed transaction erased the writes of one that succeeded (two callers both
    "won" a conditional claim), or the copy broke mid-write (a 500). A lock around every
    operation of the backend makes each one, transactions included, atomic. Idempotent.
    """
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_one_at_a_time", False):
        return
    for name, member in list(vars(DynamoDBBackend).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(DynamoDBBackend, name, _locked(member))
    DynamoDBBackend._one_at_a_time = True  # type: ignore[attr-defined]


def _locked(operation: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(operation)
    def one_at_a_time(*args: Any, **kwargs: Any) -> Any:
        with _DYNAMODB_LOCK:
            return operation(*args, **kwargs)

    return one_at_a_time


@contextmanager
def embedded_emulator(timeout: float = 60.0) -> Iterator[str]:
    """Yields the endpoint URL of a moto server, in a child process that lives as long as the block."""
    for name, value in EMULATOR_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    command = [sys.executable, "-m", "manga_app.emulator"]
    # The child serves until its stdin closes, so it ends with this process however that ends.
    server = subprocess.Popen(  # noqa: S603 (this interpreter, a fixed module)
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy()
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
    from moto.server import ThreadedMotoServer

    serialize_dynamodb()
    # The emulator's HTTP server logs every request; the chain's own progress lines are enough.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"http://{host}:{port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(serve())
