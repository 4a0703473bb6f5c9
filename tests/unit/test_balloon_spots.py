"""Balloon placement passes over spots that cannot win, and still picks the spot that looking
at every spot of the grid picks."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from image_service.book import letter_book, lettering, plan_book
from image_service.book.balloons import Balloon, Draft
from image_service.book.geometry import Ellipse, Point
from image_service.book.panel_space import FaceSpot
from manga_common.models.preferences import ReadingDirection
from manga_common.plugins.registry import get_registry
from tests.fakes.samples import sample_script


def every_spot(
    drafts: Sequence[Draft],
    rules: lettering._Rules,
    speaker: FaceSpot | None,
    stage: lettering._Stage,
    placed: list[Balloon],
) -> tuple[Draft, Point] | None:
    """The first cheapest spot of the whole grid, each spot's whole cost summed as the
    placement sums it."""
    others, boxes = lettering._in_the_way(rules, stage, placed)
    best: tuple[float, Draft, Point] | None = None
    for draft in drafts:
        grid = lettering._grid(draft, rules, speaker, stage.frame.inner_box)
        if grid is None:
            continue
        rows, columns = grid
        for cy in rows:
            for cx in columns:
                extent = Ellipse(cx, cy, draft.extent_rx, draft.extent_ry)
                crowding = lettering._crowding_cost(extent, rules, speaker, stage, placed, others, boxes)
                if crowding is None:
                    continue
                row = draft.shape_cost + lettering._row_cost(cy, rules, speaker)
                column = lettering._column_cost(cx, draft.extent_rx, rules, speaker, stage, placed)
                cost = row + column + lettering._reach_cost(extent, speaker) + crowding
                if best is None or cost < best[0]:
                    best = (cost, draft, Point(cx, cy))
    return None if best is None else (best[1], best[2])


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
@pytest.mark.parametrize("style", ["shonen", "shojo"])
def test_skipping_spots_that_cannot_win_letters_the_book_as_looking_at_every_spot_does(
    style: str, direction: ReadingDirection, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = sample_script(pages=6)
    art_style = get_registry().art_styles.get(style)
    books = [plan_book(script, art_style, direction, seed) for seed in range(3)]
    pruned = [letter_book(book, script) for book in books]
    with monkeypatch.context() as patched:
        patched.setattr(lettering, "_best_spot", every_spot)
        looked_at_all = [letter_book(book, script) for book in books]
    balloons = sum(len(panel.balloons) for book in pruned for page in book.pages for panel in page.lettering)
    assert balloons > 20  # there is lettering to compare
    assert pruned == looked_at_all
