"""The Qloo insights provider against a loopback fake of the Qloo API: mapping, breaker, fallbacks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from manga_common.aws import client
from manga_common.models.insights import QlooInsights, Trend
from manga_common.plugins.registry import build_registry, plugin_manager
from manga_common.settings import Settings
from manga_plugins.llm.circuit_breaker import CircuitBreaker
from manga_plugins.llm.retry import RetryPolicy
from manga_plugins.qloo import QlooConfig, QlooInsightsProvider, TableInsightsCache, api_key_from_secret
from tests.factories import sample_preferences
from tests.fakes import Canned, FakeQloo
from tests.fakes.qloo import entity, insights_reply, qloo_error, tags_reply

KEY = "qloo-test-key"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class MemoryCache:
    def __init__(self) -> None:
        self.items: dict[str, QlooInsights] = {}

    def get(self, fingerprint: str) -> QlooInsights | None:
        return self.items.get(fingerprint)

    def put(self, fingerprint: str, insights: QlooInsights) -> None:
        self.items[fingerprint] = insights


@pytest.fixture
def qloo() -> Iterator[FakeQloo]:
    with FakeQloo(api_key=KEY) as fake:
        yield fake


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_provider(
    fake: FakeQloo, clock: Clock, sleeps: list[float], cache: MemoryCache | None = None, **config: Any
) -> QlooInsightsProvider:
    values: dict[str, Any] = {
        "base_url": fake.url,
        "api_key": KEY,
        "take": 5,
        "timeout_seconds": 1.0,
        **config,
    }
    return QlooInsightsProvider(
        config=QlooConfig.model_validate(values),
        cache=cache if cache is not None else MemoryCache(),
        breaker=CircuitBreaker(failure_threshold=2, cooldown_seconds=60.0, clock=clock),
        retry=RetryPolicy(attempts=2, max_retry_after=2.0, sleep=sleeps.append, jitter=lambda: 0.0),
    )


def cached_insights() -> QlooInsights:
    return QlooInsights(trends=[Trend(topic="from the cache", popularity=0.5)], provider="qloo")


def test_insights_from_tag_search_and_insights_calls(
    qloo: FakeQloo, clock: Clock, sleeps: list[float]
) -> None:
    cache = MemoryCache()
    preferences = sample_preferences()
    insights = make_provider(qloo, clock, sleeps, cache).insights_for(preferences)

    searches = qloo.received("tags")
    assert [r.query["filter.query"][0] for r in searches] == [
        "fantasy",
        "adventure",
        "friendship",
        "a lost map",
    ]
    assert all(r.headers["x-api-key"] == KEY for r in qloo.requests)
    calls = qloo.received("insights")
    assert [r.query["filter.type"] for r in calls] == [["urn:entity:book"], ["urn:entity:tv_show"]]
    assert calls[0].query["signal.interests.tags"] == [
        "urn:tag:keyword:media:fantasy,urn:tag:keyword:media:adventure,"
        "urn:tag:keyword:media:friendship,urn:tag:keyword:media:a_lost_map"
    ]
    assert calls[0].query["take"] == ["5"]

    assert insights.provider == "qloo"
    first = insights.recommendations[0]
    assert first.category in ("book", "tv_show") and first.score == 0.92
    assert first.attributes["name"].startswith("Fake") and first.attributes["tags"] == [
        "adventure",
        "friendship",
    ]
    assert [r.score for r in insights.recommendations] == sorted(
        (r.score for r in insights.recommendations), reverse=True
    )
    assert insights.trends[0] == Trend(topic="adventure", popularity=1.0)
    assert cache.items[preferences.fingerprint()] == insights


def test_tag_ids_are_looked_up_once_per_term(qloo: FakeQloo, clock: Clock, sleeps: list[float]) -> None:
    provider = make_provider(qloo, clock, sleeps)
    provider.insights_for(sample_preferences())
    provider.insights_for(sample_preferences(themes=["friendship", "pirates"]))
    assert [r.query["filter.query"][0] for r in qloo.received("tags")][4:] == ["pirates"]


def test_qloo_failing_falls_back_to_the_cache_then_offline(
    qloo: FakeQloo, clock: Clock, sleeps: list[float]
) -> None:
    preferences = sample_preferences()
    cache = MemoryCache()
    cache.put(preferences.fingerprint(), cached_insights())
    qloo.enqueue("tags", *[qloo_error(500)] * 4)

    from_cache = make_provider(qloo, clock, sleeps, cache).insights_for(preferences)
    assert from_cache.provider == "qloo-cache"
    assert from_cache.trends == cached_insights().trends
    assert len(qloo.received("tags")) == 2  # two short tries, then the fallback

    offline = make_provider(qloo, clock, sleeps).insights_for(preferences)
    assert offline.provider == "offline" and offline.recommendations


def test_the_circuit_breaker_opens_half_opens_and_closes(
    qloo: FakeQloo, clock: Clock, sleeps: list[float]
) -> None:
    provider = make_provider(qloo, clock, sleeps)
    qloo.enqueue("tags", *[qloo_error(503)] * 4)
    assert provider.insights_for(sample_preferences()).provider == "offline"
    assert provider.breaker.state == "closed"
    provider.insights_for(sample_preferences())
    assert provider.breaker.state == "open"

    calls = len(qloo.requests)
    assert provider.insights_for(sample_preferences()).provider == "offline"
    assert len(qloo.requests) == calls  # open: Qloo is not called at all

    clock.now += 61
    assert provider.breaker.state == "half-open"
    qloo.enqueue("tags", *[qloo_error(500)] * 2)
    provider.insights_for(sample_preferences())  # the trial call fails: open again
    assert provider.breaker.state == "open"

    clock.now += 61
    assert provider.insights_for(sample_preferences()).provider == "qloo"  # the trial succeeds
    assert provider.breaker.state == "closed"


def test_a_long_retry_after_keeps_the_breaker_open_that_long(
    qloo: FakeQloo, clock: Clock, sleeps: list[float]
) -> None:
    provider = make_provider(qloo, clock, sleeps)
    qloo.enqueue("tags", qloo_error(429, {"Retry-After": "120"}))
    assert provider.insights_for(sample_preferences()).provider == "offline"
    assert len(qloo.requests) == 1 and sleeps == []  # not worth waiting for within a request
    assert provider.breaker.state == "open"
    clock.now += 90  # past the cool-down, not past Retry-After
    assert provider.breaker.state == "open"
    clock.now += 31
    assert provider.insights_for(sample_preferences()).provider == "qloo"


def test_a_short_retry_after_is_waited_for(qloo: FakeQloo, clock: Clock, sleeps: list[float]) -> None:
    qloo.enqueue("insights", qloo_error(429, {"Retry-After": "1"}))
    assert make_provider(qloo, clock, sleeps).insights_for(sample_preferences()).provider == "qloo"
    assert sleeps == [1.0]


def test_a_timeout_falls_back(qloo: FakeQloo, clock: Clock, sleeps: list[float]) -> None:
    qloo.enqueue("tags", qloo_error(200, delay=0.5), qloo_error(200, delay=0.5))
    insights = make_provider(qloo, clock, sleeps, timeout_seconds=0.1).insights_for(sample_preferences())
    assert insights.provider == "offline"
    assert len(qloo.received("tags")) == 2


def test_a_wrong_key_falls_back_and_is_never_logged(
    qloo: FakeQloo, clock: Clock, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    provider = make_provider(qloo, clock, sleeps, api_key="qloo-wrong-key")
    assert provider.insights_for(sample_preferences()).provider == "offline"
    assert len(qloo.requests) == 1  # 401 is not retried
    output = capsys.readouterr()
    assert "qloo-wrong-key" not in output.out + output.err
    assert "qloo-wrong-key" not in repr(provider.config)


def test_no_matching_tags_asks_no_insights(qloo: FakeQloo, clock: Clock, sleeps: list[float]) -> None:
    qloo.respond("tags", lambda request: tags_reply())
    provider = make_provider(qloo, clock, sleeps)
    assert provider.insights_for(sample_preferences()).provider == "offline"
    assert qloo.received("insights") == []
    assert provider.breaker.state == "closed"


def test_entities_without_affinity_score_by_popularity(
    qloo: FakeQloo, clock: Clock, sleeps: list[float]
) -> None:
    plain = entity("Plain", 0.0, popularity=0.4)
    plain["query"] = {}
    qloo.respond("insights", lambda request: insights_reply(plain))
    insights = make_provider(qloo, clock, sleeps, entity_types="urn:entity:movie").insights_for(
        sample_preferences()
    )
    (recommendation,) = insights.recommendations
    assert recommendation.category == "movie" and recommendation.score == 0.4
    assert [t.topic for t in insights.trends] == ["fantasy", "adventure", "friendship", "a lost map"]


def test_the_key_can_come_from_a_secret(qloo: FakeQloo, clock: Clock, sleeps: list[float]) -> None:
    reads: list[str] = []

    def read_secret(arn: str) -> str:
        reads.append(arn)
        return json.dumps({"apiKey": KEY})

    provider = QlooInsightsProvider(
        config=QlooConfig(
            base_url=qloo.url, api_key_secret_arn="arn:aws:secretsmanager:us-east-1:1:secret:qloo"
        ),
        cache=MemoryCache(),
        read_secret=read_secret,
    )
    assert provider.insights_for(sample_preferences()).provider == "qloo"
    provider.insights_for(sample_preferences(genres=["horror"]))
    assert len(reads) == 1
    assert api_key_from_secret("  plain-key\n") == "plain-key"
    assert api_key_from_secret('{"QLOO_API_KEY": "k"}') == "k"


def test_secrets_manager_and_the_table_cache_on_the_emulator(settings: Settings, qloo: FakeQloo) -> None:
    arn = client("secretsmanager", settings).create_secret(
        Name=f"qloo-{settings.environment}", SecretString=json.dumps({"apiKey": KEY})
    )["ARN"]
    cache = TableInsightsCache(settings)
    provider = QlooInsightsProvider(
        config=QlooConfig(base_url=qloo.url, api_key_secret_arn=arn), settings=settings, cache=cache
    )
    preferences = sample_preferences()
    live = provider.insights_for(preferences)
    assert live.provider == "qloo"
    assert cache.get(preferences.fingerprint()) == live


def test_configuration_and_registration() -> None:
    config = QlooConfig.from_env(
        {"QLOO_BASE_URL": "https://api.example/", "QLOO_ENTITY_TYPES": "urn:entity:book, urn:entity:movie"}
    )
    assert config.base_url == "https://api.example"
    assert config.entity_types == ("urn:entity:book", "urn:entity:movie")
    registry = build_registry(plugin_manager(("manga_plugins.qloo", "manga_plugins.offline_insights")))
    assert registry.insights_providers.names() == ["offline", "qloo"]


def test_breaker_transitions_with_an_injected_clock(clock: Clock) -> None:
    breaker = CircuitBreaker(failure_threshold=3, cooldown_seconds=10, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_success()  # success resets the count
    for _ in range(3):
        breaker.record_failure()
    assert breaker.state == "open" and not breaker.allow()
    clock.now += 10
    assert breaker.allow()  # one trial call
    assert not breaker.allow()  # and only one
    breaker.record_success()
    assert breaker.state == "closed" and breaker.allow()


def test_an_answer_of_an_unexpected_shape_falls_back(
    qloo: FakeQloo, clock: Clock, sleeps: list[float]
) -> None:
    qloo.enqueue(
        "insights",
        Canned(200, {"success": True, "results": {"entities": [{"query": {"affinity": "high"}, "tags": 5}]}}),
    )
    provider = make_provider(qloo, clock, sleeps, entity_types="urn:entity:book")
    assert provider.insights_for(sample_preferences()).provider == "offline"
    clock.now += 61
    assert provider.breaker.allow()  # the failure was counted, not left half-open
