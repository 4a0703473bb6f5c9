"""Leases on a moto server: one holder at a time, take-over after expiry, done stays done."""

from __future__ import annotations

import threading

from manga_common.leases import Leases
from manga_common.settings import Settings
from manga_common.table import MangaTable


def test_one_claim_wins_among_concurrent_workers(settings: Settings) -> None:
    leases = Leases(MangaTable(settings))
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def claim(i: int) -> None:
        barrier.wait()
        outcomes.append(leases.claim("req-1", "STAGE#story", f"worker-{i}", 60))

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["claimed"] + ["held"] * 7


def test_an_expired_lease_is_taken_over_and_the_old_holder_cannot_finish(settings: Settings) -> None:
    leases = Leases(MangaTable(settings))
    assert leases.claim("req-2", "PANEL#1#1", "dead-worker", -1) == "claimed"  # already expired
    assert leases.claim("req-2", "PANEL#1#1", "new-worker", 60) == "claimed"
    assert not leases.complete("req-2", "PANEL#1#1", "dead-worker")
    assert leases.complete("req-2", "PANEL#1#1", "new-worker")
    assert leases.claim("req-2", "PANEL#1#1", "third-worker", 60) == "done"
    lease = leases.get("req-2", "PANEL#1#1")
    assert lease is not None and lease.done and lease.owner == "new-worker"


def test_the_holder_may_claim_again_and_release(settings: Settings) -> None:
    leases = Leases(MangaTable(settings))
    assert leases.claim("req-3", "STAGE#image", "w", 60) == "claimed"
    assert leases.claim("req-3", "STAGE#image", "w", 60) == "claimed"  # a retry by the same worker
    assert leases.claim("req-3", "STAGE#image", "other", 60) == "held"
    assert leases.release("req-3", "STAGE#image", "w")
    assert leases.claim("req-3", "STAGE#image", "other", 60) == "claimed"
