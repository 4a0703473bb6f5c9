"""What a service's domain logic works with: settings, plugins and the AWS-backed stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from manga_common.content import ContentStore
from manga_common.publisher import EventPublisher
from manga_common.settings import Settings, get_settings
from manga_common.table import MangaTable

if TYPE_CHECKING:
    from manga_common.plugins.registry import Registry


@dataclass
class ServiceContext:
    """Built once per Lambda container (see settings.per_settings) and passed to the logic."""

    settings: Settings = field(default_factory=get_settings)

    def __post_init__(self) -> None:
        self.table = MangaTable(self.settings)
        self.store = ContentStore(self.settings)
        self.publisher = EventPublisher(self.settings)

    @cached_property
    def registry(self) -> Registry:
        """The installed plugins, loaded when the logic first asks for one: most API calls only
        read the table, and loading every plugin (their HTTP client among them) is a share of a
        cold start they need not pay."""
        from manga_common.plugins.registry import get_registry

        return get_registry()
