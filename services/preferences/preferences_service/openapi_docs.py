"""Response documentation shared by the routes: which errors each one may answer."""

from __future__ import annotations

from typing import Any

from manga_common.models.errors import ErrorResponse

ERROR_DESCRIPTIONS = {
    400: "Invalid input; `details` lists each field and what is wrong with it",
    401: "No valid token",
    404: "Not found among the caller's own items",
    409: "Not possible in the item's current state",
    412: "If-Match names an older revision than the current one; read it again",
    413: "Body over the size limit",
    415: "Body not sent as application/json",
    428: "If-Match is required: send the ETag of what you read",
    429: "Over the hourly generation limit; see Retry-After",
    503: "A backend is unavailable; try again",
}

IMAGE_CONTENT: dict[str, Any] = {
    media: {"schema": {"type": "string", "format": "binary"}}
    for media in ("image/png", "image/jpeg", "image/webp")
}


def responses(
    success: int, description: str, *errors: int, content: dict[str, Any] | None = None
) -> dict[int, Any]:
    """The route's success answer (its return type's schema unless `content` says otherwise) and errors."""
    answer: dict[str, Any] = {"description": description}
    if content is not None:
        answer["content"] = content
    documented: dict[int, Any] = {success: answer}
    for status in errors:
        documented[status] = {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"model": ErrorResponse}},
        }
    return documented
