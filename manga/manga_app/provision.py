"""Creates on an emulator exactly what Terraform's core module creates on AWS.

Idempotent: provisioning twice leaves one of everything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from botocore.exceptions import ClientError

from manga_app.resources import StageRoute, archive_name, stage_routes, stage_sources
from manga_common import aws
from manga_common.settings import Settings
from manga_common.stages import stage_named

DLQ_RETENTION_SECONDS = 14 * 24 * 3600
TTL_ATTRIBUTE = "expiresAt"


@dataclass(frozen=True)
class QueueUrls:
    stage: str
    queue_url: str
    dlq_url: str
    ahead: bool = False
    """The queue of the stage's work ahead (its DLQ is the stage's one)."""


def provision(settings: Settings, visibility_timeout: int | None = None) -> list[QueueUrls]:
    """Create what Terraform creates. Each stage queue's visibility timeout is, as there, six times
    the stage's function timeout (manga_common.stages), unless a caller (a test that wants quick
    redelivery) gives one for all."""
    create_table(settings)
    create_bucket(settings)
    bus_arn = create_bus(settings)
    create_archive(settings, bus_arn)
    return [
        create_route(
            settings,
            route,
            bus_arn,
            visibility_timeout or stage_named(route.stage).visibility_timeout_seconds,
        )
        for route in stage_routes(settings)
    ]


def create_table(settings: Settings) -> None:
    dynamodb = aws.client("dynamodb", settings)
    keys = ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK")
    try:
        dynamodb.create_table(
            TableName=settings.table_name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys],
            KeySchema=[
                {"AttributeName": "PK", "KeyType": "HASH"},
                {"AttributeName": "SK", "KeyType": "RANGE"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": index,
                    "KeySchema": [
                        {"AttributeName": f"{index}PK", "KeyType": "HASH"},
                        {"AttributeName": f"{index}SK", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
                for index in ("GSI1", "GSI2")
            ],
            SSESpecification={"Enabled": True},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ResourceInUseException":
            raise
    dynamodb.get_waiter("table_exists").wait(TableName=settings.table_name)
    # Rate-limit counters carry an epoch-seconds expiry (Terraform: ttl on expiresAt).
    try:
        dynamodb.update_time_to_live(
            TableName=settings.table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ValidationException":  # already enabled
            raise


def create_bucket(settings: Settings) -> None:
    s3 = aws.client("s3", settings)
    try:
        if settings.region == "us-east-1":
            s3.create_bucket(Bucket=settings.content_bucket)
        else:
            s3.create_bucket(
                Bucket=settings.content_bucket,
                CreateBucketConfiguration={"LocationConstraint": settings.region},
            )
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    s3.put_public_access_block(
        Bucket=settings.content_bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=settings.content_bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_versioning(Bucket=settings.content_bucket, VersioningConfiguration={"Status": "Enabled"})


def create_bus(settings: Settings) -> str:
    events = aws.client("events", settings)
    try:
        return events.create_event_bus(Name=settings.event_bus_name)["EventBusArn"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ResourceAlreadyExistsException":
            raise
        return events.describe_event_bus(Name=settings.event_bus_name)["Arn"]


def create_archive(settings: Settings, bus_arn: str) -> None:
    """Every event on the bus, kept for replay (Terraform keeps it 14 days)."""
    events = aws.client("events", settings)
    try:
        events.create_archive(
            ArchiveName=archive_name(settings),
            EventSourceArn=bus_arn,
            RetentionDays=14,
            # The stage events only, as Terraform's archive keeps them.
            EventPattern=json.dumps({"source": sorted(stage_sources(settings))}),
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ResourceAlreadyExistsException":
            raise


def create_route(settings: Settings, route: StageRoute, bus_arn: str, visibility_timeout: int) -> QueueUrls:
    sqs = aws.client("sqs", settings)
    events = aws.client("events", settings)
    dlq_url = sqs.create_queue(
        QueueName=route.dlq_name,
        Attributes={"MessageRetentionPeriod": str(DLQ_RETENTION_SECONDS), "SqsManagedSseEnabled": "true"},
    )["QueueUrl"]
    dlq_arn = queue_arn(sqs, dlq_url)
    sqs.set_queue_attributes(
        QueueUrl=dlq_url,
        Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [tls_only(dlq_arn)]})},
    )
    queue_url = sqs.create_queue(
        QueueName=route.queue_name,
        Attributes={
            "VisibilityTimeout": str(visibility_timeout),
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": settings.max_receive_count}
            ),
            "SqsManagedSseEnabled": "true",
        },
    )["QueueUrl"]
    target_arn = queue_arn(sqs, queue_url)
    sqs.set_queue_attributes(
        QueueUrl=queue_url,
        Attributes={
            "Policy": json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "AllowStageRule",
                            "Effect": "Allow",
                            "Principal": {"Service": "events.amazonaws.com"},
                            "Action": "sqs:SendMessage",
                            "Resource": target_arn,
                            "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn(bus_arn, route)}},
                        },
                        tls_only(target_arn),
                    ],
                }
            )
        },
    )
    events.put_rule(
        Name=route.rule_name,
        EventBusName=settings.event_bus_name,
        EventPattern=route.event_pattern(),
        State="ENABLED",
    )
    events.put_targets(
        Rule=route.rule_name,
        EventBusName=settings.event_bus_name,
        Targets=[{"Id": f"{route.key}-queue", "Arn": target_arn}],
    )
    return QueueUrls(stage=route.stage, queue_url=queue_url, dlq_url=dlq_url, ahead=route.ahead)


def queue_arn(sqs: object, queue_url: str) -> str:
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])  # type: ignore[attr-defined]
    return attributes["Attributes"]["QueueArn"]


def rule_arn(bus_arn: str, route: StageRoute) -> str:
    # arn:aws:events:REGION:ACCOUNT:event-bus/NAME -> arn:aws:events:REGION:ACCOUNT:rule/NAME/RULE
    prefix, bus = bus_arn.split(":event-bus/")
    return f"{prefix}:rule/{bus}/{route.rule_name}"


def tls_only(queue_arn: str) -> dict[str, object]:
    """The statement every queue policy carries, as Terraform writes it: no request without TLS
    (the emulator does not enforce queue policies, so plain http still works locally)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "sqs:*",
        "Resource": queue_arn,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
