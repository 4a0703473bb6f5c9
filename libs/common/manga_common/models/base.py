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


def deferred_models() -> list[type[BaseModel]]:
    """Every imported model whose validator `defer_build` left for its first use, unbuilt yet."""
    found, pending = [], [BaseModel]
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if model.model_config.get("defer_build") and not model.__pydantic_complete__:
            found.append(model)
    return found


def build_deferred_validators() -> int:
    """Build the deferred validators now, as a sandbox's init does before its first
    invocation; returns how many were built.

    Each is a few milliseconds of schema generation, and a first message paid for all it
    touched (a story's first invocation about 150 ms of them).
    """
    # Not raising: a model whose names resolve only later is built on first use, as before.
    return sum(bool(model.model_rebuild(raise_errors=False)) for model in deferred_models())
