"""What an art style tells the offline backends: `backend_options["offline"]` of the style.

These knobs mean something only to the offline renderer and story engine (a prompt-driven
backend has no eye scale), so they are validated here, when they are read, rather than in
the shared interface. The module stands alone so the story engine can read the panel
density without importing the renderer.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from manga_common.errors import ConfigurationError
from manga_common.plugins.interfaces import ArtStyle

BACKEND = "offline"


class OfflineArt(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    screentone: Literal["dots", "lines", "crosshatch", "none"] = "dots"
    screentone_density: float = Field(default=0.5, ge=0, le=1)
    background: Literal["detailed", "simple", "sparkles", "shadow"] = "detailed"
    proportions: Literal["regular", "chibi", "tall"] = "regular"
    eye_scale: float = Field(default=1.0, gt=0, le=3)
    speed_lines: float = Field(default=0.5, ge=0, le=1, description="How readily action gets speed lines")
    panel_density: Literal["airy", "regular", "dense"] = Field(
        default="regular", description="Few large panels a page, or many small ones"
    )


_CHECKED: dict[tuple[str, str], OfflineArt] = {}


def art_of(style: ArtStyle) -> OfflineArt:
    """The style's offline options, validated once per style; a bad option names the style."""
    raw = style.options_for(BACKEND)
    key = (style.name, repr(sorted(raw.items())))
    if key not in _CHECKED:
        try:
            _CHECKED[key] = OfflineArt.model_validate(raw)
        except ValidationError as error:
            raise ConfigurationError(
                f"art style {style.name!r} has invalid backend_options[{BACKEND!r}]: {error}"
            ) from error
    return _CHECKED[key]
