"""The local event source mappings: invocations at once per stage, and what an idle stage costs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from manga_app.event_source_mapping import EventSourceMappings
from manga_app.provision import QueueUrls
from manga_common import aws
from manga_common.settings import Settings
from tests.stages import queue_depth, queue_for

Configure = Callable[..., tuple[Settings, list[QueueUrls]]]


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_stage_runs_as_many_invocations_at_once_as_its_concurrency(configure: Configure) -> None:
    settings, queues = configure()
    story = queue_for(queues, "story")
    sqs = aws.client("sqs", settings)
    for n in range(5):
        sqs.send_message(QueueUrl=story.queue_url, MessageBody=f'{{"n": {n}}}')
    lock = threading.Lock()
    running, most = 0, 0
    handled: list[str] = []
    together = threading.Barrier(3)

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        if len(handled) < 3:
            together.wait(timeout=10)  # only passes if three invocations run at once
        time.sleep(0.2)
        with lock:
            running -= 1
            handled.extend(record["body"] for record in event["Records"])
        return {"batchItemFailures": []}

    with EventSourceMappings(
        settings, handlers={"story": handler}, stages=["story"], dead_letters=False, concurrency=3
    ):
        wait_until(lambda: len(handled) == 5)
    assert most == 3, "three at once, never more"
    assert sorted(handled) == [f'{{"n": {n}}}' for n in range(5)]
    assert queue_depth(settings, story.queue_url) == 0


def test_an_idle_stage_receives_once_a_wait_not_once_an_invocation(configure: Configure) -> None:
    """Before: each of a stage's four invocations long-polled on its own, four receives a second."""
    settings, _ = configure()
    receives: list[float] = []
    sqs = aws.client("sqs", settings)  # the client the mappings use (clients are cached)
    count = lambda **kwargs: receives.append(time.monotonic())  # noqa: E731
    sqs.meta.events.register("before-call.sqs.ReceiveMessage", count)
    try:
        with EventSourceMappings(
            settings, handlers={"story": lambda e, c: {}}, stages=["story"], dead_letters=False, concurrency=4
        ):
            time.sleep(3.0)
    finally:
        sqs.meta.events.unregister("before-call.sqs.ReceiveMessage", count)
    assert 1 <= len(receives) <= 5, f"{len(receives)} receives in 3 s of 1 s long polls"
