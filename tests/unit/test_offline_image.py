"""The offline image backend: exact PNG sizes, determinism, framing, colour vs ink, and
characters that keep their looks from panel to panel."""

from __future__ import annotations

import io
from itertools import cycle

import pytest
from PIL import Image, ImageStat

from manga_common.models.script import (
    SETTING_KINDS,
    SHOTS,
    Character,
    DialogueLine,
    EpisodeOutline,
    Look,
    Panel,
    Setting,
    StoryBible,
)
from manga_common.plugins.interfaces import ArtStyle, ImageBackend, PanelImageRequest
from manga_common.plugins.registry import get_registry
from manga_common.staging import stage_panel
from manga_offline.image import OfflinePanelRenderer
from manga_plugins.styles import BUILTIN_STYLES

STYLES = {style.name: style for style in BUILTIN_STYLES}
RENDERER = OfflinePanelRenderer()

CAST = [
    Character(
        name="Hana",
        role="lead",
        personality="Bold and quick to laugh.",
        look=Look(
            hair_style="ponytail",
            hair_color="brown",
            eye_color="green",
            outfit="navy sailor uniform",
            signature="red scarf",
            accent_color="red",
        ),
    ),
    Character(
        name="Kenji",
        role="rival",
        personality="Quiet, precise.",
        look=Look(
            hair_style="spiky",
            hair_color="black",
            eye_color="grey",
            outfit="long grey coat",
            signature="round glasses",
            accent_color="silver",
            build="tall",
        ),
    ),
    Character(
        name="Yui",
        role="friend",
        personality="Dreamy.",
        look=Look(
            hair_style="twin-tails",
            hair_color="blond",
            eye_color="blue",
            outfit="pink hoodie",
            signature="ribbon",
            accent_color="pink",
            build="small",
        ),
    ),
]


def make_bible(kind: str = "city", time_of_day: str = "day", weather: str = "clear") -> StoryBible:
    return StoryBible(
        title="Paper Lanterns",
        logline="Two rivals chase a rumour across town.",
        tagline="Every lantern hides a wish.",
        setting=Setting(
            kind=kind,
            name="Lantern Town",
            description="A harbour town of narrow streets.",
            time_of_day=time_of_day,
            weather=weather,
        ),
        characters=CAST,
        arc=[EpisodeOutline(number=1, title="The rumour", summary="It begins.")],
    )


def make_panel(shot: str = "medium", **fields: object) -> Panel:
    values: dict[str, object] = {
        "shot": shot,
        "description": "Hana faces Kenji.",
        "characters": ["Hana", "Kenji"],
        "dialogue": [DialogueLine(speaker="Hana", text="You again?")],
    }
    values.update(fields)
    return Panel.model_validate(values)


def make_request(
    panel: Panel | None = None,
    bible: StoryBible | None = None,
    style: ArtStyle = STYLES["shonen"],
    size: tuple[int, int] = (200, 150),
    seed: int = 7,
) -> PanelImageRequest:
    return PanelImageRequest(
        prompt="ignored by the offline renderer",
        negative_prompt="",
        width=size[0],
        height=size[1],
        seed=seed,
        style=style,
        panel=panel or make_panel(),
        bible=bible or make_bible(),
        page_number=1,
        panel_index=0,
    )


def draw(request: PanelImageRequest) -> Image.Image:
    data = RENDERER.draw_panel(request)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def ink_share(image: Image.Image) -> float:
    """Share of pixels darker than middle grey."""
    histogram = image.convert("L").histogram()
    return sum(histogram[:128]) / (image.width * image.height)


def test_registers_as_the_offline_image_backend() -> None:
    backend = get_registry().image_backends.get("offline")
    assert backend.name == "offline"
    assert isinstance(backend, ImageBackend)


_KINDS = cycle(SETTING_KINDS)
_MATRIX = [(style, shot, next(_KINDS)) for style in STYLES for shot in SHOTS for _ in range(2)]


@pytest.mark.parametrize(("style", "shot", "kind"), _MATRIX)
def test_every_style_and_shot_gives_a_png_of_the_exact_size_with_a_drawing_on_it(
    style: str, shot: str, kind: str
) -> None:
    request = make_request(make_panel(shot), make_bible(kind), STYLES[style], size=(173, 131))
    image = draw(request)
    assert image.format == "PNG"
    assert image.size == (173, 131)
    assert 0.02 < ink_share(image) < 0.92, "blank or flooded with ink"


@pytest.mark.parametrize("kind", SETTING_KINDS)
@pytest.mark.parametrize(("time_of_day", "weather"), [("day", "clear"), ("night", "rain"), ("dusk", "snow")])
def test_every_setting_draws_in_any_light_and_weather(kind: str, time_of_day: str, weather: str) -> None:
    panel = make_panel("wide", characters=[], dialogue=[])
    image = draw(make_request(panel, make_bible(kind, time_of_day, weather), size=(160, 120)))
    assert image.size == (160, 120)
    assert 0.02 < ink_share(image) < 0.97


