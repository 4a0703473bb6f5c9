"""Finished stories and episodes written straight into the table and bucket, for API tests
that must not wait for the generation chain."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from PIL import Image

from manga_common import content
from manga_common.content import ContentStore
from manga_common.ids import episode_id_for, new_request_id, story_id_for
from manga_common.models.entities import EpisodeRecord, GenerationRequest, StoryRecord
from manga_common.models.preferences import ReadingDirection
from manga_common.settings import Settings
from manga_common.table import MangaTable

PAGE_SIZE = (60, 90)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class SeededEpisode:
    request_id: str
    story_id: str
    episode_id: str
    pages: int


def page_png(number: int) -> bytes:
    """A page whose grey level tells its number, so a test can see which page it got."""
    image = Image.new("L", PAGE_SIZE, color=20 * number)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def make_cbz(pages: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ComicInfo.xml", "<ComicInfo><Manga>YesAndRightToLeft</Manga></ComicInfo>")
        # Written out of order: readers sort pages by name, and so must the API.
        for number in reversed(range(1, pages + 1)):
            archive.writestr(f"page-{number:03d}.png", page_png(number))
    return buffer.getvalue()


def seed_episode(
    settings: Settings,
    user_id: str,
    *,
    pages: int = 2,
    title: str = "The Lost Map",
    finished: bool = True,
    reading_direction: ReadingDirection = "rtl",
) -> SeededEpisode:
    """A COMPLETED story request with its story and episode 1 (finished or still drawing)."""
    table, store = MangaTable(settings), ContentStore(settings)
    request_id = new_request_id()
    story_id = story_id_for(request_id)
    episode_id = episode_id_for(story_id, 1)
    story = StoryRecord(
        user_id=user_id,
        story_id=story_id,
        request_id=request_id,
        title=title,
        s3_key=content.story_markdown_key(user_id, story_id),
        status="COMPLETED",
        art_style="shonen",
        reading_direction=reading_direction,
        episode_count=1 if finished else 0,
    )
    table.complete_story(story)
    episode = EpisodeRecord(
        story_id=story_id,
        episode_number=1,
        episode_id=episode_id,
        user_id=user_id,
        request_id=request_id,
        title="Episode One",
        s3_key=content.episode_markdown_key(user_id, story_id, 1),
        page_count=pages,
    )
    if finished:
        pdf_key = content.episode_pdf_key(user_id, story_id, 1)
        cbz_key = content.episode_cbz_key(user_id, story_id, 1)
        store.put(pdf_key, PDF_BYTES, "application/pdf")
        store.put(cbz_key, make_cbz(pages), "application/vnd.comicbook+zip")
        table.complete_episode(episode.model_copy(update={"pdf_s3_key": pdf_key, "cbz_s3_key": cbz_key}))
    else:
        table.put_episode_script(episode)
    status = "COMPLETED" if finished else "PROCESSING"
    table.create_request(
        GenerationRequest(
            user_id=user_id,
            request_id=request_id,
            status=status,
            stage="image",
            story_id=story_id,
            episode_id=episode_id,
            episode_number=1,
        )
    )
    return SeededEpisode(request_id, story_id, episode_id, pages)
