"""The ErrorResponse of docs/design.md ("Errors"), used by every API answer that is not a success."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from manga_common.models.base import CamelModel
from manga_common.models.events import utc_now


class ErrorBody(CamelModel):
    code: str
    message: str
    details: Any | None = None
    request_id: str
    timestamp: str = Field(default_factory=utc_now)


class ErrorResponse(CamelModel):
    error: ErrorBody

    @classmethod
    def of(cls, code: str, message: str, request_id: str, details: Any | None = None) -> ErrorResponse:
        return cls(error=ErrorBody(code=code, message=message, details=details, request_id=request_id))
