"""A scriptable loopback HTTP server: queued canned answers per route, and a record of requests."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Canned:
    """One answer: status, body (bytes, text, or anything JSON), headers, and a delay before it."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            return self.body, headers
        if isinstance(self.body, str):
            headers.setdefault("Content-Type", "text/plain")
            return self.body.encode(), headers
        headers.setdefault("Content-Type", "application/json")
        return json.dumps(self.body).encode(), headers


@dataclass(frozen=True)
class Received:
    method: str
    route: str
    path: str
    params: dict[str, str]
    """Named groups of the route pattern, URL-decoded."""
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Lower-case names."""
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Responder = Callable[[Received], Canned]


class FakeServer:
    """Subclasses name their routes: (method, path regex with named groups, route name)."""

    routes: tuple[tuple[str, str, str], ...] = ()
    keeps_requests = True
    """Whether `requests` records each request; a long-running benchmark's server keeps none."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._queues: dict[str, deque[Canned]] = defaultdict(deque)
        self._responders: dict[str, Responder] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting ------------------------------------------------------------------------
    def enqueue(self, route: str, *answers: Canned) -> None:
        """Answers for the next requests on `route`, in order; they win over a responder."""
        self._known(route)
        with self._lock:
            self._queues[route].extend(answers)

    def respond(self, route: str, responder: Responder) -> None:
        """How to answer `route` once its queue is empty."""
        self._known(route)
        self._responders[route] = responder

    def received(self, route: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if route is None or r.route == route]

    def pending(self, route: str) -> int:
        with self._lock:
            return len(self._queues[route])

    def authorize(self, request: Received) -> Canned | None:
        """An error answer when the request's credentials are wrong; None lets it through."""
        return None

    def _known(self, route: str) -> None:
        if route not in {name for _, _, name in self.routes}:
            raise ValueError(f"{type(self).__name__} has no route {route!r}")

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Self:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving --------------------------------------------------------------------------
    def _match(self, method: str, path: str) -> tuple[str, dict[str, str]] | None:
        for route_method, pattern, name in self.routes:
            found = re.match(pattern, path)
            if route_method == method and found:
                return name, {k: unquote(v) for k, v in found.groupdict().items()}
        return None

    def _answer(self, request: Received) -> Canned:
        refused = self.authorize(request)
        if refused is not None:
            return refused
        with self._lock:
            queue = self._queues[request.route]
            if queue:
                return queue.popleft()
        responder = self._responders.get(request.route)
        if responder is None:
            return Canned(418, {"message": f"fake: nothing scripted for {request.route}"})
        return responder(request)

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        matched = self._match(method, parts.path)
        if matched is None:
            answer = Canned(404, {"message": f"fake: no route for {method} {parts.path}"})
        else:
            route, params = matched
            request = Received(
                method=method,
                route=route,
                path=unquote(parts.path),
                params=params,
                query=parse_qs(parts.query),
                headers={k.lower(): v for k, v in handler.headers.items()},
                body=body,
            )
            if self.keeps_requests:
                with self._lock:
                    self.requests.append(request)
            answer = self._answer(request)
        if answer.delay:
            time.sleep(answer.delay)
        payload, headers = answer.encoded()
        try:
            handler.send_response(answer.status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test)
