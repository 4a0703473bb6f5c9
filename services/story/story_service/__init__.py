"""The story service."""
