"""What a service's domain logic works with: settings, plugins and the AWS-backed stores."""

from __future__ import annotations

from dataclasses import dataclass, field

from manga_common.content import ContentStore
from manga_common.plugins.registry import Registry, get_registry
from manga_common.publisher import EventPublisher
from manga_common.settings import Settings, get_settings
from manga_common.table import MangaTable


@dataclass
class ServiceContext:
    """Built once per Lambda container (see settings.per_settings) and passed to the logic."""

    settings: Settings = field(default_factory=get_settings)
    registry: Registry = field(default_factory=get_registry)

    def __post_init__(self) -> None:
        self.table = MangaTable(self.settings)
        self.store = ContentStore(self.settings)
        self.publisher = EventPublisher(self.settings)
