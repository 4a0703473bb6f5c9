"""Page layout and lettering geometry, checked over a whole generated episode."""

from __future__ import annotations

import itertools
import math
from functools import cache

import pytest

from image_service.book import BookLayout, frame_book, letter_book, plan_book
from image_service.book.balloons import SIZE_FOR_KIND, SMALLEST_SIZE
from image_service.book.fonts import Face, text_width
from image_service.book.geometry import Box, Point, point_in_polygon
from image_service.book.layout import DEFAULT_DPI
from image_service.book.lettering import reads_before
from image_service.book.page_grid import TRIM
from image_service.book.panel_space import faces_in
from image_service.book.text_fit import wrap
from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import DialogueLine, EpisodeScript, LineKind, Page, Panel
from tests.fakes.book_samples import sample_episode, sample_style


@cache
def sample_layout(direction: ReadingDirection = "rtl", seed: int = 7) -> BookLayout:
    return plan_book(sample_episode(), sample_style(), direction, seed)


def one_page(*panels: Panel) -> EpisodeScript:
    return EpisodeScript(
        episode_number=1, title="Test", summary="A test page.", pages=[Page(number=1, panels=list(panels))]
    )


LAYOUTS = [("rtl", 7), ("ltr", 7), ("rtl", 12345)]


@pytest.mark.parametrize(("direction", "seed"), LAYOUTS)
def test_every_line_of_text_lies_inside_its_balloon_or_caption(
    direction: ReadingDirection, seed: int
) -> None:
    layout = sample_layout(direction, seed)
    lines_checked = 0
    for page in layout.pages:
        for lettering in page.lettering:
            for balloon in lettering.balloons:
                for line in balloon.lines:
                    for corner in line.box.corners():
                        assert balloon.body.contains(corner), (page.page_number, line.text)
                        assert point_in_polygon(corner, balloon.outline_polygon), (
                            page.page_number,
                            line.text,
                        )
                    lines_checked += 1
            for caption in lettering.captions:
                for line in caption.lines:
                    assert caption.box.contains_box(line.box), (page.page_number, line.text)
                    lines_checked += 1
    assert lines_checked > 100


@pytest.mark.parametrize(("direction", "seed"), LAYOUTS)
def test_no_balloon_covers_the_text_of_another(direction: ReadingDirection, seed: int) -> None:
    layout = sample_layout(direction, seed)
    for page in layout.pages:
        balloons = [b for lettering in page.lettering for b in lettering.balloons]
        for index, balloon in enumerate(balloons):
            for other in balloons[index + 1 :]:
                for line in other.lines:
                    assert not any(point_in_polygon(c, balloon.outline_polygon) for c in line.box.corners())
                for line in balloon.lines:
                    assert not any(point_in_polygon(c, other.outline_polygon) for c in line.box.corners())


def test_type_is_never_set_below_the_floor_size_and_the_text_is_all_there() -> None:
    script = sample_episode()
    layout = sample_layout()
    for page, page_layout in zip(script.pages, layout.pages, strict=True):
        for panel, lettering in zip(page.panels, page_layout.lettering, strict=True):
            assert [b.speaker for b in lettering.balloons] == [line.speaker for line in panel.dialogue]
            for line, balloon in zip(panel.dialogue, lettering.balloons, strict=True):
                assert all(
                    SMALLEST_SIZE <= set_line.size <= SIZE_FOR_KIND[line.kind] for set_line in balloon.lines
                )
                set_text = " ".join(set_line.text for set_line in balloon.lines)
                assert set_text.replace("- ", "").split() == line.text.replace("-", "").split()


@pytest.mark.parametrize(("direction", "seed"), LAYOUTS)
def test_tails_point_at_the_speakers_face_and_end_near_it(direction: ReadingDirection, seed: int) -> None:
    script = sample_episode()
    layout = sample_layout(direction, seed)
    checked = 0
    for page, page_layout in zip(script.pages, layout.pages, strict=True):
        for panel, frame, lettering in zip(
            page.panels, page_layout.frames, page_layout.lettering, strict=True
        ):
            faces = {face.name: face for face in faces_in(panel, frame, direction)}
            for balloon in lettering.balloons:
                assert balloon.tail_tip is not None
                face = faces.get(balloon.speaker)
                if face is None:
                    continue  # a voice from out of frame points at the frame's edge
                if not balloon.body.contains(face.centre):
                    assert balloon.tail_tip.distance(face.centre) <= 1.2 * face.radius + 6.5
                to_tip = balloon.tail_tip - balloon.body.centre
                to_face = face.centre - balloon.body.centre
                cosine = (to_tip.x * to_face.x + to_tip.y * to_face.y) / (to_tip.length() * to_face.length())
                assert cosine > math.cos(math.radians(12))
                checked += 1
    assert checked > 40


