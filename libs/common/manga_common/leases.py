"""Leases: exactly-once effects over at-least-once delivery.

A worker claims a piece of work (a request's stage, one panel) with a conditional write
before it does anything costly, such as a model call. The claim carries the worker's id and
an expiry. A duplicate delivery that finds a live lease held by someone else does nothing
(the holder finishes, or its message comes back once its lease and visibility run out); a
lease whose holder died expires and can be taken over; finished work is marked done and is
never claimed again.

Each lease is its own item, `PK = LEASE#<scope>`, `SK = <work>`, so claims never contend with
the request or entity items; `expiresAt` lets the table's TTL remove old ones.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from botocore.exceptions import ClientError

from manga_common.table import MangaTable, from_dynamo, to_dynamo

ClaimOutcome = Literal["claimed", "held", "done"]
"""claimed: the caller holds the lease now; held: a live lease belongs to another worker;
done: the work was finished before (by anyone)."""

KEEP_DAYS = 14
"""How long finished leases stay, so that very late duplicates still find the work done."""
HELD_POLL_SECONDS = (0.2, 2.0)
"""How often work that another worker holds is looked at again: first, and at most."""


def worker_id() -> str:
    """Who holds a lease: host, process and thread, so threads of one worker are told apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{_PROCESS_TOKEN}"


_PROCESS_TOKEN = uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class Lease:
    scope: str
    work: str
    owner: str
    expires_at: float
    done: bool
    result: dict[str, Any]


class Leases:
    """Claims on units of work, kept in the single table."""

    def __init__(self, table: MangaTable) -> None:
        self._table = table.dynamo  # the same boto3 Table: one client per container

    @staticmethod
    def key(scope: str, work: str) -> dict[str, str]:
        return {"PK": f"LEASE#{scope}", "SK": work}

    def claim(self, scope: str, work: str, owner: str, seconds: float) -> ClaimOutcome:
        """Take the lease when it is free, expired, or already the caller's.

        A claim writes the whole lease item (a conditional put): a lease that can be taken holds
        nothing worth keeping, and a put is a third of an update's work for the emulator, which
        parses and checks an update expression on every call (8 ms of its CPU, against 2.4).
        """
        now = time.time()
        try:
            self._table.put_item(
                Item=to_dynamo(
                    {
                        **self.key(scope, work),
                        "owner": owner,
                        "leaseUntil": now + seconds,
                        "expiresAt": int(now + KEEP_DAYS * 86400),
                        "entity": "Lease",  # every item of the single table names its entity
                    }
                ),
                ConditionExpression="(attribute_not_exists(PK) OR leaseUntil < :now OR #owner = :owner) "
                "AND attribute_not_exists(doneAt)",
                ExpressionAttributeNames={"#owner": "owner"},
                ExpressionAttributeValues=to_dynamo({":owner": owner, ":now": now}),
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            lease = self.get(scope, work)
            return "done" if lease is not None and lease.done else "held"
        return "claimed"

    def renew(self, scope: str, work: str, owner: str, seconds: float) -> bool:
        """Extend the caller's lease; False when it was lost (expired and taken over)."""
        return self._conditional_update(
            scope,
            work,
            owner,
            "SET leaseUntil = :until",
            {":until": time.time() + seconds},
        )

    def complete(self, scope: str, work: str, owner: str, result: dict[str, Any] | None = None) -> bool:
        """Mark the work done, with what a duplicate needs to know of the result."""
        return self._conditional_update(
            scope,
            work,
            owner,
            "SET doneAt = :now, #result = :result",
            {":now": time.time(), ":result": result or {}},
            names={"#result": "result"},
        )

    def release(self, scope: str, work: str, owner: str) -> bool:
        """Give the lease back unfinished, so another worker may take it at once."""
        return self._conditional_update(scope, work, owner, "SET leaseUntil = :zero", {":zero": 0})

    def get(self, scope: str, work: str) -> Lease | None:
        item = self._table.get_item(Key=self.key(scope, work), ConsistentRead=True).get("Item")
        if not item:
            return None
        item = from_dynamo(item)
        return Lease(
            scope=scope,
            work=work,
            owner=str(item.get("owner", "")),
            expires_at=float(item.get("leaseUntil", 0)),
            done="doneAt" in item,
            result=dict(item.get("result") or {}),
        )

    def _conditional_update(
        self,
        scope: str,
        work: str,
        owner: str,
        expression: str,
        values: dict[str, Any],
        names: dict[str, str] | None = None,
    ) -> bool:
        try:
            self._table.update_item(
                Key=self.key(scope, work),
                UpdateExpression=expression,
                ConditionExpression="#owner = :owner AND attribute_not_exists(doneAt)",
                ExpressionAttributeNames={"#owner": "owner", **(names or {})},
                ExpressionAttributeValues=to_dynamo({":owner": owner, **values}),
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True
