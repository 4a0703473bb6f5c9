"""`manga worker` as its own process, run, killed and restarted the way Lambda runs functions,
against the moto server of tests/conftest.py and a loopback model that misbehaves.

The queues' visibility timeouts are small, so the workers' function timeouts (a sixth of
them, as Terraform derives them) are a few seconds and a message comes back quickly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from manga_app.dlq import redrive
from manga_app.emulator_server import EmulatorServer
from manga_app.generation import submit, wait_for
from manga_app.provision import QueueUrls, provision
from manga_common.models.entities import GenerationRequest
from manga_common.settings import Settings
from manga_common.table import MangaTable
from tests.conftest import fresh_settings
from tests.factories import sample_preferences
from tests.fakes.openai import FakeOpenAI, Misbehaviour
from tests.fakes.samples import sample_bible, sample_script
from tests.stages import queue_depth, queue_for

pytestmark = pytest.mark.e2e

Configure = Callable[..., tuple[Settings, list[QueueUrls]]]
USER = "worker-reader"


class Worker:
    """A `manga worker` process with this test's settings; its output goes to a file."""

    def __init__(self, settings: Settings, log: Path, *args: str, wait: bool = True) -> None:
        self.log = log
        env = {**os.environ, **settings.to_env()}
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "manga_app.cli", "worker", *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own, as a terminal gives it
            )
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        wait_until(lambda: "manga worker ·" in self.output() or self.process.poll() is not None)
        assert self.process.poll() is None, self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def stop(self, timeout: float = 60) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def interrupt(self, timeout: float = 60) -> int:
        """Ctrl+C: SIGINT to the worker and every process it started."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.kill()


def wait_until(condition: Callable[[], bool], timeout: float = 60, every: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(every)


def request_of(settings: Settings, request_id: str) -> GenerationRequest:
    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None
    return request


@pytest.mark.slow  # the message comes back after its 12 s visibility timeout
def test_a_worker_killed_mid_stage_leaves_its_request_failed_through_the_dlq(
    configure: Configure, model: FakeOpenAI, tmp_path: Path
) -> None:
    """Before: PROCESSING for ever, and `manga dlq list` said "no error recorded"."""
    model.serve_manga(sample_bible(), sample_script(pages=2), Misbehaviour(hang_seconds=60))
    settings, queues = configure(visibility_timeout=12, text_backend="openai", max_receive_count=1)
    story = queue_for(queues, "story")
    with Worker(settings, tmp_path / "first.log") as first:
        request_id = submit(sample_preferences(pages=2), USER)
        wait_until(lambda: len(model.received("chat")) == 1)
        first.kill()  # mid model call: no chance to record anything
    assert request_of(settings, request_id).status == "PROCESSING"

    with Worker(settings, tmp_path / "second.log", "--stage", "story") as second:
        # The message comes back, moves to the DLQ on that receive, and the sweep ends the request.
        request, _ = wait_for(settings, USER, request_id, timeout=60)
        assert second.stop() == 0
    assert request.status == "FAILED" and request.error is not None
    assert (request.error.stage, request.error.code) == ("story", "STAGE_ABANDONED")
    assert queue_depth(settings, story.dlq_url) == 1, "the message is kept for redrive"
    assert len(model.received("chat")) == 1

    assert redrive(settings, "story") == 1
    assert request_of(settings, request_id).status == "PROCESSING"


@pytest.mark.slow  # ten generations through two worker processes
def test_30_percent_throttling_over_10_requests_with_2_workers(
    configure: Configure, model: FakeOpenAI, tmp_path: Path
) -> None:
    chaos = model.serve_manga(sample_bible(), sample_script(pages=2))
    # Panels from the fake too (never throttled): offline art would make this a test of the CPU.
    # Five tries a call: callers interleave, so one call can meet throttled answers several times
    # running; with three it would sometimes fail its stage and wait out the visibility timeout.
    settings, _ = configure(
        visibility_timeout=120, text_backend="openai", image_backend="openai", model_attempts=5
    )
    workers = ("--concurrency", "2")  # two processes of two invocations per stage on a 2-core machine
    with (
        Worker(settings, tmp_path / "a.log", *workers, wait=False) as a,
        Worker(settings, tmp_path / "b.log", *workers, wait=False) as b,
    ):
        a.wait_ready()
        b.wait_ready()
        # What one request costs with a well-behaved model: the minimum.
        first = submit(sample_preferences(pages=2), USER)
        assert wait_for(settings, USER, first, timeout=60)[0].status == "COMPLETED"
        per_request = len(model.received("chat"))
        model.requests.clear()
        chaos.throttled = 3  # of every 10 calls, from here on

        ids = [submit(sample_preferences(pages=2, seed=n), USER) for n in range(10)]
        ended = [wait_for(settings, USER, request_id, timeout=120)[0] for request_id in ids]
        assert a.stop() == 0 and b.stop() == 0

    assert [r.status for r in ended] == ["COMPLETED"] * 10, [r.error for r in ended if r.error]
    calls, minimum = len(model.received("chat")), 10 * per_request
    print(f"\nmodel calls {calls} for a minimum of {minimum} ({calls / minimum:.2f}x)")
    assert calls <= 1.5 * minimum
    assert len(MangaTable(settings).list_stories(USER)) == 11


@pytest.mark.parametrize("sandboxes", ["threads", "processes"])
def test_a_stop_signal_finishes_the_message_in_flight_then_exits(
    configure: Configure, model: FakeOpenAI, tmp_path: Path, sandboxes: str
) -> None:
    """SIGTERM to the worker; with sandboxes, Ctrl+C's SIGINT to all of its processes (before:
    the sandbox in the model call was interrupted with the worker)."""
    model.serve_manga(sample_bible(), sample_script(pages=2), Misbehaviour(hang_seconds=1.0))
    settings, queues = configure(visibility_timeout=60, text_backend="openai")
    args = ("--stage", "story", "--sandboxes", sandboxes)
    with Worker(settings, tmp_path / "worker.log", *args) as worker:
        request_id = submit(sample_preferences(pages=2), USER)
        wait_until(lambda: len(model.received("chat")) == 1)
        stopped = worker.stop() if sandboxes == "threads" else worker.interrupt()
        assert stopped == 0, worker.output()
        assert "stopped" in worker.output()
    request = request_of(settings, request_id)
    assert request.status == "PROCESSING" and request.story_id
    story = MangaTable(settings).get_story(USER, request.story_id)
    assert story is not None and story.status == "COMPLETED", "the story in flight was finished"
    assert queue_depth(settings, queue_for(queues, "story").queue_url) == 0
    assert queue_depth(settings, queue_for(queues, "episode").queue_url) == 1, "the next stage's event waits"


@pytest.mark.slow  # the emulator stays down for 6 s
def test_an_unreachable_emulator_gives_a_few_log_lines_not_thousands(
    aws_endpoint: str, tmp_path: Path
) -> None:
    """Before: 3,662 tracebacks (10 MB of log) in 30 s while the emulator was unreachable."""
    server = EmulatorServer()
    endpoint = server.start()
    port = int(endpoint.rsplit(":", 1)[1])
    # The same process holds moto's state, so a server restarted on the port sees the same resources.
    settings = fresh_settings(endpoint)
    provision(settings, visibility_timeout=30)
    with Worker(settings, tmp_path / "worker.log") as worker:
        before = len(worker.output().splitlines())
        server.stop()
        time.sleep(6)
        server = EmulatorServer(port)
        server.start()
        try:
            wait_until(lambda: "recovered" in worker.output(), timeout=30)
            assert worker.stop() == 0
        finally:
            server.stop()
    lines = worker.output().splitlines()[before:]
    print(f"\n{len(lines)} log lines in a 6 s outage")
    assert "Traceback" not in worker.output()
    assert 0 < len(lines) <= 120, "a line at the start of each poller's streak and at each doubling"
