"""Taste insights (QlooInsights in docs/design.md), whichever provider produced them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from manga_common.models.base import CamelModel


class Recommendation(CamelModel):
    category: str
    score: float = Field(ge=0.0, le=1.0)
    attributes: dict[str, Any] = Field(default_factory=dict)


class Trend(CamelModel):
    topic: str
    popularity: float = Field(ge=0.0, le=1.0)


class QlooInsights(CamelModel):
    recommendations: list[Recommendation] = Field(default_factory=list)
    trends: list[Trend] = Field(default_factory=list)
    # Which provider answered ("qloo", "qloo-cache", "offline"): operators need to see fallbacks.
    provider: str = "offline"
