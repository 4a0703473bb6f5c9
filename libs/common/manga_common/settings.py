"""Configuration from the environment: the only place that reads os.environ.

Terraform sets the same variable names on each Lambda (a contract test checks them).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

ENVIRONMENT_VARIABLES = {
    "environment": "MANGA_ENVIRONMENT",
    "region": "AWS_REGION",
    "endpoint_url": "AWS_ENDPOINT_URL",
    "table_name": "TABLE_NAME",
    "content_bucket": "CONTENT_BUCKET",
    "event_bus_name": "EVENT_BUS_NAME",
    "text_backend": "MANGA_TEXT_BACKEND",
    "image_backend": "MANGA_IMAGE_BACKEND",
    "insights_provider": "MANGA_INSIGHTS_PROVIDER",
    "max_receive_count": "MAX_RECEIVE_COUNT",
    "panel_concurrency": "PANEL_CONCURRENCY",
    "panel_lease_seconds": "PANEL_LEASE_SECONDS",
    "pdf_edition": "PDF_EDITION",
    "template_dir": "MANGA_TEMPLATE_DIR",
    "model_timeout_seconds": "MODEL_TIMEOUT_SECONDS",
    "model_attempts": "MODEL_ATTEMPTS",
    "model_backoff_cap_seconds": "MODEL_BACKOFF_CAP_SECONDS",
    "stage_reserve_seconds": "STAGE_RESERVE_SECONDS",
}


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use (cold start)

    environment: str = "local"
    region: str = "us-east-1"
    endpoint_url: str | None = Field(default=None, description="Emulator or custom AWS endpoint")
    table_name: str = "MangaPlatformTable"
    content_bucket: str = ""
    event_bus_name: str = ""
    text_backend: str = "offline"
    image_backend: str = "offline"
    insights_provider: str = "offline"
    max_receive_count: int = Field(default=3, ge=1)
    panel_concurrency: int = Field(default=4, ge=1, le=32)
    panel_lease_seconds: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="How long a worker holds a panel it is drawing: longer than one image call with "
        "its retries, so a live worker keeps it; a dead worker's panels are free after this",
    )
    pdf_edition: Literal["screen", "print"] = Field(
        default="screen",
        description="The PDF the image stage letters: 150 dpi on the B5 trim, or 300 dpi with a "
        "3 mm bleed for a printer",
    )
    template_dir: str | None = None
    # The time chain (Terraform checks it per environment): one model call takes at most
    # model_call_seconds(); it must fit the function's timeout, which fits the queue's
    # visibility timeout six times over.
    model_timeout_seconds: float = Field(default=45.0, gt=0, le=900, description="One try of a model call")
    model_attempts: int = Field(
        default=3, ge=1, le=10, description="Tries of a model call, the first included"
    )
    model_backoff_cap_seconds: float = Field(
        default=8.0,
        ge=0,
        le=60,
        description="Longest wait between tries (a longer Retry-After fails the call)",
    )
    stage_reserve_seconds: float = Field(
        default=5.0, ge=0, le=60, description="Kept at the end of a stage's budget to record its own error"
    )

    def model_call_seconds(self) -> float:
        """The longest a model call can take: every try timing out, every wait at the cap."""
        return self.model_timeout_seconds * self.model_attempts + self.model_backoff_cap_seconds * (
            self.model_attempts - 1
        )

    def model_post_init(self, __context: object) -> None:
        # Names follow the environment unless set (docs/design.md: manga-platform-content-{environment}).
        if not self.content_bucket:
            object.__setattr__(self, "content_bucket", f"manga-platform-content-{self.environment}")
        if not self.event_bus_name:
            object.__setattr__(self, "event_bus_name", f"manga-{self.environment}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values = {
            field: environ[variable]
            for field, variable in ENVIRONMENT_VARIABLES.items()
            if environ.get(variable)
        }
        if "region" not in values and environ.get("AWS_DEFAULT_REGION"):
            values["region"] = environ["AWS_DEFAULT_REGION"]
        return cls.model_validate(values)

    def to_env(self) -> dict[str, str]:
        """The variables that reproduce these settings in another process or Lambda."""
        return {
            variable: str(getattr(self, field))
            for field, variable in ENVIRONMENT_VARIABLES.items()
            if getattr(self, field) is not None
        }


@cache
def get_settings() -> Settings:
    """Settings of this process, read once (a Lambda's environment does not change)."""
    return Settings.from_env()


T = TypeVar("T")


def per_settings(factory: Callable[[], T]) -> Callable[[], T]:
    """Memoise `factory` for the current settings: built once in a Lambda, rebuilt only when
    the process is reconfigured (get_settings.cache_clear() after changing the environment)."""
    built: dict[Settings, T] = {}

    def get() -> T:
        settings = get_settings()
        if settings not in built:
            built.clear()
            built[settings] = factory()
        return built[settings]

    return get
