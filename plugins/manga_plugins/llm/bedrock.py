"""Bedrock runtime plumbing shared by the Bedrock text and image backends.

The client comes from `manga_common.aws` (so it honours AWS_ENDPOINT_URL); botocore's own
retry handler is removed from it, because `RetryPolicy` counts the tries: otherwise each
of our tries would hide three more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from manga_common import aws
from manga_common.errors import (
    ConfigurationError,
    ContentFilteredError,
    MangaError,
    PermanentError,
    TransientError,
)
from manga_common.settings import Settings

TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "TooManyRequestsException",
        "ServiceQuotaExceededException",
        "ServiceUnavailableException",
        "InternalServerException",
        "ModelNotReadyException",
        "ModelTimeoutException",
        "ModelErrorException",
    }
)
CONFIGURATION_CODES = frozenset(
    {
        "AccessDeniedException",
        "ResourceNotFoundException",
        "UnrecognizedClientException",
        "ExpiredTokenException",
        "InvalidSignatureException",
    }
)
# Bedrock refuses a prompt its input filters block with a ValidationException that says so.
_FILTER_WORDS = ("content filter", "blocked by our content", "guardrail")
# How Bedrock words a ValidationException for a model it will not run: a retired model ("end of
# its life"), an unknown id in this region ("model identifier is invalid"), a model callable only
# through an inference profile ("on-demand throughput isn't supported").
_UNAVAILABLE_WORDS = (
    "end of its life",
    "model identifier is invalid",
    "on-demand throughput",
    "inference profile",
    "not supported in this region",
    "legacy",
)


ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"
"""boto3's own name for a Bedrock runtime endpoint; read here too because an explicit
endpoint (Settings.endpoint_url, e.g. an emulator that has no Bedrock) would override it."""


def bedrock_runtime(settings: Settings, endpoint_url: str | None = None, region: str | None = None) -> Any:
    """The shared bedrock-runtime client, without botocore's retries; `endpoint_url`, when
    given, replaces the settings' endpoint for Bedrock alone, and `region` its region (a model
    may be served in another region than the platform's)."""
    update: dict[str, str] = {}
    if endpoint_url:
        update["endpoint_url"] = endpoint_url
    if region:
        update["region"] = region
    if update:
        settings = settings.model_copy(update=update)
    # One attempt per call: the backends' own retry policy counts the tries.
    return aws.client("bedrock-runtime", settings, max_attempts=1)


@dataclass(frozen=True)
class ModelChoice:
    """Which model a backend calls, where, and the variable an operator sets to change it."""

    model_id: str
    region: str
    variable: str


def unavailable_model(code: str, message: str) -> bool:
    """Bedrock's ways of saying the model cannot be used here: retired (end of life), not
    enabled for the account, not offered in the region, or only through an inference profile."""
    lowered = message.lower()
    if code == "ResourceNotFoundException":
        return True
    if code == "AccessDeniedException" and "model" in lowered:
        return True
    return code == "ValidationException" and any(words in lowered for words in _UNAVAILABLE_WORDS)


def bedrock_error(
    error: ClientError | BotoCoreError, model_id: str, choice: ModelChoice | None = None
) -> MangaError:
    """The platform error for a failed Bedrock call."""
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        code = str(details.get("Code", ""))
        message = str(details.get("Message", ""))[:300]
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        text = f"Bedrock {model_id}: {code or status}: {message}"
        if code in TRANSIENT_CODES or status == 429 or status >= 500:
            return TransientError(text)
        if choice is not None and unavailable_model(code, message):
            return ConfigurationError(
                f"Bedrock model {choice.model_id} cannot be used in {choice.region} ({code}: {message}); "
                f"set {choice.variable} to a model this account has enabled there"
            )
        if code == "ValidationException" and any(word in message.lower() for word in _FILTER_WORDS):
            return ContentFilteredError(text)
        if code in CONFIGURATION_CODES or status in (401, 403, 404):
            return ConfigurationError(text)
        return PermanentError(text, code="BACKEND_REJECTED")
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return ConfigurationError(f"Bedrock {model_id}: no AWS credentials")
    if isinstance(error, BotoConnectionError | HTTPClientError):
        return TransientError(f"Bedrock {model_id}: {type(error).__name__}")
    return PermanentError(f"Bedrock {model_id}: {type(error).__name__}: {error}"[:400])
