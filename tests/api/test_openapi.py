"""openapi.json is the API's contract: generated from the code, and honoured by the gateway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from preferences_service.openapi import openapi_document
from tests.api.conftest import ApiStack, Reader
from tests.api.library import seed_episode

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "openapi.json"
REGENERATE = "python -m preferences_service.openapi > openapi.json"

schema = schemathesis.openapi.from_path(OPENAPI_PATH)


def test_committed_document_matches_the_code() -> None:
    committed = json.loads(OPENAPI_PATH.read_text())
    assert committed == openapi_document(), f"openapi.json is stale: run `{REGENERATE}`"


def test_document_lists_every_route_with_its_errors() -> None:
    paths = openapi_document()["paths"]
    assert sorted((method.upper(), path) for path, ops in paths.items() for method in ops) == [
        ("GET", "/config"),
        ("GET", "/episodes/{episodeId}"),
        ("GET", "/episodes/{episodeId}/download"),
        ("GET", "/episodes/{episodeId}/pages"),
        ("GET", "/episodes/{episodeId}/pages/{pageNumber}"),
        ("GET", "/episodes/{episodeId}/script"),
        ("GET", "/status/{requestId}"),
        ("GET", "/stories"),
        ("GET", "/stories/{storyId}"),
        ("POST", "/episodes/{episodeId}/draw"),
        ("POST", "/episodes/{episodeId}/panels/{pageNumber}/{panelNumber}/redraw"),
        ("POST", "/preferences"),
        ("POST", "/stories/{storyId}/episodes"),
        ("PUT", "/episodes/{episodeId}/script"),
    ]
    for ops in paths.values():
        for operation in ops.values():
            assert "401" in operation["responses"] and "422" not in operation["responses"]


@pytest.fixture(scope="module")
def fuzz_target(stack: ApiStack, new_reader_module: Reader) -> tuple[str, dict[str, str]]:
    seed_episode(stack.settings, new_reader_module.user_id)
    return stack.url, {"Authorization": new_reader_module.id_token}


@schema.parametrize()
@settings(
    max_examples=40,
    database=None,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail(
    case: schemathesis.Case, fuzz_target: tuple[str, dict[str, str]]
) -> None:
    base_url, headers = fuzz_target
    case.call_and_validate(base_url=base_url, headers=headers, checks=[not_a_server_error])
