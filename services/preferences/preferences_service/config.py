"""The API's own settings: limits and the web client's origin.

Read once per execution environment from the variables Terraform sets on the function.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

MAX_BODY_BYTES = 16 * 1024
"""A preferences body is a few hundred bytes; anything near this is not a reader's request."""

MAX_SCRIPT_BODY_BYTES = 512 * 1024
"""An edited script carries every page's text: 48 pages of six full panels fit."""

DEFAULT_GENERATION_LIMIT_PER_HOUR = 20


class ApiConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    generation_limit_per_hour: int = Field(default=DEFAULT_GENERATION_LIMIT_PER_HOUR, ge=1, le=10_000)
    cors_allowed_origin: str = Field(default="*", min_length=1)
    max_body_bytes: int = MAX_BODY_BYTES
    max_script_body_bytes: int = MAX_SCRIPT_BODY_BYTES

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ApiConfig:
        environ = os.environ if environ is None else environ
        values: dict[str, str] = {}
        if environ.get("GENERATION_LIMIT_PER_HOUR"):
            values["generation_limit_per_hour"] = environ["GENERATION_LIMIT_PER_HOUR"]
        if environ.get("CORS_ALLOWED_ORIGIN"):
            values["cors_allowed_origin"] = environ["CORS_ALLOWED_ORIGIN"]
        return cls.model_validate(values)
