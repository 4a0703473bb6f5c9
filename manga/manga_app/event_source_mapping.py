"""The local stand-in for Lambda's SQS event source mappings, and the dead-letter sweep.

For each queue a stage consumes (its own, and its work ahead's: resources.stage_routes), one
poller long-polls the queue for as many batches as its mapping has free invocations
(`concurrency` of them, Terraform's maximum concurrency for each mapping), and each batch runs
on one of the mapping's `concurrency` invocation threads, which live as long as the mappings,
as warm sandboxes do: the stage's handler gets an SQS-shaped event and a Lambda context whose
remaining time is the function's timeout, and what it did not report as failed is deleted. With
`sandboxes="processes"` each invocation thread runs its handler in a process of its own
(manga_app.sandbox), so the stages' Python is not held to one core. As Lambda's pollers do, the
poller receives only what a free invocation can start on at once, so no message waits out its
visibility timeout behind a busy one; and an idle stage costs one ReceiveMessage a wait, not
one for each invocation. Routing is not done here: EventBridge rules on the emulator put each
event on its queue. A further thread runs the dead-letter sweep (services/dead_letter) every
few seconds, as Terraform's schedule does.

The function timeout follows from the queue's own visibility timeout, as Terraform derives
the one from the other (visibility = VISIBILITY_PER_TIMEOUT times the timeout): a local run keeps the
same chain of times as a deployment, so a message never comes back while its first
delivery may still be running.

Errors (an emulator that is down) back off exponentially with jitter, and a streak of them
logs a line at its start and then at every doubling, not one per try; a handler that raises
is logged the same way, with its stack trace, and its batch comes back after the visibility
timeout. `stop()` lets in-flight messages finish and gives back (visibility 0) any received
after it.
"""

from __future__ import annotations

import importlib
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from manga_app.lambda_runtime import LocalLambdaContext, sqs_event
from manga_app.resources import stage_routes
from manga_app.sandbox import ProcessSandbox
from manga_common import aws
from manga_common.observability import logger
from manga_common.settings import Settings
from manga_common.stages import VISIBILITY_PER_TIMEOUT, WORK_STAGES, stage_named

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
Batches = queue.SimpleQueue[list[dict[str, Any]] | None]
"""A stage's received batches, one invocation's messages each; None ends an invocation thread."""
Sandboxes = Literal["threads", "processes"]
"""Where invocations run: in their invocation threads, or each thread's in a process of its own
(manga_app.sandbox), as Lambda runs each concurrent invocation in a sandbox of its own."""

DEFAULT_CONCURRENCY = 4
"""Invocations per stage at once: Terraform's `maximum_concurrency` for the emulator environment (a
contract test holds the two equal)."""
BATCH_SIZE = 1
MAX_RECEIVE = 10
"""The most messages one ReceiveMessage returns."""
MIN_FUNCTION_TIMEOUT = 5
"""A floor for queues whose visibility timeout is under 30 s (tests that want quick retries):
below it a stage's own calls to the emulator would use up its budget. Such a queue can show a
message again while its first delivery still runs; the stage runner's leases keep that from
doing the work twice."""
SWEEP_SECONDS = 2.0
"""How often the local runtime sweeps the DLQs (Terraform schedules the function every minute)."""
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 10.0


def stage_handlers() -> dict[str, Handler]:
    """The services' real Lambda handlers, by stage (imported late: they read settings at import)."""
    handlers: dict[str, Handler] = {}
    for stage in WORK_STAGES:
        module, _, function = stage.handler.rpartition(".")
        handlers[stage.name] = getattr(importlib.import_module(module), function)
    return handlers


def backoff_seconds(failures: int) -> float:
    """Wait after the n-th failure in a row: doubling up to the cap, half of it random."""
    ceiling = min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** (failures - 1))
    return ceiling / 2 + random.random() * ceiling / 2


def worth_logging(failures: int) -> bool:
    """The first failure of a streak, then the 2nd, 4th, 8th...: bounded log volume."""
    return failures & (failures - 1) == 0


@dataclass(frozen=True)
class QueueMapping:
    """One queue of a stage as its poller sees it: the stage's own, or its work ahead's."""

    stage: str
    key: str
    """The queue's key (resources.StageRoute.key): names the mapping's threads and its log lines."""
    queue_url: str
    queue_arn: str
    handler: Handler
    function_timeout: int


