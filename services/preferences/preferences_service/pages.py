"""Page images for the web reader, read from the episode's CBZ.

The CBZ already holds every lettered page in reading order, so the reader needs no second
copy in the bucket: the API opens the archive and answers one page at a time. An execution
environment (one request at a time) keeps the last few archives it opened, since a reader
turns pages in a row.
"""

from __future__ import annotations

import io
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import PurePosixPath

from manga_common.content import ContentStore

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
ARCHIVES_KEPT = 4


@dataclass(frozen=True)
class PageImage:
    content_type: str
    data: bytes


class Comic:
    """One CBZ: its page images in the order comic readers show them (by file name)."""

    def __init__(self, archive: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(archive))
        self.names = sorted(
            info.filename
            for info in self._zip.infolist()
            if not info.is_dir() and PurePosixPath(info.filename).suffix.lower() in IMAGE_TYPES
        )

    def page(self, number: int) -> PageImage | None:
        if not 1 <= number <= len(self.names):
            return None
        name = self.names[number - 1]
        return PageImage(IMAGE_TYPES[PurePosixPath(name).suffix.lower()], self._zip.read(name))


class ComicShelf:
    """The most recently opened CBZs, by bucket key."""

    def __init__(self, store: ContentStore, capacity: int = ARCHIVES_KEPT) -> None:
        self.store = store
        self.capacity = capacity
        self._comics: OrderedDict[str, Comic] = OrderedDict()

    def open(self, key: str) -> Comic:
        if key in self._comics:
            self._comics.move_to_end(key)
            return self._comics[key]
        comic = self._comics[key] = Comic(self.store.get(key))
        while len(self._comics) > self.capacity:
            self._comics.popitem(last=False)
        return comic
