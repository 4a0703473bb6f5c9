"""Cognito Post Authentication trigger: writes USER#{sub}/PROFILE once, returns the event."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from auth_trigger_service.logic import record_sign_in
from manga_common.observability import logger
from manga_common.settings import per_settings
from manga_common.table import MangaTable

table = per_settings(MangaTable)


@logger.inject_lambda_context
def lambda_handler(raw_event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    # What Powertools' @event_source does, imported on the first sign-in: its data classes
    # package imports every event source's class, a large share of this function's cold start.
    from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import (
        PostAuthenticationTriggerEvent,
    )

    event = PostAuthenticationTriggerEvent(raw_event)
    attributes = event.request.user_attributes
    created = record_sign_in(table(), attributes["sub"], attributes.get("email", ""))
    # Ids only: the email is personal data and stays out of the logs.
    logger.info("sign-in recorded", extra={"user_id": attributes["sub"], "new_profile": created})
    # Cognito expects the event back unchanged.
    return event.raw_event
