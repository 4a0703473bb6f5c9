"""The REST API as one Lambda function: a Powertools resolver with validation and OpenAPI.

A resolver keeps the event it is answering on itself, so one resolver answers one request at
a time, as one Lambda execution environment does. `RestApi` is such an environment: the
Lambda entry point holds one, and a local gateway holds as many as it serves concurrently.
"""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig
from aws_lambda_powertools.utilities.typing import LambdaContext

from manga_common.settings import per_settings
from preferences_service.config import ApiConfig
from preferences_service.errors import error_response, register_error_handlers
from preferences_service.logic import PreferencesDeps
from preferences_service.routes import register_routes
from preferences_service.script_routes import script_router

CORS_HEADERS = ["Authorization", "Content-Type", "If-Match"]
MAX_JSON_DEPTH = 32
"""A preferences body nests two levels; Python's JSON parser recurses once per level and fails
with a RecursionError near a thousand, well inside the body size limit."""

# The tokens that change the nesting depth, and strings as a whole (a bracket inside one is text).
_NESTING_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def create_app(
    deps: Callable[[], PreferencesDeps] | None = None, config: ApiConfig | None = None
) -> APIGatewayRestResolver:
    config = config or ApiConfig.from_env()
    app = APIGatewayRestResolver(
        enable_validation=True,
        # A response that does not fit its own schema is the platform's fault: 500, never a 400.
        response_validation_error_http_code=500,
        cors=CORSConfig(
            allow_origin=config.cors_allowed_origin,
            allow_headers=CORS_HEADERS,
            expose_headers=["ETag", "Location"],
            max_age=600,
        ),
    )
    register_error_handlers(app)
    deps = deps or per_settings(PreferencesDeps)
    register_routes(app, deps)
    app.include_router(script_router(deps))
    return app


class RestApi:
    """One execution environment of the API function: a resolver and its clients."""

    def __init__(
        self, deps: Callable[[], PreferencesDeps] | None = None, config: ApiConfig | None = None
    ) -> None:
        self.config = config or ApiConfig.from_env()
        self.app = create_app(deps, self.config)

    def __call__(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        # Refused before the resolver parses anything: an oversized body unread, and a body the
        # resolver would parse as a form (its form parsers fail on malformed input).
        limit = self.body_limit(event)
        if body_size(event) > limit:
            return self.refuse(event, 413, "PAYLOAD_TOO_LARGE", f"the body is over {limit} bytes")
        if event.get("body") and not is_json(content_type(event)):
            return self.refuse(event, 415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json")
        if nests_deeper_than(decoded_body(event), MAX_JSON_DEPTH):
            return self.refuse(
                event, 400, "INVALID_REQUEST", f"the body nests deeper than {MAX_JSON_DEPTH} levels"
            )
        return self.app.resolve(event, context)

    def body_limit(self, event: dict[str, Any]) -> int:
        """An edited script is the one body that carries a whole episode's text."""
        if str(event.get("path") or "").endswith("/script"):
            return self.config.max_script_body_bytes
        return self.config.max_body_bytes

    def refuse(self, event: dict[str, Any], status: int, code: str, message: str) -> dict[str, Any]:
        request_id = (event.get("requestContext") or {}).get("requestId") or str(uuid.uuid4())
        response = error_response(
            status,
            code,
            message,
            request_id,
            headers={"Access-Control-Allow-Origin": self.config.cors_allowed_origin},
        )
        return {
            "statusCode": response.status_code,
            "headers": {key: str(value) for key, value in response.headers.items()},
            "body": response.body,
            "isBase64Encoded": False,
        }


def body_size(event: dict[str, Any]) -> int:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return len(base64.b64decode(body, validate=False))
    return len(body.encode("utf-8"))


def decoded_body(event: dict[str, Any]) -> str:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return base64.b64decode(body, validate=False).decode("utf-8", errors="replace")
    return str(body)


def nests_deeper_than(text: str, limit: int) -> bool:
    """True when JSON text opens more than `limit` arrays or objects inside each other.

    Read without parsing (parsing is what fails on deep nesting); a malformed body is left to
    the parser, which answers it as invalid JSON.
    """
    depth = 0
    for token in _NESTING_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif bracket in ("]", "}"):
            depth -= 1
    return False


def content_type(event: dict[str, Any]) -> str:
    headers = event.get("headers") or {}
    return next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")


def is_json(media_type: str) -> bool:
    """No Content-Type is taken as JSON, as Powertools takes it."""
    return media_type.split(";", 1)[0].strip().lower() in ("", "application/json")
