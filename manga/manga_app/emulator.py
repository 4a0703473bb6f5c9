"""An AWS-compatible emulator (a moto server) on a free loopback port, inside this process."""

from __future__ import annotations

import functools
import inspect
import logging
import os
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
def embedded_emulator() -> Iterator[str]:
    """Yields the endpoint URL of a moto server that lives as long as the block."""
    from moto.server import ThreadedMotoServer

    serialize_dynamodb()
    for name, value in EMULATOR_CREDENTIALS.items():
        os.environ.setdefault(name, value)
    # The emulator's HTTP server logs every request; the chain's own progress lines are enough.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
