"""Dead-letter sweep: run on a schedule, it ends the requests whose messages reached a DLQ."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from dead_letter_service.logic import sweep
from manga_common.observability import logger, metrics
from manga_common.settings import get_settings


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The scheduled event carries nothing this needs: the DLQs follow from the environment."""
    report = sweep(get_settings())
    logger.info("dead letters swept", extra=report.counts())
    return report.counts()
