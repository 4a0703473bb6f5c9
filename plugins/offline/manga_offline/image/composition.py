"""How one panel is composed: the camera, how much of the place shows, and which manga
devices (speed lines, focus lines) the moment calls for.

Framing follows the shot: a wide shot shows the place and small figures with their eyes on
the horizon; a close-up shows a face against a simplified or abstract ground.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Literal

from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import Panel, SettingKind, StoryBible, TimeOfDay, Weather
from manga_common.plugins.interfaces import ArtStyle
from manga_common.staging import Placement, stage_panel
from manga_offline.image.characters.appearance import stable_seed
from manga_offline.image.perspective import Camera
from manga_offline.options import art_of

Backdrop = Literal["place", "abstract"]

_DETAIL_BY_SHOT: dict[str, float] = {"wide": 1.0, "medium": 0.8, "close-up": 0.45, "extreme-close-up": 0.3}
_DETAIL_BY_BACKGROUND: dict[str, float] = {"detailed": 1.0, "simple": 0.45, "sparkles": 0.7, "shadow": 0.85}
_INDOOR_KINDS = ("interior", "space")


@dataclass(frozen=True)
class Scene:
    panel: Panel
    style: ArtStyle
    kind: SettingKind
    time_of_day: TimeOfDay
    weather: Weather
    indoors: bool
    camera: Camera
    detail: float
    """0 to 1: how much of the place to draw (windows, leaves, rivets)."""
    backdrop: Backdrop
    light_from: int
    """-1: the light comes from the left of the panel; +1: from the right."""
    speed_lines: bool
    focus_lines: bool
    placements: list[Placement]
    place_seed: int
    """The same for every panel in one place, so the place looks the same each time."""

    @property
    def dark(self) -> bool:
        return self.time_of_day == "night" or art_of(self.style).background == "shadow"

    def place_rng(self) -> random.Random:
        return random.Random(self.place_seed)


def compose(
    panel: Panel,
    bible: StoryBible,
    style: ArtStyle,
    width: int,
    height: int,
    rng: random.Random,
    reading_direction: ReadingDirection = "rtl",
    headroom: float = 0.0,
) -> Scene:
    """Decide the panel's framing and devices; `rng` is the panel's own chance. `headroom`
    (a share of the height) moves every figure down, clear of lettering across the top."""
    kind: SettingKind = panel.location or bible.setting.kind
    time_of_day: TimeOfDay = panel.time_of_day or bible.setting.time_of_day
    placements = [replace(p, y=p.y + headroom) for p in stage_panel(panel, reading_direction)]
    shot = panel.shot
    place_seed = stable_seed(bible.setting.name, kind)
    place = random.Random(place_seed)
    indoors = kind in _INDOOR_KINDS or (kind == "school" and (shot != "wide" or rng.random() < 0.5))
    # Eye level: a wide shot puts the horizon through the figures' eyes.
    eyes = min((p.y for p in placements), default=0.5)
    horizon_share = {
        "wide": eyes if placements else rng.uniform(0.42, 0.6),
        "medium": eyes + 0.08,
        "close-up": 0.5,
        "extreme-close-up": 0.5,
    }[shot]
    focal_share = {"wide": 0.7, "medium": 1.1, "close-up": 1.6, "extreme-close-up": 2.0}[shot]
    camera = Camera(
        vanish_x=width * (0.5 + rng.uniform(-0.22, 0.22)),
        horizon=height * horizon_share,
        focal=width * focal_share,
    )
    detail = _DETAIL_BY_SHOT[shot] * _DETAIL_BY_BACKGROUND[art_of(style).background]
    # A close-up in a detailed style keeps the place unless the moment needs a mood instead.
    moody = panel.emotion in ("surprised", "angry", "afraid", "sad")
    if shot == "extreme-close-up" or (
        shot == "close-up" and (art_of(style).background != "detailed" or moody)
    ):
        backdrop: Backdrop = "abstract"
    else:
        backdrop = "place"
    speed = panel.action and rng.random() < 0.15 + 0.85 * art_of(style).speed_lines
    focus = not speed and (
        panel.emotion == "surprised"
        or (panel.action and shot in ("close-up", "extreme-close-up"))
        or (
            panel.sfx is not None
            and panel.emotion in ("angry", "afraid", "determined")
            and rng.random() < 0.6
        )
    )
    return Scene(
        panel=panel,
        style=style,
        kind=kind,
        time_of_day=time_of_day,
        weather=bible.setting.weather,
        indoors=indoors,
        camera=camera,
        detail=detail,
        backdrop=backdrop,
        light_from=place.choice((-1, 1)),
        speed_lines=speed,
        focus_lines=focus,
        placements=placements,
        place_seed=place_seed,
    )
