"""The offline taste map: deterministic, shaped like Qloo's answer, led by the reader's taste."""

from __future__ import annotations

from manga_plugins.offline_insights import MAX_RECOMMENDATIONS, MAX_TRENDS, OfflineInsightsProvider
from tests.factories import sample_preferences


def test_the_same_preferences_give_the_same_insights() -> None:
    provider = OfflineInsightsProvider()
    first = provider.insights_for(sample_preferences())
    assert first == OfflineInsightsProvider().insights_for(sample_preferences())
    assert first.provider == "offline"
    assert 0 < len(first.recommendations) <= MAX_RECOMMENDATIONS
    assert 0 < len(first.trends) <= MAX_TRENDS


def test_recommendations_follow_the_genres_and_theme_keywords() -> None:
    insights = OfflineInsightsProvider().insights_for(
        sample_preferences(genres=["sci-fi"], themes=["music of the stars"])
    )
    names = [r.attributes["name"] for r in insights.recommendations]
    assert "space opera films" in names
    assert "J-rock and idol music" in names  # from the theme word "music"
    assert "space exploration films" in names  # from "stars"
    scores = [r.score for r in insights.recommendations]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert insights.trends[0].topic == "retro-futurism"


def test_different_tastes_give_different_insights() -> None:
    provider = OfflineInsightsProvider()
    romance = provider.insights_for(sample_preferences(genres=["romance"], themes=[]))
    horror = provider.insights_for(sample_preferences(genres=["horror"], themes=[]))
    romance_names = {r.attributes["name"] for r in romance.recommendations}
    horror_names = {r.attributes["name"] for r in horror.recommendations}
    assert "slow-burn romance dramas" in romance_names - horror_names
    assert "J-horror films" in horror_names - romance_names
    assert romance.trends != horror.trends


def test_tastes_beyond_the_content_rating_are_left_out() -> None:
    provider = OfflineInsightsProvider()
    all_ages = provider.insights_for(sample_preferences(genres=["thriller"], contentRating="all-ages"))
    mature = provider.insights_for(sample_preferences(genres=["thriller"], contentRating="mature"))
    assert "crime noir novels" not in {r.attributes["name"] for r in all_ages.recommendations}
    assert "heist thrillers" not in {r.attributes["name"] for r in all_ages.recommendations}
    assert "crime noir novels" in {r.attributes["name"] for r in mature.recommendations}


def test_the_audience_adds_its_own_taste() -> None:
    children = OfflineInsightsProvider().insights_for(sample_preferences(targetAudience="children"))
    assert "animal companion cartoons" in {r.attributes["name"] for r in children.recommendations}
