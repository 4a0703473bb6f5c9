"""The preferences service."""
