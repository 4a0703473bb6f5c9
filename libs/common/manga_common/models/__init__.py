"""Pydantic models: the seed design's contract, defined once."""
