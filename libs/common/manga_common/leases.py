"""Leases: exactly-once effects over at-least-once delivery.

A worker claims a piece of work (a request's stage, one panel) with a conditional write
before it does anything costly, such as a model call. The claim carries the worker's id and
an expiry. A duplicate delivery that finds a live lease held by someone else does nothing
(the holder finishes, or its message comes back once its lease and visibility run out); a
lease whose holder died expires and can be taken over; a finished stage is marked done and is
never claimed again (a panel needs no mark: its art in the bucket says it is drawn).

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

_TAKEABLE = (
    "(attribute_not_exists(PK) OR leaseUntil < :now OR #owner = :owner) AND attribute_not_exists(doneAt)"
)
"""A lease the caller may claim: free, expired or its own, and not done."""
_HELD_BY_CALLER = "#owner = :owner AND attribute_not_exists(doneAt)"
"""A lease the caller may renew, finish or give back."""

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


class Leases:
    """Claims on units of work, kept in the single table."""

    def __init__(self, table: MangaTable) -> None:
        self._table = table.dynamo  # the same boto3 Table: one client per container

    @staticmethod
    def key(scope: str, work: str) -> dict[str, str]:
        return {"PK": f"LEASE#{scope}", "SK": work}

    def claim(self, scope: str, work: str, owner: str, seconds: float) -> ClaimOutcome:
        """Take the lease when it is free, expired, or already the caller's."""
        now = time.time()
        if self._put_if(scope, work, owner, {"leaseUntil": now + seconds}, _TAKEABLE, {":now": now}):
            return "claimed"
        lease = self.get(scope, work)
        return "done" if lease is not None and lease.done else "held"

    def renew(self, scope: str, work: str, owner: str, seconds: float) -> bool:
        """Extend the caller's lease; False when it was lost (expired and taken over)."""
        return self._put_if(scope, work, owner, {"leaseUntil": time.time() + seconds}, _HELD_BY_CALLER)

    def complete(self, scope: str, work: str, owner: str) -> bool:
        """Mark the work done; False when the lease was lost (expired and taken over)."""
        return self._put_if(scope, work, owner, {"doneAt": time.time()}, _HELD_BY_CALLER)

    def release(self, scope: str, work: str, owner: str) -> bool:
        """Give the lease back unfinished, so another worker may take it at once."""
        return self._put_if(scope, work, owner, {"leaseUntil": 0}, _HELD_BY_CALLER)

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
        )

    def _put_if(
        self,
        scope: str,
        work: str,
        owner: str,
        fields: dict[str, Any],
        condition: str,
        values: dict[str, Any] | None = None,
    ) -> bool:
        """Write the lease item whole when `condition` holds of the one there; False when not.

        Every write of a lease is a put of the whole item: whoever may write a lease knows all
        it holds, and a put is a third of an update's work for the emulator, which parses and
        checks an update expression on every UpdateItem (8 ms of its CPU, against 2.4).
        """
        now = time.time()
        item = {
            **self.key(scope, work),
            "owner": owner,
            "expiresAt": int(now + KEEP_DAYS * 86400),
            "entity": "Lease",  # every item of the single table names its entity
            **fields,
        }
        try:
            self._table.put_item(
                Item=to_dynamo(item),
                ConditionExpression=condition,
                ExpressionAttributeNames={"#owner": "owner"},
                ExpressionAttributeValues=to_dynamo({":owner": owner, **(values or {})}),
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True
