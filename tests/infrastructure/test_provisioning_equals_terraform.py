"""What `manga_app.provision` creates on an emulator equals what Terraform creates.

Terraform's emulator environment is applied to a moto server of its own; the local runtime
provisions the same environment names on the suite's moto server. Both are read back through
the AWS APIs and compared, so the two can never drift apart unnoticed.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

import boto3
import pytest

from manga_app import provision as provision_module
from manga_app.event_source_mapping import EventSourceMappings
from manga_app.provision import provision
from manga_common.settings import Settings
from manga_common.stages import WORK_STAGES
from tests.infrastructure.conftest import Applied, terraform_emulator

pytestmark = [pytest.mark.infrastructure, pytest.mark.slow]

CREDENTIALS = terraform_emulator.EMULATOR_CREDENTIALS


def client(service: str, endpoint: str) -> Any:
    return boto3.client(
        service,  # type: ignore[call-overload]
        endpoint_url=endpoint,
        region_name=terraform_emulator.REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture(scope="module")
def terraform_side(applied: Applied) -> Settings:
    outputs = applied.outputs
    return Settings(
        environment=terraform_emulator.ENVIRONMENT,
        endpoint_url=applied.endpoint,
        table_name=outputs["table_name"],
        content_bucket=outputs["content_bucket_name"],
        event_bus_name=outputs["event_bus_name"],
    )


@pytest.fixture(scope="module")
def local_side(aws_endpoint: str, terraform_side: Settings) -> Settings:
    """The same names, provisioned by the local runtime on the suite's own moto server."""
    settings = terraform_side.model_copy(update={"endpoint_url": aws_endpoint})
    provision(settings)
    return settings


def name_of(arn: str) -> str:
    return arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


# -- what each side has, read back through the APIs ----------------------------------------------


def table(settings: Settings) -> dict[str, Any]:
    dynamodb = client("dynamodb", str(settings.endpoint_url))
    described = dynamodb.describe_table(TableName=settings.table_name)["Table"]
    ttl = dynamodb.describe_time_to_live(TableName=settings.table_name)["TimeToLiveDescription"]
    return {
        "keys": described["KeySchema"],
        "attributes": sorted(described["AttributeDefinitions"], key=lambda a: a["AttributeName"]),
        "billing": described.get("BillingModeSummary", {}).get("BillingMode"),
        "indexes": sorted(
            (index["IndexName"], json.dumps(index["KeySchema"]), index["Projection"]["ProjectionType"])
            for index in described.get("GlobalSecondaryIndexes", [])
        ),
        "stream": described.get("StreamSpecification", {"StreamEnabled": False}),
        "encrypted": described.get("SSEDescription", {}).get("Status") == "ENABLED",
        "ttl": (ttl.get("TimeToLiveStatus"), ttl.get("AttributeName")),
    }


def queues(settings: Settings) -> dict[str, Any]:
    sqs = client("sqs", str(settings.endpoint_url))
    found: dict[str, Any] = {}
    names = {
        name
        for stage in WORK_STAGES
        for queue in stage.queues
        for name in (queue.queue_name(settings.environment), queue.dlq_name(settings.environment))
    }
    for name in sorted(names):
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        redrive = json.loads(attributes.get("RedrivePolicy", "null") or "null")
        # The visibility timeout is compared too: both sides make it six times the stage's
        # function timeout (the stage table's, and Terraform's for this environment).
        found[name] = {
            "visibility": int(attributes["VisibilityTimeout"]),
            "retention": int(attributes["MessageRetentionPeriod"]),
            "encrypted": attributes.get("SqsManagedSseEnabled") == "true",
            "redrive": redrive and (name_of(redrive["deadLetterTargetArn"]), int(redrive["maxReceiveCount"])),
            "policy": sorted(
                statement.get("Sid", "")
                for statement in json.loads(attributes.get("Policy", '{"Statement": []}'))["Statement"]
            ),
        }
    return found


