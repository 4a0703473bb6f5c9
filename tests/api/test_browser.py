"""The web page in headless Chromium against the whole chain, at a desktop and a phone size.

Needs Debian's chromium (`apt-get install chromium`); Playwright drives it without a browser
download of its own. Every test runs at both sizes, each as a reader of its own. With
UPDATE_SCREENSHOTS=1 the tests also refresh the page's screenshots in docs/.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PASSWORD, ApiStack

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"
GENERATION_SECONDS = 120
VIEWPORTS = {"desktop": {"width": 1280, "height": 983}, "phone": {"width": 390, "height": 844}}
_emails = itertools.count(1)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=list(VIEWPORTS))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def page(browser: Any, size: str) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORTS[size], accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str, tmp_path: Path) -> Path:
    """Into docs/ when asked to refresh them, else beside the test's other files."""
    target = DOCS / name if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / name
    page.wait_for_function(
        "() => [...document.images].filter((i) => i.offsetParent)"
        ".every((i) => i.complete && i.naturalWidth > 0)"
    )
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    return target


def sign_up(page: Any, stack: ApiStack, size: str) -> str:
    email = f"browser{next(_emails)}-{size}-{os.getpid()}@example.com"
    page.goto(f"{stack.url}/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Order a manga")).to_be_visible()
    return email


def sign_in(page: Any, email: str) -> None:
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Order a manga")).to_be_visible()


def order(page: Any, pages: int = 2) -> None:
    page.get_by_label("Pages", exact=True).fill(str(pages))
    page.get_by_role("button", name="Make my manga").click()
    expect(page.locator("#reader-view")).to_be_visible(timeout=GENERATION_SECONDS * 1000)


def api_json(page: Any, path: str) -> Any:
    """The API as the page calls it, with the page's own token."""
    return page.evaluate(
        """async (path) => {
            const session = JSON.parse(sessionStorage.getItem("manga-session"));
            const answer = await fetch(path, { headers: { Authorization: session.idToken } });
            return answer.json();
        }""",
        path,
    )


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not laid out"
    return dict(found)


