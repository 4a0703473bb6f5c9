"""A Lambda sandbox as a process of its own: one stage's handler, one invocation at a time.

    python -m manga_app.sandbox MODULE.FUNCTION FD    # serves invocations on socket FD until it closes

Lambda runs each concurrent invocation of a function in a sandbox of its own. The local event
source mappings run them as threads of one process by default, which is light, but then every
stage's Python shares one interpreter lock: ten requests at once kept that process on one core
while the other core idled. With `sandboxes="processes"` each invocation thread hands its
batches to a `ProcessSandbox` instead, so invocations use every core, as on Lambda.

The parent and the sandbox speak over a socket pair with `multiprocessing.connection` (one
pickled message each way per invocation), so the handler's logs keep stdout and stderr. As on
Lambda: the sandbox imports and warms its handler before its first invocation (init), an
invocation that outlives its function timeout is ended with the process, and a sandbox that
died is started again for the next invocation.
"""

from __future__ import annotations

import importlib
import os
import signal
import socket
import subprocess
import sys
import traceback
from collections.abc import Mapping
from multiprocessing.connection import Connection
from typing import Any

from manga_app.lambda_runtime import LocalLambdaContext

READY = "ready"
TIMEOUT_GRACE_SECONDS = 5.0
"""How long past its function timeout an invocation may take to answer before it is ended."""
START_SECONDS = 60.0
"""The longest a sandbox may take to import and warm its handler."""


class HandlerRaised(Exception):
    """The handler raised in its sandbox; the message is its traceback there."""


class SandboxGone(Exception):
    """The sandbox ended, or overran its time, before it answered; it starts again when next used."""


class ProcessSandbox:
    """A child process running `handler` (its dotted path, as Terraform names a function's
    handler); `invoke` has the handler's own signature."""

    def __init__(self, handler: str, environment: Mapping[str, str]) -> None:
        self.handler = handler
        self._environment = dict(environment)
        self._process: subprocess.Popen[bytes] | None = None
        self._connection: Connection | None = None
        self._ready = False

    def start(self) -> None:
        """Start the process (its init runs meanwhile; `invoke` waits for it)."""
        ours, theirs = socket.socketpair()
        # The child's module and arguments are fixed; its environment is the mappings' settings.
        self._process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "manga_app.sandbox", self.handler, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env={**os.environ, **self._environment},
        )
        theirs.close()
        self._connection = Connection(ours.detach())
        self._ready = False

    def wait_ready(self) -> None:
        """Wait for the sandbox's init to end, starting it first if it is not running."""
        if self._connection is None:
            self.start()
        if not self._ready:
            self._answer(START_SECONDS, "start")
            self._ready = True

    def invoke(self, event: dict[str, Any], context: LocalLambdaContext) -> dict[str, Any]:
        self.wait_ready()
        assert self._connection is not None
        try:
            self._connection.send((event, context.function_name, context.region, context.timeout_seconds))
        except OSError:
            self.stop()
            raise SandboxGone(f"the sandbox of {self.handler} had ended") from None
        kind, value = self._answer(context.timeout_seconds + TIMEOUT_GRACE_SECONDS, "answer")
        if kind == "raised":
            raise HandlerRaised(value)
        return value

    def _answer(self, seconds: float, what: str) -> tuple[str, Any]:
        assert self._connection is not None
        try:
            if self._connection.poll(seconds):
                return self._connection.recv()
        except (EOFError, OSError):
            self.stop()
            raise SandboxGone(f"the sandbox of {self.handler} ended before its {what}") from None
        self.stop(kill=True)  # as Lambda ends an invocation that outlives its timeout
        raise SandboxGone(f"the sandbox of {self.handler} did not {what} within {seconds:.0f} s")

    def stop(self, kill: bool = False) -> None:
        """End the process. Closing its socket ends a sandbox between invocations; one still
        working is killed (`kill`, or when it does not end within the grace time)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is None:
            return
        if kill:
            self._process.kill()
        try:
            self._process.wait(timeout=TIMEOUT_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None


def serve(handler_path: str, connection: Connection) -> int:
    """The sandbox's side: init, then one invocation per message until the socket closes."""
    from manga_common.stage import warm_stage_handlers

    # Ctrl+C reaches every process of the terminal's group: the parent decides when a sandbox
    # ends (it lets the invocations in flight finish, then closes the socket), not the signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    module, _, function = handler_path.rpartition(".")
    handler = getattr(importlib.import_module(module), function)
    warm_stage_handlers()
    connection.send((READY, None))
    while True:
        try:
            event, function_name, region, timeout_seconds = connection.recv()
        except EOFError:
            return 0
        context = LocalLambdaContext(function_name, region=region, timeout_seconds=timeout_seconds)
        try:
            connection.send(("answered", handler(event, context)))
        except Exception:
            connection.send(("raised", traceback.format_exc()))


if __name__ == "__main__":
    raise SystemExit(serve(sys.argv[1], Connection(int(sys.argv[2]))))