def test_night_is_darker_than_day() -> None:
    panel = make_panel("wide", characters=[], dialogue=[])
    day = draw(make_request(panel, make_bible("city", "day"), size=(160, 120)))
    night = draw(make_request(panel, make_bible("city", "night"), size=(160, 120)))
    assert ink_share(night) > ink_share(day) + 0.1


def test_same_request_gives_the_same_bytes_and_another_seed_another_picture() -> None:
    request = make_request(
        make_panel("wide", action=True, emotion="angry"), make_bible("forest", "dusk", "rain")
    )
    first = RENDERER.draw_panel(request)
    assert RENDERER.draw_panel(request) == first
    assert RENDERER.draw_panel(request.model_copy(update={"seed": 8})) != first


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_close_up_is_not_a_wide_shot(style: str) -> None:
    wide = draw(make_request(make_panel("wide"), style=STYLES[style])).convert("L")
    close = draw(make_request(make_panel("close-up"), style=STYLES[style])).convert("L")
    changed = sum(1 for a, b in zip(wide.getdata(), close.getdata(), strict=True) if abs(a - b) > 32)
    assert changed > 0.3 * wide.width * wide.height


@pytest.mark.parametrize("style", sorted(STYLES))
def test_colour_styles_draw_in_colour_and_the_others_in_ink(style: str) -> None:
    image = draw(make_request(make_panel("medium"), make_bible("village"), STYLES[style]))
    assert image.mode == "RGB"
    saturation = image.convert("HSV").split()[1].histogram()
    colourful = sum(saturation[61:]) / (image.width * image.height)
    if STYLES[style].color:
        assert colourful > 0.2
    else:
        assert colourful < 0.001
        red, green, blue = image.split()
        assert red.tobytes() == green.tobytes() == blue.tobytes()


def _hair_patch(image: Image.Image, panel: Panel, name: str) -> tuple[float, ...]:
    """Mean colour of a patch on top of the head, where the staging puts the face."""
    place = next(p for p in stage_panel(panel) if p.name == name)
    radius = place.face_radius * image.height
    x, y = place.x * image.width, place.y * image.height - 1.1 * radius
    half = max(2.0, 0.08 * radius)
    patch = image.crop((round(x - half), round(y - half), round(x + half), round(y + half)))
    return tuple(ImageStat.Stat(patch).mean)


@pytest.mark.parametrize("style", ["shonen", "chibi", "seinen"])
def test_a_character_keeps_the_hair_colour_or_tone_across_panels(style: str) -> None:
    samples = []
    for kind, shot, seed in (("city", "close-up", 1), ("forest", "close-up", 2), ("interior", "medium", 3)):
        panel = make_panel(shot, characters=["Hana"], dialogue=[])
        image = draw(make_request(panel, make_bible(kind), STYLES[style], size=(400, 300), seed=seed))
        samples.append(_hair_patch(image, panel, "Hana"))
    for sample in samples[1:]:
        assert max(abs(a - b) for a, b in zip(sample, samples[0], strict=True)) < 30
    # And another character's hair reads differently at the same spot.
    panel = make_panel("close-up", characters=["Yui"], dialogue=[])
    other = _hair_patch(
        draw(make_request(panel, make_bible("city"), STYLES[style], (400, 300), 1)), panel, "Yui"
    )
    assert max(abs(a - b) for a, b in zip(other, samples[0], strict=True)) > 40


def test_black_hair_prints_as_solid_ink_in_black_and_white() -> None:
    panel = make_panel("close-up", characters=["Kenji"], dialogue=[])
    image = draw(make_request(panel, style=STYLES["shonen"], size=(400, 300)))
    assert max(_hair_patch(image, panel, "Kenji")) < 40


@pytest.mark.parametrize("style", [name for name, style in STYLES.items() if not style.color])
def test_black_and_white_greys_are_screentone_not_flat_grey(style: str) -> None:
    """A mid-grey area is made of ink and paper: its pixels differ strongly from each other."""
    panel = make_panel("wide", characters=[], dialogue=[])
    image = draw(make_request(panel, make_bible("sea", "dusk"), STYLES[style], size=(300, 200))).convert("L")
    grey_blocks = flat_blocks = 0
    for top in range(0, image.height - 8, 8):
        for left in range(0, image.width - 8, 8):
            stat = ImageStat.Stat(image.crop((left, top, left + 8, top + 8)))
            if 70 < stat.mean[0] < 190:
                grey_blocks += 1
                flat_blocks += stat.stddev[0] < 20
    assert grey_blocks > 50
    assert flat_blocks < 0.1 * grey_blocks


