"""A fake OpenAI-compatible server: chat completions, image generations and image edits."""

from __future__ import annotations

import base64
import email.parser
import email.policy
import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from manga_common.models.script import EpisodeScript, StoryBible
from tests.fakes.samples import manga_answer, sample_png
from tests.fakes.server import Canned, FakeServer, Received


def chat_reply(text: str | None, finish_reason: str = "stop", **message: Any) -> Canned:
    return Canned(
        body={
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1,
            "model": "fake",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, **message},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 200, "total_tokens": 300},
        }
    )


def image_reply(png: bytes) -> Canned:
    return Canned(body={"created": 1, "data": [{"b64_json": base64.b64encode(png).decode()}]})


def openai_error(
    status: int, message: str = "fake error", code: str | None = None, headers: dict[str, str] | None = None
) -> Canned:
    return Canned(
        status, {"error": {"message": message, "type": "invalid_request_error", "code": code}}, headers or {}
    )


@dataclass
class Misbehaviour:
    """How the fake's chat route misbehaves; every knob is off by default.

    Throttling and failures follow a fixed pattern over the calls in arrival order (of every
    `every` calls, `throttled` answer 429 and `failing` answer 500, spread out), so a count of
    calls is reproducible whatever the order the workers' threads call in.
    """

    hang_seconds: float = 0.0
    """Each chat call waits this long before answering (longer than a try's timeout: a hang)."""
    every: int = 10
    throttled: int = 0
    failing: int = 0
    retry_after: str | None = None
    vary_titles: bool = False
    """Each story answer carries a title of its own ("... #2", "... #3"), like a sampled model."""
    calls: itertools.count[int] = field(default_factory=itertools.count)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answered: list[str] = field(default_factory=list)
    """The titles of the story answers given, in order."""

    def next_call(self) -> int:
        with self.lock:
            return next(self.calls)

    def hits(self, number: int, count: int, after: int = 0) -> bool:
        """Whether call `number` is one of `count` calls spread evenly over each `every` (offset by
        `after` such calls): 3 in 10 are calls 0, 3 and 6, never three in a row."""
        slots = {(after + i) * self.every // max(1, self.throttled + self.failing) for i in range(count)}
        return number % self.every in slots


@dataclass(frozen=True)
class FormPart:
    """One part of a multipart/form-data body, as a server reads it."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def form_parts(request: Received) -> list[FormPart]:
    """The parts of a multipart/form-data request (RFC 7578): the body split on its boundary, each
    part's headers read as a mail header block. A part's data is taken as it is, never parsed
    as mail: the mail parser reads a binary part line by line (12 ms a panel with two sheets)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise AssertionError(f"not a multipart body: {content_type!r}")
    declared = email.parser.HeaderParser(policy=email.policy.HTTP).parsestr(
        f"Content-Type: {content_type}\r\n\r\n"
    )
    boundary = declared.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise AssertionError(f"a multipart body without a boundary: {content_type!r}")
    sections = request.body.split(b"--" + boundary.encode())
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise AssertionError("a multipart body without its closing boundary")
    parts = []
    for section in sections[1:-1]:
        head, separator, data = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator or not data.endswith(b"\r\n"):
            raise AssertionError("a multipart part without its blank line or its line end")
        headers = email.parser.BytesHeaderParser(policy=email.policy.HTTP).parsebytes(head + b"\r\n\r\n")
        disposition = headers.get("Content-Disposition", "")
        parameters = dict(headers.get_params(header="content-disposition") or [])
        if not disposition.startswith("form-data") or "name" not in parameters:
            raise AssertionError(f"a part without a form-data name: {disposition!r}")
        parts.append(
            FormPart(
                name=parameters["name"],
                filename=parameters.get("filename"),
                content_type=headers.get("Content-Type"),
                data=data[:-2],
            )
        )
    return parts


def form_fields(request: Received) -> dict[str, str]:
    return {part.name: part.text for part in form_parts(request) if part.filename is None}


class FakeOpenAI(FakeServer):
    routes = (
        ("POST", r"^/v1/chat/completions$", "chat"),
        ("POST", r"^/v1/images/generations$", "images"),
        ("POST", r"^/v1/images/edits$", "edits"),
    )

    def __init__(self, api_key: str | None = None) -> None:
        super().__init__()
        self.api_key = api_key

    def environment(self) -> dict[str, str]:
        """Variables that send the `openai` text and image backends here."""
        variables = {
            "MANGA_TEXT_BACKEND": "openai",
            "MANGA_IMAGE_BACKEND": "openai",
            "OPENAI_BASE_URL": self.url,
        }
        if self.api_key:
            variables["OPENAI_API_KEY"] = self.api_key
        return variables

    def authorize(self, request: Received) -> Canned | None:
        if self.api_key and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return openai_error(401, "Incorrect API key provided", "invalid_api_key")
        return None

    def serve_manga(
        self, bible: StoryBible, script: EpisodeScript, misbehaviour: Misbehaviour | None = None
    ) -> Misbehaviour:
        """Answer story and episode prompts with `bible` and `script`, misbehaving as told."""
        chaos = misbehaviour or Misbehaviour()

        def chat(request: Received) -> Canned:
            number = chaos.next_call()
            if chaos.hits(number, chaos.throttled):
                headers = {"Retry-After": chaos.retry_after} if chaos.retry_after else {}
                return openai_error(429, "Rate limit reached", "rate_limit_exceeded", headers)
            if chaos.hits(number, chaos.failing, after=chaos.throttled):
                return openai_error(500, "The server had an error", "server_error")
            messages = request.json().get("messages", [])
            text = "\n".join(str(m.get("content", "")) for m in messages)
            answer = manga_answer(text, bible, script)
            if '"title":"StoryBible"' in text:
                story = json.loads(answer)
                if chaos.vary_titles:
                    story["title"] = f"{bible.title} #{number + 1}"
                with chaos.lock:
                    chaos.answered.append(story["title"])
                answer = json.dumps(story)
            reply = chat_reply(answer)
            reply.delay = chaos.hang_seconds
            return reply

        def images(request: Received) -> Canned:
            width, height = (int(v) for v in request.json().get("size", "1024x1024").split("x"))
            return image_reply(sample_png(width, height))

        def edits(request: Received) -> Canned:
            width, height = (int(v) for v in form_fields(request).get("size", "1024x1024").split("x"))
            return image_reply(sample_png(width, height))

        self.respond("chat", chat)
        self.respond("images", images)
        self.respond("edits", edits)
        return chaos
