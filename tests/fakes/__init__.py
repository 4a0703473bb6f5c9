"""Loopback fakes of the remote services the cloud backends call, speaking each one's wire format.

Each fake is an HTTP server on 127.0.0.1 (a free port), scriptable per test: queue canned
answers per route (`enqueue`), or set a responder that answers whatever arrives
(`respond`, `serve_manga`); every request received is recorded (`requests`, `received`).

    with FakeBedrock() as bedrock:
        bedrock.serve_manga(sample_bible(), sample_script())   # story, episode and image answers
        settings = Settings(endpoint_url=bedrock.url)          # plus AWS test credentials in the env
"""

from tests.fakes.bedrock import FakeBedrock
from tests.fakes.openai import FakeOpenAI
from tests.fakes.qloo import FakeQloo
from tests.fakes.samples import manga_answer, sample_bible, sample_png, sample_script
from tests.fakes.server import Canned, FakeServer, Received

__all__ = [
    "Canned",
    "FakeBedrock",
    "FakeOpenAI",
    "FakeQloo",
    "FakeServer",
    "Received",
    "manga_answer",
    "sample_bible",
    "sample_png",
    "sample_script",
]
