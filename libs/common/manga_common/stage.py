"""What every queue-fed stage does around its own work.

A stage handler receives an SQS batch whose bodies are EventBridge events. For each record
this runner:

1. parses the event; a malformed one (bad JSON, wrong detail-type, schema mismatch) is
   refused: its request, if it names one, becomes FAILED (`INVALID_EVENT`) and the message is
   acknowledged, since no retry can mend it;
2. checks the request before any model call: no such request (or not the named user's), or
   one already COMPLETED or FAILED, means no work; the message is acknowledged and a metric
   counts it;
3. claims (request, stage) with a lease (manga_common.leases), so that a duplicate delivery
   finding a live lease held by another worker acknowledges its own message and does nothing,
   while a lease left by a killed worker expires and is taken over;
4. runs the stage's work inside the invocation's time budget (Lambda's remaining time less
   a reserve, see manga_common.deadline), which backends keep to; a watchdog records
   `DEADLINE_EXCEEDED` itself in the reserve if the work is still running, so the request says
   why even when Lambda then kills the function;
5. on failure: a permanent error (or the last allowed attempt) makes the request FAILED with
   the error's code and message; a transient one before the last attempt is noted as the
   request's `lastError` (the status shows "retrying 2 of 3") and the message is retried.
   Permanent failures are acknowledged at once; a final transient failure goes on to the DLQ,
   where `manga dlq redrive` can send it back.

A stage may also start work ahead on an earlier stage's event (`Stage.ahead`: the image stage
draws the cast's reference sheets while the episode is written). Such a record is best
effort: it changes no request's state, a failure is logged and acknowledged (never retried
nor dead-lettered, so it cannot fail a request), and the stage's own work does whatever the
work ahead left undone.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from manga_common import deadline
from manga_common.context import ServiceContext
from manga_common.errors import DeadlineExceededError, MangaError, PermanentError, is_transient
from manga_common.leases import Leases, worker_id
from manga_common.models.entities import RequestError
from manga_common.models.events import EventDetail
from manga_common.observability import logger, metrics
from manga_common.settings import Settings, get_settings, per_settings
from manga_common.stages import stage_for_event, stage_named
from manga_common.table import MangaTable

if TYPE_CHECKING:
    # Powertools' data classes package imports every event source's class (tens of ms of a
    # cold start); a record is only ever read here, so the class is needed for typing only.
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

D = TypeVar("D", bound=EventDetail)

TERMINAL = ("COMPLETED", "FAILED")
DEFAULT_INVOCATION_SECONDS = 900.0
"""Lambda's longest timeout: the budget when the caller's context gives no remaining time."""

_hard_end: ContextVar[float | None] = ContextVar("manga_invocation_end", default=None)
"""time.monotonic() at which the invocation is killed (the budget's end plus the reserve)."""


def error_of(error: BaseException, stage: str) -> RequestError:
    """The code and message a reader sees; never a stack trace or a backend's raw answer."""
    if isinstance(error, MangaError):
        return RequestError(code=error.code, message=error.message[:500], stage=stage)
    if isinstance(error, ValidationError):
        return RequestError(code="INVALID_EVENT", message="the event did not match its schema", stage=stage)
    if isinstance(error, ValueError):
        return RequestError(code="INVALID_EVENT", message="the event is not valid JSON", stage=stage)
    return RequestError(code="INTERNAL_ERROR", message=type(error).__name__, stage=stage)


def parse_detail(record: SQSRecord, model: type[D]) -> D:
    envelope = json.loads(record.body)
    if not isinstance(envelope, dict) or envelope.get("detail-type") != model.DETAIL_TYPE:
        found = envelope.get("detail-type") if isinstance(envelope, dict) else None
        raise PermanentError(f"expected {model.DETAIL_TYPE!r}, got {found!r}", code="INVALID_EVENT")
    return model.model_validate(envelope["detail"])


def named_request(body: str) -> tuple[str, str] | None:
    """(user id, request id) of an event body, however malformed the rest of it is."""
    try:
        envelope = json.loads(body)
    except ValueError:
        return None
    detail = envelope.get("detail") if isinstance(envelope, dict) else None
    if not isinstance(detail, dict):
        return None
    user_id, request_id = detail.get("userId"), detail.get("requestId")
    if isinstance(user_id, str) and isinstance(request_id, str) and user_id and request_id:
        return user_id, request_id
    return None


def remaining_seconds(context: object) -> float:
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return remaining() / 1000 if callable(remaining) else DEFAULT_INVOCATION_SECONDS


class StageRunner(Generic[D]):
    """Runs one stage's work over an SQS batch with the platform's failure rules."""

    def __init__(
        self,
        model: type[D],
        work: Callable[[D], object],
        on_final_failure: Callable[[D], object] | None = None,
        settings: Settings | None = None,
        ahead: Mapping[type[EventDetail], Callable[[Any], object]] | None = None,
    ) -> None:
        self.model = model
        self.stage = stage_for_event(model).name
        self.work = work
        self.on_final_failure = on_final_failure
        self.settings = settings or get_settings()
        self.ahead = {event.DETAIL_TYPE: (event, run) for event, run in (ahead or {}).items()}
        routed = {event.DETAIL_TYPE for event in stage_named(self.stage).ahead}
        if set(self.ahead) != routed:
            # The stage table routes these events to the queue: each needs its work, and no more.
            raise ValueError(
                f"the {self.stage} stage works ahead on {sorted(routed)}, not {sorted(self.ahead)}"
            )

    def handle(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        # Imported with the first batch rather than at import: Powertools' batch utilities
        # bring its data classes and asyncio, a large share of a stage's cold start.
        from aws_lambda_powertools.utilities.batch import (
            BatchProcessor,
            EventType,
            process_partial_response,
        )

        total = remaining_seconds(context)
        # The reserve is kept for recording an error; a tiny budget keeps three quarters for work.
        reserve = min(self.settings.stage_reserve_seconds, total / 4)
        token = _hard_end.set(time.monotonic() + total)
        try:
            with deadline.budget(total - reserve):
                # A batch that failed whole is reported item by item too: Lambda retries the same
                # records either way, and the log is spared Powertools' stack trace of every record.
                processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
                return dict(
                    process_partial_response(
                        event=event, record_handler=self._process, processor=processor, context=context
                    )
                )
        finally:
            _hard_end.reset(token)

    # -- one record ------------------------------------------------------------------------
    def _process(self, record: SQSRecord) -> None:
        ahead = self._ahead_of(record.body)
        if ahead is not None:
            self._work_ahead(record, *ahead)
            return
        try:
            detail = parse_detail(record, self.model)
        except (PermanentError, ValueError) as error:
            self._refuse(record.body, error)
            return
        logger.set_correlation_id(detail.request_id)
        logger.append_keys(stage=self.stage, user_id=detail.user_id)
        attempt = int(record.raw_event.get("attributes", {}).get("ApproximateReceiveCount") or 1)
        table = MangaTable(self.settings)
        if not self._still_running(table, detail):
            return
        # The owner names the message too: the same message seen again while its first delivery
        # still runs (a visibility timeout shorter than the work) must come back, not be dropped.
        leases, owner = Leases(table), f"{worker_id()}#{record.message_id}"
        scope, hard_end = f"request/{detail.request_id}", _hard_end.get()
        hold = (hard_end - time.monotonic()) if hard_end else DEFAULT_INVOCATION_SECONDS
        claim = leases.claim(scope, self.stage, owner, seconds=max(hold, 1.0))
        if claim != "claimed":
            holder = leases.get(scope, self.stage) if claim == "held" else None
            if holder is not None and holder.owner.endswith(f"#{record.message_id}"):
                raise MessageInFlight(f"{self.stage}: this message is still being worked on")
            logger.info("duplicate delivery ignored", extra={"lease": claim, "attempt": attempt})
            metrics.add_metric(name=f"{self.stage}DuplicateIgnored", unit="Count", value=1)
            return
        moved = table.move_request(
            detail.user_id,
            detail.request_id,
            "PROCESSING",
            stage=self.stage,
            attempt=attempt,
            max_attempts=self.settings.max_receive_count,
        )
        if not moved:  # it became terminal since the check
            leases.release(scope, self.stage, owner)
            self._ignore("request ended meanwhile")
            return
        outcome = _Outcome()
        watchdog = self._watchdog(detail, attempt, outcome)
        try:
            self.work(detail)
        except Exception as error:
            if watchdog:
                watchdog.cancel()
            leases.release(scope, self.stage, owner)
            if outcome.settle():
                self._record_failure(table, detail, error, attempt)
            if is_transient(error):
                raise
            return
        if watchdog:
            watchdog.cancel()
        outcome.settle()
        leases.complete(scope, self.stage, owner)
        metrics.add_metric(name=f"{self.stage}Succeeded", unit="Count", value=1)

    def _ahead_of(self, body: str) -> tuple[type[EventDetail], Callable[[Any], object]] | None:
        """The event model and work for a record of work ahead; None for the stage's own (or a
        malformed one, which the stage's own path refuses)."""
        if not self.ahead:
            return None
        try:
            envelope = json.loads(body)
        except ValueError:
            return None
        detail_type = envelope.get("detail-type") if isinstance(envelope, dict) else None
        return self.ahead.get(detail_type) if isinstance(detail_type, str) else None

    def _work_ahead(self, record: SQSRecord, model: type[EventDetail], work: Callable[[Any], object]) -> None:
        """Best effort: whatever happens, the record is acknowledged and no request changes."""
        try:
            detail = parse_detail(record, model)
        except (PermanentError, ValueError) as error:
            logger.warning("work-ahead event refused", extra={"reason": error_of(error, self.stage).message})
            return
        logger.set_correlation_id(detail.request_id)
        if not self._still_running(MangaTable(self.settings), detail):
            return
        try:
            work(detail)
        except Exception:
            # The stage's own work does it later; a retry here could only delay that work.
            logger.warning("work ahead failed", extra={"work": model.DETAIL_TYPE}, exc_info=True)
            metrics.add_metric(name=f"{self.stage}AheadFailed", unit="Count", value=1)
            return
        metrics.add_metric(name=f"{self.stage}AheadDone", unit="Count", value=1)

    def _record_failure(self, table: MangaTable, detail: D, error: BaseException, attempt: int) -> None:
        failure = error_of(error, self.stage)
        transient = is_transient(error)
        final = not transient or attempt >= self.settings.max_receive_count
        extra = {"attempt": attempt, "final": final, "code": failure.code}
        if isinstance(error, MangaError):
            logger.warning("stage failed", extra=extra)  # an expected failure: no stack trace
        else:
            logger.exception("stage failed", extra=extra)
        if final:
            table.move_request(detail.user_id, detail.request_id, "FAILED", error=failure)
            if self.on_final_failure:
                self.on_final_failure(detail)
            metrics.add_metric(name=f"{self.stage}Failed", unit="Count", value=1)
        else:
            table.note_request_error(detail.user_id, detail.request_id, failure)
            metrics.add_metric(name=f"{self.stage}Retried", unit="Count", value=1)

    def _watchdog(self, detail: D, attempt: int, outcome: _Outcome) -> threading.Timer | None:
        """A timer that records DEADLINE_EXCEEDED halfway through the reserve, should the work
        (something that does not keep to the deadline) still be running then."""
        left, hard_end = deadline.remaining(), _hard_end.get()
        if left is None or hard_end is None:
            return None
        fire_in = left + (hard_end - time.monotonic() - left) / 2

        def fire() -> None:
            if not outcome.settle():
                return
            error = DeadlineExceededError(f"the {self.stage} stage did not finish within its time budget")
            try:
                self._record_failure(MangaTable(self.settings), detail, error, attempt)
            except Exception:  # the table unreachable: the DLQ handler still ends the request
                logger.exception("could not record the deadline")

        timer = threading.Timer(max(0.0, fire_in), fire)
        timer.daemon = True
        timer.start()
        return timer

    def _refuse(self, body: str, error: BaseException) -> None:
        """A malformed event: its request (when it names one that is still running) fails now."""
        failure = error_of(error, self.stage)
        logger.warning("event refused", extra={"code": failure.code, "reason": failure.message})
        metrics.add_metric(name=f"{self.stage}EventRefused", unit="Count", value=1)
        named = named_request(body)
        if named:
            MangaTable(self.settings).move_request(*named, "FAILED", error=failure)

    def _still_running(self, table: MangaTable, detail: EventDetail) -> bool:
        """Whether the event's request is there and not ended; if not, the event is ignored."""
        request = table.get_request(detail.user_id, detail.request_id)
        if request is None or request.status in TERMINAL:
            # Unknown (or another user's: requests are keyed by their user), or a late duplicate.
            self._ignore("no such request" if request is None else f"request is {request.status}")
            return False
        return True

    def _ignore(self, reason: str) -> None:
        logger.info("event ignored", extra={"reason": reason})
        metrics.add_metric(name=f"{self.stage}EventIgnored", unit="Count", value=1)


class MessageInFlight(Exception):
    """A redelivery of a message whose first delivery still holds the lease: retried later."""


class _Outcome:
    """Who records how a record ended: the work's own path or the watchdog, whichever is first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settled = False

    def settle(self) -> bool:
        """True for the first caller only."""
        with self._lock:
            first, self._settled = not self._settled, True
            return first


_RUNNERS: list[Callable[[], StageRunner[Any]]] = []
_WARMERS: list[Callable[[], object]] = []


def warm_stage_handlers() -> None:
    """Build every imported stage handler's clients and plugins now, as Lambda's init phase
    does before the first invocation, so that no message's time budget pays for them (the
    local runtime calls this when its workers start). The plugins, the models' validators, the
    prompt templates and a stage's own `warm` work wait for first use, to keep the handlers'
    import light; a first invocation paid 0.3 to 0.5 s of CPU for them, in every sandbox."""
    import aws_lambda_powertools.utilities.batch  # noqa: F401  (what handle() imports lazily)

    from manga_common.models.base import build_deferred_validators
    from manga_common.plugins.registry import get_registry
    from manga_common.prompts import default_templates

    for runner in _RUNNERS:
        runner()
    if _RUNNERS:
        get_registry()
        build_deferred_validators()
        default_templates().compile()
    for warm in _WARMERS:
        warm()


def warm_text_backend() -> None:
    """The configured text backend opens its client: a text stage's `warm`."""
    from manga_common.plugins.registry import get_registry

    _warm_configured(lambda settings: get_registry().text_backends.get(settings.text_backend))


def warm_image_backend() -> None:
    """The configured image backend opens its client: the image stage's `warm`."""
    from manga_common.plugins.registry import get_registry

    _warm_configured(lambda settings: get_registry().image_backends.get(settings.image_backend))


def _warm_configured(backend: Callable[[Settings], object]) -> None:
    from manga_common.plugins.interfaces import warm_up

    try:
        warm_up(backend(get_settings()))
    except (MangaError, ValueError) as error:
        # A backend misconfigured (an unknown name, a setting it refuses) fails the requests
        # that use it, with its message, as it did before init opened it; a worker still starts.
        logger.warning("backend not warmed", extra={"error": type(error).__name__})


def stage_handler(
    model: type[D],
    work: Callable[[D, ServiceContext], object],
    on_final_failure: Callable[[D, ServiceContext], object] | None = None,
    ahead: Mapping[type[EventDetail], Callable[[Any, ServiceContext], object]] | None = None,
    warm: Sequence[Callable[[], object]] = (),
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """A stage's Lambda entry point; its clients are built on the first invocation and reused.

    `ahead` holds the work for each event in the stage's `Stage.ahead`, no more and no fewer.
    `warm` loads what the stage's work loads on first use (its libraries and their data, its
    backend's client), for `warm_stage_handlers`; on Lambda the first invocation loads it, as
    before.
    """

    def build() -> StageRunner[D]:
        context = ServiceContext()

        def bound(run: Callable[[Any, ServiceContext], object]) -> Callable[[Any], object]:
            return lambda detail: run(detail, context)

        return StageRunner(
            model,
            lambda detail: work(detail, context),
            (lambda detail: on_final_failure(detail, context)) if on_final_failure else None,
            settings=context.settings,
            ahead={event: bound(run) for event, run in (ahead or {}).items()},
        )

    runner = per_settings(build)
    _RUNNERS.append(runner)
    _WARMERS.extend(warm)

    def handle(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return runner().handle(event, context)

    return handle
