"""Image stage: SQS batch of Image Generation Requested events → panel art, PDF and CBZ; and,
ahead of them, Cast Sheets Requested → the main cast's reference sheets."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from image_service.book import load_painters
from image_service.logic import draw_cast_sheets, mark_episode_failed
from image_service.redraw import draw_or_letter
from manga_common.models.events import CastSheetsRequested, ImageGenerationRequested
from manga_common.observability import logger, metrics, tracer
from manga_common.stage import stage_handler, warm_image_backend

handle = stage_handler(
    ImageGenerationRequested,
    draw_or_letter,
    on_final_failure=mark_episode_failed,
    ahead={CastSheetsRequested: draw_cast_sheets},
    warm=(load_painters, warm_image_backend),
)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(event, context)
