"""ComicInfo.xml (schema v2.0): what Komga, Kavita and Mihon read from a CBZ.

Elements are written in the order the schema's sequence demands; readers that validate
reject any other order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from manga_common.models.preferences import ReadingDirection
from manga_common.models.script import EpisodeScript, StoryBible

SCHEMA = Path(__file__).with_name("schema") / "ComicInfo.xsd"

AGE_RATINGS = {"all-ages": "Everyone", "teen": "Teen", "mature": "Mature 17+"}
"""Our content ratings as the schema's AgeRating values."""


@dataclass(frozen=True)
class PageEntry:
    width: int
    height: int
    size_bytes: int
    front_cover: bool = False


def comic_info_xml(
    bible: StoryBible,
    script: EpisodeScript,
    pages: list[PageEntry],
    *,
    reading_direction: ReadingDirection,
    black_and_white: bool,
    series: str | None = None,
    summary: str | None = None,
    writer: str | None = None,
) -> bytes:
    root = ElementTree.Element("ComicInfo")

    def field(name: str, value: str | int | None) -> None:
        if value is not None and value != "":
            ElementTree.SubElement(root, name).text = str(value)

    field("Title", script.title)
    field("Series", series or bible.title)
    field("Number", script.episode_number)
    field("Count", len(bible.arc))
    field("Summary", summary or script.summary)
    field("Writer", writer)
    field("Genre", ", ".join(bible.genres))
    field("PageCount", len(pages))
    field("LanguageISO", "en")
    field("BlackAndWhite", "Yes" if black_and_white else "No")
    field("Manga", "YesAndRightToLeft" if reading_direction == "rtl" else "No")
    field("Characters", ", ".join(character.name for character in bible.characters))
    field("Locations", bible.setting.name)
    field("AgeRating", AGE_RATINGS[bible.content_rating])
    listing = ElementTree.SubElement(root, "Pages")
    for index, page in enumerate(pages):
        attributes = {
            "Image": str(index),
            "ImageSize": str(page.size_bytes),
            "ImageWidth": str(page.width),
            "ImageHeight": str(page.height),
        }
        if page.front_cover:
            attributes["Type"] = "FrontCover"
        ElementTree.SubElement(listing, "Page", attributes)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
