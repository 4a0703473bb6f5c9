"""A request whose first event cannot be published fails with that error instead of waiting."""

from __future__ import annotations

import pytest

from manga_common.errors import MangaError, TransientError
from manga_common.models.events import EventDetail
from manga_common.settings import Settings
from manga_common.table import MangaTable
from preferences_service.logic import PreferencesDeps, submit_preferences
from tests.factories import sample_preferences


def refuse(detail: EventDetail) -> str:
    raise TransientError("event not accepted: ThrottlingException")


def test_a_request_whose_event_is_refused_is_failed_with_the_reason(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    deps = PreferencesDeps(settings=settings)
    monkeypatch.setattr(deps.publisher, "publish", refuse)
    with pytest.raises(MangaError):
        submit_preferences("reader-1", sample_preferences(), deps)
    (request,) = MangaTable(settings).list_requests("reader-1")
    assert request.status == "FAILED"
    assert request.error is not None and request.error.stage == "preferences"
    assert "not accepted" in request.error.message
