"""An AWS-compatible emulator (a moto server) on a free loopback port, inside this process."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

# moto needs some credentials to sign with; these are not secrets and reach no AWS account.
EMULATOR_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "emulator",
    "AWS_SECRET_ACCESS_KEY": "emulator",
}


@contextmanager
def embedded_emulator() -> Iterator[str]:
    """Yields the endpoint URL of a moto server that lives as long as the block."""
    from moto.server import ThreadedMotoServer

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