def test_form_errors_sit_on_their_fields(live_stack: ApiStack, page: Any, size: str, tmp_path: Path) -> None:
    sign_up(page, live_stack, size)
    for genre in ("fantasy", "adventure"):
        page.get_by_label(genre, exact=True).uncheck()
    page.get_by_label("Themes", exact=True).fill("x, a lost map")
    page.get_by_label("Pages", exact=True).fill("99")
    page.get_by_role("button", name="Make my manga").click()

    expect(page.locator("#genres-error")).to_have_text(re.compile("Choose at least one genre"))
    expect(page.locator("#themes-error")).to_contain_text("“x” is not a theme")
    expect(page.locator("#pages-error")).to_have_text(re.compile("Pages run from 2 to 48"))
    expect(page.get_by_label("Pages", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#order-error")).to_have_text("Check the fields marked above.")
    assert "validation" not in page.locator("#order-view").inner_text()
    expect(page.locator("#progress-view")).to_be_hidden()
    if size == "phone":
        screenshot(page, "form-errors-phone.png", tmp_path)

    # What only the API can check comes back on its field too, in the page's words.
    page.get_by_label("fantasy", exact=True).check()
    page.get_by_label("Themes", exact=True).fill("a lost map")
    page.get_by_label("Pages", exact=True).fill("2")
    page.locator("#art-style").evaluate(
        "select => { select.append(new Option('Gone', 'gone-style')); select.value = 'gone-style'; }"
    )
    page.get_by_role("button", name="Make my manga").click()
    expect(page.locator("#art-style-error")).to_have_text(re.compile("Choose an art style from the list"))
    expect(page.locator("#genres-error")).to_be_empty()


def test_the_form_starts_at_the_cli_defaults_and_is_cleared_on_sign_out(
    live_stack: ApiStack, page: Any, size: str
) -> None:
    first = sign_up(page, live_stack, size)
    expect(page.get_by_label("Pages", exact=True)).to_have_value("8")
    expect(page.get_by_label("Themes", exact=True)).to_have_value("friendship, a lost map")
    expect(page.get_by_label("fantasy", exact=True)).to_be_checked()
    expect(page.get_by_label("adventure", exact=True)).to_be_checked()
    expect(page.get_by_label("Art style", exact=True)).to_have_value("shonen")

    page.get_by_label("Themes", exact=True).fill("a private theme")
    page.get_by_label("horror", exact=True).check()
    page.get_by_label("Pages", exact=True).fill("12")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to order your manga")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_value("")

    sign_in(page, first)
    expect(page.get_by_label("Themes", exact=True)).to_have_value("friendship, a lost map")
    expect(page.get_by_label("horror", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Pages", exact=True)).to_have_value("8")


def test_reading_spreads_zoom_alt_text_deep_links_and_covers(
    live_stack: ApiStack, page: Any, size: str, tmp_path: Path
) -> None:
    sign_up(page, live_stack, size)
    page.get_by_label("Pages", exact=True).fill("2")
    page.get_by_role("button", name="Make my manga").click()
    expect(page.locator("#stages li")).to_have_count(3)
    expect(page.locator("#reader-view")).to_be_visible(timeout=GENERATION_SECONDS * 1000)
    indicator = page.locator("#page-indicator")
    expect(indicator).to_have_text("Page 1 of 3")
    episode_id = re.search(r"#/episodes/([^/]+)/pages/1$", page.url)
    assert episode_id, page.url
    document = api_json(page, f"/episodes/{episode_id.group(1)}/script")

    # The cover's alt names the episode; a page's alt carries its words in reading order.
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile(r"^Cover of .+, episode 1: "))
    page.keyboard.press("ArrowLeft")  # manga order: left is forward
    first_page = page.locator("#page-image")
    expect(first_page).to_have_attribute("alt", re.compile(r"^Page 2 of 3\. Panel 1:"))
    alt = first_page.get_attribute("alt")
    words = [line["text"] for panel in document["script"]["pages"][0]["panels"] for line in panel["dialogue"]]
    assert words, "the script has dialogue"
    positions = [alt.index(f"“{text}”") for text in words]
    assert positions == sorted(positions), "the dialogue is in reading order"

    if size == "desktop":
        # Wide screen: pages 2 and 3 side by side, page 2 on the right (read first, right to left).
        expect(indicator).to_have_text("Pages 2\N{EN DASH}3 of 3")
        expect(page.locator("#page-image-2")).to_be_visible()
        assert box(page, "#page-image-2")["x"] < box(page, "#page-image")["x"]
        assert page.locator("#page-image-2").get_attribute("alt").startswith("Page 3 of 3.")
        frame = box(page, "#page-frame")
        assert frame["height"] > 0.7 * VIEWPORTS[size]["height"], "the reader fills the window"
        assert frame["width"] > 0.9 * VIEWPORTS[size]["width"]
    else:
        expect(indicator).to_have_text("Page 2 of 3")
        expect(page.locator("#page-image-2")).to_be_hidden()
        assert box(page, "#page-image")["width"] > 0.85 * VIEWPORTS[size]["width"], "the page fills the width"
        controls = box(page, "#page-next")
        assert controls["y"] + controls["height"] <= VIEWPORTS[size]["height"], "page buttons above the fold"
    assert page.locator("#page-image").evaluate("image => image.complete && image.naturalWidth > 0")
    screenshot(page, f"reader-{size}.png" if size == "phone" else "reader.png", tmp_path)

    # The address names the page, and a reload comes back to it.
    assert page.url.endswith(f"#/episodes/{episode_id.group(1)}/pages/2")
    shown = indicator.inner_text()
    page.reload()
    expect(indicator).to_have_text(shown)
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile("^Page 2 of 3"))

    # Zoom: the page grows past the frame, which scrolls; Fit brings it back.
    before = box(page, "#page-image")["width"]
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("#zoom-level")).to_have_text("150%")
    expect(page.locator("#page-frame")).to_have_class(re.compile("zoomed"))
    page.wait_for_function("() => document.querySelector('#page-image').getBoundingClientRect().width > 0")
    assert box(page, "#page-image")["width"] > before * 1.3
    assert page.locator("#page-frame").evaluate(
        "frame => frame.scrollHeight > frame.clientHeight || frame.scrollWidth > frame.clientWidth"
    ), "the zoomed page pans inside the frame"
    page.keyboard.press("-")
    expect(page.locator("#zoom-level")).to_have_text("Fit")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="PDF").click()
    pdf = tmp_path / "episode.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # The library shows each story with its cover.
    page.get_by_role("button", name="Back to your stories").click()
    cover = page.locator("#stories img.cover").first
    expect(cover).to_be_visible()
    page.wait_for_function(
        "() => { const c = document.querySelector('#stories img.cover');"
        " return c && c.complete && c.naturalWidth > 0; }"
    )
    assert page.url.endswith("#/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"library-{size}.png", tmp_path)


def test_editing_words_re_letters_and_a_redraw_draws_one_panel(
    live_stack: ApiStack, page: Any, size: str, tmp_path: Path
) -> None:
    sign_up(page, live_stack, size)
    order(page)
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile("^Page 2 of 3"))
    page.get_by_role("button", name="Edit this page").click()
    editor = page.locator("#editor")
    expect(editor.get_by_role("heading", name="Edit page 1 of 2")).to_be_visible()

    line = editor.locator("[data-path$='.dialogue.0.text']").first
    path = line.get_attribute("data-path")  # pages.0.panels.N.dialogue.0.text
    line = editor.locator(f"[data-path='{path}']")
    panel = editor.locator(f"fieldset.panel-edit[data-panel='{int(path.split('.')[3]) + 1}']")
    line.fill("Words changed in the editor!")
    expect(panel.locator(".preview")).to_contain_text("“Words changed in the editor!”")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#editor-status")).to_contain_text("Done in", timeout=GENERATION_SECONDS * 1000)
    expect(page.locator("#editor-status")).to_contain_text("revision 2")
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile("Words changed in the editor!"))
    if size == "desktop":
        screenshot(page, "editor.png", tmp_path)

    # An empty line is refused by the API, and the refusal lands on that line.
    line.fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(editor.locator(".field-error:not(:empty)").first).to_be_visible()
    expect(line).to_have_attribute("aria-invalid", "true")
    line.fill("Back to words.")

    editor.get_by_role("button", name="Redraw panel 1").click()
    expect(page.locator("#editor-status")).to_contain_text("revision 3", timeout=GENERATION_SECONDS * 1000)
    assert page.locator("#page-image").evaluate("image => image.complete && image.naturalWidth > 0")


