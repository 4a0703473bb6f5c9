"""A Lambda sandbox as a process (manga_app.sandbox): what a handler answers or raises comes
back, an invocation that outlives its timeout or takes its process down ends, and the sandbox
is started again for the next one."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from manga_app import sandbox as sandboxes
from manga_app.event_source_mapping import EventSourceMappings
from manga_app.lambda_runtime import LocalLambdaContext
from manga_app.sandbox import HandlerRaised, ProcessSandbox, SandboxGone
from manga_common.settings import Settings


def event(*bodies: str) -> dict[str, list[dict[str, str]]]:
    return {"Records": [{"messageId": str(n), "body": body} for n, body in enumerate(bodies)]}


@pytest.fixture
def running() -> Iterator[list[ProcessSandbox]]:
    """Sandboxes a test starts; each is stopped when it ends."""
    started: list[ProcessSandbox] = []
    yield started
    for sandbox in started:
        sandbox.stop(kill=True)


def sandbox_of(running: list[ProcessSandbox], function: str) -> ProcessSandbox:
    sandbox = ProcessSandbox(f"tests.fakes.sandbox_handlers.{function}", {"SANDBOX_TEST_SETTING": "given"})
    running.append(sandbox)
    return sandbox


def test_an_invocation_runs_in_the_sandbox_with_its_context_and_environment(
    running: list[ProcessSandbox],
) -> None:
    sandbox = sandbox_of(running, "echo")
    first = sandbox.invoke(event("a", "b"), LocalLambdaContext("manga-story", timeout_seconds=30))
    second = sandbox.invoke(event("c"), LocalLambdaContext("manga-story", timeout_seconds=30))
    assert first["bodies"] == ["a", "b"] and second["bodies"] == ["c"]
    assert first["function"] == "manga-story"
    assert 25_000 < first["remaining_ms"] <= 30_000, "the handler's remaining time is its timeout's"
    assert first["setting"] == "given"
    assert first["pid"] != os.getpid(), "in a process of its own"
    assert (first["pid"], second["invocations"]) == (second["pid"], 2), "one warm sandbox serves both"


def test_a_handler_that_raises_is_reported_with_its_traceback_and_the_sandbox_stays_warm(
    running: list[ProcessSandbox],
) -> None:
    sandbox = sandbox_of(running, "raises")
    for _ in range(2):
        with pytest.raises(HandlerRaised, match="RuntimeError: the handler broke"):
            sandbox.invoke(event("x"), LocalLambdaContext("manga-story", timeout_seconds=30))


@pytest.mark.parametrize(
    ("function", "body", "reason"),
    [("sleeps", "30", "did not answer"), ("crashes", "crash", "ended before its answer")],
    ids=["past its timeout", "its process died"],
)
def test_an_invocation_that_does_not_answer_ends_and_the_next_starts_a_new_sandbox(
    running: list[ProcessSandbox], monkeypatch: pytest.MonkeyPatch, function: str, body: str, reason: str
) -> None:
    monkeypatch.setattr(sandboxes, "TIMEOUT_GRACE_SECONDS", 0.5)
    sandbox = sandbox_of(running, function)
    before = sandbox.invoke(event("0"), LocalLambdaContext("manga-image", timeout_seconds=1))
    with pytest.raises(SandboxGone, match=reason):
        sandbox.invoke(event(body), LocalLambdaContext("manga-image", timeout_seconds=1))
    after = sandbox.invoke(event("0"), LocalLambdaContext("manga-image", timeout_seconds=1))
    assert after["pid"] != before["pid"] and after["invocations"] == 1


def test_a_sandbox_that_cannot_import_its_handler_says_so() -> None:
    sandbox = ProcessSandbox("tests.fakes.no_such_module.handler", {})
    try:
        with pytest.raises(SandboxGone, match="ended before its start"):
            sandbox.wait_ready()
    finally:
        sandbox.stop(kill=True)


def test_handlers_of_ones_own_run_only_in_threads() -> None:
    with pytest.raises(ValueError, match="only with threads"):
        EventSourceMappings(Settings(), handlers={"story": lambda e, c: {}}, sandboxes="processes")
