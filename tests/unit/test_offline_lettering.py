"""Offline episodes lettered: sound effects sit in free space, never over a face."""

from __future__ import annotations

import pytest

from bench.offline_quality import geometry, write_samples


@pytest.fixture(scope="module")
def counts() -> dict[str, int]:
    return geometry(write_samples(20, 5))


def test_sound_effects_keep_off_faces(counts: dict[str, int]) -> None:
    assert counts["sfx"] >= 20
    assert counts["sfx_over_face"] == 0


def test_balloons_fit_their_text_and_stay_inside_their_panel(counts: dict[str, int]) -> None:
    assert counts["balloons"] >= 200
    assert counts["overflow"] == 0
    assert counts["crossing"] == 0
