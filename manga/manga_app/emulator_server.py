"""The emulator's HTTP server: moto's application on a loopback port, in threads of this process.

`EmulatorServer` serves moto's application as `moto.server.ThreadedMotoServer` does, with two
costs of moto's development server taken away:
- moto finds the backend for each request by listing its own package folder and trying a few
  hundred URL patterns; that was two thirds of the emulator's CPU. The answer depends only on
  the host it derives, so it is remembered.
- werkzeug closes every connection, because http.server cannot drain a request's body before
  the next request line. Reading a body whose length the request states before the
  application sees it makes keep-alive safe, and each client then keeps its connections.
It also runs the emulator's DynamoDB operations one at a time (`serialize_dynamodb`), parses
each of EventBridge's input paths once (`parse_event_paths_once`), and spares moto costs it
pays on every call (`list_actions_once`, `items_as_stored`, `backend_app` without Flask's debug
mode, request lines formatted only for a log that shows them).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

_DYNAMODB_LOCK = threading.RLock()
_REQUEST_LOG = logging.getLogger("werkzeug")


def serialize_dynamodb() -> None:
    """Run the emulator's DynamoDB operations one at a time, as isolated as DynamoDB's own.

    moto copies a whole table when a TransactWriteItems starts and puts the copy back when one
    of its conditions fails, while the server's other threads go on writing: under concurrent
    requests a failed transaction erased the writes of one that succeeded (two callers both
    "won" a conditional claim), or the copy broke mid-write (a 500). A lock around every
    operation of the backend makes each one, transactions included, atomic. Idempotent.
    """
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_one_at_a_time", False):
        return
    for name, member in list(vars(DynamoDBBackend).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(DynamoDBBackend, name, _locked(member))
    DynamoDBBackend._one_at_a_time = True  # type: ignore[attr-defined]


def _locked(operation: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(operation)
    def one_at_a_time(*args: Any, **kwargs: Any) -> Any:
        with _DYNAMODB_LOCK:
            return operation(*args, **kwargs)

    return one_at_a_time


def parse_event_paths_once() -> None:
    """Parse each JSONPath moto's EventBridge fills a target's input with once, not per event.

    For every target of every event, moto builds a JSONPath parser (a yacc table) for each of
    the default input paths: 14 ms of the emulator's CPU per PutEvents, on every stage hop. A
    parsed path is immutable and `find` is pure, so one parse serves every event. Idempotent.
    """
    import jsonpath_ng.ext

    if not hasattr(jsonpath_ng.ext.parse, "cache_info"):
        jsonpath_ng.ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ng.ext.parse)


def list_actions_once() -> None:
    """List each response class's actions once, not on every call.

    To dispatch a call, moto lists every function of the service's response class with
    `inspect.getmembers`, about 6 % of the emulator's CPU. A class's functions do not change
    while the server runs, so the list is remembered per class. Idempotent.
    """
    import moto.core.responses

    listed = moto.core.responses.method_names_from_class
    if not hasattr(listed, "cache_info"):
        moto.core.responses.method_names_from_class = functools.cache(listed)


def items_as_stored() -> None:
    """Answer DynamoDB's items as moto stores them, without walking the model for each value.

    moto keeps an item's attributes in DynamoDB's own JSON form, and serialises every answer by
    walking the service model: each attribute value is a structure of ten possible members, and
    each member is looked up under several spellings. That was a fifth of the emulator's CPU,
    and 5 ms for one GetItem of a request's item. An attribute value already in wire form (no
    binary, which the walk base64-encodes) is put in the answer as it is: the walk would give
    the same dictionary. Anything else takes moto's own path. Idempotent.
    """
    from moto.core.serialize import BaseJSONSerializer

    walk = BaseJSONSerializer._serialize_type_structure
    if getattr(walk, "_items_as_stored", False):
        return

    @functools.wraps(walk)
    def serialize_structure(
        self: BaseJSONSerializer, serialized: Any, value: Any, shape: Any, key: str
    ) -> None:
        if key and shape.name == "AttributeValue" and in_wire_form(value):
            serialized[key] = value
            return
        walk(self, serialized, value, shape, key)

    serialize_structure._items_as_stored = True  # type: ignore[attr-defined]
    BaseJSONSerializer._serialize_type_structure = serialize_structure  # type: ignore[method-assign]


def in_wire_form(value: Any) -> bool:
    """Whether `value` is a DynamoDB attribute value exactly as its JSON reads: one type key, and
    strings, booleans, lists and maps of them (binary values are bytes until serialised)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    ((kind, inner),) = value.items()
    if kind in ("S", "N"):
        return isinstance(inner, str)
    if kind in ("BOOL", "NULL"):
        return isinstance(inner, bool)
    if kind in ("SS", "NS"):
        return isinstance(inner, list) and all(isinstance(member, str) for member in inner)
    if kind == "L":
        return isinstance(inner, list) and all(in_wire_form(member) for member in inner)
    if kind == "M":
        return isinstance(inner, dict) and all(
            isinstance(name, str) and in_wire_form(member) for name, member in inner.items()
        )
    return False


