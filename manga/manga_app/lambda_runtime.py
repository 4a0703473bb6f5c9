"""What the Lambda service hands a handler: a context object and event shapes.

The local runtime builds the same events AWS does, so handlers cannot tell the difference.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qs

from aws_lambda_powertools.utilities.typing import LambdaContext


@dataclass
class LocalLambdaContext:
    function_name: str
    memory_limit_in_mb: int = 1024
    timeout_seconds: int = 900
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    region: str = "us-east-1"
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:000000000000:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.timeout_seconds - (time.monotonic() - self._started)) * 1000))

    def as_lambda_context(self) -> LambdaContext:
        """This context as the type handlers declare: it has every attribute they read."""
        return cast(LambdaContext, self)


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """An SQS event source mapping's event for messages from ReceiveMessage."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for message in messages
        ]
    }


def rest_api_event(
    method: str,
    path: str,
    *,
    claims: dict[str, Any] | None,
    body: str | None = None,
    query: str = "",
    headers: dict[str, str] | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST (proxy integration) event, with the Cognito authorizer's claims."""
    params = {k: v[-1] for k, v in parse_qs(query).items()} if query else None
    multi = parse_qs(query) if query else None
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": headers or {},
        "multiValueHeaders": {k: [v] for k, v in (headers or {}).items()},
        "queryStringParameters": params,
        "multiValueQueryStringParameters": multi,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource or path,
            "httpMethod": method,
            "path": path,
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "127.0.0.1"},
            # API Gateway passes every claim as a string.
            "authorizer": {"claims": {k: str(v) for k, v in claims.items()}} if claims else None,
        },
        "body": body,
        "isBase64Encoded": False,
    }


def json_body(response: dict[str, Any]) -> Any:
    return json.loads(response.get("body") or "null")
