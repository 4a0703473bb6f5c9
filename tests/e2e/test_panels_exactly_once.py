"""Each panel is drawn once however often its event arrives, and a killed worker's episode is
finished by the next one, which redraws only the panels that were in flight.

The moto server of tests/conftest.py is the AWS; the images come from the loopback OpenAI
fake, which counts every image call.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from episode_service.handler import lambda_handler as episode_handler
from image_service.book import plan_book
from image_service.handler import lambda_handler as image_handler
from image_service.logic import PanelDrawing, art_jobs, draw_panels, lease_scope
from image_service.references import MAIN_CAST
from manga_app.generation import submit, wait_for
from manga_app.provision import QueueUrls
from manga_common import content
from manga_common.content import ContentStore
from manga_common.context import ServiceContext
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.settings import Settings
from manga_common.table import MangaTable
from story_service.handler import lambda_handler as story_handler
from tests.e2e.test_workers import Worker, wait_until
from tests.factories import sample_preferences
from tests.fakes.openai import FakeOpenAI, image_reply
from tests.fakes.samples import sample_bible, sample_png, sample_script
from tests.fakes.server import Canned, Received
from tests.stages import deliver, queue_depth, queue_for, receive

pytestmark = pytest.mark.e2e

Configure = Callable[..., tuple[Settings, list[QueueUrls]]]
USER = "panel-reader"


def slow_images(model: FakeOpenAI, seconds: float) -> None:
    """Images that take a while, so concurrent deliveries really overlap."""

    def images(request: Received) -> Canned:
        answer = image_reply(sample_png(256, 192))
        answer.delay = seconds
        return answer

    model.respond("images", images)
    model.respond("edits", images)


def panel_calls(model: FakeOpenAI) -> int:
    """Image calls for the cover and panels (with or without the cast's reference sheets);
    the sheets themselves are drawn once per story, before any panel, and not counted."""
    calls = model.received("images") + model.received("edits")
    return sum(b"Character reference sheet" not in call.body for call in calls)


def images_in(settings: Settings, story_id: str) -> int:
    """The cover and every panel of the episode."""
    script = ContentStore(settings).get_model(content.episode_script_key(USER, story_id, 1), EpisodeScript)
    return 1 + sum(len(page.panels) for page in script.pages)


def test_three_concurrent_deliveries_draw_each_panel_once(configure: Configure, model: FakeOpenAI) -> None:
    """Before: duplicates checked, then drew: 32 image calls for 13 panels."""
    model.serve_manga(sample_bible(), sample_script(pages=2))
    slow_images(model, 0.2)
    settings, queues = configure(image_backend="openai", panel_concurrency=2)
    request_id = submit(sample_preferences(pages=3), USER)
    for stage, handler in (("story", story_handler), ("episode", episode_handler)):
        messages = receive(settings, queue_for(queues, stage).queue_url)
        assert deliver(settings, handler, messages, stage) == {"batchItemFailures": []}
    image_messages = receive(settings, queue_for(queues, "image").queue_url)

    answers: list[dict[str, Any]] = []
    start = threading.Barrier(3)

    def duplicate(copy: int) -> None:
        # EventBridge delivering the event again: the same body in a message of its own.
        messages = [{**m, "MessageId": f"{m['MessageId']}-{copy}"} for m in image_messages]
        start.wait()
        answers.append(deliver(settings, image_handler, messages, "image"))

    threads = [threading.Thread(target=duplicate, args=(copy,)) for copy in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None and request.status == "COMPLETED" and request.story_id
    assert panel_calls(model) == images_in(settings, request.story_id)
    assert all(answer == {"batchItemFailures": []} for answer in answers), answers


def test_two_drawings_of_the_same_panels_share_them(configure: Configure, model: FakeOpenAI) -> None:
    """Below the stage's own claim: two workers drawing one episode's panels at once (a
    redelivery after a lost lease, an operator's replay) split the panels, neither redraws."""
    model.serve_manga(sample_bible(), sample_script(pages=2))
    slow_images(model, 0.1)
    configure(image_backend="openai", panel_concurrency=3)
    deps = ServiceContext()
    bible, script = sample_bible(), sample_script(pages=3)
    style = deps.registry.art_styles.get("shonen")
    layout = plan_book(script, style, "rtl", 7)
    jobs = art_jobs(layout, bible, script, style, 7, USER, "story-1", 1)
    backend = deps.registry.image_backends.get("openai")
    drawn: list[set[tuple[int, int]]] = []
    start = threading.Barrier(2)

    def worker() -> None:
        start.wait()
        drawn.append(set(draw_panels(jobs, backend, deps)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert drawn == [{job.art_key for job in jobs}] * 2
    assert panel_calls(model) == len(jobs)
    assert deps.store.keys_under(content.panel_art_folder(USER, "story-1", 1)) == {job.key for job in jobs}


def test_art_in_the_bucket_is_not_drawn_again_once_its_claims_are_gone(
    configure: Configure, model: FakeOpenAI
) -> None:
    """The bucket is the record of what is drawn: a replay that comes after the table has let
    the panels' claims go (their TTL, a restored table) reads the art back, with no model call."""
    model.serve_manga(sample_bible(), sample_script(pages=2))
    configure(image_backend="openai")
    deps = ServiceContext()
    bible, script = sample_bible(), sample_script(pages=2)
    style = deps.registry.art_styles.get("shonen")
    jobs = art_jobs(plan_book(script, style, "rtl", 7), bible, script, style, 7, USER, "story-2", 1)
    backend = deps.registry.image_backends.get("openai")
    first = draw_panels(jobs, backend, deps)
    assert panel_calls(model) == len(jobs)
    claims = deps.table.dynamo.query(
        KeyConditionExpression="PK = :pk", ExpressionAttributeValues={":pk": f"LEASE#{lease_scope(jobs)}"}
    )["Items"]
    for claim in claims:
        deps.table.dynamo.delete_item(Key={"PK": claim["PK"], "SK": claim["SK"]})

    again = draw_panels(jobs, backend, deps)

    assert panel_calls(model) == len(jobs)
    assert {key: image.tobytes() for key, image in again.items()} == {
        key: image.tobytes() for key, image in first.items()
    }


def test_progress_is_written_once_a_count(configure: Configure, model: FakeOpenAI) -> None:
    """Panels that come in together are one progress write, not one each at the same count."""
    model.serve_manga(sample_bible(), sample_script(pages=2))
    slow_images(model, 0.2)  # every panel answers at about the same moment
    configure(image_backend="openai", panel_concurrency=16)
    deps = ServiceContext()
    bible, script = sample_bible(), sample_script(pages=2)
    style = deps.registry.art_styles.get("shonen")
    jobs = art_jobs(plan_book(script, style, "rtl", 7), bible, script, style, 7, USER, "story-3", 1)
    written: list[tuple[int, int]] = []
    backend = deps.registry.image_backends.get("openai")

    def note(drawn: int, total: int) -> None:
        written.append((drawn, total))

    with PanelDrawing(jobs, backend, deps, "L", note) as drawing:
        drawing.wait_for({job.art_key for job in jobs})

    assert written[0] == (0, len(jobs)) and written[-1] == (len(jobs), len(jobs))
    assert len(written) == len(set(written)), written


def test_progress_is_recorded_on_the_request(configure: Configure, model: FakeOpenAI) -> None:
    model.serve_manga(sample_bible(), sample_script(pages=2))
    settings, queues = configure(image_backend="openai")
    request_id = submit(sample_preferences(pages=2), USER)
    for stage, handler in (("story", story_handler), ("episode", episode_handler), ("image", image_handler)):
        messages = receive(settings, queue_for(queues, stage).queue_url)
        assert deliver(settings, handler, messages, stage) == {"batchItemFailures": []}
    item = MangaTable(settings).dynamo.get_item(Key={"PK": f"USER#{USER}", "SK": f"REQUEST#{request_id}"})
    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None and request.story_id
    total = images_in(settings, request.story_id)
    assert (item["Item"]["panelsDrawn"], item["Item"]["panelsTotal"]) == (total, total)


@pytest.mark.slow  # the killed worker's message comes back after its visibility timeout
def test_a_worker_killed_mid_image_stage_is_finished_redrawing_only_panels_in_flight(
    configure: Configure, model: FakeOpenAI, tmp_path: Path
) -> None:
    model.serve_manga(sample_bible(), sample_script(pages=2))
    slow_images(model, 0.5)
    # A function timeout of 8 s (a sixth of the visibility timeout) holds the whole stage.
    settings, _ = configure(
        visibility_timeout=48, image_backend="openai", panel_concurrency=2, panel_lease_seconds=3
    )
    table, store = MangaTable(settings), ContentStore(settings)
    with Worker(settings, tmp_path / "first.log") as first:
        request_id = submit(sample_preferences(pages=2), USER)
        wait_until(lambda: story_of(table, request_id) is not None)
        story_id = str(story_of(table, request_id))
        wait_until(lambda: len(store.keys_under(content.panel_art_folder(USER, story_id, 1))) >= 2)
        first.kill()  # mid image stage: panels done, panels in flight, panels not begun
    asked_before = panel_calls(model)
    request = table.get_request(USER, request_id)
    assert request is not None and request.status == "PROCESSING" and request.story_id
    total = images_in(settings, request.story_id)
    done_before = len(store.keys_under(content.panel_art_folder(USER, request.story_id, 1)))
    assert 0 < done_before < total

    with Worker(settings, tmp_path / "second.log", "--stage", "image") as second:
        request, _ = wait_for(settings, USER, request_id, timeout=90)
        assert second.stop() == 0
    assert request.status == "COMPLETED", second.output()
    assert request.story_id
    # The second worker drew what the first had not finished; what the first drew stays drawn.
    assert panel_calls(model) == asked_before + total - done_before
    assert store.exists(content.episode_pdf_key(USER, request.story_id, 1))


def story_of(table: MangaTable, request_id: str) -> str | None:
    request = table.get_request(USER, request_id)
    return request.story_id if request else None


def leads(settings: Settings, story_id: str) -> int:
    """Characters with a reference sheet, in the story as written."""
    bible = ContentStore(settings).get_model(content.story_bible_key(USER, story_id), StoryBible)
    return len(bible.characters[:MAIN_CAST])


def sheet_calls(model: FakeOpenAI) -> int:
    return sum(b"Character reference sheet" in call.body for call in model.received("images"))


def test_the_cast_sheets_are_drawn_once_while_the_episode_is_written(
    configure: Configure, model: FakeOpenAI
) -> None:
    model.serve_manga(sample_bible(), sample_script(pages=2))
    settings, queues = configure(image_backend="openai")
    request_id = submit(sample_preferences(pages=2), USER)
    table = MangaTable(settings)
    story_messages = receive(settings, queue_for(queues, "story").queue_url)
    assert deliver(settings, story_handler, story_messages, "story") == {"batchItemFailures": []}

    # The story stage asked the image stage for the sheets before the episode was written, on
    # the work-ahead queue: nothing waits on the image stage's own queue.
    ahead = receive(settings, queue_for(queues, "image", ahead=True).queue_url)
    assert [json.loads(m["Body"])["detail-type"] for m in ahead] == ["Cast Sheets Requested"]
    assert queue_depth(settings, queue_for(queues, "image").queue_url) == 0
    before = table.get_request(USER, request_id)
    for copy in range(2):  # delivered twice: drawn once
        again = [{**m, "MessageId": f"{m['MessageId']}-{copy}"} for m in ahead]
        assert deliver(settings, image_handler, again, "image") == {"batchItemFailures": []}
    assert before is not None and before.story_id
    cast = leads(settings, before.story_id)
    assert sheet_calls(model) == cast
    assert table.get_request(USER, request_id) == before, "work ahead changes no request"

    episode_messages = receive(settings, queue_for(queues, "episode").queue_url)
    assert deliver(settings, episode_handler, episode_messages, "episode") == {"batchItemFailures": []}
    image_messages = receive(settings, queue_for(queues, "image").queue_url)
    assert deliver(settings, image_handler, image_messages, "image") == {"batchItemFailures": []}
    request = table.get_request(USER, request_id)
    assert request is not None and request.status == "COMPLETED" and request.story_id
    assert sheet_calls(model) == cast, "the image stage read the sheets back"
    assert panel_calls(model) == images_in(settings, request.story_id)


def test_work_ahead_that_fails_is_acknowledged_and_the_stage_draws_the_sheets(
    configure: Configure, model: FakeOpenAI
) -> None:
    model.serve_manga(sample_bible(), sample_script(pages=2))
    settings, queues = configure(image_backend="openai", model_attempts=1)
    request_id = submit(sample_preferences(pages=2), USER)
    story_messages = receive(settings, queue_for(queues, "story").queue_url)
    assert deliver(settings, story_handler, story_messages, "story") == {"batchItemFailures": []}
    written = MangaTable(settings).get_request(USER, request_id)
    assert written is not None and written.story_id
    cast = leads(settings, written.story_id)
    down = Canned(status=500, body={"error": {"message": "down", "type": "server_error"}})
    model.enqueue("images", *[down] * cast)
    ahead = receive(settings, queue_for(queues, "image", ahead=True).queue_url)
    assert deliver(settings, image_handler, ahead, "image") == {"batchItemFailures": []}
    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None and request.status == "PROCESSING" and request.error is None

    assert model.pending("images") == 0
    episode_messages = receive(settings, queue_for(queues, "episode").queue_url)
    assert deliver(settings, episode_handler, episode_messages, "episode") == {"batchItemFailures": []}
    image_messages = receive(settings, queue_for(queues, "image").queue_url)
    assert deliver(settings, image_handler, image_messages, "image") == {"batchItemFailures": []}
    request = MangaTable(settings).get_request(USER, request_id)
    assert request is not None and request.status == "COMPLETED"
    assert sheet_calls(model) == 2 * cast  # failed ahead, then drawn by the stage
