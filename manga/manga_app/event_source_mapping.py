"""The local stand-in for Lambda's SQS event source mappings.

One thread per stage long-polls that stage's queue and calls the stage's handler with an
SQS-shaped event, deleting what the handler did not report as failed. Routing is not done
here: EventBridge rules on the emulator put each event on its queue.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from typing import Any

from manga_app.lambda_runtime import LocalLambdaContext, sqs_event
from manga_app.resources import stage_routes
from manga_common import aws
from manga_common.observability import logger
from manga_common.settings import Settings
from manga_common.stages import WORK_STAGES

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def stage_handlers() -> dict[str, Handler]:
    """The services' real Lambda handlers, by stage (imported late: they read settings at import)."""
    handlers: dict[str, Handler] = {}
    for stage in WORK_STAGES:
        module, _, function = stage.handler.rpartition(".")
        handlers[stage.name] = getattr(importlib.import_module(module), function)
    return handlers


class EventSourceMappings:
    def __init__(
        self,
        settings: Settings,
        handlers: Mapping[str, Handler] | None = None,
        batch_size: int = 1,
        wait_seconds: int = 1,
    ) -> None:
        self.settings = settings
        self.handlers = dict(handlers) if handlers is not None else stage_handlers()
        self.batch_size = batch_size
        self.wait_seconds = wait_seconds
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sqs = aws.client("sqs", settings)

    def __enter__(self) -> EventSourceMappings:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        for route in stage_routes(self.settings):
            handler = self.handlers.get(route.stage)
            if handler is None:
                continue
            queue_url = self._sqs.get_queue_url(QueueName=route.queue_name)["QueueUrl"]
            thread = threading.Thread(
                target=self._poll,
                args=(route.stage, queue_url, handler),
                name=f"esm-{route.stage}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.wait_seconds + 30)
        self._threads.clear()

    def _poll(self, stage: str, queue_url: str, handler: Handler) -> None:
        queue_arn = self._sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        while not self._stop.is_set():
            try:
                self.poll_once(stage, queue_url, queue_arn, handler)
            except Exception:  # the mapping outlives a failed invocation, as Lambda's does
                logger.exception("local event source mapping failed", extra={"stage": stage})

    def poll_once(self, stage: str, queue_url: str, queue_arn: str, handler: Handler) -> int:
        messages = self._sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=self.batch_size,
            WaitTimeSeconds=self.wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        event = sqs_event(messages, queue_arn, self.settings.region)
        try:
            answer = handler(
                event, LocalLambdaContext(function_name=f"manga-{stage}", region=self.settings.region)
            )
            failed = {f["itemIdentifier"] for f in (answer or {}).get("batchItemFailures", [])}
        except Exception:
            # A handler that raises fails the whole batch: it all comes back after the visibility timeout.
            logger.exception("handler raised", extra={"stage": stage})
            return len(messages)
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self._sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        return len(messages)
