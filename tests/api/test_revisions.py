"""Editing a finished episode through the API and the image stage: the script, one panel redrawn.

One reader and one real episode (2 pages, offline backends) for the whole module: the tests
build on each other's revisions on purpose, in file order.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from manga_common import content
from manga_common.content import ContentStore
from manga_common.table import MangaTable
from tests.api.conftest import ApiStack, Reader, sign_up_reader, valid_preferences
from tests.api.library import seed_episode

WAIT_SECONDS = 120


def finished(reader: Reader, status_url: str) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        status = reader.get(status_url).json()
        if status["status"] in ("COMPLETED", "FAILED"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"{status_url} did not finish")


@pytest.fixture(scope="module")
def episode_id(author: Reader) -> str:
    accepted = author.post("/preferences", json=valid_preferences()).json()
    status = finished(author, accepted["statusUrl"])
    assert status["status"] == "COMPLETED", status
    return str(status["episodeId"])


def read_script(author: Reader, episode_id: str) -> tuple[dict[str, Any], str]:
    answer = author.get(f"/episodes/{episode_id}/script")
    assert answer.status_code == 200, answer.text
    return answer.json(), answer.headers["ETag"]


def error_of(answer: Any) -> dict[str, Any]:
    return dict(answer.json()["error"])


def art_keys(stack: ApiStack, author: Reader, episode_id: str) -> list[str]:
    episode = MangaTable(stack.settings).find_episode(episode_id)
    assert episode is not None
    prefix = content.panel_image_key(author.user_id, episode.story_id, 1, 0).rsplit("/", 1)[0]
    s3 = ContentStore(stack.settings)._s3
    listed = s3.list_objects_v2(Bucket=stack.settings.content_bucket, Prefix=prefix)
    return sorted(item["Key"].rsplit("/", 1)[1] for item in listed.get("Contents", []))


def test_the_script_comes_with_its_revision_and_etag(author: Reader, episode_id: str) -> None:
    document, etag = read_script(author, episode_id)
    assert (document["revision"], document["letteredRevision"], document["etag"]) == (1, 1, etag)
    assert etag == '"1"'
    assert len(document["script"]["pages"]) == 2
    speakers = {
        line["speaker"]
        for page in document["script"]["pages"]
        for panel in page["panels"]
        for line in panel["dialogue"]
    }
    assert speakers <= set(document["cast"])


def test_a_text_edit_re_letters_without_drawing(
    live_stack: ApiStack, author: Reader, episode_id: str
) -> None:
    document, etag = read_script(author, episode_id)
    before_art = art_keys(live_stack, author, episode_id)
    before_page = author.get(f"/episodes/{episode_id}/pages/2").content
    script = document["script"]
    panel = next(p for p in script["pages"][0]["panels"] if p["dialogue"])
    panel["dialogue"][0]["text"] = "This line was edited by hand!"
    script["title"] = "An Edited Title"

    answer = author.http.put(f"/episodes/{episode_id}/script", json=script, headers={"If-Match": etag})
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert (accepted["revision"], accepted["redrawn"]) == (2, [])
    assert answer.headers["ETag"] == '"2"'
    status = finished(author, accepted["statusUrl"])
    assert status["status"] == "COMPLETED", status
    assert [s["name"] for s in status["stages"]] == ["image"]

    assert art_keys(live_stack, author, episode_id) == before_art  # nothing drawn
    after, _ = read_script(author, episode_id)
    assert after["letteredRevision"] == 2
    assert after["script"]["title"] == "An Edited Title"
    assert author.get(f"/episodes/{episode_id}").json()["title"] == "An Edited Title"
    assert author.get(f"/episodes/{episode_id}/pages/2").content != before_page


def test_a_stale_or_missing_if_match_is_refused(author: Reader, episode_id: str) -> None:
    document, _ = read_script(author, episode_id)
    stale = author.http.put(
        f"/episodes/{episode_id}/script", json=document["script"], headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert error_of(stale)["code"] == "STALE_REVISION"
    missing = author.http.put(f"/episodes/{episode_id}/script", json=document["script"])
    assert missing.status_code == 428


def test_an_edit_that_moves_panels_or_adds_strangers_names_the_field(author: Reader, episode_id: str) -> None:
    document, etag = read_script(author, episode_id)
    script = document["script"]
    script["pages"][1]["panels"] = script["pages"][1]["panels"][:1]
    script["pages"][0]["panels"][0]["characters"].append("Nobody Known")
    answer = author.http.put(f"/episodes/{episode_id}/script", json=script, headers={"If-Match": etag})
    assert answer.status_code == 400
    fields = {detail["field"] for detail in error_of(answer)["details"]}
    assert fields == {"pages.1.panels", "pages.0.panels.0.characters"}

    too_long = read_script(author, episode_id)[0]["script"]
    too_long["pages"][0]["panels"][0]["description"] = "x" * 401
    answer = author.http.put(f"/episodes/{episode_id}/script", json=too_long, headers={"If-Match": etag})
    assert answer.status_code == 400
    assert [d["field"] for d in error_of(answer)["details"]] == ["pages.0.panels.0.description"]


def test_a_redraw_draws_one_panel_keeps_the_old_art_and_re_letters(
    live_stack: ApiStack, author: Reader, episode_id: str
) -> None:
    before_art = art_keys(live_stack, author, episode_id)
    answer = author.post(
        f"/episodes/{episode_id}/panels/1/2/redraw",
        json={"description": "The hero looks up at a sky full of lanterns"},
    )
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert accepted["redrawn"] == [{"page": 1, "panel": 2}]
    status = finished(author, accepted["statusUrl"])
    assert status["status"] == "COMPLETED"
    assert status["panelsTotal"] > 1 and status["panelsDrawn"] == status["panelsTotal"]
    assert art_keys(live_stack, author, episode_id) == sorted([*before_art, "image-002.v2.png"])
    document, _ = read_script(author, episode_id)
    assert document["script"]["pages"][0]["panels"][1]["description"].startswith("The hero looks up")
    assert document["letteredRevision"] == document["revision"] == 3

    # Once more, with a seed: version 3 beside the others.
    again = author.post(f"/episodes/{episode_id}/panels/1/2/redraw", json={"seed": 12345})
    assert again.status_code == 202, again.text
    assert finished(author, again.json()["statusUrl"])["status"] == "COMPLETED"
    assert "image-002.v3.png" in art_keys(live_stack, author, episode_id)


def test_a_redraw_outside_the_episode_is_404_and_redraws_count_in_the_hourly_limit(
    author: Reader, episode_id: str
) -> None:
    assert author.post(f"/episodes/{episode_id}/panels/9/1/redraw").status_code == 404
    assert author.post(f"/episodes/{episode_id}/panels/1/6/redraw").status_code == 404
    # The order and the two redraws used the three generations this hour allows.
    limited = author.post(f"/episodes/{episode_id}/panels/1/1/redraw")
    assert limited.status_code == 429


def test_another_reader_cannot_read_or_edit_the_script(live_stack: ApiStack, episode_id: str) -> None:
    stranger = sign_up_reader(live_stack)
    assert stranger.get(f"/episodes/{episode_id}/script").status_code == 404
    assert stranger.post(f"/episodes/{episode_id}/panels/1/1/redraw").status_code == 404
    stranger.http.close()


def test_an_episode_whose_script_is_not_in_the_bucket_cannot_be_edited(
    live_stack: ApiStack, author: Reader
) -> None:
    seeded = seed_episode(live_stack.settings, author.user_id)
    answer = author.get(f"/episodes/{seeded.episode_id}/script")
    assert answer.status_code == 409
    assert error_of(answer)["code"] == "EPISODE_NOT_READY"
