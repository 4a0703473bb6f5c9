"""The sample episode the book tests letter (tests/fakes/book_samples.py) covers the hard cases."""

from __future__ import annotations

from manga_common.models.script import SHOTS
from tests.fakes.book_samples import sample_episode


def test_the_sample_episode_covers_the_hard_cases() -> None:
    script = sample_episode()
    panels = script.panels()
    assert sorted({len(page.panels) for page in script.pages}) == [1, 2, 3, 4, 5, 6]
    assert {panel.shot for panel in panels} == set(SHOTS)
    assert {len(panel.dialogue) for panel in panels} >= {0, 1, 2, 3, 4}
    assert {line.kind for panel in panels for line in panel.dialogue} == {
        "speech",
        "thought",
        "shout",
        "whisper",
    }
    assert max(len(line.text) for panel in panels for line in panel.dialogue) >= 120
    assert any(panel.caption for panel in panels) and any(panel.sfx for panel in panels)
