"""The content store against the moto server: what a stage reads if it was stored before."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from manga_common import aws
from manga_common.content import ContentStore
from manga_common.models.script import StoryBible
from manga_common.settings import Settings
from tests.fakes.samples import sample_bible


def test_what_is_not_stored_reads_as_none_in_one_call(settings: Settings) -> None:
    store = ContentStore(settings)
    calls: list[str] = []
    s3 = aws.client("s3", settings)
    count = lambda model, **kwargs: calls.append(model.name)  # noqa: E731
    s3.meta.events.register("before-call.s3", count)
    try:
        assert store.get_if_stored("stories/nobody/none/story.json") is None
        assert store.get_model_if_stored("stories/nobody/none/story.json", StoryBible) is None
    finally:
        s3.meta.events.unregister("before-call.s3", count)
    assert calls == ["GetObject", "GetObject"], "no HeadObject first"


def test_what_is_stored_reads_back(settings: Settings) -> None:
    store = ContentStore(settings)
    bible = sample_bible()
    store.put_model("stories/someone/s1/story.json", bible)
    assert store.get_model_if_stored("stories/someone/s1/story.json", StoryBible) == bible


def test_any_other_error_is_raised(settings: Settings) -> None:
    store = ContentStore(settings.model_copy(update={"content_bucket": "no-such-bucket-anywhere"}))
    with pytest.raises(ClientError):
        store.get_if_stored("stories/x/y/story.json")
