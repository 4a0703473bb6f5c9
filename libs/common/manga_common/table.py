"""The single table: every read and write of MangaPlatformTable goes through here.

Entities derive their own keys (models/entities.py); this module adds the access
patterns and the conditions that make stages idempotent and status moves safe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from manga_common import aws
from manga_common.models.entities import (
    EpisodeRecord,
    GenerationRequest,
    PreferencesRecord,
    RequestError,
    RequestStatus,
    Stage,
    StoryRecord,
    UserProfile,
    story_pk,
    user_pk,
)
from manga_common.models.events import utc_now
from manga_common.models.insights import QlooInsights
from manga_common.settings import Settings, get_settings

GSI1 = "GSI1"
GSI2 = "GSI2"

# The status state machine: which statuses each status may be entered from.
REQUEST_TRANSITIONS: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    "PENDING": (),
    "PROCESSING": ("PENDING", "PROCESSING"),
    "COMPLETED": ("PROCESSING",),
    "FAILED": ("PENDING", "PROCESSING"),
}


def to_dynamo(item: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB takes no floats: numbers travel as Decimal."""
    return json.loads(json.dumps(item), parse_float=Decimal)


def from_dynamo(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_dynamo(v) for v in value]
    return value


def _is_condition_failure(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class RateLimitExceeded(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(f"rate limit exceeded, retry after {retry_after_seconds}s")
        self.retry_after_seconds = retry_after_seconds

    @classmethod
    def until_next_hour(cls, now: datetime) -> RateLimitExceeded:
        return cls(max(3600 - (now.minute * 60 + now.second), 1))


class EpisodeClaimed(Exception):
    """Another request holds the claim on this episode number (`request_id`: which one)."""

    def __init__(self, request_id: str | None) -> None:
        super().__init__(f"the episode is claimed by request {request_id}")
        self.request_id = request_id


class MangaTable:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self._table = aws.resource("dynamodb", self.settings).Table(self.settings.table_name)

    @property
    def dynamo(self) -> Any:
        """The boto3 Table, for modules that keep items of their own in this table (leases)."""
        return self._table

    # -- plumbing -----------------------------------------------------------------------
    def _put(self, item: dict[str, Any], condition: Any = None) -> bool:
        """Put an item; False when `condition` did not hold (the item was left as it was)."""
        kwargs: dict[str, Any] = {"Item": to_dynamo(item)}
        if condition is not None:
            kwargs["ConditionExpression"] = condition
        try:
            self._table.put_item(**kwargs)
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def _get(self, pk: str, sk: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"PK": pk, "SK": sk}, ConsistentRead=True).get("Item")
        return from_dynamo(item) if item else None

    def _query(self, condition: Any, index: str | None = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"KeyConditionExpression": condition}
        if index:
            kwargs["IndexName"] = index
        items: list[dict[str, Any]] = []
        while True:
            page = self._table.query(**kwargs)
            items.extend(from_dynamo(i) for i in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _by_gsi1(self, gsi1pk: str, gsi1sk: str) -> dict[str, Any] | None:
        items = self._query(Key("GSI1PK").eq(gsi1pk) & Key("GSI1SK").eq(gsi1sk), index=GSI1)
        return items[0] if items else None

    # -- users ---------------------------------------------------------------------------
    def put_profile_if_absent(self, profile: UserProfile) -> bool:
        """True when this call created the profile; a repeat sign-in changes nothing."""
        return self._put(profile.to_item(), Attr("PK").not_exists())

    def get_profile(self, user_id: str) -> UserProfile | None:
        item = self._get(user_pk(user_id), "PROFILE")
        return UserProfile.from_item(item) if item else None

    def put_preferences(self, record: PreferencesRecord) -> None:
        self._put(record.to_item())

    # -- insights cache ------------------------------------------------------------------
    def put_cached_insights(self, fingerprint: str, insights: QlooInsights) -> None:
        self._put(
            {
                "PK": f"INSIGHTS#{fingerprint}",
                "SK": "LATEST",
                "entity": "InsightsCache",
                "insights": insights.dump(),
                "updatedAt": utc_now(),
            }
        )

    def get_cached_insights(self, fingerprint: str) -> QlooInsights | None:
        item = self._get(f"INSIGHTS#{fingerprint}", "LATEST")
        return QlooInsights.model_validate(item["insights"]) if item else None

    # -- generation requests -----------------------------------------------------------
    def create_request(self, request: GenerationRequest) -> bool:
        return self._put(request.to_item(), Attr("PK").not_exists())

    def get_request(self, user_id: str, request_id: str) -> GenerationRequest | None:
        item = self._get(user_pk(user_id), f"REQUEST#{request_id}")
        return GenerationRequest.from_item(item) if item else None

    def find_request(self, request_id: str) -> GenerationRequest | None:
        """By id alone (GSI1), for operators; API reads go through get_request with the caller."""
        item = self._by_gsi1(f"REQUEST#{request_id}", "STATUS")
        return GenerationRequest.from_item(item) if item else None

    def move_request(
        self,
        user_id: str,
        request_id: str,
        status: RequestStatus,
        *,
        stage: Stage | None = None,
        error: RequestError | None = None,
        allowed_from: Iterable[RequestStatus] | None = None,
        **fields: Any,
    ) -> bool:
        """Move a request along the state machine; False when its status does not allow it."""
        sources = tuple(allowed_from if allowed_from is not None else REQUEST_TRANSITIONS[status])
        values: dict[str, Any] = {"status": status, "GSI2PK": f"STATUS#{status}", "updatedAt": utc_now()}
        if stage:
            values["stage"] = stage
        values.update({_camel(k): v for k, v in fields.items() if v is not None})
        remove = []
        if error is not None:
            values["error"] = error.dump()
        elif status in ("PROCESSING", "COMPLETED"):
            remove.append("#error")
        names = {f"#{k}": k for k in values} | ({"#error": "error"} if remove else {})
        expression = "SET " + ", ".join(f"#{k} = :{k}" for k in values)
        if remove:
            expression += " REMOVE " + ", ".join(remove)
        attribute_values = {f":{k}": v for k, v in to_dynamo(values).items()}
        condition = "attribute_exists(PK)"
        if sources:
            attribute_values |= {f":from{i}": s for i, s in enumerate(sources)}
            condition += " AND #status IN (" + ", ".join(f":from{i}" for i in range(len(sources))) + ")"
        try:
            self._table.update_item(
                Key={"PK": user_pk(user_id), "SK": f"REQUEST#{request_id}"},
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=attribute_values,
            )
        except ClientError as error_:
            if _is_condition_failure(error_):
                return False
            raise
        return True

    def note_request_error(self, user_id: str, request_id: str, error: RequestError) -> None:
        """Record the latest failed attempt without leaving PROCESSING (a retry may still succeed)."""
        self._table.update_item(
            Key={"PK": user_pk(user_id), "SK": f"REQUEST#{request_id}"},
            UpdateExpression="SET lastError = :error, updatedAt = :now",
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeValues={":error": error.dump(), ":now": utc_now()},
        )

    def note_progress(self, user_id: str, request_id: str, panels_drawn: int, panels_total: int) -> bool:
        """Record how many of the request's panels are drawn (`panelsDrawn` of `panelsTotal`);
        never lowers the count, and leaves a request that is no longer PROCESSING alone."""
        try:
            self._table.update_item(
                Key={"PK": user_pk(user_id), "SK": f"REQUEST#{request_id}"},
                UpdateExpression="SET panelsDrawn = :drawn, panelsTotal = :total, updatedAt = :now",
                ConditionExpression="attribute_exists(PK) AND #status = :processing "
                "AND (attribute_not_exists(panelsDrawn) OR panelsDrawn <= :drawn)",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":drawn": panels_drawn,
                    ":total": panels_total,
                    ":now": utc_now(),
                    ":processing": "PROCESSING",
                },
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def list_requests(self, user_id: str) -> list[GenerationRequest]:
        items = self._query(Key("PK").eq(user_pk(user_id)) & Key("SK").begins_with("REQUEST#"))
        return [GenerationRequest.from_item(i) for i in items]

    def count_generation(self, user_id: str, limit: int, now: datetime | None = None) -> int:
        """Count one generation request in the caller's current hour; refuse past `limit`."""
        now = now or datetime.now(UTC)
        try:
            answer = self._table.update_item(
                **_count_in_hour(user_id, limit, now), ReturnValues="UPDATED_NEW"
            )
        except ClientError as error:
            if _is_condition_failure(error):
                raise RateLimitExceeded.until_next_hour(now) from None
            raise
        return int(answer["Attributes"]["count"])

    # -- claims on episode numbers ---------------------------------------------------------
    def episode_claim(self, story_id: str, episode_number: int) -> str | None:
        """The id of the request that claimed this episode number of the story, if any."""
        key = _episode_claim_key(story_id, episode_number)
        item = self._get(key["PK"], key["SK"])
        return str(item["requestId"]) if item else None

    def claim_episode(
        self,
        request: GenerationRequest,
        limit: int,
        *,
        replacing: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Claim episode N of the story for `request`, count it in the caller's hour and create
        the request, all in one transaction: of any number of racing callers one gets the
        claim, and only that one uses a unit of the hourly limit.

        `replacing` is the request (a failed one) whose claim this takes over; without it the
        number must be unclaimed. Raises EpisodeClaimed when another request holds the claim
        (whatever the limit says), else RateLimitExceeded past `limit`.
        """
        assert request.story_id and request.episode_number
        now = now or datetime.now(UTC)
        table = self.settings.table_name
        key = _episode_claim_key(request.story_id, request.episode_number)
        claim: dict[str, Any] = {
            "TableName": table,
            "Item": to_dynamo(
                {
                    **key,
                    "entity": "EpisodeClaim",
                    "requestId": request.request_id,
                    "userId": request.user_id,
                    "createdAt": utc_now(),
                    "expiresAt": int((now + timedelta(days=CLAIM_KEEP_DAYS)).timestamp()),
                }
            ),
            "ConditionExpression": "attribute_not_exists(PK)",
        }
        if replacing is not None:
            # Or gone meanwhile (its time to live ran out): unclaimed again.
            claim["ConditionExpression"] = "attribute_not_exists(PK) OR requestId = :replacing"
            claim["ExpressionAttributeValues"] = {":replacing": replacing}
        create = {
            "TableName": table,
            "Item": to_dynamo(request.to_item()),
            "ConditionExpression": "attribute_not_exists(PK)",
        }
        count = {"TableName": table, **_count_in_hour(request.user_id, limit, now)}
        try:
            # The resource's client: it takes and gives plain Python values, as the Table does.
            self._table.meta.client.transact_write_items(
                TransactItems=[{"Put": claim}, {"Update": count}, {"Put": create}]
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if reasons[:1] == ["ConditionalCheckFailed"]:
                raise EpisodeClaimed(self.episode_claim(request.story_id, request.episode_number)) from None
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                raise RateLimitExceeded.until_next_hour(now) from None
            raise

    # -- stories -------------------------------------------------------------------------
    def start_story(self, story: StoryRecord) -> bool:
        """Create the story as GENERATING unless it already exists (a duplicate delivery)."""
        return self._put(story.to_item(), Attr("PK").not_exists())

    def complete_story(self, story: StoryRecord) -> bool:
        """Write the finished story; False when a duplicate delivery completed it first."""
        done = story.model_copy(update={"status": "COMPLETED", "updated_at": utc_now()})
        return self._put(done.to_item(), Attr("PK").not_exists() | Attr("status").ne("COMPLETED"))

    def set_story_status(self, user_id: str, story_id: str, status: str) -> bool:
        """Mark a story that is not COMPLETED; False when it is missing or already done."""
        return self._set_status({"PK": user_pk(user_id), "SK": f"STORY#{story_id}"}, status)

    def record_episode_count(self, user_id: str, story_id: str, episode_number: int) -> None:
        """Raise the story's episode count to `episode_number` (never lowers it)."""
        try:
            self._table.update_item(
                Key={"PK": user_pk(user_id), "SK": f"STORY#{story_id}"},
                UpdateExpression="SET episodeCount = :n, updatedAt = :now",
                ConditionExpression="attribute_exists(PK) AND episodeCount < :n",
                ExpressionAttributeValues={":n": episode_number, ":now": utc_now()},
            )
        except ClientError as error:
            if not _is_condition_failure(error):
                raise

    def get_story(self, user_id: str, story_id: str) -> StoryRecord | None:
        item = self._get(user_pk(user_id), f"STORY#{story_id}")
        return StoryRecord.from_item(item) if item else None

    def list_stories(self, user_id: str) -> list[StoryRecord]:
        items = self._query(Key("PK").eq(user_pk(user_id)) & Key("SK").begins_with("STORY#"))
        return sorted((StoryRecord.from_item(i) for i in items), key=lambda s: s.created_at, reverse=True)

    # -- episodes ------------------------------------------------------------------------
    def put_episode_script(self, episode: EpisodeRecord) -> bool:
        """Record an episode whose script is written; False when it was already further along."""
        return self._put(episode.to_item(), Attr("PK").not_exists() | Attr("status").ne("COMPLETED"))

    def complete_episode(self, episode: EpisodeRecord) -> None:
        done = episode.model_copy(update={"status": "COMPLETED", "updated_at": utc_now()})
        self._put(done.to_item())

    def set_episode_status(self, story_id: str, episode_number: int, status: str) -> bool:
        return self._set_status({"PK": story_pk(story_id), "SK": f"EPISODE#{episode_number}"}, status)

    def _set_status(self, key: dict[str, str], status: str) -> bool:
        try:
            self._table.update_item(
                Key=key,
                UpdateExpression="SET #status = :status, GSI2PK = :gsi2pk, updatedAt = :now",
                ConditionExpression="attribute_exists(PK) AND #status <> :completed",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":status": status,
                    ":gsi2pk": f"STATUS#{status}",
                    ":now": utc_now(),
                    ":completed": "COMPLETED",
                },
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def get_episode(self, story_id: str, episode_number: int) -> EpisodeRecord | None:
        item = self._get(story_pk(story_id), f"EPISODE#{episode_number}")
        return EpisodeRecord.from_item(item) if item else None

    def find_episode(self, episode_id: str) -> EpisodeRecord | None:
        item = self._by_gsi1(f"EPISODE#{episode_id}", "METADATA")
        return EpisodeRecord.from_item(item) if item else None

    def list_episodes(self, story_id: str) -> list[EpisodeRecord]:
        items = self._query(Key("PK").eq(story_pk(story_id)) & Key("SK").begins_with("EPISODE#"))
        return sorted((EpisodeRecord.from_item(i) for i in items), key=lambda e: e.episode_number)

    # -- revisions of a finished episode ---------------------------------------------------
    def revise_episode(
        self, episode: EpisodeRecord, expected_revision: int, status: str = "COMPLETED"
    ) -> bool:
        """Record the episode's next revision (its art versions and seeds) only if it is still at
        `expected_revision` and `status` (SCRIPTED: an edit before drawing): an edit made from a
        stale script is refused, never merged."""
        condition = "#revision = :expected"
        if expected_revision == 1:
            condition = f"(attribute_not_exists(#revision) OR {condition})"
        try:
            self._table.update_item(
                Key={"PK": story_pk(episode.story_id), "SK": f"EPISODE#{episode.episode_number}"},
                UpdateExpression=(
                    "SET #revision = :revision, artVersions = :versions, artSeeds = :seeds, "
                    "title = :title, updatedAt = :now"
                ),
                ConditionExpression=f"attribute_exists(PK) AND #status = :completed AND {condition}",
                ExpressionAttributeNames={"#revision": "revision", "#status": "status"},
                ExpressionAttributeValues={
                    ":revision": episode.revision,
                    ":versions": episode.art_versions,
                    ":seeds": episode.art_seeds,
                    ":title": episode.title,
                    ":now": utc_now(),
                    ":expected": expected_revision,
                    ":completed": status,
                },
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True

    def claim_drawing(
        self,
        episode: EpisodeRecord,
        request: GenerationRequest,
        limit: int,
        *,
        now: datetime | None = None,
    ) -> None:
        """Start drawing an episode that awaits it (SCRIPTED, or FAILED before it was ever drawn):
        the episode becomes GENERATING for `request`, the request is created and counted in the
        caller's hour, all in one transaction, so of racing callers only one starts a drawing.

        Raises EpisodeClaimed (with the request now drawing it) when the episode no longer awaits
        drawing, else RateLimitExceeded past `limit`.
        """
        now = now or datetime.now(UTC)
        table = self.settings.table_name
        claim = {
            "TableName": table,
            "Key": {"PK": story_pk(episode.story_id), "SK": f"EPISODE#{episode.episode_number}"},
            "UpdateExpression": (
                "SET #status = :generating, GSI2PK = :gsi2pk, requestId = :request, updatedAt = :now"
            ),
            "ConditionExpression": (
                "attribute_exists(PK) AND (#status = :scripted OR "
                "(#status = :failed AND attribute_not_exists(pdfS3Key)))"
            ),
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":generating": "GENERATING",
                ":gsi2pk": "STATUS#GENERATING",
                ":request": request.request_id,
                ":now": utc_now(),
                ":scripted": "SCRIPTED",
                ":failed": "FAILED",
            },
        }
        count = {"TableName": table, **_count_in_hour(request.user_id, limit, now)}
        create = {
            "TableName": table,
            "Item": to_dynamo(request.to_item()),
            "ConditionExpression": "attribute_not_exists(PK)",
        }
        try:
            self._table.meta.client.transact_write_items(
                TransactItems=[{"Update": claim}, {"Update": count}, {"Put": create}]
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if reasons[:1] == ["ConditionalCheckFailed"]:
                current = self.get_episode(episode.story_id, episode.episode_number)
                raise EpisodeClaimed(current.request_id if current else None) from None
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                raise RateLimitExceeded.until_next_hour(now) from None
            raise

    def letter_revision(
        self, story_id: str, episode_number: int, revision: int, pdf_key: str, cbz_key: str
    ) -> bool:
        """Point the episode at the PDF and CBZ of `revision`; never back to an older one."""
        try:
            self._table.update_item(
                Key={"PK": story_pk(story_id), "SK": f"EPISODE#{episode_number}"},
                UpdateExpression=(
                    "SET letteredRevision = :revision, pdfS3Key = :pdf, cbzS3Key = :cbz, updatedAt = :now"
                ),
                ConditionExpression=(
                    "attribute_exists(PK) AND "
                    "(attribute_not_exists(letteredRevision) OR letteredRevision < :revision)"
                ),
                ExpressionAttributeValues={
                    ":revision": revision,
                    ":pdf": pdf_key,
                    ":cbz": cbz_key,
                    ":now": utc_now(),
                },
            )
        except ClientError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True


CLAIM_KEEP_DAYS = 30
"""A claim outlives its generation; by then the story's episode count has moved past it."""


def _episode_claim_key(story_id: str, episode_number: int) -> dict[str, str]:
    # Beside the story's episodes, under a prefix of its own: the episodes query never reads it.
    return {"PK": story_pk(story_id), "SK": f"CLAIM#EPISODE#{episode_number}"}


def _count_in_hour(user_id: str, limit: int, now: datetime) -> dict[str, Any]:
    """The update that counts one generation in the caller's hour, refused at `limit`."""
    hour = now.strftime("%Y-%m-%dT%H")
    expires = int((now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)).timestamp())
    return {
        "Key": {"PK": user_pk(user_id), "SK": f"RATE#{hour}"},
        "UpdateExpression": "ADD #count :one SET #expires = :expires, entity = :entity",
        "ConditionExpression": "attribute_not_exists(#count) OR #count < :limit",
        "ExpressionAttributeNames": {"#count": "count", "#expires": "expiresAt"},
        "ExpressionAttributeValues": {
            ":one": 1,
            ":limit": limit,
            ":expires": expires,
            ":entity": "RateCounter",
        },
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
