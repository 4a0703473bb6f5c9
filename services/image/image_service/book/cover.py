"""The front cover: art across the top, the title over it, then tagline and cast on paper."""

from __future__ import annotations

from image_service.book.compose import text_marks
from image_service.book.drawing import INK, PAPER, ArtKey, Mark, Picture, Shape, Sheet, Text
from image_service.book.fonts import Face, text_width
from image_service.book.geometry import MM, Box, Point, box_path, polygon_path
from image_service.book.layout import BookLayout, PanelSlot
from image_service.book.text_fit import TextLine, set_block, wrap
from manga_common.models.script import EpisodeScript, StoryBible

_MARGIN = 16 * MM
_ART_SHARE = 0.68


def choose_cover_art(layout: BookLayout, script: EpisodeScript) -> ArtKey:
    """The panel whose art best fills the cover: the most pixels left after cropping to the
    cover's shape, with a preference for establishing shots."""
    art = _art_box(layout)
    aspect = art.width / art.height

    def usable(page_number: int, panel_index: int) -> float:
        width, height = layout.frame(page_number, panel_index).pixels
        kept = min(width, height * aspect) * min(height, width / aspect)
        shot = script.pages[page_number - 1].panels[panel_index].shot
        return kept * (1.5 if shot == "wide" else 1.0)

    keys = [(slot.page_number, slot.panel_index) for slot in layout.panel_slots()]
    return max(keys, key=lambda key: usable(*key))


def _art_box(layout: BookLayout) -> Box:
    return Box(0.0, 0.0, layout.trim.width, layout.trim.height * _ART_SHARE)


def cover_art_slot(layout: BookLayout) -> PanelSlot:
    """The size dedicated cover art is drawn at to fill the cover's picture area exactly."""
    box, scale = _art_box(layout), layout.dpi / 72
    return PanelSlot(
        page_number=0, panel_index=0, width_px=round(box.width * scale), height_px=round(box.height * scale)
    )


def cover_sheet(
    layout: BookLayout, bible: StoryBible, script: EpisodeScript, art: ArtKey, author: str
) -> Sheet:
    trim = layout.trim
    art_box = _art_box(layout)
    measure = trim.width - 2 * _MARGIN
    marks: list[Mark] = [Picture(art, art_box, clip=box_path(art_box), fit="cover")]

    title = _fitted(bible.title, Face.EMPHASIS, (44, 40, 36, 32, 28, 24, 20), measure, max_lines=2)
    title_lines = _placed(title, trim.width / 2, 18 * MM)
    for line in title_lines:
        rim = Text(line.text, line.face, line.size, line.x, line.baseline, outline=INK, outline_width=4.2)
        marks.extend(
            (
                rim,
                Text(
                    line.text, line.face, line.size, line.x, line.baseline, outline=PAPER, outline_width=3.4
                ),
            )
        )

    label = f"EPISODE {script.episode_number}  \u00b7  {script.title}"
    band_top = title_lines[-1].box.bottom + 5 * MM
    band = _fitted(label, Face.EMPHASIS, (12, 11, 10, 9, 8), measure - 12, max_lines=1)
    band_box = Box(_MARGIN, band_top, measure, 2.1 * band[0].size)
    marks.append(Shape(box_path(band_box), fill=INK))
    marks.extend(
        Text(line.text, line.face, line.size, line.x, line.baseline, colour=PAPER)
        for line in _placed(band, trim.width / 2, band_box.y + 0.45 * band[0].size)
    )

    rule_y = art_box.bottom
    marks.append(Shape(polygon_path((Point(0, rule_y), Point(trim.width, rule_y))), stroke=INK, width=3.0))
    tagline = _fitted(bible.tagline, Face.NARRATION, (12, 11, 10, 9, 8), measure, max_lines=3)
    tagline_lines = _placed(tagline, trim.width / 2, rule_y + 6 * MM)
    marks.extend(text_marks(tuple(tagline_lines)))

    cast_top = tagline_lines[-1].box.bottom + 6 * MM
    heading = _placed(_fitted("CAST", Face.EMPHASIS, (8,), measure, 1), trim.width / 2, cast_top)
    marks.extend(text_marks(tuple(heading)))
    marks.extend(_cast_marks(bible, Box(_MARGIN, heading[-1].box.bottom + 3 * MM, measure, 0.0)))

    footer = _placed(_fitted(author, Face.DIALOGUE, (7,), measure, 1), trim.width / 2, trim.bottom - 9 * MM)
    marks.extend(text_marks(tuple(footer)))
    return Sheet(trim.width, trim.height, tuple(marks), background=PAPER)


def _cast_marks(bible: StoryBible, area: Box) -> list[Mark]:
    columns = min(3, len(bible.characters))
    width = area.width / columns
    marks: list[Mark] = []
    row_top = area.y
    for start in range(0, len(bible.characters), columns):
        bottoms = []
        row = bible.characters[start : start + columns]
        indent = width * (columns - len(row)) / 2  # a short last row sits centred
        for offset, character in enumerate(row):
            centre = area.x + indent + width * (offset + 0.5)
            name = _placed(
                _fitted(character.name, Face.EMPHASIS, (9.5, 8.5, 7.5), width - 8, 1), centre, row_top
            )
            role = _placed(
                _fitted(character.role, Face.DIALOGUE, (7.5, 7, 6.5), width - 8, 2),
                centre,
                name[-1].box.bottom + 2,
            )
            marks.extend(text_marks(tuple(name + role)))
            bottoms.append(role[-1].box.bottom)
        row_top = max(bottoms) + 3 * MM
    return marks


def _fitted(
    text: str, face: Face, sizes: tuple[float, ...], measure: float, max_lines: int
) -> list[TextLine]:
    """The largest size at which the text wraps into `max_lines`; the last size otherwise,
    cut to `max_lines` with an ellipsis so the cover never runs over."""
    for size in sizes:
        lines = wrap(text, face, size, measure)
        if len(lines) <= max_lines:
            return set_block(lines, face, size)
    size = sizes[-1]
    kept = list(wrap(text, face, size, measure)[:max_lines])
    kept[-1] = _shortened(kept[-1] + "\u2026", face, size, measure)
    return set_block(tuple(kept), face, size)


def _shortened(line: str, face: Face, size: float, measure: float) -> str:
    while len(line) > 2 and text_width(line, face, size) > measure:
        line = line[:-2] + "\u2026"
    return line


def _placed(lines: list[TextLine], centre_x: float, top: float) -> list[TextLine]:
    """A centred block moved so that its first line's ink starts at `top`."""
    dy = top - lines[0].box.y
    return [line.moved(centre_x, dy) for line in lines]
