"""A fake Qloo API: tag search and insights, checking the X-Api-Key header.

By default it answers like Qloo does: a tag per search term and a few entities per
insights call; queue answers to script anything else.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.server import Canned, FakeServer, Received


def tag(query: str, popularity: float = 0.8) -> dict[str, Any]:
    slug = re.sub(r"[^a-z0-9]+", "_", query.lower()).strip("_")
    return {
        "id": f"urn:tag:keyword:media:{slug}",
        "name": query,
        "type": "urn:tag:keyword:media",
        "parents": [{"type": "urn:entity:book"}],
        "popularity": popularity,
    }


def entity(name: str, affinity: float, tags: tuple[str, ...] = (), popularity: float = 0.7) -> dict[str, Any]:
    return {
        "name": name,
        "entity_id": f"E-{re.sub(r'[^A-Za-z0-9]+', '', name)}",
        "properties": {"description": f"{name}, a fake entity"},
        "popularity": popularity,
        "query": {"affinity": affinity, "measurements": {"audience_growth": 0.1}},
        "tags": [
            {"tag_id": f"urn:tag:keyword:media:{t}", "name": t, "type": "urn:tag:keyword:media"} for t in tags
        ],
    }


def tags_reply(*tags: dict[str, Any]) -> Canned:
    return Canned(body={"success": True, "results": {"tags": list(tags)}})


def insights_reply(*entities: dict[str, Any]) -> Canned:
    return Canned(body={"success": True, "results": {"entities": list(entities)}, "duration": 12})


def qloo_error(status: int, headers: dict[str, str] | None = None, delay: float = 0.0) -> Canned:
    return Canned(status, {"success": False, "error": {"message": "fake error"}}, headers or {}, delay)


class FakeQloo(FakeServer):
    routes = (
        ("GET", r"^/v2/insights$", "insights"),
        ("GET", r"^/v2/tags$", "tags"),
    )

    def __init__(self, api_key: str = "qloo-test-key") -> None:
        super().__init__()
        self.api_key = api_key
        self.respond("tags", self._default_tags)
        self.respond("insights", self._default_insights)

    def environment(self) -> dict[str, str]:
        """Variables that make the `qloo` insights provider call this fake."""
        return {"MANGA_INSIGHTS_PROVIDER": "qloo", "QLOO_BASE_URL": self.url, "QLOO_API_KEY": self.api_key}

    def authorize(self, request: Received) -> Canned | None:
        if request.headers.get("x-api-key") != self.api_key:
            return Canned(401, {"success": False, "error": {"message": "invalid API key"}})
        return None

    @staticmethod
    def _default_tags(request: Received) -> Canned:
        query = request.query.get("filter.query", [""])[0]
        return tags_reply(tag(query)) if query else Canned(400, {"success": False})

    @staticmethod
    def _default_insights(request: Received) -> Canned:
        kind = request.query.get("filter.type", ["urn:entity:book"])[0].rsplit(":", 1)[-1]
        return insights_reply(
            entity(f"Fake {kind} one", 0.92, ("adventure", "friendship")),
            entity(f"Fake {kind} two", 0.81, ("adventure", "sea")),
        )
