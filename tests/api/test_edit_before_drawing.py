"""Editing the script before any panel is drawn: order with `reviewScript`, edit, then draw.

One reader and one real episode (2 pages, offline backends) for the whole module, through the
local gateway with the stage workers running: the tests build on each other in file order.
"""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from manga_common import content
from manga_common.content import ContentStore
from manga_common.table import MangaTable
from tests.api.conftest import ApiStack, Reader, sign_up_reader, valid_preferences
from tests.api.test_revisions import art_keys, error_of, finished, read_script

EDITED_LINE = "Nobody draws before I say so"


@pytest.fixture(scope="module")
def ordered(author: Reader) -> dict[str, Any]:
    """The finished order's status: the script is written, nothing drawn."""
    accepted = author.post("/preferences", json=valid_preferences(reviewScript=True))
    assert accepted.status_code == 202, accepted.text
    return finished(author, accepted.json()["statusUrl"])


def pdf_text(reader: Reader, episode_id: str) -> str:
    link = reader.get(f"/episodes/{episode_id}/download", params={"format": "pdf"})
    assert link.status_code == 200, link.text
    pdf = PdfReader(io.BytesIO(httpx.get(link.json()["url"]).content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def generations_this_hour(stack: ApiStack, user_id: str) -> int:
    hour = datetime.now(UTC).strftime("%Y-%m-%dT%H")
    item = MangaTable(stack.settings).dynamo.get_item(
        Key={"PK": f"USER#{user_id}", "SK": f"RATE#{hour}"}, ConsistentRead=True
    )
    return int(item.get("Item", {}).get("count", 0))


def test_review_script_must_be_a_boolean(author: Reader) -> None:
    answer = author.post("/preferences", json=valid_preferences(reviewScript="yes"))
    assert answer.status_code == 400
    assert [d["field"] for d in error_of(answer)["details"]] == ["reviewScript"]


def test_the_order_stops_once_the_script_is_written(
    live_stack: ApiStack, author: Reader, ordered: dict[str, Any]
) -> None:
    assert (ordered["status"], ordered["stage"], ordered["reviewScript"]) == ("COMPLETED", "episode", True)
    assert [(s["name"], s["state"]) for s in ordered["stages"]] == [
        ("story", "done"),
        ("episode", "done"),
        ("image", "waiting"),
    ]
    assert ordered["panelsDrawn"] is None
    episode_id = ordered["episodeId"]
    episode = author.get(f"/episodes/{episode_id}").json()
    assert (episode["status"], episode["formats"]) == ("SCRIPTED", [])
    story = author.get(f"/stories/{ordered['storyId']}").json()
    assert [e["status"] for e in story["episodes"]] == ["SCRIPTED"]
    assert story["episodeCount"] == 0
    assert art_keys(live_stack, author, episode_id) == []  # no cover, no panel, no sheet
    assert author.get(f"/episodes/{episode_id}/pages").status_code == 409
    # Only the order was counted: writing the script is part of it.
    assert generations_this_hour(live_stack, author.user_id) == 1


def test_the_script_is_edited_before_drawing(
    live_stack: ApiStack, author: Reader, ordered: dict[str, Any]
) -> None:
    episode_id = ordered["episodeId"]
    document, etag = read_script(author, episode_id)
    assert (document["status"], document["revision"], etag) == ("SCRIPTED", 1, '"1"')
    script = document["script"]
    panel = next(p for p in script["pages"][0]["panels"] if p["dialogue"])
    panel["dialogue"][0]["text"] = EDITED_LINE
    script["pages"][1]["panels"][0]["description"] = "A quiet harbour at dawn, gulls over the masts"

    answer = author.http.put(f"/episodes/{episode_id}/script", json=script, headers={"If-Match": etag})
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert (saved["status"], saved["revision"], answer.headers["ETag"]) == ("SCRIPTED", 2, '"2"')
    assert saved["script"]["pages"][0]["panels"] == script["pages"][0]["panels"]

    stale = author.http.put(f"/episodes/{episode_id}/script", json=script, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert error_of(stale)["code"] == "STALE_REVISION"
    again, _ = read_script(author, episode_id)
    assert again["script"]["pages"][1]["panels"][0]["description"].startswith("A quiet harbour")
    assert art_keys(live_stack, author, episode_id) == []  # an edit before drawing draws nothing
    assert author.get(f"/episodes/{episode_id}").json()["status"] == "SCRIPTED"
    assert generations_this_hour(live_stack, author.user_id) == 1


def test_the_next_episode_waits_for_this_one_to_be_drawn(author: Reader, ordered: dict[str, Any]) -> None:
    answer = author.post(f"/stories/{ordered['storyId']}/episodes")
    assert answer.status_code == 409
    error = error_of(answer)
    assert error["code"] == "EPISODE_AWAITS_DRAWING"
    assert error["details"] == {"episodeId": ordered["episodeId"]}


def test_drawing_starts_once_and_draws_the_edited_script(
    live_stack: ApiStack, author: Reader, ordered: dict[str, Any]
) -> None:
    episode_id = ordered["episodeId"]
    start = threading.Barrier(4)
    answers: list[httpx.Response] = []

    def draw() -> None:
        start.wait()
        answers.append(author.post(f"/episodes/{episode_id}/draw"))

    callers = [threading.Thread(target=draw) for _ in range(4)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    accepted = [a for a in answers if a.status_code == 202]
    refused = [a for a in answers if a.status_code != 202]
    assert len(accepted) == 1, [a.text for a in answers]
    drawing = accepted[0].json()
    assert {a.status_code for a in refused} == {409}
    assert {error_of(a)["code"] for a in refused} == {"EPISODE_IN_PROGRESS"}
    assert {error_of(a)["details"]["requestId"] for a in refused} == {drawing["requestId"]}
    assert (
        author.http.put(
            f"/episodes/{episode_id}/script",
            json=read_script(author, episode_id)[0]["script"],
            headers={"If-Match": '"2"'},
        ).status_code
        == 409
    )  # no edit while it is drawn

    status = finished(author, drawing["statusUrl"])
    assert (status["status"], status["type"], status["episodeId"]) == ("COMPLETED", "IMAGE", episode_id)
    assert [(s["name"], s["state"]) for s in status["stages"]] == [("image", "done")]
    assert status["panelsTotal"] > 1 and status["panelsDrawn"] == status["panelsTotal"]

    episode = author.get(f"/episodes/{episode_id}").json()
    assert (episode["status"], episode["formats"]) == ("COMPLETED", ["pdf", "cbz"])
    document, _ = read_script(author, episode_id)
    assert document["letteredRevision"] == document["revision"] == 2
    assert " ".join(EDITED_LINE.split()[:3]) in pdf_text(author, episode_id)
    # Everything was drawn now, each image once, at its first version (nothing was drawn before).
    keys = art_keys(live_stack, author, episode_id)
    assert not [key for key in keys if ".v" in key]
    assert author.get(f"/stories/{ordered['storyId']}").json()["episodeCount"] == 1
    # The drawing took one of the hour's generations, like a redraw.
    assert generations_this_hour(live_stack, author.user_id) == 2


def test_a_drawn_episode_is_not_drawn_again(author: Reader, ordered: dict[str, Any]) -> None:
    answer = author.post(f"/episodes/{ordered['episodeId']}/draw")
    assert answer.status_code == 409
    assert error_of(answer)["code"] == "EPISODE_ALREADY_DRAWN"
    assert "redraw a panel" in error_of(answer)["message"]


def test_a_next_episode_can_be_reviewed_too(
    live_stack: ApiStack, author: Reader, ordered: dict[str, Any]
) -> None:
    answer = author.post(f"/stories/{ordered['storyId']}/episodes", json={"reviewScript": True})
    assert answer.status_code == 202, answer.text
    status = finished(author, answer.json()["statusUrl"])
    assert (status["status"], status["stage"], status["type"]) == ("COMPLETED", "episode", "EPISODE")
    assert [(s["name"], s["state"]) for s in status["stages"]] == [("episode", "done"), ("image", "waiting")]
    episode = author.get(f"/episodes/{status['episodeId']}").json()
    assert (episode["episodeNumber"], episode["status"]) == (2, "SCRIPTED")
    story_id = ordered["storyId"]
    store = ContentStore(live_stack.settings)
    assert not store.exists(content.episode_pdf_key(author.user_id, story_id, 2))


def test_a_stranger_cannot_draw_the_episode(live_stack: ApiStack, ordered: dict[str, Any]) -> None:
    stranger = sign_up_reader(live_stack)
    assert stranger.post(f"/episodes/{ordered['episodeId']}/draw").status_code == 404
    stranger.http.close()
