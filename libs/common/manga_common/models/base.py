"""Base model: camelCase on the wire and in the table, snake_case in Python."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """Serialises with the contract's camelCase names (docs/design.md); accepts either spelling."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        # A model's validator is built when it is first used, not when its module is imported:
        # a handler imports far more models than one invocation touches (cold start).
        defer_build=True,
    )

    def dump(self) -> dict:
        """JSON-compatible dict with wire (camelCase) names."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