def _covers(outline: list[Point], centre: Point, radius: float) -> bool:
    return point_in_polygon(centre, outline) or any(p.distance(centre) < radius for p in outline)


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_balloons_keep_off_faces_when_the_panel_has_room(direction: ReadingDirection) -> None:
    talk = [
        DialogueLine(speaker="Aiko", text="Did you hear that? Something is moving under the pier."),
        DialogueLine(speaker="Ren", text="It's only the tide.", kind="whisper"),
        DialogueLine(speaker="Mori", text="The tide doesn't knock!", kind="shout"),
    ]
    script = one_page(
        Panel(shot="medium", description="On the pier.", characters=["Aiko", "Ren", "Mori"], dialogue=talk),
        Panel(shot="wide", description="The pier.", characters=["Aiko", "Ren"], dialogue=talk[:2]),
        Panel(shot="close-up", description="Aiko.", characters=["Aiko"], dialogue=talk[:1]),
    )
    layout = plan_book(script, sample_style(), direction, 3)
    page = layout.pages[0]
    for panel, frame, lettering in zip(script.pages[0].panels, page.frames, page.lettering, strict=True):
        assert len(lettering.balloons) == len(panel.dialogue)
        for balloon in lettering.balloons:
            for face in faces_in(panel, frame, direction):
                assert not _covers(balloon.outline_polygon, face.centre, face.radius), (panel.shot, face.name)


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_balloons_in_a_panel_are_placed_in_reading_order(direction: ReadingDirection) -> None:
    talk = [
        DialogueLine(speaker="Aiko", text="First."),
        DialogueLine(speaker="Ren", text="Second, a little longer."),
        DialogueLine(speaker="Aiko", text="Third!"),
    ]
    script = one_page(
        Panel(shot="wide", description="The harbour.", characters=["Aiko", "Ren"], dialogue=talk),
        Panel(shot="medium", description="The pier.", characters=["Ren", "Aiko"], dialogue=talk[:2]),
    )
    layout = plan_book(script, sample_style(), direction, 11)
    for lettering in layout.pages[0].lettering:
        bodies = [balloon.body for balloon in lettering.balloons]
        for first, second in itertools.pairwise(bodies):
            assert reads_before(first, second, direction)


@pytest.mark.parametrize(("direction", "seed"), LAYOUTS)
def test_panels_run_in_reading_order(direction: ReadingDirection, seed: int) -> None:
    layout = sample_layout(direction, seed)
    for page in layout.pages:
        start = 0
        for cells in page.tiers:
            tier = page.frames[start : start + cells]
            for first, second in itertools.pairwise(tier):
                a, b = first.inner_box.centre, second.inner_box.centre
                assert (a.x > b.x) if direction == "rtl" else (a.x < b.x)
            if start + cells < len(page.frames):
                below = page.frames[start + cells]
                assert all(frame.inner_box.bottom < below.inner_box.y for frame in tier)
            start += cells
        if len(page.frames) > 1 and page.tiers[0] > 1:
            opening = page.frames[0].inner_box
            assert (
                (opening.centre.x > TRIM.centre.x)
                if direction == "rtl"
                else (opening.centre.x < TRIM.centre.x)
            )


@pytest.mark.parametrize(("direction", "seed"), LAYOUTS)
def test_panels_fill_the_page_without_overlapping(direction: ReadingDirection, seed: int) -> None:
    script = sample_episode()
    layout = sample_layout(direction, seed)
    for page, page_layout in zip(script.pages, layout.pages, strict=True):
        assert len(page_layout.frames) == len(page.panels) == sum(page_layout.tiers)
        for frame in page_layout.frames:
            assert TRIM.contains_box(Box.around(frame.outline), tolerance=0.01)
            assert frame.inner_box.width > 60 and frame.inner_box.height > 60
            for other in page_layout.frames:
                if other is not frame:
                    assert not point_in_polygon(frame.inner_box.centre, other.outline)
                    assert not any(point_in_polygon(c, other.outline) for c in frame.outline)


def test_pages_vary_and_beats_shape_the_panels() -> None:
    layout = sample_layout()
    script = sample_episode()
    patterns = {page.tiers for page in layout.pages}
    assert len(patterns) >= 6
    slanted = [
        frame
        for page in layout.pages
        for frame in page.frames
        if abs(frame.outline[0].x - frame.outline[3].x) > 1
        or abs(frame.outline[0].y - frame.outline[1].y) > 1
    ]
    assert slanted, "action beats should tilt some cuts"
    wide_share = [
        frame.art_box.width / TRIM.width
        for page, page_layout in zip(script.pages, layout.pages, strict=True)
        for panel, frame in zip(page.panels, page_layout.frames, strict=True)
        if panel.shot == "wide"
    ]
    close_share = [
        frame.art_box.width / TRIM.width
        for page, page_layout in zip(script.pages, layout.pages, strict=True)
        for panel, frame in zip(page.panels, page_layout.frames, strict=True)
        if panel.shot == "extreme-close-up"
    ]
    assert sum(wide_share) / len(wide_share) > sum(close_share) / len(close_share)


def test_the_same_seed_gives_the_same_book_and_another_seed_another() -> None:
    script, style = sample_episode(), sample_style()
    first = plan_book(script, style, "rtl", 99)
    assert plan_book(script, style, "rtl", 99) == first
    other = plan_book(script, style, "rtl", 100)
    assert [p.frames for p in other.pages] != [p.frames for p in first.pages]


