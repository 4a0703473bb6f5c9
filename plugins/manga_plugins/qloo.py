"""Qloo insights provider (`qloo`): taste insights from the Qloo Insights API.

Genres and themes become Qloo tag ids through the tag search
(`GET {base}/v2/tags?filter.query=<term>`); the tags are the signal of one insights call
per entity type (`GET {base}/v2/insights?filter.type=urn:entity:<type>&signal.interests.tags=<ids>&take=N`),
authenticated with the `X-Api-Key` header.

When Qloo cannot answer (timeouts, 5xx, 429, bad key), the provider answers anyway: with
the last insights cached for the same preference fingerprint (`provider="qloo-cache"`),
else with the offline taste map (`provider="offline"`). A circuit breaker stops calling
Qloo after repeated failures, and a 429's Retry-After keeps it away for that long.

Configuration (environment): QLOO_BASE_URL, QLOO_API_KEY (local) or
QLOO_API_KEY_SECRET_ARN (a Secrets Manager secret: the key itself, or JSON with an
"apiKey" field), QLOO_TIMEOUT_SECONDS, QLOO_ENTITY_TYPES (comma-separated URNs),
QLOO_TAKE. IAM: secretsmanager:GetSecretValue on the secret (when an ARN is configured),
dynamodb:GetItem and PutItem on the table (the insights cache).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import httpx
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from manga_common import aws
from manga_common.errors import ConfigurationError, MangaError, PermanentError, TransientError
from manga_common.models.insights import QlooInsights, Recommendation, Trend
from manga_common.models.preferences import PreferencesRequest
from manga_common.observability import logger
from manga_common.plugins import hookimpl
from manga_common.plugins.interfaces import InsightsProvider
from manga_common.settings import Settings, get_settings
from manga_common.table import MangaTable
from manga_plugins.llm.circuit_breaker import CircuitBreaker
from manga_plugins.llm.config import from_environment
from manga_plugins.llm.http_errors import status_error, transport_error
from manga_plugins.llm.retry import RetryLater, RetryPolicy
from manga_plugins.offline_insights import OfflineInsightsProvider

SERVICE = "Qloo"
MAX_TAG_QUERIES = 6
MAX_RECOMMENDATIONS = 12
MAX_TRENDS = 6
# Qloo sits on the request path of POST /preferences: few, short retries.
QLOO_RETRY = RetryPolicy(attempts=2, base_delay=0.2, max_delay=1.0, max_retry_after=2.0)


class QlooConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    base_url: str = "https://hackathon.api.qloo.com"
    api_key: SecretStr | None = None
    api_key_secret_arn: str | None = None
    timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    entity_types: tuple[str, ...] = ("urn:entity:book", "urn:entity:tv_show")
    take: int = Field(default=8, ge=1, le=50)

    @field_validator("base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("entity_types", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> QlooConfig:
        return from_environment(cls, ENVIRONMENT_VARIABLES, environ)


ENVIRONMENT_VARIABLES = {
    "base_url": "QLOO_BASE_URL",
    "api_key": "QLOO_API_KEY",
    "api_key_secret_arn": "QLOO_API_KEY_SECRET_ARN",
    "timeout_seconds": "QLOO_TIMEOUT_SECONDS",
    "entity_types": "QLOO_ENTITY_TYPES",
    "take": "QLOO_TAKE",
}


class InsightsCache(Protocol):
    """Last good insights per preference fingerprint."""

    def get(self, fingerprint: str) -> QlooInsights | None: ...

    def put(self, fingerprint: str, insights: QlooInsights) -> None: ...


class TableInsightsCache:
    """The insights cache in the platform's table (INSIGHTS#<fingerprint> / LATEST)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings
        self._table: MangaTable | None = None

    @property
    def table(self) -> MangaTable:
        if self._table is None:
            self._table = MangaTable(self._settings or get_settings())
        return self._table

    def get(self, fingerprint: str) -> QlooInsights | None:
        return self.table.get_cached_insights(fingerprint)

    def put(self, fingerprint: str, insights: QlooInsights) -> None:
        self.table.put_cached_insights(fingerprint, insights)


def api_key_from_secret(secret: str) -> str:
    """A secret holds the key itself, or a JSON object naming it."""
    try:
        value = json.loads(secret)
    except ValueError:
        return secret.strip()
    if isinstance(value, dict):
        for name in ("apiKey", "api_key", "QLOO_API_KEY"):
            if isinstance(value.get(name), str):
                return str(value[name])
        if len(value) == 1 and isinstance(next(iter(value.values())), str):
            return str(next(iter(value.values())))
    raise ConfigurationError("the Qloo secret holds no API key")