def test_unknown_characters_and_empty_panels_still_draw() -> None:
    crowd = make_panel("wide", characters=["Stranger", "Hana", "Someone", "Kenji"], dialogue=[])
    assert draw(make_request(crowd)).size == (200, 150)
    empty = make_panel("extreme-close-up", characters=[], dialogue=[], emotion="surprised")
    assert draw(make_request(empty)).size == (200, 150)


@pytest.mark.parametrize(
    "emotion", ["neutral", "happy", "sad", "angry", "surprised", "determined", "afraid", "smug"]
)
def test_every_emotion_changes_the_face(emotion: str) -> None:
    def face(feeling: str) -> bytes:
        panel = make_panel("extreme-close-up", characters=["Hana"], dialogue=[], emotion=feeling)
        return draw(make_request(panel, size=(160, 120))).tobytes()

    if emotion != "neutral":
        assert face(emotion) != face("neutral")


def test_a_large_panel_is_drawn_without_supersampling_and_keeps_its_size() -> None:
    image = draw(make_request(size=(1500, 1400), panel=make_panel("close-up")))
    assert image.size == (1500, 1400)


@pytest.mark.parametrize("size", [(64, 64), (1024, 64), (64, 1024)])
def test_extreme_sizes_keep_their_size(size: tuple[int, int]) -> None:
    assert draw(make_request(make_panel("wide"), size=size)).size == size


def test_a_plugin_style_without_tone_prints_only_ink_and_paper() -> None:
    seinen = STYLES["seinen"]
    options = {**seinen.backend_options, "offline": {**seinen.options_for("offline"), "screentone": "none"}}
    style = seinen.model_copy(update={"name": "gekiga", "backend_options": options})
    image = draw(make_request(make_panel("medium"), make_bible("city", "dusk"), style, size=(300, 200)))
    histogram = image.convert("L").histogram()
    # Only the reduction's antialiasing leaves greys, along the edges.
    assert sum(histogram[:30]) + sum(histogram[226:]) > 0.75 * image.width * image.height


def test_a_plugin_colour_style_inks_in_its_palette() -> None:
    ink = (0x40, 0x20, 0x10)
    style = STYLES["chibi"].model_copy(update={"name": "sepia", "palette": ("#402010", "#f4e4c8")})
    image = draw(make_request(make_panel("close-up", emotion="happy"), style=style, size=(300, 200)))
    colours = [colour for _, colour in image.getcolors(maxcolors=1 << 20) or [] if isinstance(colour, tuple)]
    assert not any(colour == (0, 0, 0) for colour in colours), "black ink instead of the palette's"
    assert any(max(abs(a - b) for a, b in zip(colour, ink, strict=True)) < 12 for colour in colours)


class _ShadeRecorder:
    """Stands in for a canvas and keeps the offset of every shadow it is asked to cut."""

    def __init__(self, style: ArtStyle) -> None:
        self.style = style
        self.shifts: list[tuple[float, float]] = []

    def shade_inside(self, points: object, shift: tuple[float, float], colour: object) -> None:
        self.shifts.append(shift)


@pytest.mark.parametrize(("style", "lit_from_above"), [("noir", False), ("shonen", True), ("seinen", True)])
def test_hard_shadow_styles_split_a_face_from_the_side_instead_of_inking_the_jaw(
    style: str, lit_from_above: bool
) -> None:
    """Noir faces got a black crescent along the jaw: the deep cut was lit from above too."""
    from manga_offline.image.characters.figure import Figure, plan_for, pose_for

    canvas = _ShadeRecorder(STYLES[style])
    figure = Figure(
        canvas,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        100.0,
        100.0,
        40.0,
        1,
        1,
        plan_for("tall", "average"),
        pose_for("neutral", False, True),
        2.0,
    )
    figure.shade([(-1.0, 0.0), (1.0, 0.0), (0.0, 1.0)], (240, 200, 180), 0.1, 0.16)
    ((dx, dy),) = canvas.shifts
    assert dx != 0
    assert (dy < 0) == lit_from_above


def test_the_cover_cast_stands_below_the_title_and_episode_band() -> None:
    """The cover's band ran across the characters' eyes; its top 37% is lettering."""
    import random

    from manga_offline.image.composition import compose
    from manga_offline.image.renderer import COVER_HEADROOM

    panel = make_panel("medium", characters=["Hana", "Kenji", "Yui"], dialogue=[], emotion="determined")
    for headroom, clear in ((0.0, False), (COVER_HEADROOM, True)):
        scene = compose(panel, make_bible(), STYLES["shonen"], 600, 400, random.Random(1), headroom=headroom)
        tops = [p.y - p.face_radius for p in scene.placements]
        assert (min(tops) >= 0.37) == clear
