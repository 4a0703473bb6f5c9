"""Preferences in, a manga out: the whole chain through EventBridge, SQS and the stage handlers."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from manga_app.event_source_mapping import EventSourceMappings
from manga_app.generation import fetch_episode, submit, wait_for
from manga_app.provision import QueueUrls
from manga_common import aws, content
from manga_common.content import ContentStore
from manga_common.errors import TransientError
from manga_common.models.events import StoryGenerationRequested
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.plugins.interfaces import EpisodeBrief, StoryBrief
from manga_common.plugins.registry import get_registry
from manga_common.publisher import EventPublisher
from manga_common.settings import Settings
from manga_common.table import MangaTable
from tests.factories import sample_insights, sample_preferences
from tests.stages import queue_depth, queue_for

pytestmark = pytest.mark.e2e

USER = "reader-1"
KEY_PATTERNS = [
    r"stories/{u}/{s}/story\.(md|json)",
    r"episodes/{u}/{s}/1/episode\.(md|json|pdf|cbz)",
    r"images/{u}/{s}/1/generated/image-\d{{3}}\.png",
]
ITEM_PATTERNS = {
    "UserProfile": ("USER#{u}", "PROFILE"),
    "Preferences": ("USER#{u}", r"PREFERENCES#\d{{4}}-.+Z"),
    "Story": ("USER#{u}", "STORY#{s}"),
    "Episode": ("STORY#{s}", "EPISODE#1"),
    "GenerationRequest": ("USER#{u}", "REQUEST#{r}"),
}


class EpisodesAlwaysFail:
    """Writes stories like the offline engine, then fails every episode: a broken second stage."""

    name = "episodes-always-fail"

    def __init__(self) -> None:
        self.offline = get_registry().text_backends.get("offline")
        self.episode_calls = 0

    def write_story(self, brief: StoryBrief) -> StoryBible:
        return self.offline.write_story(brief)

    def write_episode(self, brief: EpisodeBrief) -> EpisodeScript:
        self.episode_calls += 1
        raise TransientError("the model service is down")


@pytest.fixture(scope="module")
def failing_backend() -> Iterator[EpisodesAlwaysFail]:
    backend = EpisodesAlwaysFail()
    catalog = get_registry().text_backends
    catalog.register(backend)
    yield backend
    catalog.items.pop(backend.name)


def scan(settings: Settings) -> list[dict[str, object]]:
    return MangaTable(settings)._table.scan()["Items"]


def all_keys(settings: Settings) -> list[str]:
    listing = aws.client("s3", settings).list_objects_v2(Bucket=settings.content_bucket)
    return [o["Key"] for o in listing.get("Contents", [])]


def test_preferences_in_manga_out(aws: tuple[Settings, list[QueueUrls]], tmp_path: Path) -> None:
    settings, _ = aws
    with EventSourceMappings(settings):
        request_id = submit(sample_preferences(pages=3), USER)
        request, timings = wait_for(settings, USER, request_id, timeout=180)
    assert request.status == "COMPLETED", request.error
    assert [t.stage for t in timings] == ["story", "episode", "image"]
    result = fetch_episode(settings, request, tmp_path)
    assert result.pdf_path.name == "episode-001.pdf" and result.pdf_path.parent.parent == tmp_path

    store = ContentStore(settings)
    assert request.story_id
    script = store.get_model(content.episode_script_key(USER, request.story_id, 1), EpisodeScript)
    reader = PdfReader(io.BytesIO(result.pdf_path.read_bytes()))
    assert len(reader.pages) == 1 + len(script.pages) == 4, "a cover, then the episode's pages"
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert result.title in text
    first_line = next(line.text for panel in script.panels() for line in panel.dialogue)
    assert " ".join(first_line.split()[:3]) in text

    ids = {"u": re.escape(USER), "s": re.escape(request.story_id), "r": re.escape(request_id)}
    patterns = [re.compile(p.format(**ids)) for p in KEY_PATTERNS]
    keys = all_keys(settings)
    assert len(keys) == 4 + 2 + 1 + len(script.panels()), "text, PDF, CBZ, cover art, panels"
    assert all(any(p.fullmatch(k) for p in patterns) for k in keys), keys
    items = [i for i in scan(settings) if i["entity"] in ITEM_PATTERNS]
    assert {i["entity"] for i in items} == set(ITEM_PATTERNS) - {"UserProfile"}
    for item in items:
        pk, sk = ITEM_PATTERNS[str(item["entity"])]
        assert re.fullmatch(pk.format(**ids), str(item["PK"])) and re.fullmatch(
            sk.format(**ids), str(item["SK"])
        )


def test_the_chain_runs_with_each_invocation_in_a_sandbox_process(
    aws: tuple[Settings, list[QueueUrls]], tmp_path: Path
) -> None:
    """The stages' handlers in processes of their own (`manga worker --sandboxes processes`):
    the same manga comes out."""
    settings, _ = aws
    with EventSourceMappings(settings, concurrency=1, sandboxes="processes"):
        request_id = submit(sample_preferences(pages=2), USER)
        request, timings = wait_for(settings, USER, request_id, timeout=180)
    assert request.status == "COMPLETED", request.error
    assert [t.stage for t in timings] == ["story", "episode", "image"]
    result = fetch_episode(settings, request, tmp_path)
    assert len(PdfReader(io.BytesIO(result.pdf_path.read_bytes())).pages) == 3


def test_a_failing_stage_leaves_failed_request_dlq_message_and_earlier_work(
    configure: object, failing_backend: EpisodesAlwaysFail
) -> None:
    settings, queues = configure(visibility_timeout=1, text_backend=failing_backend.name)  # type: ignore[operator]
    episode_queues = queue_for(queues, "episode")
    with EventSourceMappings(settings):
        request_id = submit(sample_preferences(pages=2), USER)
        request, _ = wait_for(settings, USER, request_id, timeout=60)
        # SQS moves the message on the receive after the last allowed one.
        wait_until(lambda: queue_depth(settings, episode_queues.dlq_url) == 1)
    assert request.status == "FAILED" and request.stage == "episode"
    assert request.error is not None
    assert (request.error.code, request.error.stage) == ("BACKEND_UNAVAILABLE", "episode")
    assert "model service is down" in request.error.message
    assert failing_backend.episode_calls == settings.max_receive_count == 3

    assert queue_depth(settings, episode_queues.queue_url) == 0
    assert request.story_id
    story = MangaTable(settings).get_story(USER, request.story_id)
    assert story is not None and story.status == "COMPLETED"
    assert ContentStore(settings).exists(content.story_markdown_key(USER, request.story_id))


def test_a_duplicate_story_event_yields_one_story(aws: tuple[Settings, list[QueueUrls]]) -> None:
    settings, queues = aws
    request_id = submit(sample_preferences(pages=2), USER)
    # The preferences service published once; publish the same event again, as a retry would.
    duplicate = StoryGenerationRequested(
        user_id=USER,
        request_id=request_id,
        preferences=sample_preferences(pages=2),
        insights=sample_insights(),
    )
    EventPublisher(settings).publish(duplicate)
    with EventSourceMappings(settings):
        request, _ = wait_for(settings, USER, request_id, timeout=120)
        assert request.status == "COMPLETED"
        # Let the duplicate's echoes run through the later stages too.
        stage_queues = [queue_for(queues, stage).queue_url for stage in ("story", "episode", "image")]
        wait_until(lambda: all(queue_depth(settings, url) == 0 for url in stage_queues))
    stories = MangaTable(settings).list_stories(USER)
    assert len(stories) == 1
    assert len(MangaTable(settings).list_episodes(stories[0].story_id)) == 1
    assert sum(k.endswith("story.md") for k in all_keys(settings)) == 1
    assert sum(k.endswith("episode.pdf") for k in all_keys(settings)) == 1


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.2)