def routes(settings: Settings) -> dict[str, Any]:
    events = client("events", str(settings.endpoint_url))
    bus = settings.event_bus_name
    rules = events.list_rules(EventBusName=bus)["Rules"]
    found: dict[str, Any] = {}
    for rule in rules:
        targets = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus)["Targets"]
        pattern = json.loads(rule["EventPattern"])
        found[rule["Name"]] = {
            # Values of a pattern are sets: their order means nothing.
            "pattern": {key: sorted(value, key=json.dumps) for key, value in pattern.items()},
            "state": rule["State"],
            "targets": sorted((target["Id"], name_of(target["Arn"])) for target in targets),
        }
    archives = events.list_archives(EventSourceArn=events.describe_event_bus(Name=bus)["Arn"])["Archives"]
    found["archives"] = sorted(archive["ArchiveName"] for archive in archives)
    return found


def bucket(settings: Settings) -> dict[str, Any]:
    s3 = client("s3", str(settings.endpoint_url))
    name = settings.content_bucket
    encryption = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
    return {
        "versioning": s3.get_bucket_versioning(Bucket=name).get("Status"),
        "encryption": [rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] for rule in encryption],
        "public_access_block": s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"],
    }


# -- the comparisons -----------------------------------------------------------------------------


def test_the_table_has_the_same_keys_indexes_stream_and_ttl(
    terraform_side: Settings, local_side: Settings
) -> None:
    assert table(local_side) == table(terraform_side)


def test_queues_have_the_same_timeouts_retention_redrive_and_encryption(
    terraform_side: Settings, local_side: Settings
) -> None:
    terraform_queues, local_queues = queues(terraform_side), queues(local_side)
    assert set(local_queues) == set(terraform_queues)
    for name, expected in terraform_queues.items():
        assert local_queues[name] == expected, name


def test_the_bus_has_the_same_rules_patterns_targets_and_archive(
    terraform_side: Settings, local_side: Settings
) -> None:
    assert routes(local_side) == routes(terraform_side)


def test_the_bucket_has_the_same_versioning_encryption_and_public_access_block(
    terraform_side: Settings, local_side: Settings
) -> None:
    assert bucket(local_side) == bucket(terraform_side)


# -- event source mappings -----------------------------------------------------------------------


def test_the_local_event_source_mappings_use_terraforms_settings(applied: Applied) -> None:
    """Lambda cannot run on the emulator; the local stand-in must poll Terraform's queues the way
    Lambda's mappings would. Read from the applied state (moto keeps no scaling config)."""
    mappings = applied.resources("aws_lambda_event_source_mapping")
    assert {name_of(m["values"]["event_source_arn"]) for m in mappings} == {
        queue.queue_name(terraform_emulator.ENVIRONMENT) for stage in WORK_STAGES for queue in stage.queues
    }
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(EventSourceMappings.__init__).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    for mapping in mappings:
        values = mapping["values"]
        assert values["function_response_types"] == ["ReportBatchItemFailures"]
        assert values["batch_size"] == defaults["batch_size"]
    if "concurrency" not in defaults:
        pytest.skip("the local event source mappings run one handler at a time (no concurrency setting yet)")
    for mapping in mappings:
        (scaling,) = mapping["values"]["scaling_config"]
        assert scaling["maximum_concurrency"] == defaults["concurrency"], "local --concurrency default"


def test_a_queue_hides_a_message_for_six_function_timeouts(applied: Applied) -> None:
    """AWS's guidance for SQS event sources, read back from the queues Terraform created."""
    timeouts = {
        name_of(f["values"]["function_name"]): f["values"]["timeout"]
        for f in applied.resources("aws_lambda_function")
    }
    sqs = client("sqs", applied.endpoint)
    for queue in (queue for stage in WORK_STAGES for queue in stage.queues):
        url = sqs.get_queue_url(QueueName=queue.queue_name(terraform_emulator.ENVIRONMENT))["QueueUrl"]
        visibility = int(
            sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"][
                "VisibilityTimeout"
            ]
        )
        assert visibility == 6 * timeouts[f"manga-{terraform_emulator.ENVIRONMENT}-{queue.stage.service}"]


def test_the_local_runtime_provisions_every_resource_kind_terraforms_core_module_creates() -> None:
    """A new kind of core resource needs a provisioning step here too (or a reason it does not)."""
    steps = {name for name in vars(provision_module) if name.startswith("create_")}
    assert {"create_table", "create_bucket", "create_bus", "create_archive", "create_route"} <= steps