def test_the_panels_art_is_drawn_for_are_the_panels_the_book_letters() -> None:
    """The image stage starts the art from the framed book and letters it while the model draws."""
    script, style = sample_episode(), sample_style()
    framed = frame_book(script, style, "ltr", 31, dpi=DEFAULT_DPI)
    assert all(page.lettering == () for page in framed.pages)
    lettered = letter_book(framed, script)
    assert lettered == plan_book(script, style, "ltr", 31)
    assert lettered.panel_slots() == framed.panel_slots()
    assert all(len(page.lettering) == len(page.frames) for page in lettered.pages)


def test_slots_list_every_panel_at_about_150_dpi() -> None:
    layout = sample_layout()
    slots = layout.panel_slots()
    script = sample_episode()
    assert [(s.page_number, s.panel_index) for s in slots] == [
        (page.number, index) for page in script.pages for index in range(len(page.panels))
    ]
    for slot in slots:
        box = layout.frame(slot.page_number, slot.panel_index).art_box
        assert slot.width_px == pytest.approx(box.width * 150 / 72, abs=0.01)
        assert slot.height_px == pytest.approx(box.height * 150 / 72, abs=0.01)
        # A full-page splash is the whole trim at 150 dpi, nothing larger.
        assert 64 <= slot.width_px <= round(TRIM.width * 150 / 72)
        assert 64 <= slot.height_px <= round(TRIM.height * 150 / 72)


def test_a_long_line_in_a_roomy_panel_keeps_full_size_type() -> None:
    line = DialogueLine(speaker="Aiko", text="x" * 3 + " word" * 30)
    script = one_page(Panel(shot="wide", description="A beach.", characters=["Aiko"], dialogue=[line]))
    balloon = plan_book(script, sample_style(), "rtl", 1).pages[0].lettering[0].balloons[0]
    assert {set_line.size for set_line in balloon.lines} == {SIZE_FOR_KIND["speech"]}


def test_a_crowded_panel_gets_smaller_type_rather_than_overflowing() -> None:
    long_line = "I'm not scared. I just think that running into a sealed cave at midnight is a terrible plan."
    talk = [DialogueLine(speaker=name, text=long_line) for name in ("Aiko", "Ren", "Mori", "Kenta")]
    panel = Panel(
        shot="close-up", description="Four.", characters=["Aiko", "Ren", "Mori", "Kenta"], dialogue=talk
    )
    script = one_page(*[panel] * 6)
    layout = plan_book(script, sample_style(), "rtl", 2)
    sizes = {
        line.size for lettering in layout.pages[0].lettering for b in lettering.balloons for line in b.lines
    }
    assert min(sizes) < SIZE_FOR_KIND["speech"]
    for lettering in layout.pages[0].lettering:
        for balloon in lettering.balloons:
            assert all(balloon.body.contains(c) for line in balloon.lines for c in line.box.corners())


def test_a_word_wider_than_the_measure_is_broken_with_hyphens() -> None:
    lines = wrap("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaargh!", Face.DIALOGUE, 8, 60)
    assert len(lines) > 1
    assert all(text_width(line, Face.DIALOGUE, 8) <= 60.01 for line in lines)
    assert (
        "".join(line.rstrip("-") for line in lines)
        == "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaargh!"
    )


def test_each_kind_of_line_gets_its_own_balloon() -> None:
    talk = [
        DialogueLine(speaker="Aiko", text="We should go.", kind="speech"),
        DialogueLine(speaker="Ren", text="Not yet...", kind="thought"),
        DialogueLine(speaker="Aiko", text="NOW!", kind="shout"),
        DialogueLine(speaker="Ren", text="Fine, fine.", kind="whisper"),
    ]
    panel = Panel(shot="wide", description="A cliff.", characters=["Aiko", "Ren"], dialogue=talk)
    balloons = plan_book(one_page(panel), sample_style(), "rtl", 8).pages[0].lettering[0].balloons
    by_kind = {balloon.kind: balloon for balloon in balloons}

    def reach(kind: LineKind) -> float:
        balloon = by_kind[kind]
        return max(
            (p.x - balloon.body.cx) ** 2 / balloon.body.rx**2
            + (p.y - balloon.body.cy) ** 2 / balloon.body.ry**2
            for p in balloon.outline_polygon
        )

    assert reach("speech") == pytest.approx(1.0, abs=0.01)  # the oval is the body itself
    assert reach("shout") > 1.6  # spikes
    assert 1.1 < reach("thought") < reach("shout")  # bumps
    assert by_kind["thought"].tail is None and len(by_kind["thought"].thought_dots) >= 1
    assert by_kind["whisper"].dashed and not by_kind["speech"].dashed
    assert (
        by_kind["shout"].lines[0].face is Face.EMPHASIS and by_kind["speech"].lines[0].face is Face.DIALOGUE
    )


def test_characters_the_font_lacks_are_replaced_not_dropped() -> None:
    assert wrap("Tōkyō ★ café", Face.DIALOGUE, 8, 500) == ("Tokyo ? café",)
