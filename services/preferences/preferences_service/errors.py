"""Every answer that is not a success: the ErrorResponse of docs/design.md with the right status.

Invalid input is a 400 with field errors (never Powertools' default 422), anything that is
not the caller's is a 404 (a 403 would confirm that it exists), and a 5xx only ever means
the platform failed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from pydantic import BaseModel

from manga_common.models.errors import ErrorResponse
from manga_common.observability import logger
from manga_common.table import RateLimitExceeded

# Where a Powertools validation error points; the reader only needs the field's own name.
_LOCATIONS = ("body", "path", "query", "header")


class FieldError(BaseModel):
    field: str
    message: str


class ApiError(Exception):
    status = HTTPStatus.BAD_REQUEST
    code = "INVALID_REQUEST"

    def __init__(
        self,
        message: str,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = dict(headers or {})
        if code:
            self.code = code


class InvalidRequest(ApiError):
    def __init__(self, message: str, fields: Sequence[FieldError]) -> None:
        super().__init__(message, [f.model_dump() for f in fields])


class Unauthorized(ApiError):
    status = HTTPStatus.UNAUTHORIZED
    code = "UNAUTHORIZED"


class NotFound(ApiError):
    status = HTTPStatus.NOT_FOUND
    code = "NOT_FOUND"


class Conflict(ApiError):
    status = HTTPStatus.CONFLICT
    code = "CONFLICT"


class PayloadTooLarge(ApiError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "PAYLOAD_TOO_LARGE"


class ServiceUnavailable(ApiError):
    status = HTTPStatus.SERVICE_UNAVAILABLE
    code = "SERVICE_UNAVAILABLE"


def error_response(
    status: int,
    code: str,
    message: str,
    request_id: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Response[str]:
    body = ErrorResponse.of(code, message, request_id, details)
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body.model_dump_json(by_alias=True, exclude_none=True),
        headers=dict(headers or {}),
    )


def field_errors(errors: Sequence[Any]) -> list[FieldError]:
    """Powertools' validation errors as the reader's field names and messages (never the input echoed)."""
    fields = []
    for error in errors:
        if error.get("type") == "json_invalid":
            fields.append(FieldError(field="body", message="the body is not valid JSON"))
            continue
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] in _LOCATIONS:
            location = location[1:]
        fields.append(
            FieldError(field=".".join(location) or "body", message=str(error.get("msg", "invalid")))
        )
    return fields


def register_error_handlers(app: APIGatewayRestResolver) -> None:
    def request_id() -> str:
        return app.current_event.request_context.request_id or "-"

    @app.exception_handler(ApiError)
    def api_error(error: ApiError) -> Response[str]:
        return error_response(
            error.status, error.code, error.message, request_id(), error.details, error.headers
        )

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response[str]:
        fields = [f.model_dump() for f in field_errors(error.errors())]
        return error_response(400, "INVALID_REQUEST", "the request is not valid", request_id(), fields)

    @app.exception_handler(RequestUnsupportedContentType)
    def unsupported_type(error: RequestUnsupportedContentType) -> Response[str]:
        return error_response(
            415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json", request_id()
        )

    @app.exception_handler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded) -> Response[str]:
        seconds = error.retry_after_seconds
        return error_response(
            429,
            "RATE_LIMITED",
            "too many generation requests this hour",
            request_id(),
            {"retryAfterSeconds": seconds},
            {"Retry-After": str(seconds)},
        )

    @app.not_found
    def no_route(error: Exception) -> Response[str]:
        return error_response(404, "NOT_FOUND", "no such resource", request_id())

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response[str]:
        logger.exception("request failed")
        return error_response(500, "INTERNAL_ERROR", "the request could not be completed", request_id())
