"""The stage table is the one list of stages: every consumer sees every stage, in chain order."""

from __future__ import annotations

import argparse
from typing import get_args

import pytest

from manga_app.cli import build_parser
from manga_app.event_source_mapping import stage_handlers
from manga_app.resources import stage_routes
from manga_common.models.entities import GenerationRequest, Stage
from manga_common.models.events import EventDetail
from manga_common.settings import Settings
from manga_common.stages import STAGE_NAMES, WORK_STAGES, stage_for_event, stage_named, stages_from
from preferences_service.views import stage_progress
from tests.contract.test_packages import SERVICES


def test_names_events_and_services_are_unique() -> None:
    assert len(set(STAGE_NAMES)) == len(WORK_STAGES)
    assert len({stage.event for stage in WORK_STAGES}) == len(WORK_STAGES)
    assert len({stage.service for stage in WORK_STAGES}) == len(WORK_STAGES)


def test_every_event_type_is_consumed_by_exactly_one_stage() -> None:
    # Tests define events of their own; the platform's are those of the events module.
    platform_events = [e for e in EventDetail.__subclasses__() if e.__module__ == EventDetail.__module__]
    assert platform_events
    for event in platform_events:
        consumers = [stage.name for stage in WORK_STAGES if event in stage.events]
        assert len(consumers) == 1, (event.DETAIL_TYPE, consumers)
        if event in {stage.event for stage in WORK_STAGES}:
            assert stage_for_event(event).event is event


def test_a_stage_s_handler_does_the_work_ahead_its_route_brings_it_and_no_more() -> None:
    from manga_common.models.events import CastSheetsRequested, ImageGenerationRequested
    from manga_common.stage import StageRunner

    def nothing(detail: object) -> None:
        return None

    with pytest.raises(ValueError, match="works ahead on"):
        StageRunner(ImageGenerationRequested, nothing, settings=Settings(environment="test"))
    runner = StageRunner(
        ImageGenerationRequested,
        nothing,
        settings=Settings(environment="test"),
        ahead={CastSheetsRequested: nothing},
    )
    assert set(runner.ahead) == {"Cast Sheets Requested"}


def test_the_request_status_type_names_every_stage() -> None:
    assert get_args(Stage) == ("preferences", *STAGE_NAMES)


def test_local_resources_route_every_stage_to_its_own_queue_and_dlq() -> None:
    settings = Settings(environment="test")
    routes = stage_routes(settings)
    assert [route.stage for route in routes if not route.ahead] == list(STAGE_NAMES)
    assert len({r.queue_name for r in routes}) == len(routes)
    assert len({r.dlq_name for r in routes}) == len(WORK_STAGES), "one DLQ per stage"
    assert not {r.queue_name for r in routes} & {r.dlq_name for r in routes}


def test_work_ahead_has_a_queue_of_its_own_that_dead_letters_into_the_stage_s_dlq() -> None:
    settings = Settings(environment="test")
    for stage in WORK_STAGES:
        routes = [r for r in stage_routes(settings) if r.stage == stage.name]
        own = [r for r in routes if not r.ahead]
        assert [r.events for r in own] == [(stage.event,)]
        ahead = [r for r in routes if r.ahead]
        assert [r.events for r in ahead] == ([stage.ahead] if stage.ahead else [])
        assert {r.dlq_name for r in routes} == {stage.dlq_name(settings.environment)}
    assert [r.queue_name for r in stage_routes(settings) if r.ahead] == ["manga-test-image-ahead"]


def test_an_event_s_queue_is_found_by_its_detail_type_and_anything_else_is_the_stage_s_own() -> None:
    for stage in WORK_STAGES:
        assert stage.queue_of(stage.event.DETAIL_TYPE).ahead is False
        assert all(stage.queue_of(event.DETAIL_TYPE).ahead for event in stage.ahead)
        assert stage.queue_of("Something Else") == stage.queue_of(None) == stage.queues[0]


def test_the_local_event_source_mappings_run_each_stage_s_own_handler() -> None:
    handlers = stage_handlers()
    assert list(handlers) == list(STAGE_NAMES)
    for stage in WORK_STAGES:
        assert handlers[stage.name].__module__ == f"{stage.service}_service.handler"


def test_the_dlq_command_offers_every_stage() -> None:
    parser = build_parser()
    dlq = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["dlq"]
    listing = next(a for a in dlq._actions if isinstance(a, argparse._SubParsersAction)).choices["list"]
    stage_argument = next(a for a in listing._actions if a.dest == "stage")
    assert tuple(stage_argument.choices or ()) == STAGE_NAMES


@pytest.mark.parametrize("stage", WORK_STAGES, ids=lambda s: s.name)
def test_status_shows_the_stages_from_where_a_request_starts(stage: object) -> None:
    assert isinstance(stage, type(WORK_STAGES[0]))
    request = GenerationRequest(user_id="u", request_id="r", type=stage.request_type)
    shown = [progress.name for progress in stage_progress(request)]
    assert shown == [s.name for s in stages_from(stage.request_type)]
    assert shown[0] == stage.name and shown[-1] == STAGE_NAMES[-1]


def test_every_stage_s_service_is_packaged_and_declares_the_plugin_kinds_it_needs() -> None:
    from manga_common.plugins.registry import build_registry, plugin_manager

    for stage in WORK_STAGES:
        package = SERVICES[stage.service]
        registry = build_registry(plugin_manager(modules=package.plugins, entry_points=False))
        for kind in stage.plugin_kinds:
            assert getattr(registry, kind).names(), f"{stage.service} declares no {kind}"


def test_an_unknown_stage_name_says_which_stages_exist() -> None:
    with pytest.raises(KeyError, match="story, episode, image"):
        stage_named("ink")
