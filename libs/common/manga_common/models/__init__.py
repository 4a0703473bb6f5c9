"""Pydantic models: the platform's contract (docs/design.md), defined once."""
