"""Art styles carry shared fields; each backend validates its own options."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from manga_common.errors import ConfigurationError
from manga_common.plugins.interfaces import MOVED_STYLE_FIELDS, ArtStyle
from manga_offline.options import OfflineArt, art_of
from manga_plugins.styles import BUILTIN_STYLES

BASE = {"name": "gekiga", "display_name": "Gekiga", "description": "Dark", "prompt_style": "gekiga panel"}


@pytest.mark.parametrize("field", sorted(MOVED_STYLE_FIELDS))
def test_an_old_style_field_is_refused_with_where_it_went(field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ArtStyle.model_validate({**BASE, field: "x"})
    message = str(raised.value)
    assert field in message
    assert f"backend_options[{MOVED_STYLE_FIELDS[field]!r}][{field!r}]" in message


def test_the_interface_names_no_backend_specific_knob() -> None:
    assert not set(MOVED_STYLE_FIELDS) & set(ArtStyle.model_fields)


@pytest.mark.parametrize("style", BUILTIN_STYLES, ids=lambda s: s.name)
def test_built_in_styles_give_valid_offline_and_bedrock_options(style: ArtStyle) -> None:
    assert OfflineArt.model_validate(style.options_for("offline")) == art_of(style)
    assert style.options_for("bedrock")["stability_preset"] in {"anime", "comic-book"}


def test_a_style_without_offline_options_draws_with_the_defaults() -> None:
    assert art_of(ArtStyle.model_validate(BASE)) == OfflineArt()


def test_a_bad_offline_option_names_the_style_and_the_option() -> None:
    style = ArtStyle.model_validate({**BASE, "backend_options": {"offline": {"eye_scale": 9}}})
    with pytest.raises(ConfigurationError, match=r"(?s)'gekiga'.*eye_scale"):
        art_of(style)
    typo = ArtStyle.model_validate({**BASE, "backend_options": {"offline": {"eyes": 1.2}}})
    with pytest.raises(ConfigurationError, match="eyes"):
        art_of(typo)


def test_the_five_built_in_styles_differ_in_how_they_are_drawn() -> None:
    arts = {style.name: art_of(style) for style in BUILTIN_STYLES}
    assert len({(a.proportions, a.eye_scale, a.screentone, a.background) for a in arts.values()}) == 5
