"""Who is calling: the Cognito user API Gateway's authorizer vouched for."""

from __future__ import annotations

from typing import Any

from preferences_service.errors import Unauthorized


def caller_id(raw_event: dict[str, Any]) -> str:
    """The caller's `sub` claim, as the authorizer put it in the request context."""
    context = raw_event.get("requestContext") or {}
    claims: dict[str, Any] = (context.get("authorizer") or {}).get("claims") or {}
    user_id = claims.get("sub")
    if not isinstance(user_id, str) or not user_id:
        raise Unauthorized("a valid token is required")
    return user_id
