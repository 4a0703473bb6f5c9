"""Revisions of a finished episode: an edited script, panels drawn again.

A finished episode's record carries its script revision and, per image, the art version to
letter (absent: version 1) and the seed a redraw asked for. An edit raises the revision; a
panel whose art-bearing fields changed gets a new art version, so its art is drawn into a new
key and the earlier versions stay in the bucket. Text alone (dialogue, captions, SFX, titles)
only changes the lettering. The API decides what a revision redraws; the image stage draws
and letters it. Both number images the same way, here.
"""

from __future__ import annotations

from manga_common.models.entities import EpisodeRecord
from manga_common.models.script import EpisodeScript, StoryBible

COVER_IMAGE = 0
"""The cover art is image 0; panels count from 1 in reading order."""

ART_FIELDS = ("shot", "description", "characters", "emotion", "action", "location", "time_of_day")
"""Panel fields the art is drawn from; a change to any of them redraws the panel."""


def image_number(script: EpisodeScript, page_number: int, panel_index: int) -> int:
    """The image number of panel `panel_index` (0-based) of page `page_number` (1-based)."""
    before = sum(len(page.panels) for page in script.pages[: page_number - 1])
    return before + panel_index + 1


def art_version(episode: EpisodeRecord, number: int) -> int:
    return episode.art_versions.get(str(number), 1)


def structure_problems(
    current: EpisodeScript, edited: EpisodeScript, bible: StoryBible
) -> list[tuple[str, str]]:
    """(field, message) for each way `edited` is not an edit of `current`: the pages and panels
    stay where they are (the layout and the drawn art depend on them); the cast is the bible's."""
    problems: list[tuple[str, str]] = []
    if edited.episode_number != current.episode_number:
        problems.append(("episodeNumber", f"the episode number stays {current.episode_number}"))
    if len(edited.pages) != len(current.pages):
        problems.append(("pages", f"an edit keeps the episode's {len(current.pages)} pages"))
        return problems
    known = {character.name for character in bible.characters}
    for index, (old, new) in enumerate(zip(current.pages, edited.pages, strict=True)):
        if len(new.panels) != len(old.panels):
            problems.append(
                (f"pages.{index}.panels", f"page {old.number} keeps its {len(old.panels)} panels")
            )
            continue
        for panel_index, panel in enumerate(new.panels):
            unknown = sorted(set(panel.characters) - known)
            if unknown:
                problems.append(
                    (
                        f"pages.{index}.panels.{panel_index}.characters",
                        f"not in the story's cast: {', '.join(unknown)}; "
                        f"the cast is {', '.join(sorted(known))}",
                    )
                )
    return problems


def redrawn_panels(current: EpisodeScript, edited: EpisodeScript) -> list[tuple[int, int]]:
    """(page number, panel index) of every panel whose art-bearing fields changed."""
    changed = []
    for old_page, new_page in zip(current.pages, edited.pages, strict=True):
        for index, (old, new) in enumerate(zip(old_page.panels, new_page.panels, strict=True)):
            if any(getattr(old, name) != getattr(new, name) for name in ART_FIELDS):
                changed.append((old_page.number, index))
    return changed


def next_revision(
    episode: EpisodeRecord,
    script: EpisodeScript,
    redraw: list[tuple[int, int]],
    seeds: dict[int, int] | None = None,
) -> EpisodeRecord:
    """The episode at its next revision: every panel in `redraw` at its next art version."""
    versions = dict(episode.art_versions)
    chosen = dict(episode.art_seeds)
    for page_number, panel_index in redraw:
        number = image_number(script, page_number, panel_index)
        versions[str(number)] = art_version(episode, number) + 1
        if seeds and number in seeds:
            chosen[str(number)] = seeds[number]
        else:
            chosen.pop(str(number), None)
    return episode.model_copy(
        update={
            "revision": episode.revision + 1,
            "art_versions": versions,
            "art_seeds": chosen,
            "title": script.title,
        }
    )
