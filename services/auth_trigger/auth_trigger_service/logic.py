"""Recording a user's profile the first time they sign in."""

from __future__ import annotations

from manga_common.models.entities import UserProfile
from manga_common.table import MangaTable


def record_sign_in(table: MangaTable, user_id: str, email: str) -> bool:
    """True when this sign-in created the profile; later sign-ins leave it untouched."""
    return table.put_profile_if_absent(UserProfile(user_id=user_id, email=email))