def test_progress_counts_panels_estimates_time_and_shows_retries(
    live_stack: ApiStack, page: Any, size: str, tmp_path: Path
) -> None:
    """The status the image stage reports while it draws, as a busy model makes it retry."""
    sign_up(page, live_stack, size)
    polls = itertools.count()

    def drawing(route: Any) -> None:
        answer = route.fetch()
        status = answer.json()
        n = next(polls)
        if status["status"] != "COMPLETED" or n < 6:
            drawn = min(n * 2, 10)
            status.update(
                status="PROCESSING",
                stage="image",
                stages=[
                    {"name": "story", "state": "done"},
                    {"name": "episode", "state": "done"},
                    {"name": "image", "state": "running"},
                ],
                panelsDrawn=drawn,
                panelsTotal=12,
                attempt=2,
                lastError={"code": "BACKEND_UNAVAILABLE", "message": "throttled", "stage": "image"},
            )
        route.fulfill(response=answer, body=json.dumps(status))

    page.route(re.compile(r"/status/"), drawing)
    page.get_by_label("Pages", exact=True).fill("2")
    page.get_by_role("button", name="Make my manga").click()
    image_stage = page.locator("#stages li[data-stage=image]")
    expect(image_stage).to_contain_text("retrying 2 of 3: the model is busy", timeout=20_000)
    expect(image_stage).to_contain_text(re.compile(r"\d+ of 12 panels drawn · about \d+ (s|min) left"))
    if size == "desktop":
        screenshot(page, "progress.png", tmp_path)
    expect(page.locator("#reader-view")).to_be_visible(timeout=GENERATION_SECONDS * 1000)


def test_the_page_is_dark_when_the_system_is(
    live_stack: ApiStack, browser: Any, size: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[size], color_scheme="dark")
    page = context.new_page()
    sign_up(page, live_stack, size)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert max(channels) < 60, background
    text = page.evaluate("getComputedStyle(document.querySelector('#order-title')).color")
    assert min(int(c) for c in re.findall(r"\d+", text)[:3]) > 180, text
    order(page)
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile("^Page 2"))
    screenshot(page, f"reader-dark-{size}.png", tmp_path)
    context.close()


def test_the_script_is_edited_before_anything_is_drawn(
    live_stack: ApiStack, page: Any, size: str, tmp_path: Path
) -> None:
    sign_up(page, live_stack, size)
    page.get_by_label("Let me edit the script before drawing").check()
    order(page)
    editor = page.locator("#editor")
    expect(editor.get_by_role("heading", name="Edit the script: 2 pages, not drawn yet")).to_be_visible()
    expect(page.locator("#page-frame")).to_be_hidden()
    expect(editor.get_by_role("heading", name="Page 2")).to_be_attached()
    assert editor.get_by_role("button", name=re.compile("^Redraw")).count() == 0
    draw = page.get_by_role("button", name="Draw this episode")
    expect(draw).to_be_visible()
    assert box(page, "#draw-episode")["x"] + box(page, "#draw-episode")["width"] <= VIEWPORTS[size]["width"]
    episode_id = page.evaluate("location.hash").split("/")[2]
    assert api_json(page, f"/episodes/{episode_id}")["status"] == "SCRIPTED"

    line = editor.locator("[data-path^='pages.0.'][data-path$='.dialogue.0.text']").first
    line.fill("Written before the ink!")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#editor-status")).to_contain_text("Saved (revision 2)")
    if size == "desktop":
        screenshot(page, "edit-before-drawing.png", tmp_path)

    # The library offers the script again until the episode is drawn.
    page.get_by_role("button", name="Back to your stories").click()
    page.get_by_role("link", name=re.compile("^Edit the script of Episode 1")).click()
    expect(editor.locator(f"[data-path='{line.get_attribute('data-path')}']")).to_have_value(
        "Written before the ink!"
    )

    draw.click()
    expect(page.locator("#page-frame")).to_be_visible(timeout=GENERATION_SECONDS * 1000)
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile("^Cover of"))
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#page-image")).to_have_attribute("alt", re.compile("Written before the ink!"))
    episode = api_json(page, f"/episodes/{episode_id}")
    assert (episode["status"], episode["formats"]) == ("COMPLETED", ["pdf", "cbz"])
