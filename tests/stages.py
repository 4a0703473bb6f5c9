"""Helpers to drive stage handlers with the messages EventBridge put on their queues."""

from __future__ import annotations

import time
from typing import Any

from manga_app.lambda_runtime import LocalLambdaContext, sqs_event
from manga_app.provision import QueueUrls
from manga_common import aws
from manga_common.settings import Settings


def queue_for(queues: list[QueueUrls], stage: str, ahead: bool = False) -> QueueUrls:
    """The stage's own queue, or with `ahead` its work ahead's."""
    return next(q for q in queues if q.stage == stage and q.ahead is ahead)


def receive(settings: Settings, queue_url: str, timeout: float = 5.0) -> list[dict[str, Any]]:
    """Messages on a queue, waiting up to `timeout` for the first (routing is asynchronous)."""
    sqs = aws.client("sqs", settings)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["All"]
        ).get("Messages", [])
        if messages:
            return messages
    return []


def deliver(settings: Settings, handler: Any, messages: list[dict[str, Any]], stage: str) -> dict[str, Any]:
    """Invoke a stage handler as Lambda's event source mapping would."""
    event = sqs_event(messages, f"arn:aws:sqs:{settings.region}:000000000000:{stage}", settings.region)
    return handler(event, LocalLambdaContext(function_name=f"manga-{stage}"))


def queue_depth(settings: Settings, queue_url: str) -> int:
    attributes = aws.client("sqs", settings).get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )
