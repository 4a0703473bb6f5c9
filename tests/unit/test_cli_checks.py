"""`manga generate` refuses a bad flag by name, with what it allows, before any emulator starts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from manga_app import cli
from manga_app.commands import generate
from manga_common.plugins.registry import get_registry


@pytest.fixture
def no_emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fails the test if the command gets as far as setting up AWS."""
    started: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        started.append("aws")
        raise AssertionError("the emulator started before the flags were checked")

    monkeypatch.setattr(generate, "aws_environment", refuse)
    yield started


def test_an_unknown_art_style_is_named_with_the_installed_styles(
    no_emulator: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["generate", "--art-style", "nope"]) == 2
    error = capsys.readouterr().err
    assert "--art-style 'nope'" in error
    for style in get_registry().art_styles.names():
        assert style in error
    assert not no_emulator


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--pages", "99"], "--pages"),
        (["--pages", "1"], "pages run from 2 to"),
        (["--theme", "x"], "--theme #1"),
        (["--seed", "-4"], "--seed"),
    ],
)
def test_a_bad_value_names_its_flag(
    argv: list[str], words: str, no_emulator: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["generate", *argv]) == 2
    assert words in capsys.readouterr().err
    assert not no_emulator