def backend_app(service: str) -> Any:
    """moto's Flask application for `service`, out of Flask's debug mode.

    moto turns debug mode on, which makes Flask do extra checks on every request. An error in
    the emulator still answers 500 without it; only the development server's traceback page,
    which no client of ours reads, goes.
    """
    app = create_backend_app(service)  # type: ignore[arg-type]
    app.debug = False
    return app


class RememberingDispatcher(DomainDispatcherApplication):
    """moto's dispatcher, remembering which backend answers each host it has seen."""

    def __init__(self) -> None:
        super().__init__(backend_app)
        self._backends: dict[str | None, Any] = {}

    def get_backend_for_host(self, host: str | None) -> Any:
        # Called under the dispatcher's own lock, so the dictionary needs none.
        if host not in self._backends:
            self._backends[host] = super().get_backend_for_host(host)
        return self._backends[host]


class KeepAliveRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, keeping a connection open when the request says how long its
    body is. The body is read before the application runs, so whatever part of it the
    application leaves unread cannot be taken for the next request; a chunked body keeps
    werkzeug's own handling, and its connection closes."""

    protocol_version = "HTTP/1.1"
    # A response goes out as two writes, headers then body. On a connection kept open, Nagle's
    # algorithm would hold the body until the client acknowledges the headers, which the
    # client delays: 40 ms a call.
    disable_nagle_algorithm = True

    def run_wsgi(self) -> None:
        length = self.headers.get("Content-Length")
        self._keep_alive = length is not None and "Transfer-Encoding" not in self.headers
        if not self._keep_alive:
            super().run_wsgi()
            return
        connection_stream = self.rfile
        self.rfile = io.BytesIO(connection_stream.read(int(length or 0)))
        try:
            super().run_wsgi()
        finally:
            self.rfile = connection_stream

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "connection" and value.lower() == "close" and self._keep_alive:
            return
        super().send_header(keyword, value)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # werkzeug formats every request line before the logger's level drops it.
        if _REQUEST_LOG.isEnabledFor(logging.INFO):
            super().log_request(code, size)

    def setup(self) -> None:
        super().setup()
        self._keep_alive = False
        self.server.connections.add(self.connection)  # type: ignore[attr-defined]

    def finish(self) -> None:
        self.server.connections.discard(self.connection)  # type: ignore[attr-defined]
        super().finish()


class EmulatorServer:
    """A moto server on a loopback port, in threads of this process (`start`, `url`, `stop`)."""

    def __init__(self, port: int = 0) -> None:
        self._port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        serialize_dynamodb()
        parse_event_paths_once()
        list_actions_once()
        items_as_stored()
        server = make_server(
            "127.0.0.1",
            self._port,
            RememberingDispatcher(),
            threaded=True,
            request_handler=KeepAliveRequestHandler,
        )
        server.connections = set()  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="emulator", daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the server first"
        return f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        """Stop accepting and end the kept-alive connections too, as a stopped server would."""
        if self._server is None:
            return
        self._server.shutdown()
        for connection in list(self._server.connections):  # type: ignore[attr-defined]
            with contextlib.suppress(OSError):  # the client had closed it already
                connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None
