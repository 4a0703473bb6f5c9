"""Handlers for tests/integration/test_sandbox.py to run in a `ProcessSandbox`: each behaves as
a stage handler can (answers, raises, outlives its timeout, takes its process down)."""

from __future__ import annotations

import os
import time
from typing import Any

INVOCATIONS = 0
"""Invocations this process has served: a sandbox started again counts from 0."""


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global INVOCATIONS
    INVOCATIONS += 1
    return {
        "bodies": [record["body"] for record in event["Records"]],
        "function": context.function_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "invocations": INVOCATIONS,
        "pid": os.getpid(),
        "setting": os.environ.get("SANDBOX_TEST_SETTING"),
    }


def raises(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise RuntimeError("the handler broke")


def sleeps(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Sleeps as long as the first record asks, then answers as `echo` does."""
    time.sleep(float(event["Records"][0]["body"]))
    return echo(event, context)


def crashes(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Ends its process when asked to (a body of "crash"), as a handler out of memory does;
    otherwise answers as `echo` does."""
    if event["Records"][0]["body"] == "crash":
        os._exit(137)
    return echo(event, context)
