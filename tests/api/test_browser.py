"""The web page in headless Chromium against the whole chain: sign up, order, watch, read, download.

Needs Debian's chromium (`apt-get install chromium`); Playwright drives it without a browser
download of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PASSWORD, ApiStack, running_stack

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
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "reader.png"
"""Refreshed with UPDATE_SCREENSHOTS=1; each run draws a new manga, so the default run leaves it be."""
GENERATION_SECONDS = 120

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def live_stack(aws_endpoint: str) -> Iterator[ApiStack]:
    """The gateway with the stage workers: ordered manga really get made."""
    with running_stack(aws_endpoint, workers=True) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_a_reader_orders_reads_and_downloads_a_manga(
    live_stack: ApiStack, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    expect = sync_api.expect
    page.goto(f"{live_stack.url}/")

    page.get_by_label("Email", exact=True).fill("browser-reader@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Order a manga")).to_be_visible()

    page.get_by_label("Pages", exact=True).fill("2")
    page.get_by_role("button", name="Make my manga").click()
    expect(page.locator("#stages li")).to_have_count(3)
    expect(page.locator("#reader-view")).to_be_visible(timeout=GENERATION_SECONDS * 1000)
    expect(page.locator("#stages li[data-state=done]")).to_have_count(3)

    # Manga order: the left arrow turns to the next page, the right arrow back.
    indicator = page.locator("#page-indicator")
    expect(indicator).to_have_text("Page 1 of 3")
    page.keyboard.press("ArrowLeft")
    expect(indicator).to_have_text("Page 2 of 3")
    page.keyboard.press("ArrowRight")
    expect(indicator).to_have_text("Page 1 of 3")
    page.get_by_role("button", name="Next page").click()
    expect(indicator).to_have_text("Page 2 of 3")
    image = page.locator("#page-image")
    width = image.bounding_box()["width"]
    image.click(position={"x": width * 0.9, "y": 20})  # a tap on the right half goes back
    expect(indicator).to_have_text("Page 1 of 3")
    image.click(position={"x": width * 0.1, "y": 20})
    expect(indicator).to_have_text("Page 2 of 3")
    expect(page.locator("#page-image")).to_have_attribute("alt", "Page 2 of 3")
    assert page.locator("#page-image").evaluate("image => image.complete && image.naturalWidth > 0")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot = SCREENSHOT if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path / "reader.png"
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    pdf = tmp_path / "episode.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # The story continues: its next episode is ordered from the library and opens in the reader.
    page.get_by_role("button", name="Back to your stories").click()
    page.get_by_role("button", name="Order the next episode", exact=False).click()
    expect(page.locator("#reader-title")).to_contain_text("episode 2", timeout=GENERATION_SECONDS * 1000)

    # A phone-sized screen: nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
