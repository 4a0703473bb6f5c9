"""Each service's Lambda handler on its own, against a moto server over HTTP.

Every stage is fed the very message the previous stage's event put on its queue through
the EventBridge rule, so the routing is exercised too.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from auth_trigger_service.handler import lambda_handler as auth_trigger
from episode_service.handler import lambda_handler as episode_handler
from image_service.book.edition import SCREEN
from image_service.book.geometry import MM
from image_service.handler import lambda_handler as image_handler
from manga_app.generation import submit
from manga_app.lambda_runtime import LocalLambdaContext, json_body, rest_api_event
from manga_app.provision import QueueUrls
from manga_common import content
from manga_common.content import ContentStore
from manga_common.models.script import EpisodeScript, StoryBible
from manga_common.settings import Settings
from manga_common.table import MangaTable
from preferences_service.handler import lambda_handler as preferences_handler
from story_service.handler import lambda_handler as story_handler
from tests.factories import sample_preferences
from tests.stages import deliver, queue_for, receive


def post_authentication_event(sub: str, email: str) -> dict[str, Any]:
    return {
        "version": "1",
        "triggerSource": "PostAuthentication_Authentication",
        "region": "us-east-1",
        "userPoolId": "us-east-1_local",
        "userName": sub,
        "callerContext": {"awsSdkVersion": "1", "clientId": "client"},
        "request": {"userAttributes": {"sub": sub, "email": email}, "newDeviceUsed": False},
        "response": {},
    }


def test_auth_trigger_writes_the_profile_once(settings: Settings) -> None:
    event = post_authentication_event("user-1", "reader@example.com")
    assert auth_trigger(event, LocalLambdaContext("auth").as_lambda_context()) == event
    auth_trigger(
        post_authentication_event("user-1", "changed@example.com"),
        LocalLambdaContext("auth").as_lambda_context(),
    )
    profile = MangaTable(settings).get_profile("user-1")
    assert profile is not None and profile.email == "reader@example.com" and profile.status == "ACTIVE"


def test_preferences_refuses_invalid_input_in_the_seed_format(settings: Settings) -> None:
    body = json.dumps(sample_preferences().dump() | {"genres": ["cooking"]})
    answer = preferences_handler(
        rest_api_event("POST", "/preferences", claims={"sub": "u1"}, body=body), LocalLambdaContext("prefs")
    )
    error = json_body(answer)["error"]
    assert answer["statusCode"] == 400 and error["code"] == "INVALID_REQUEST"
    assert error["requestId"] and error["timestamp"]
    assert any("genres" in d["field"] for d in error["details"])


def test_the_stages_one_by_one(aws: tuple[Settings, list[QueueUrls]]) -> None:
    settings, queues = aws
    table, store = MangaTable(settings), ContentStore(settings)

    request_id = submit(sample_preferences(pages=2), "user-1")
    request = table.get_request("user-1", request_id)
    assert request is not None and request.status == "PENDING"

    story_messages = receive(settings, queue_for(queues, "story").queue_url)
    assert len(story_messages) == 1
    assert deliver(settings, story_handler, story_messages, "story") == {"batchItemFailures": []}
    request = table.get_request("user-1", request_id)
    assert request is not None and request.status == "PROCESSING" and request.story_id
    story = table.get_story("user-1", request.story_id)
    assert story is not None and story.status == "COMPLETED" and story.title
    bible = store.get_model(content.story_bible_key("user-1", story.story_id), StoryBible)
    assert bible.title == story.title
    assert store.get(story.s3_key).decode().startswith(f"# {bible.title}")

    episode_messages = receive(settings, queue_for(queues, "episode").queue_url)
    assert deliver(settings, episode_handler, episode_messages, "episode") == {"batchItemFailures": []}
    episode = table.get_episode(story.story_id, 1)
    assert episode is not None and episode.status == "GENERATING" and episode.page_count == 2
    script = store.get_model(content.episode_script_key("user-1", story.story_id, 1), EpisodeScript)
    assert len(script.pages) == 2

    image_messages = receive(settings, queue_for(queues, "image").queue_url)
    assert deliver(settings, image_handler, image_messages, "image") == {"batchItemFailures": []}
    episode = table.get_episode(story.story_id, 1)
    assert episode is not None and episode.status == "COMPLETED" and episode.pdf_s3_key
    assert store.get(episode.pdf_s3_key).startswith(b"%PDF")
    panels = len(script.panels())
    assert store.exists(content.panel_image_key("user-1", story.story_id, 1, 0)), "the cover art"
    assert store.exists(content.panel_image_key("user-1", story.story_id, 1, panels))
    assert not store.exists(content.panel_image_key("user-1", story.story_id, 1, panels + 1))
    request = table.get_request("user-1", request_id)
    assert request is not None and request.status == "COMPLETED"


def test_a_record_for_another_stage_is_refused_alone(aws: tuple[Settings, list[QueueUrls]]) -> None:
    """A wrong detail-type is permanent: acknowledged at once (no retry), the good record still runs."""
    settings, queues = aws
    request_id = submit(sample_preferences(pages=2), "user-1")
    good = receive(settings, queue_for(queues, "story").queue_url)
    wrong = dict(good[0], MessageId="wrong", Body=json.dumps({"detail-type": "Something Else", "detail": {}}))
    answer = deliver(settings, story_handler, [*good, wrong], "story")
    assert answer == {"batchItemFailures": []}
    request = MangaTable(settings).get_request("user-1", request_id)
    assert request is not None and request.status == "PROCESSING" and request.stage == "story"


@pytest.mark.parametrize("style", ["shonen", "noir", "chibi"])
def test_story_handler_accepts_every_builtin_style(aws: tuple[Settings, list[QueueUrls]], style: str) -> None:
    settings, queues = aws
    submit(sample_preferences(artStyle=style, pages=2), "user-1")
    messages = receive(settings, queue_for(queues, "story").queue_url)
    assert deliver(settings, story_handler, messages, "story") == {"batchItemFailures": []}
    (story,) = MangaTable(settings).list_stories("user-1")
    assert story.art_style == style and story.status == "COMPLETED"


def test_the_print_edition_bleeds_the_pdf_and_keeps_the_cbz_for_screens(configure: Any) -> None:
    settings, queues = configure(pdf_edition="print")
    request_id = submit(sample_preferences(pages=2), "user-1")
    for stage, handler in (("story", story_handler), ("episode", episode_handler), ("image", image_handler)):
        messages = receive(settings, queue_for(queues, stage).queue_url)
        assert deliver(settings, handler, messages, stage) == {"batchItemFailures": []}
    table, store = MangaTable(settings), ContentStore(settings)
    request = table.get_request("user-1", request_id)
    assert request is not None and request.status == "COMPLETED" and request.story_id
    episode = table.get_episode(request.story_id, 1)
    assert episode is not None and episode.pdf_s3_key and episode.cbz_s3_key

    page = PdfReader(io.BytesIO(store.get(episode.pdf_s3_key))).pages[1]
    trim_width, trim_height = 182 * MM, 257 * MM  # JIS B5
    assert float(page.mediabox.width) == pytest.approx(trim_width + 6 * MM, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(trim_height + 6 * MM, abs=0.01)
    corners = (3 * MM, 3 * MM, 3 * MM + trim_width, 3 * MM + trim_height)
    assert [float(v) for v in page.trimbox] == pytest.approx(corners, abs=0.01)

    with zipfile.ZipFile(io.BytesIO(store.get(episode.cbz_s3_key))) as cbz:
        first = sorted(name for name in cbz.namelist() if not name.endswith(".xml"))[0]
        with Image.open(io.BytesIO(cbz.read(first))) as cover:
            assert cover.width == pytest.approx(trim_width / 72 * SCREEN.dpi, abs=2)
