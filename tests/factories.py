"""Valid sample inputs for tests."""

from __future__ import annotations

from manga_common.models.insights import QlooInsights, Recommendation, Trend
from manga_common.models.preferences import PreferencesRequest


def sample_preferences(**overrides: object) -> PreferencesRequest:
    values: dict[str, object] = {
        "genres": ["fantasy", "adventure"],
        "themes": ["friendship", "a lost map"],
        "artStyle": "shonen",
        "targetAudience": "teens",
        "contentRating": "teen",
        "seed": 7,
        "pages": 3,
    }
    values.update(overrides)
    return PreferencesRequest.model_validate(values)


def sample_insights() -> QlooInsights:
    return QlooInsights(
        recommendations=[Recommendation(category="anime", score=0.8, attributes={"tag": "adventure"})],
        trends=[Trend(topic="found family", popularity=0.7)],
        provider="offline",
    )