class EventSourceMappings:
    def __init__(
        self,
        settings: Settings,
        handlers: Mapping[str, Handler] | None = None,
        batch_size: int = BATCH_SIZE,
        wait_seconds: int = 1,
        concurrency: int = DEFAULT_CONCURRENCY,
        stages: Iterable[str] | None = None,
        dead_letters: bool = True,
        function_timeout: int | None = None,
        sandboxes: Sandboxes = "threads",
    ) -> None:
        if handlers is not None and sandboxes == "processes":
            raise ValueError("a sandbox runs its stage's own handler: give handlers only with threads")
        self.settings = settings
        self.handlers = dict(handlers) if handlers is not None else stage_handlers()
        self.batch_size = batch_size
        self.wait_seconds = wait_seconds
        self.concurrency = concurrency
        self.stages = set(stages) if stages is not None else None
        self.dead_letters = dead_letters
        self.function_timeout = function_timeout
        self.sandboxes = sandboxes
        self._sandboxes: list[ProcessSandbox] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._invokers: list[threading.Thread] = []
        self._batches: list[Batches] = []
        self._running: list[QueueMapping] = []
        self._handler_failures: dict[str, int] = {}
        self._sqs = aws.client("sqs", settings)

    def __enter__(self) -> EventSourceMappings:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def mappings(self) -> list[QueueMapping]:
        found = []
        for route in stage_routes(self.settings):
            handler = self.handlers.get(route.stage)
            if handler is None or (self.stages is not None and route.stage not in self.stages):
                continue
            queue_url = self._sqs.get_queue_url(QueueName=route.queue_name)["QueueUrl"]
            attributes = self._sqs.get_queue_attributes(
                QueueUrl=queue_url, AttributeNames=["QueueArn", "VisibilityTimeout"]
            )["Attributes"]
            timeout = self.function_timeout or max(
                MIN_FUNCTION_TIMEOUT, int(attributes["VisibilityTimeout"]) // VISIBILITY_PER_TIMEOUT
            )
            found.append(
                QueueMapping(route.stage, route.key, queue_url, attributes["QueueArn"], handler, timeout)
            )
        return found

    def start(self) -> None:
        from manga_common.stage import warm_stage_handlers

        self._stop.clear()
        self._running = self.mappings()
        if self.sandboxes == "threads":
            warm_stage_handlers()  # Lambda's init phase: not paid for out of any message's budget
        else:
            self._start_sandboxes()
        sandboxes = iter(self._sandboxes)
        for mapping in self._running:
            # Long-lived invocation threads, as a warm Lambda sandbox is: what a thread keeps
            # (its DynamoDB resource) serves the invocations after its first.
            batches: Batches = queue.SimpleQueue()
            self._batches.append(batches)
            free = threading.BoundedSemaphore(self.concurrency)
            for number in range(self.concurrency):
                invoker = threading.Thread(
                    target=self._invoke_each,
                    args=(mapping, free, batches, next(sandboxes, None)),
                    name=f"esm-{mapping.key}-{number}",
                    daemon=True,
                )
                invoker.start()
                self._invokers.append(invoker)
            self._spawn(f"esm-{mapping.key}-poller", self._poll, mapping, free, batches)
        if self.dead_letters:
            self._spawn("dead-letter-sweep", self._sweep)

    def stop(self) -> None:
        """Stop polling; in-flight messages finish (within their function timeout)."""
        self._stop.set()
        longest = max((m.function_timeout for m in self._running), default=0)
        give_up = time.monotonic() + longest + self.wait_seconds + 5
        for thread in self._threads:
            thread.join(timeout=max(0.0, give_up - time.monotonic()))
        for batches in self._batches:  # the pollers have stopped: each invoker ends after its batch
            for _ in range(self.concurrency):
                batches.put(None)
        for thread in self._invokers:
            thread.join(timeout=max(0.0, give_up - time.monotonic()))
        for sandbox in self._sandboxes:
            sandbox.stop()
        self._sandboxes.clear()
        self._threads.clear()
        self._invokers.clear()
        self._batches.clear()
        self._running = []

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _start_sandboxes(self) -> None:
        """A sandbox for each invocation thread, in the order start() hands them out, all ready:
        their inits run side by side, before any message, as Lambda's provisioned concurrency."""
        environment = self.settings.to_env()
        self._sandboxes = [
            ProcessSandbox(stage_named(mapping.stage).handler, environment)
            for mapping in self._running
            for _ in range(self.concurrency)
        ]
        try:
            for sandbox in self._sandboxes:
                sandbox.start()
            for sandbox in self._sandboxes:
                sandbox.wait_ready()
        except Exception:
            for sandbox in self._sandboxes:  # none is left running for a start() that failed
                sandbox.stop(kill=True)
            self._sandboxes.clear()
            raise

    def _spawn(self, name: str, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _keep_going(self, what: str, step: Callable[[], object], pause: float = 0.0) -> None:
        """Run `step` until stopped, backing off after errors (the mapping outlives a failed
        invocation, as Lambda's does)."""
        failures = 0
        while not self._stop.is_set():
            try:
                step()
            except Exception as error:
                failures += 1
                if worth_logging(failures):
                    logger.warning(
                        "local worker failing, backing off",
                        extra={
                            "what": what,
                            "failures": failures,
                            "error": f"{type(error).__name__}: {error}",
                        },
                    )
                self._stop.wait(backoff_seconds(failures))
                continue
            if failures:
                logger.warning("local worker recovered", extra={"what": what, "failures": failures})
            failures = 0
            if pause:
                self._stop.wait(pause)

    def _poll(
        self,
        mapping: QueueMapping,
        free: threading.BoundedSemaphore,
        batches: Batches,
    ) -> None:
        self._keep_going(mapping.key, lambda: self.poll_once(mapping, free, batches))

    def _sweep(self) -> None:
        from dead_letter_service.logic import sweep

        self._keep_going("dead letters", lambda: sweep(self.settings), pause=SWEEP_SECONDS)

    def poll_once(
        self,
        mapping: QueueMapping,
        free: threading.BoundedSemaphore,
        batches: Batches,
    ) -> int:
        """Receive a batch for each free invocation (waiting for one to be free) and start them."""
        while not free.acquire(timeout=self.wait_seconds):
            if self._stop.is_set():
                return 0
        slots = 1
        while slots < MAX_RECEIVE // self.batch_size and free.acquire(blocking=False):
            slots += 1
        try:
            messages = self._sqs.receive_message(
                QueueUrl=mapping.queue_url,
                MaxNumberOfMessages=slots * self.batch_size,
                WaitTimeSeconds=self.wait_seconds,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
        except Exception:
            for _ in range(slots):
                free.release()
            raise
        received = [messages[i : i + self.batch_size] for i in range(0, len(messages), self.batch_size)]
        for _ in range(slots - len(received)):
            free.release()
        if received and self._stop.is_set():
            self._give_back(mapping, messages)  # received while stopping: another worker takes them now
            for _ in received:
                free.release()
            return 0
        for batch in received:
            batches.put(batch)
        return len(messages)

    def _invoke_each(
        self,
        mapping: QueueMapping,
        free: threading.BoundedSemaphore,
        batches: Batches,
        sandbox: ProcessSandbox | None,
    ) -> None:
        handler = sandbox.invoke if sandbox is not None else mapping.handler
        while (messages := batches.get()) is not None:
            self._invoke(mapping, handler, messages, free)

    def _invoke(
        self,
        mapping: QueueMapping,
        handler: Handler,
        messages: list[dict[str, Any]],
        free: threading.BoundedSemaphore,
    ) -> None:
        """One invocation of the stage's handler with one batch, as Lambda runs it."""
        try:
            event = sqs_event(messages, mapping.queue_arn, self.settings.region)
            context = LocalLambdaContext(
                function_name=f"manga-{mapping.stage}",
                region=self.settings.region,
                timeout_seconds=mapping.function_timeout,
            )
            try:
                answer = handler(event, context)
            except Exception:
                # A handler that raises fails the whole batch: it all comes back after the visibility timeout.
                self._note_handler_failure(mapping.key)
                return
            if self._handler_failures.pop(mapping.key, 0):
                logger.warning("local worker recovered", extra={"what": mapping.key})
            failed = {f["itemIdentifier"] for f in (answer or {}).get("batchItemFailures", [])}
            done = [m for m in messages if m["MessageId"] not in failed]
            if done:
                self._sqs.delete_message_batch(
                    QueueUrl=mapping.queue_url,
                    Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
                )
        except Exception as error:  # the emulator went away mid-invocation: the batch comes back
            logger.warning(
                "local invocation could not finish",
                extra={"what": mapping.key, "error": type(error).__name__},
            )
        finally:
            free.release()

    def _note_handler_failure(self, stage: str) -> None:
        failures = self._handler_failures[stage] = self._handler_failures.get(stage, 0) + 1
        if worth_logging(failures):
            # A handler's own bug deserves its stack trace.
            logger.warning("local handler raised", extra={"what": stage, "failures": failures}, exc_info=True)

    def _give_back(self, mapping: QueueMapping, messages: list[dict[str, Any]]) -> None:
        self._sqs.change_message_visibility_batch(
            QueueUrl=mapping.queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(messages)
            ],
        )
