"""The content bucket: its layout (docs/design.md, "Content bucket"), spelled here and nowhere else.

stories/{userId}/{storyId}/story.md            (+ story.json, the machine-readable bible)
episodes/{userId}/{storyId}/{n}/episode.md     (+ episode.json, episode.pdf, episode.cbz)
images/{userId}/{storyId}/{n}/generated/image-001.png ...   (redrawn: image-001.v2.png ...)
images/{userId}/{storyId}/references/character-01.png ...     (reference sheets of the main cast)
"""

from __future__ import annotations

from typing import TypeVar

from botocore.exceptions import ClientError
from pydantic import BaseModel

from manga_common import aws
from manga_common.settings import Settings, get_settings

M = TypeVar("M", bound=BaseModel)

MAX_PRESIGN_SECONDS = 15 * 60


def story_markdown_key(user_id: str, story_id: str) -> str:
    return f"stories/{user_id}/{story_id}/story.md"


def story_bible_key(user_id: str, story_id: str) -> str:
    return f"stories/{user_id}/{story_id}/story.json"


def episode_folder(user_id: str, story_id: str, episode_number: int) -> str:
    return f"episodes/{user_id}/{story_id}/{episode_number}"


def episode_markdown_key(user_id: str, story_id: str, episode_number: int) -> str:
    return f"{episode_folder(user_id, story_id, episode_number)}/episode.md"


def episode_script_key(user_id: str, story_id: str, episode_number: int) -> str:
    return f"{episode_folder(user_id, story_id, episode_number)}/episode.json"


def episode_pdf_key(user_id: str, story_id: str, episode_number: int, revision: int = 1) -> str:
    return f"{episode_folder(user_id, story_id, episode_number)}/episode{_revised(revision)}.pdf"


def episode_cbz_key(user_id: str, story_id: str, episode_number: int, revision: int = 1) -> str:
    return f"{episode_folder(user_id, story_id, episode_number)}/episode{_revised(revision)}.cbz"


def episode_script_revision_key(user_id: str, story_id: str, episode_number: int, revision: int) -> str:
    """An edited script, kept per revision (revision 1 is episode.json as the episode stage wrote it)."""
    if revision == 1:
        return episode_script_key(user_id, story_id, episode_number)
    return f"{episode_folder(user_id, story_id, episode_number)}/scripts/episode.r{revision}.json"


def panel_art_folder(user_id: str, story_id: str, episode_number: int) -> str:
    """Where an episode's cover and panel art are stored."""
    return f"images/{user_id}/{story_id}/{episode_number}/generated"


def panel_image_key(
    user_id: str, story_id: str, episode_number: int, image_number: int, version: int = 1
) -> str:
    """Art drawn again keeps the earlier versions: version 1 is image-001.png, then image-001.v2.png..."""
    suffix = f".v{version}" if version > 1 else ""
    return f"{panel_art_folder(user_id, story_id, episode_number)}/image-{image_number:03d}{suffix}.png"


def character_sheet_key(user_id: str, story_id: str, character_index: int) -> str:
    """A main character's reference sheet: one per story, so every episode draws from the same."""
    return f"images/{user_id}/{story_id}/references/character-{character_index + 1:02d}.png"


def _revised(revision: int) -> str:
    """Revision 1 keeps the plain file names; later revisions sit beside them, never over them."""
    return f".r{revision}" if revision > 1 else ""


class ContentStore:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.bucket = self.settings.content_bucket
        self._s3 = aws.client("s3", self.settings)

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self._s3.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=body,
            ContentType=content_type,
            ServerSideEncryption="AES256",
        )

    def put_text(self, key: str, text: str, content_type: str = "text/markdown; charset=utf-8") -> None:
        self.put(key, text.encode("utf-8"), content_type)

    def put_model(self, key: str, model: BaseModel) -> None:
        body = model.model_dump_json(by_alias=True, exclude_none=True, indent=2).encode("utf-8")
        self.put(key, body, "application/json")

    def get(self, key: str) -> bytes:
        return self._s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def get_model(self, key: str, model: type[M]) -> M:
        return model.model_validate_json(self.get(key))

    def get_if_stored(self, key: str) -> bytes | None:
        """The object at `key`, or None when there is none: one GetObject where `exists` and
        then `get` would make two calls. As with HEAD, S3 says NoSuchKey rather than
        AccessDenied only to a role that may also list the bucket."""
        try:
            return self.get(key)
        except ClientError as error:
            if _missing(error):
                return None
            raise

    def get_model_if_stored(self, key: str, model: type[M]) -> M | None:
        body = self.get_if_stored(key)
        return None if body is None else model.model_validate_json(body)

    def exists(self, key: str) -> bool:
        try:
            self._s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _missing(error):
                return False
            raise
        return True

    def keys_under(self, folder: str) -> set[str]:
        """Every key stored under `folder` (one listing a thousand keys, not a HEAD a key)."""
        prefix = folder.rstrip("/") + "/"
        pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def presigned_url(self, key: str, seconds: int, filename: str | None = None) -> str:
        params = {"Bucket": self.bucket, "Key": key}
        if filename:
            params["ResponseContentDisposition"] = f'attachment; filename="{filename}"'
        return self._s3.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=min(seconds, MAX_PRESIGN_SECONDS)
        )


def _missing(error: ClientError) -> bool:
    """Whether S3 answered that there is no such object (HEAD says 404, GET NoSuchKey)."""
    return error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")
