"""What every queue-fed stage does around its own work.

A stage handler receives an SQS batch whose bodies are EventBridge events. For each
record this runner parses the event's detail, tags the logs with the request id, calls the
stage's work and reports partial batch failures. When the last allowed attempt fails (the
next failure moves the message to the stage's DLQ) the request becomes FAILED with the
error's code and message; earlier failures are only noted, since a retry may still succeed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from manga_common.context import ServiceContext
from manga_common.errors import MangaError, PermanentError
from manga_common.models.entities import RequestError
from manga_common.models.events import EventDetail
from manga_common.observability import logger, metrics
from manga_common.settings import Settings, get_settings, per_settings
from manga_common.stages import stage_for_event
from manga_common.table import MangaTable

D = TypeVar("D", bound=EventDetail)


def error_of(error: BaseException, stage: str) -> RequestError:
    """The code and message a reader sees; never a stack trace or a backend's raw answer."""
    if isinstance(error, MangaError):
        return RequestError(code=error.code, message=error.message[:500], stage=stage)
    if isinstance(error, ValidationError):
        return RequestError(code="INVALID_EVENT", message="the event did not match its schema", stage=stage)
    return RequestError(code="INTERNAL_ERROR", message=type(error).__name__, stage=stage)


def parse_detail(record: SQSRecord, model: type[D]) -> D:
    envelope = json.loads(record.body)
    if envelope.get("detail-type") != model.DETAIL_TYPE:
        raise PermanentError(f"expected {model.DETAIL_TYPE!r}, got {envelope.get('detail-type')!r}")
    return model.model_validate(envelope["detail"])


class StageRunner:
    """Runs one stage's work over an SQS batch with the platform's failure rules."""

    def __init__(
        self,
        model: type[D],
        work: Callable[[D], object],
        on_final_failure: Callable[[D], object] | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.model = model
        self.stage = stage_for_event(model).name
        self.work = work
        self.on_final_failure = on_final_failure
        self.settings = settings or get_settings()

    def handle(self, event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        processor = BatchProcessor(event_type=EventType.SQS)
        return dict(
            process_partial_response(
                event=event, record_handler=self._process, processor=processor, context=context
            )
        )

    def _process(self, record: SQSRecord) -> None:
        detail = parse_detail(record, self.model)
        logger.set_correlation_id(detail.request_id)
        logger.append_keys(stage=self.stage, user_id=detail.user_id)
        attempt = int(record.attributes.approximate_receive_count or 1)
        table = MangaTable(self.settings)
        # A request already COMPLETED or FAILED stays so: this is a duplicate or late delivery.
        table.move_request(detail.user_id, detail.request_id, "PROCESSING", stage=self.stage)
        try:
            self.work(detail)
        except Exception as error:
            failure = error_of(error, self.stage)
            final = attempt >= self.settings.max_receive_count
            logger.exception("stage failed", extra={"attempt": attempt, "final": final, "code": failure.code})
            if final:
                table.move_request(detail.user_id, detail.request_id, "FAILED", error=failure)
                if self.on_final_failure:
                    self.on_final_failure(detail)
                metrics.add_metric(name=f"{self.stage}Failed", unit="Count", value=1)
            else:
                table.note_request_error(detail.user_id, detail.request_id, failure)
                metrics.add_metric(name=f"{self.stage}Retried", unit="Count", value=1)
            raise
        metrics.add_metric(name=f"{self.stage}Succeeded", unit="Count", value=1)


def stage_handler(
    model: type[D],
    work: Callable[[D, ServiceContext], object],
    on_final_failure: Callable[[D, ServiceContext], object] | None = None,
) -> Callable[[dict[str, Any], LambdaContext], dict[str, Any]]:
    """A stage's Lambda entry point; its clients are built on the first invocation and reused."""

    def build() -> StageRunner:
        context = ServiceContext()
        return StageRunner(
            model,
            lambda detail: work(detail, context),
            (lambda detail: on_final_failure(detail, context)) if on_final_failure else None,
            settings=context.settings,
        )

    runner = per_settings(build)

    def handle(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return runner().handle(event, context)

    return handle
