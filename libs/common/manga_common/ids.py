"""Identifiers derived from the request, so a repeated delivery names the same things."""

from __future__ import annotations

import hashlib
import uuid

_NAMESPACE = uuid.UUID("6f1c7d1e-9a55-4c39-9d35-3a4b9a0e2b11")


def new_request_id() -> str:
    return str(uuid.uuid4())


def story_id_for(request_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"story:{request_id}"))


def episode_id_for(story_id: str, episode_number: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"episode:{story_id}:{episode_number}"))


def seed_from(*parts: object) -> int:
    """A stable 31-bit seed (Python's hash() changes between processes)."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
