"""The IAM policies Terraform applied, read back from the emulator: what the roles may really do."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import pytest

from manga_plugins import bedrock_image, bedrock_text
from tests.infrastructure.conftest import Applied, terraform_emulator
from tests.infrastructure.test_provisioning_equals_terraform import client

pytestmark = [pytest.mark.infrastructure, pytest.mark.slow]

PREFIX = f"manga-{terraform_emulator.ENVIRONMENT}"


def statements(applied: Applied, service: str) -> dict[str, dict[str, Any]]:
    iam = client("iam", applied.endpoint)
    name = f"{PREFIX}-{service.replace('_', '-')}"
    document = iam.get_role_policy(RoleName=f"{name}-role", PolicyName=f"{name}-access")["PolicyDocument"]
    if isinstance(document, str):
        document = json.loads(unquote(document))
    return {statement["Sid"]: statement for statement in document["Statement"]}


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def test_the_stages_may_invoke_the_default_profile_and_the_models_it_routes_to(applied: Applied) -> None:
    profile = bedrock_text.DEFAULT_MODEL_ID
    model = profile.split(".", 1)[1]
    for service in ("story", "episode"):
        resources = set(as_list(statements(applied, service)["InvokeTextModel"]["Resource"]))
        assert {r for r in resources if ":inference-profile/" in r} == {
            f"arn:aws:bedrock:{terraform_emulator.REGION}:123456789012:inference-profile/{profile}"
        }
        regions = {r.split(":")[3] for r in resources if r.endswith(f"::foundation-model/{model}")}
        assert regions == {"us-east-1", "us-east-2", "us-west-2"}
    (image,) = as_list(statements(applied, "image")["InvokeImageModel"]["Resource"])
    assert image == f"arn:aws:bedrock:us-west-2::foundation-model/{bedrock_image.DEFAULT_MODEL_ID}"


def test_the_api_reads_only_episode_files_scripts_and_bibles(applied: Applied) -> None:
    resources = as_list(statements(applied, "preferences")["ReadServedContent"]["Resource"])
    bucket = f"arn:aws:s3:::{applied.outputs['content_bucket_name']}"
    assert f"{bucket}/*" not in resources
    assert all(r.startswith((f"{bucket}/episodes/", f"{bucket}/stories/")) for r in resources)


def test_the_dead_letter_function_keeps_every_message(applied: Applied) -> None:
    peek = statements(applied, "dead_letter")["PeekDeadLetters"]
    assert "sqs:DeleteMessage" not in as_list(peek["Action"])
    assert {r.rsplit(":", 1)[1] for r in as_list(peek["Resource"])} == {
        f"{PREFIX}-{stage}-dlq" for stage in ("story", "episode", "image")
    }
