"""The API's OpenAPI 3 document, generated from the routes and their pydantic models.

`python -m preferences_service.openapi > openapi.json` regenerates the committed copy; a test
fails when the two differ. Two corrections to what Powertools writes by itself: validation
failures answer 400 (documented per route), not its 422; and an unexpected failure answers a
500 in the ErrorResponse format, not its response-validation shape.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler.openapi.models import APIKey, APIKeyIn

from preferences_service.app import create_app
from preferences_service.config import ApiConfig

TITLE = "Manga Platform API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Order a personalised manga, follow its generation and read it. Every route needs a Cognito "
    "ID token in the Authorization header; a caller only ever sees their own items."
)
SECURITY_SCHEME = "cognito"
INTERNAL_ERROR = {
    "description": "The platform failed (never caused by the request's content)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
}
UNUSED_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def openapi_document() -> dict[str, Any]:
    # The document describes the routes, not a deployment: default settings, no AWS calls.
    app = create_app(deps=_no_deps, config=ApiConfig())
    document: dict[str, Any] = json.loads(
        app.get_openapi_json_schema(
            title=TITLE,
            version=VERSION,
            description=DESCRIPTION,
            security_schemes={
                SECURITY_SCHEME: APIKey(
                    name="Authorization",
                    in_=APIKeyIn.header,
                    description="The Cognito user pool's ID token (API Gateway's Cognito authorizer)",
                )
            },
            security=[{SECURITY_SCHEME: []}],
        )
    )
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            responses.pop("422", None)
            if "500" in responses:
                responses["500"] = INTERNAL_ERROR
    schemas = document.get("components", {}).get("schemas", {})
    for name in UNUSED_SCHEMAS:
        schemas.pop(name, None)
    return document


def openapi_json() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"


def _no_deps() -> Any:
    raise RuntimeError("the OpenAPI document is built without clients")


def main() -> None:
    print(openapi_json(), end="")


if __name__ == "__main__":
    main()
