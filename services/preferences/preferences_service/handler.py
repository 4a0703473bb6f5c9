"""REST API entry point (API Gateway with a Cognito authorizer in front)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from manga_common.errors import ConfigurationError, MangaError
from manga_common.models.errors import ErrorResponse
from manga_common.models.preferences import PreferencesRequest
from manga_common.observability import logger, tracer
from manga_common.settings import per_settings
from preferences_service.logic import PreferencesDeps, submit_preferences

app = APIGatewayRestResolver()
deps = per_settings(PreferencesDeps)


def caller_id() -> str:
    claims = app.current_event.request_context.authorizer.claims or {}
    return str(claims["sub"])


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    body = ErrorResponse.of(code, message, app.current_event.request_context.request_id or "-", details)
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body.dump())


@app.post("/preferences")
def post_preferences() -> Response:
    try:
        preferences = PreferencesRequest.model_validate_json(app.current_event.body or "")
    except ValidationError as error:
        fields = [{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in error.errors()]
        return error_response(400, "INVALID_REQUEST", "the preferences are not valid", fields)
    try:
        request = submit_preferences(caller_id(), preferences, deps())
    except ConfigurationError as error:
        return error_response(400, "INVALID_REQUEST", error.message)
    except MangaError as error:
        return error_response(503, error.code, "generation could not be started, try again")
    return Response(
        status_code=202,
        content_type=content_types.APPLICATION_JSON,
        body={"requestId": request.request_id, "status": request.status, "statusUrl": f"/status/{request.request_id}"},
    )


@app.get("/status/<request_id>")
def get_status(request_id: str) -> Response:
    assert deps().table
    request = deps().table.get_request(caller_id(), request_id)
    if request is None:
        return error_response(404, "NOT_FOUND", "no such request")
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=request.dump())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
