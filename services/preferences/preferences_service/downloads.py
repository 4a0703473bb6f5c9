"""Download links: presigned S3 URLs, so a file never passes through the API."""

from __future__ import annotations

from manga_common.content import MAX_PRESIGN_SECONDS, ContentStore
from manga_common.models.entities import EpisodeRecord
from preferences_service.errors import Conflict
from preferences_service.schemas import DownloadFormat, DownloadLink
from preferences_service.views import ready_formats

LINK_SECONDS = MAX_PRESIGN_SECONDS


def download_link(store: ContentStore, episode: EpisodeRecord, file_format: DownloadFormat) -> DownloadLink:
    if file_format not in ready_formats(episode):
        raise Conflict(f"the episode's {file_format.upper()} is not ready yet", code="EPISODE_NOT_READY")
    key = episode.pdf_s3_key if file_format == "pdf" else episode.cbz_s3_key
    assert key
    filename = f"episode-{episode.episode_number:03d}.{file_format}"
    return DownloadLink(
        format=file_format,
        url=store.presigned_url(key, LINK_SECONDS, filename=filename),
        expires_in_seconds=LINK_SECONDS,
        filename=filename,
    )
