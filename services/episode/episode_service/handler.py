"""Episode stage: SQS batch of Episode Generation Requested events → script + image event."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from episode_service.logic import mark_episode_failed, write_episode
from manga_common.models.events import EpisodeGenerationRequested
from manga_common.observability import logger, metrics, tracer
from manga_common.stage import stage_handler, warm_text_backend

handle = stage_handler(
    EpisodeGenerationRequested, write_episode, on_final_failure=mark_episode_failed, warm=(warm_text_backend,)
)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(event, context)
