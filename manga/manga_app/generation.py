"""One whole generation through the real chain: preferences in, an episode PDF and CBZ out.

Preferences go to the preferences service's REST handler, exactly as API Gateway would
send them; the stages run from their queues through the local event source mappings; this
module only watches the request's status and fetches the result.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from manga_app.lambda_runtime import LocalLambdaContext, json_body, rest_api_event
from manga_common import content
from manga_common.content import ContentStore
from manga_common.models.entities import GenerationRequest
from manga_common.models.preferences import PreferencesRequest
from manga_common.settings import Settings
from manga_common.stages import STAGE_NAMES
from manga_common.table import MangaTable

POLL_SECONDS = 0.05


class GenerationFailed(Exception):
    def __init__(self, request: GenerationRequest) -> None:
        error = request.error
        super().__init__(f"{error.stage}: {error.code}: {error.message}" if error else "generation failed")
        self.request = request


@dataclass
class StageTiming:
    stage: str
    item_id: str
    seconds: float


@dataclass
class Generation:
    request_id: str
    title: str
    pdf_path: Path
    cbz_path: Path
    pages: int
    timings: list[StageTiming] = field(default_factory=list)


def submit(preferences: PreferencesRequest, user_id: str) -> str:
    """POST /preferences through the preferences service's handler; returns the request id."""
    from preferences_service.handler import lambda_handler

    event = rest_api_event(
        "POST", "/preferences", claims={"sub": user_id}, body=preferences.model_dump_json(by_alias=True)
    )
    answer = lambda_handler(event, LocalLambdaContext(function_name="manga-preferences"))
    if answer["statusCode"] != 202:
        raise ValueError(json_body(answer)["error"]["message"])
    return str(json_body(answer)["requestId"])


def wait_for(
    settings: Settings,
    user_id: str,
    request_id: str,
    timeout: float,
    on_stage: Callable[[StageTiming], None] | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> tuple[GenerationRequest, list[StageTiming]]:
    """Polls the request until COMPLETED or FAILED, timing each stage as its status shows it."""
    table = MangaTable(settings)
    deadline = time.monotonic() + timeout
    current, since = "preferences", time.monotonic()
    timings: list[StageTiming] = []

    def close(request: GenerationRequest, now: float) -> None:
        if current in STAGE_NAMES:
            timing = StageTiming(current, _item_id(request, current), now - since)
            timings.append(timing)
            if on_stage:
                on_stage(timing)

    while time.monotonic() < deadline:
        request = table.get_request(user_id, request_id)
        if request is None:
            raise LookupError(f"request {request_id} vanished")
        now = time.monotonic()
        if request.stage != current:
            close(request, now)
            current, since = request.stage, now
        if request.status in ("COMPLETED", "FAILED"):
            close(request, now)
            return request, timings
        time.sleep(poll_seconds)
    raise TimeoutError(f"request {request_id} did not finish in {timeout:.0f}s")


def _item_id(request: GenerationRequest, stage: str) -> str:
    return {
        "preferences": request.request_id,
        "story": request.story_id,
        "episode": request.episode_id,
        "image": request.episode_id,
    }.get(stage) or request.request_id


def fetch_episode(settings: Settings, request: GenerationRequest, out_dir: Path) -> Generation:
    """Copies the finished episode's PDF and CBZ to out_dir/<story-slug>/."""
    table, store = MangaTable(settings), ContentStore(settings)
    assert request.story_id and request.episode_number
    story = table.get_story(request.user_id, request.story_id)
    episode = table.get_episode(request.story_id, request.episode_number)
    if story is None or episode is None or not episode.pdf_s3_key or not episode.cbz_s3_key:
        raise LookupError("the request completed but its episode is missing")
    folder = out_dir / slugify(story.title)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"episode-{episode.episode_number:03d}"
    pdf_path, cbz_path = folder / f"{stem}.pdf", folder / f"{stem}.cbz"
    pdf_path.write_bytes(store.get(episode.pdf_s3_key))
    cbz_path.write_bytes(store.get(episode.cbz_s3_key))
    (folder / "story.md").write_bytes(
        store.get(content.story_markdown_key(request.user_id, request.story_id))
    )
    return Generation(request.request_id, story.title, pdf_path, cbz_path, episode.page_count or 0)


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60] or "untitled"
