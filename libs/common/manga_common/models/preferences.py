"""What a reader asks for: the PreferencesRequest of docs/design.md, with its input limits."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from manga_common.models.base import CamelModel

Genre = Literal[
    "action",
    "adventure",
    "comedy",
    "drama",
    "fantasy",
    "historical",
    "horror",
    "mystery",
    "romance",
    "sci-fi",
    "slice-of-life",
    "sports",
    "supernatural",
    "thriller",
]
GENRES: tuple[str, ...] = Genre.__args__  # type: ignore[attr-defined]

TargetAudience = Literal["children", "teens", "young-adults", "adults"]
TARGET_AUDIENCES: tuple[str, ...] = TargetAudience.__args__  # type: ignore[attr-defined]

# Ordered from mildest to strongest; the story engine and prompts never go past the chosen one.
ContentRating = Literal["all-ages", "teen", "mature"]
CONTENT_RATINGS: tuple[str, ...] = ContentRating.__args__  # type: ignore[attr-defined]

ReadingDirection = Literal["rtl", "ltr"]

# Themes are the only free text a reader sends. They are short words or phrases, never
# instructions: letters (any script), digits, spaces and a little punctuation.
Theme = Annotated[
    str,
    StringConstraints(min_length=2, max_length=40, pattern=r"^[\w][\w '\-,.&]*$"),
]
ArtStyleName = Annotated[str, StringConstraints(min_length=2, max_length=32, pattern=r"^[a-z][a-z0-9-]*$")]
ReviewScript = Annotated[
    bool,
    Field(
        strict=True,
        description=(
            "Stop once the script is written so the reader can edit it: the request ends COMPLETED "
            "at the episode stage, the episode SCRIPTED, and `POST /episodes/{episodeId}/draw` draws it"
        ),
    ),
]
"""The `reviewScript` flag of a request for a new episode (first or next)."""

MAX_GENRES = 4
MAX_THEMES = 5
MAX_PAGES = 48
"""Pages one episode may have: the image stage draws and letters 48 within its time budget."""


class PreferencesRequest(CamelModel):
    """Body of `POST /preferences`: what a reader orders, and optional extensions."""

    genres: list[Genre] = Field(min_length=1, max_length=MAX_GENRES)
    themes: list[Theme] = Field(default_factory=list, max_length=MAX_THEMES)
    art_style: ArtStyleName
    target_audience: TargetAudience
    content_rating: ContentRating
    # Extensions (optional): a fixed seed makes the offline backends reproducible.
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    reading_direction: ReadingDirection = "rtl"
    pages: int | None = Field(default=None, ge=2, le=MAX_PAGES)
    review_script: ReviewScript = False

    @field_validator("genres", "themes")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        seen: list[str] = []
        for value in values:
            if value.lower() not in (v.lower() for v in seen):
                seen.append(value)
        return seen

    def rating_allows(self, rating: str) -> bool:
        """True when `rating` is no stronger than this request's content rating."""
        return CONTENT_RATINGS.index(rating) <= CONTENT_RATINGS.index(self.content_rating)

    def fingerprint(self) -> str:
        """Same taste, same fingerprint: the key of the cached insights for these preferences."""
        taste = {
            "genres": sorted(g.lower() for g in self.genres),
            "themes": sorted(t.lower() for t in self.themes),
            "artStyle": self.art_style,
            "targetAudience": self.target_audience,
            "contentRating": self.content_rating,
        }
        return hashlib.sha256(json.dumps(taste, sort_keys=True).encode()).hexdigest()[:32]
