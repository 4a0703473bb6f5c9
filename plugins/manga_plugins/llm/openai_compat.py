"""The OpenAI-compatible HTTP API, as OpenAI, Ollama, vLLM and LM Studio serve it.

Configuration (environment): OPENAI_BASE_URL (with or without a trailing /v1),
OPENAI_API_KEY (optional: local servers take none), OPENAI_MODEL, OPENAI_IMAGE_MODEL,
OPENAI_IMAGE_SIZES, OPENAI_MAX_TOKENS, OPENAI_TEMPERATURE, OPENAI_TIMEOUT_SECONDS (one try;
default: the platform's MODEL_TIMEOUT_SECONDS, which Terraform checks against the function's timeout).

Inside a stage each try's timeout is also cut to the time the stage has left
(manga_common.deadline), so a hung server fails the call before the function is killed.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from manga_common import deadline
from manga_common.errors import ContentFilteredError, InvalidModelOutputError
from manga_common.settings import get_settings
from manga_plugins.llm.config import from_environment
from manga_plugins.llm.http_errors import status_error, transport_error
from manga_plugins.llm.retry import RetryPolicy

# Error codes OpenAI-compatible servers use when a safety system refuses a request.
CONTENT_FILTER_CODES = frozenset({"content_policy_violation", "content_filter", "moderation_blocked"})


class OpenAIConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    base_url: str = "https://api.openai.com"
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    image_model: str = "dall-e-3"
    image_sizes: tuple[tuple[int, int], ...] = ((1024, 1024), (1792, 1024), (1024, 1792))
    max_tokens: int = Field(default=4096, ge=1024, le=128000)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    timeout_seconds: float = Field(default_factory=lambda: get_settings().model_timeout_seconds, gt=0, le=900)

    @field_validator("base_url")
    @classmethod
    def _origin(cls, value: str) -> str:
        """Paths below are spelled with /v1, so a base given the OpenAI-SDK way loses its /v1."""
        value = value.rstrip("/")
        return value[: -len("/v1")] if value.endswith("/v1") else value

    @field_validator("image_sizes", mode="before")
    @classmethod
    def _sizes(cls, value: Any) -> Any:
        if isinstance(value, str):
            pairs = [item.strip().lower().split("x") for item in value.split(",") if item.strip()]
            return tuple((int(w), int(h)) for w, h in pairs)
        return value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> OpenAIConfig:
        return from_environment(cls, ENVIRONMENT_VARIABLES, environ)


ENVIRONMENT_VARIABLES = {
    "base_url": "OPENAI_BASE_URL",
    "api_key": "OPENAI_API_KEY",
    "model": "OPENAI_MODEL",
    "image_model": "OPENAI_IMAGE_MODEL",
    "image_sizes": "OPENAI_IMAGE_SIZES",
    "max_tokens": "OPENAI_MAX_TOKENS",
    "temperature": "OPENAI_TEMPERATURE",
    "timeout_seconds": "OPENAI_TIMEOUT_SECONDS",
}


def _error_code(response: httpx.Response) -> tuple[str, str]:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return "", ""
    if not isinstance(error, dict):
        return "", str(error)
    return str(error.get("code") or error.get("type") or ""), str(error.get("message") or "")


class OpenAIClient:
    """POSTs JSON to the server with retries; the httpx client is opened on first use."""

    SERVICE = "OpenAI-compatible server"

    def __init__(self, config: OpenAIConfig, retry: RetryPolicy | None = None) -> None:
        self.config = config
        self._retry = retry or RetryPolicy()
        self._http: httpx.Client | None = None
        self._lock = threading.Lock()

    @property
    def http(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                headers = {"Content-Type": "application/json"}
                if self.config.api_key is not None:
                    headers["Authorization"] = f"Bearer {self.config.api_key.get_secret_value()}"
                timeout = httpx.Timeout(
                    self.config.timeout_seconds, connect=min(10.0, self.config.timeout_seconds)
                )
                self._http = httpx.Client(base_url=self.config.base_url, headers=headers, timeout=timeout)
            return self._http

    def warm(self) -> None:
        """Open the HTTP client now, not on the first request (see `warm_up`)."""
        _ = self.http

    def post_json(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._post(path, json=body)

    def post_multipart(
        self, path: str, fields: Mapping[str, str], files: list[tuple[str, tuple[str, bytes, str]]]
    ) -> dict[str, Any]:
        """A multipart/form-data POST (the images edits API takes its images so), answered in JSON."""
        # Encoded apart from the client, whose default Content-Type is JSON: the encoder's own
        # header carries the boundary.
        encoded = httpx.Request("POST", "http://multipart.invalid", data=dict(fields), files=files)
        return self._post(
            path, content=encoded.read(), headers={"Content-Type": encoded.headers["Content-Type"]}
        )

    def _post(self, path: str, **request: Any) -> dict[str, Any]:
        def attempt() -> dict[str, Any]:
            seconds = deadline.try_timeout(self.config.timeout_seconds, f"POST {path}")
            try:
                response = self.http.post(
                    path, timeout=httpx.Timeout(seconds, connect=min(10.0, seconds)), **request
                )
            except httpx.HTTPError as error:
                raise transport_error(error, self.SERVICE, seconds) from error
            if response.is_success:
                try:
                    answer = response.json()
                except ValueError:
                    raise InvalidModelOutputError(
                        f"{self.SERVICE} answered {path} with invalid JSON"
                    ) from None
                if not isinstance(answer, dict):
                    raise InvalidModelOutputError(f"{self.SERVICE} answered {path} with a non-object")
                return answer
            code, message = _error_code(response)
            if code in CONTENT_FILTER_CODES:
                raise ContentFilteredError(f"{self.SERVICE} refused the prompt ({code})")
            raise status_error(response, self.SERVICE, message)

        return self._retry.call(attempt, what=f"POST {path}")

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
