"""Story stage: SQS batch of Story Generation Requested events → story bible + episode 1 event."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from manga_common.models.events import StoryGenerationRequested
from manga_common.observability import logger, metrics, tracer
from manga_common.stage import stage_handler, warm_text_backend
from story_service.logic import mark_story_failed, write_story

handle = stage_handler(
    StoryGenerationRequested, write_story, on_final_failure=mark_story_failed, warm=(warm_text_backend,)
)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(event, context)
