"""From layout to marks: the one place that decides what each page shows, for both painters."""

from __future__ import annotations

from dataclasses import replace

from image_service.book.balloons import Balloon
from image_service.book.drawing import INK, PAPER, Mark, Picture, Shape, Sheet, Text
from image_service.book.fonts import Face
from image_service.book.geometry import MM, box_path, ellipse_path
from image_service.book.layout import BookLayout, PageLayout
from image_service.book.lettering import Caption, PanelLettering, SoundEffect
from image_service.book.text_fit import TextLine

CAPTION_BORDER = 0.8
FOLIO_SIZE = 7.0


def page_sheet(layout: BookLayout, page: PageLayout) -> Sheet:
    marks: list[Mark] = []
    for frame in page.frames:
        marks.append(Picture((page.page_number, frame.panel_index), frame.art_box, clip=frame.path))
    for frame in page.frames:
        if frame.bordered:
            marks.append(Shape(frame.path, stroke=INK, width=layout.border_width))
    # Sound effects lie on the art; captions and balloons over everything, so a balloon
    # may cross a frame line into the gutter as it does on a hand-lettered page.
    for lettering in page.lettering:
        for effect in lettering.sound_effects:
            marks.extend(_sound_effect_marks(effect))
    for lettering in page.lettering:
        marks.extend(lettering_marks(lettering))
    trim = layout.trim
    # The page number sits in the bottom margin, unless a panel bleeds across it.
    if not any(not frame.bordered and frame.art_box.bottom >= trim.bottom - 1 for frame in page.frames):
        folio = Text(str(page.page_number), Face.DIALOGUE, FOLIO_SIZE, trim.width / 2, trim.bottom - 7 * MM)
        marks.append(folio)
    return Sheet(trim.width, trim.height, tuple(marks))


def lettering_marks(lettering: PanelLettering) -> list[Mark]:
    marks: list[Mark] = []
    for caption in lettering.captions:
        marks.extend(_caption_marks(caption))
    for balloon in lettering.balloons:
        marks.extend(_balloon_marks(balloon))
    return marks


def text_marks(lines: tuple[TextLine, ...]) -> list[Mark]:
    return [Text(line.text, line.face, line.size, line.x, line.baseline, line.align) for line in lines]


def _caption_marks(caption: Caption) -> list[Mark]:
    return [
        Shape(box_path(caption.box), fill=PAPER, stroke=INK, width=CAPTION_BORDER),
        *text_marks(caption.lines),
    ]


def _balloon_marks(balloon: Balloon) -> list[Mark]:
    # Stroke balloon and tail at twice the width, then fill both: the fill covers the inner
    # half of every stroke, leaving one outline around the union with no seam at the tail.
    width = 2 * balloon.stroke_width
    dash = (3.2, 2.2) if balloon.dashed else None
    shapes = [balloon.outline] + ([balloon.tail] if balloon.tail is not None else [])
    marks: list[Mark] = [Shape(path, stroke=INK, width=width, dash=dash) for path in shapes]
    marks.extend(Shape(path, fill=PAPER) for path in shapes)
    marks.extend(
        Shape(ellipse_path(dot), fill=PAPER, stroke=INK, width=balloon.stroke_width)
        for dot in balloon.thought_dots
    )
    marks.extend(text_marks(balloon.lines))
    return marks


def _sound_effect_marks(effect: SoundEffect) -> list[Mark]:
    """Ink letters in a paper halo with a thin ink rim: readable over any art."""
    rim = Text(
        effect.text,
        effect.face,
        effect.size,
        effect.pivot.x,
        effect.pivot.y,
        angle=effect.angle,
        outline=INK,
        outline_width=effect.outline_width + 0.7,
    )
    return [rim, replace(rim, outline=PAPER, outline_width=effect.outline_width)]