class QlooApi:
    """The two Qloo calls, each retried briefly; errors are the platform's."""

    def __init__(self, config: QlooConfig, api_key: Callable[[], str], retry: RetryPolicy) -> None:
        self.config = config
        self._api_key = api_key
        self._retry = retry
        self._http: httpx.Client | None = None
        self._lock = threading.Lock()

    @property
    def http(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                self._http = httpx.Client(
                    base_url=self.config.base_url,
                    timeout=httpx.Timeout(self.config.timeout_seconds),
                    headers={"Accept": "application/json"},
                )
            return self._http

    def _get(self, path: str, params: Mapping[str, str | int]) -> dict[str, Any]:
        headers = {"X-Api-Key": self._api_key()}

        def attempt() -> dict[str, Any]:
            try:
                response = self.http.get(path, params=dict(params), headers=headers)
            except httpx.HTTPError as error:
                raise transport_error(error, SERVICE) from error
            if not response.is_success:
                raise status_error(response, SERVICE)
            try:
                answer = response.json()
            except ValueError:
                raise TransientError(f"{SERVICE} answered {path} with invalid JSON") from None
            if not isinstance(answer, dict) or answer.get("success") is False:
                raise PermanentError(f"{SERVICE} refused {path}", code="BACKEND_REJECTED")
            return answer

        return self._retry.call(attempt, what=f"GET {path}")

    def search_tags(self, term: str) -> list[dict[str, Any]]:
        answer = self._get("/v2/tags", {"filter.query": term, "take": 3})
        tags = (answer.get("results") or {}).get("tags") or []
        return [tag for tag in tags if isinstance(tag, dict) and isinstance(tag.get("id"), str)]

    def insights(self, entity_type: str, tag_ids: list[str]) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {
            "filter.type": entity_type,
            "signal.interests.tags": ",".join(tag_ids),
            "take": self.config.take,
        }
        answer = self._get("/v2/insights", params)
        entities = (answer.get("results") or {}).get("entities") or []
        return [entity for entity in entities if isinstance(entity, dict)]


def _unit(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return min(1.0, max(0.0, float(value)))
    return None


def insights_from(
    entities: Mapping[str, list[dict[str, Any]]], query_tags: list[dict[str, Any]]
) -> QlooInsights:
    """Qloo entities as recommendations (affinity is the score); their tags, weighted by
    affinity, as trends, else the tags the preferences resolved to."""
    recommendations: list[Recommendation] = []
    tag_weights: dict[str, float] = {}
    for entity_type, found in entities.items():
        for entity in found:
            popularity = _unit(entity.get("popularity"))
            score = _unit((entity.get("query") or {}).get("affinity"))
            score = score if score is not None else popularity if popularity is not None else 0.5
            tag_names = [
                str(t["name"])[:60] for t in entity.get("tags") or [] if isinstance(t, dict) and t.get("name")
            ]
            attributes: dict[str, Any] = {
                "name": str(entity.get("name", ""))[:120],
                "entityId": str(entity.get("entity_id", "")),
                "type": entity_type,
                "tags": tag_names[:5],
            }
            if popularity is not None:
                attributes["popularity"] = round(popularity, 3)
            recommendations.append(
                Recommendation(
                    category=entity_type.rsplit(":", 1)[-1], score=round(score, 3), attributes=attributes
                )
            )
            for name in tag_names:
                tag_weights[name] = tag_weights.get(name, 0.0) + score
    recommendations.sort(key=lambda r: -r.score)
    if tag_weights:
        top = max(tag_weights.values())
        ranked = sorted(tag_weights.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_TRENDS]
        trends = [Trend(topic=name, popularity=round(weight / top, 3)) for name, weight in ranked]
    else:
        trends = [
            Trend(
                topic=str(tag.get("name") or tag["id"])[:60], popularity=_unit(tag.get("popularity")) or 0.5
            )
            for tag in query_tags[:MAX_TRENDS]
        ]
    return QlooInsights(recommendations=recommendations[:MAX_RECOMMENDATIONS], trends=trends, provider="qloo")


class QlooInsightsProvider:
    name = "qloo"

    def __init__(
        self,
        config: QlooConfig | None = None,
        settings: Settings | None = None,
        cache: InsightsCache | None = None,
        fallback: InsightsProvider | None = None,
        breaker: CircuitBreaker | None = None,
        retry: RetryPolicy = QLOO_RETRY,
        read_secret: Callable[[str], str] | None = None,
    ) -> None:
        self._config = config
        self._settings = settings
        self.cache: InsightsCache = cache or TableInsightsCache(settings)
        self.fallback: InsightsProvider = fallback or OfflineInsightsProvider()
        self.breaker = breaker or CircuitBreaker(failure_threshold=3, cooldown_seconds=60.0)
        self._retry = retry
        self._read_secret = read_secret or self._secrets_manager_value
        self._api: QlooApi | None = None
        self._api_key: str | None = None
        self._tag_cache: dict[str, list[dict[str, Any]]] = {}

    @property
    def config(self) -> QlooConfig:
        if self._config is None:
            self._config = QlooConfig.from_env()
        return self._config

    @property
    def api(self) -> QlooApi:
        if self._api is None:
            self._api = QlooApi(self.config, self.api_key, self._retry)
        return self._api

    def api_key(self) -> str:
        if self._api_key is None:
            config = self.config
            if config.api_key is not None:
                self._api_key = config.api_key.get_secret_value()
            elif config.api_key_secret_arn:
                self._api_key = api_key_from_secret(self._read_secret(config.api_key_secret_arn))
            else:
                raise ConfigurationError("set QLOO_API_KEY or QLOO_API_KEY_SECRET_ARN")
        return self._api_key

    def _secrets_manager_value(self, arn: str) -> str:
        try:
            answer = aws.client("secretsmanager", self._settings or get_settings()).get_secret_value(
                SecretId=arn
            )
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("AccessDeniedException", "ResourceNotFoundException"):
                raise ConfigurationError(f"cannot read the Qloo secret: {code}") from None
            raise TransientError(f"cannot read the Qloo secret: {code}") from None
        except BotoCoreError as error:
            raise TransientError(f"cannot read the Qloo secret: {type(error).__name__}") from None
        return str(answer["SecretString"])

    def insights_for(self, preferences: PreferencesRequest) -> QlooInsights:
        fingerprint = preferences.fingerprint()
        if self.breaker.allow():
            try:
                insights = self._live(preferences)
            except MangaError as error:
                self.breaker.record_failure(error.retry_after if isinstance(error, RetryLater) else None)
                logger.warning(
                    "Qloo unavailable, falling back", extra={"code": error.code, "reason": error.message}
                )
            except (ValueError, KeyError, TypeError) as error:  # an answer of an unexpected shape
                self.breaker.record_failure()
                logger.warning("Qloo answer unusable, falling back", extra={"error": type(error).__name__})
            else:
                self.breaker.record_success()
                if insights is not None:
                    self._remember(fingerprint, insights)
                    return insights
        cached = self._cached(fingerprint)
        if cached is not None:
            return cached.model_copy(update={"provider": "qloo-cache"})
        return self.fallback.insights_for(preferences).model_copy(update={"provider": "offline"})

    def _live(self, preferences: PreferencesRequest) -> QlooInsights | None:
        """Insights from Qloo; None when no genre or theme matches a Qloo tag (no signal to ask with)."""
        query_tags: list[dict[str, Any]] = []
        for term in [*preferences.genres, *preferences.themes][:MAX_TAG_QUERIES]:
            key = term.lower()
            if key not in self._tag_cache:
                self._tag_cache[key] = self.api.search_tags(term)[:1]
            query_tags += [
                tag for tag in self._tag_cache[key] if tag["id"] not in {t["id"] for t in query_tags}
            ]
        if not query_tags:
            return None
        tag_ids = [tag["id"] for tag in query_tags]
        entities = {
            entity_type: self.api.insights(entity_type, tag_ids) for entity_type in self.config.entity_types
        }
        return insights_from(entities, query_tags)

    def _cached(self, fingerprint: str) -> QlooInsights | None:
        try:
            return self.cache.get(fingerprint)
        except Exception as error:  # the cache is a fallback: its failure must not fail the request
            logger.warning("insights cache unreadable", extra={"error": type(error).__name__})
            return None

    def _remember(self, fingerprint: str, insights: QlooInsights) -> None:
        try:
            self.cache.put(fingerprint, insights)
        except Exception as error:  # a missed cache write only weakens a later fallback
            logger.warning("insights cache not written", extra={"error": type(error).__name__})


@hookimpl
def register_insights_providers(register: Callable[[InsightsProvider], None]) -> None:
    register(QlooInsightsProvider())
