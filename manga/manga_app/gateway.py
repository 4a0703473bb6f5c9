"""The local gateway behind `manga dev`: API Gateway, Cognito and the web page on loopback.

It stands where API Gateway and Cognito stand on AWS and changes nothing behind them:
- API routes: the caller's ID token is checked as the Cognito authorizer checks it (the user
  pool's keys, issuer, audience, token use, expiry), then the API function's handler gets the
  same REST proxy event, with the token's claims under `requestContext.authorizer.claims`.
  Each handler call takes one of a few API execution environments, as Lambda runs one
  request per environment at a time.
- `POST /cognito`: the page's sign-up and sign-in, forwarded to the emulator's cognito-idp
  API. A new account is confirmed at once (in place of the emailed code), and a sign-in calls
  the Post Authentication trigger, as Cognito does.
- The static page under web/, and `config.json` telling it where the API and Cognito are.
- The stage workers (local event source mappings), so ordered manga get made.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import mimetypes
import queue
import re
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jwt
from aws_lambda_powertools.logging import correlation_paths
from botocore.exceptions import ClientError, ParamValidationError

from manga_app.cognito import (
    InvalidToken,
    KeysUnavailable,
    LocalUserPool,
    TokenVerifier,
    post_authentication_event,
)
from manga_app.event_source_mapping import EventSourceMappings, Handler
from manga_app.lambda_runtime import LocalLambdaContext, rest_api_event
from manga_common import aws
from manga_common.errors import ConfigurationError
from manga_common.models.errors import ErrorResponse
from manga_common.observability import logger
from manga_common.settings import Settings

if TYPE_CHECKING:
    from preferences_service.app import RestApi

WEB_ROOT = Path(__file__).resolve().parents[2] / "web"
STATIC_SUFFIXES = {".html", ".js", ".css", ".png", ".svg", ".ico", ".json", ".webmanifest"}
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
"""API Gateway's own payload limit; the API function refuses much less."""
DEFAULT_CONCURRENCY = 8
COGNITO_PATH = "/cognito"
COGNITO_TARGET_PREFIX = "AWSCognitoIdentityProviderService."
# What an unauthenticated page may ask of Cognito, and the boto3 method that asks it.
COGNITO_OPERATIONS = {
    "SignUp": "sign_up",
    "ConfirmSignUp": "confirm_sign_up",
    "InitiateAuth": "initiate_auth",
}
# The sign-ins after which Cognito calls the Post Authentication trigger (a token refresh is none).
PASSWORD_FLOWS = ("USER_PASSWORD_AUTH", "USER_SRP_AUTH")
ALLOWED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_BEARER = re.compile(r"^bearer\s+", re.IGNORECASE)
# The codes of the answers http.server gives itself to requests it cannot read (the rest are
# their status phrases: URI_TOO_LONG, REQUEST_HEADER_FIELDS_TOO_LARGE...).
PROTOCOL_ERROR_CODES = {400: "INVALID_REQUEST", 501: "METHOD_NOT_ALLOWED"}
INSECURE_BIND_FLAG = "--insecure-bind-any"


class LocalGateway:
    """Serves the API, Cognito's public operations and the page; `start()` with port 0 picks a free port."""

    def __init__(
        self,
        settings: Settings,
        user_pool: LocalUserPool,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        web_root: Path | None = WEB_ROOT,
        workers: bool = True,
        stage_handlers: Mapping[str, Handler] | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        insecure_bind_any: bool = False,
    ) -> None:
        check_bind_address(host, insecure_bind_any)
        self.settings = settings
        self.user_pool = user_pool
        self.web_root = web_root
        self.verifier = TokenVerifier(user_pool)
        self._address = (host, port)
        self._concurrency = concurrency
        self._apis: queue.Queue[RestApi] = queue.Queue()
        self._cognito = aws.client("cognito-idp", settings)
        self._trigger_lock = threading.Lock()
        self._mappings = EventSourceMappings(settings, stage_handlers) if workers else None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ------------------------------------------------------------------------
    def __enter__(self) -> LocalGateway:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        # Imported here: the services read their settings when first imported.
        from preferences_service.app import RestApi

        for _ in range(self._concurrency):
            self._apis.put(RestApi())
        server = _Server(self._address, _RequestHandler)
        server.gateway = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="local-gateway", daemon=True)
        self._thread.start()
        if self._mappings:
            self._mappings.start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._mappings:
            self._mappings.stop()

    @property
    def url(self) -> str:
        assert self._server, "the gateway is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def wait(self) -> None:
        """Serve until interrupted (Ctrl+C)."""
        assert self._thread
        while self._thread.is_alive():
            self._thread.join(0.5)

    # -- requests --------------------------------------------------------------------------
    def handle(self, request: _RequestHandler) -> None:
        parts = urlsplit(request.path)
        method = request.command
        if method in ("GET", "HEAD"):
            static = self.static_file(parts.path)
            if static is not None:
                request.answer(200, *static)
                return
        length = request.content_length()
        if length is None:
            request.answer_error(411, "LENGTH_REQUIRED", "send a Content-Length")
            return
        if length > MAX_PAYLOAD_BYTES:
            request.close_connection = True
            request.answer_error(413, "PAYLOAD_TOO_LARGE", "the body is too large")
            return
        body = request.rfile.read(length) if length else b""
        if parts.path == COGNITO_PATH and method == "POST":
            request.answer(*self.cognito(request.headers.get("X-Amz-Target", ""), body))
            return
        self.api(request, method, parts.path, parts.query, body)

    def static_file(self, path: str) -> tuple[str, bytes] | None:
        if path == "/config.json":
            return "application/json", json.dumps(self.page_config()).encode()
        if self.web_root is None:
            return None
        name = "index.html" if path == "/" else path.lstrip("/")
        if "/" in name or Path(name).suffix not in STATIC_SUFFIXES:
            return None
        file = self.web_root / name
        if not file.is_file():
            return None
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json")):
            content_type += "; charset=utf-8"
        return content_type, file.read_bytes()

    def page_config(self) -> dict[str, Any]:
        """What the page needs to find its API and Cognito (on AWS the deployment writes this file)."""
        return {
            "apiUrl": "",
            "cognitoUrl": COGNITO_PATH,
            "clientId": self.user_pool.client_id,
            "region": self.settings.region,
        }

    def api(self, request: _RequestHandler, method: str, path: str, query: str, body: bytes) -> None:
        claims: dict[str, Any] | None = None
        if method != "OPTIONS":  # preflights carry no credentials, as on API Gateway
            try:
                claims = self.verifier.claims(bearer_token(request.headers.get("Authorization", "")))
            except InvalidToken:
                request.answer_error(
                    401, "UNAUTHORIZED", "a valid token is required", {"WWW-Authenticate": "Bearer"}
                )
                return
            except KeysUnavailable:
                logger.exception("user pool keys unavailable")
                request.answer_error(503, "SERVICE_UNAVAILABLE", "the sign-in service is unavailable")
                return
        event = rest_api_event(
            method,
            path,
            claims=claims,
            body=body.decode("utf-8", errors="replace") if body else None,
            query=query,
            headers=dict(request.headers.items()),
        )
        api = self._apis.get()
        try:
            # As the API's Lambda entry point does: the request's own context and correlation id,
            # nothing left from the request this thread answered before.
            handler: Callable[..., dict[str, Any]] = logger.inject_lambda_context(
                api, correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True
            )
            response = handler(
                event, LocalLambdaContext(function_name=f"manga-{self.settings.environment}-preferences")
            )
        finally:
            self._apis.put(api)
        headers: dict[str, str] = dict(response.get("headers") or {})
        for name, values in (response.get("multiValueHeaders") or {}).items():
            headers[name] = ", ".join(values)
        payload = response.get("body") or ""
        data = base64.b64decode(payload) if response.get("isBase64Encoded") else payload.encode("utf-8")
        content_type = headers.pop("Content-Type", headers.pop("content-type", "application/json"))
        request.answer(int(response["statusCode"]), content_type, data, headers)

    def cognito(self, target: str, body: bytes) -> tuple[int, str, bytes]:
        """One of Cognito's public operations, as its JSON API answers it."""
        operation = target.removeprefix(COGNITO_TARGET_PREFIX)
        if not target.startswith(COGNITO_TARGET_PREFIX) or operation not in COGNITO_OPERATIONS:
            return cognito_error(400, "UnknownOperationException", "operation not available")
        try:
            parameters = json.loads(body or b"{}")
        except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
            return cognito_error(400, "SerializationException", "the body is not JSON")
        if not isinstance(parameters, dict) or parameters.get("ClientId") != self.user_pool.client_id:
            return cognito_error(400, "ResourceNotFoundException", "unknown app client")
        try:
            answer = getattr(self._cognito, COGNITO_OPERATIONS[operation])(**parameters)
            if operation == "SignUp":
                self.user_pool.confirm(parameters["Username"])
                answer["UserConfirmed"] = True
            signed_in = "AuthenticationResult" in answer  # not when Cognito answers with a challenge
            if operation == "InitiateAuth" and signed_in and parameters.get("AuthFlow") in PASSWORD_FLOWS:
                self.after_sign_in(answer["AuthenticationResult"]["IdToken"])
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
            details = error.response.get("Error", {})
            return cognito_error(status, details.get("Code", "ClientError"), details.get("Message", ""))
        except (ParamValidationError, TypeError) as error:
            return cognito_error(400, "InvalidParameterException", str(error))
        except TriggerFailed as error:
            return cognito_error(400, "UnexpectedLambdaException", str(error))
        answer.pop("ResponseMetadata", None)
        return 200, "application/x-amz-json-1.1", json.dumps(answer, default=str).encode()

    def after_sign_in(self, id_token: str) -> None:
        """Cognito calls the Post Authentication trigger after each password sign-in."""
        from auth_trigger_service.handler import lambda_handler as post_authentication

        # Cognito itself just issued this token: its claims need no second check here.
        claims = jwt.decode(id_token, options={"verify_signature": False})
        username = str(claims.get("cognito:username") or claims["sub"])
        event = post_authentication_event(self.user_pool, username, self.user_pool.user_attributes(username))
        try:
            with self._trigger_lock:  # one execution environment for the trigger
                post_authentication(
                    event, LocalLambdaContext(function_name="manga-auth-trigger").as_lambda_context()
                )
        except Exception as error:
            logger.exception("post authentication trigger failed")
            raise TriggerFailed("PostAuthentication failed") from error


class TriggerFailed(Exception):
    pass


def bearer_token(header: str) -> str:
    """The token in an Authorization header, with or without the `Bearer` scheme."""
    token = _BEARER.sub("", header.strip())
    if not token:
        raise InvalidToken("no token")
    return token


def check_bind_address(host: str, insecure_bind_any: bool = False) -> None:
    """Refuse an address beyond loopback unless the operator said they know what it exposes."""
    if not insecure_bind_any and not is_loopback(host):
        raise ConfigurationError(
            f"refusing to listen on {host or 'every address'!r}: the emulator's signing key is "
            f"public, so anyone who can reach the gateway can forge tokens; listen on loopback, "
            f"or pass {INSECURE_BIND_FLAG} if every machine that can reach it is trusted"
        )


def is_loopback(host: str) -> bool:
    """True when every address `host` names is a loopback address ("" and 0.0.0.0 are every address)."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def cognito_error(status: int, code: str, message: str) -> tuple[int, str, bytes]:
    return status, "application/x-amz-json-1.1", json.dumps({"__type": code, "message": message}).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many clients connect at once; the default backlog of 5 drops them
    gateway: LocalGateway


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, a keep-alive client's
    # delayed ACK would hold the body back ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        try:
            self.server.gateway.handle(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client left; nobody to answer
        except Exception:
            logger.exception("the local gateway failed")
            self.close_connection = True
            self.answer_error(502, "BAD_GATEWAY", "the gateway could not answer")

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_GET

    def __getattr__(self, name: str) -> Any:
        # Any other verb (TRACE, CONNECT, made-up ones) is no part of the API: 405, not the base class's 501.
        if name.startswith("do_"):
            return self.method_not_allowed
        raise AttributeError(name)

    def method_not_allowed(self) -> None:
        self.close_connection = True
        self.answer_error(
            405, "METHOD_NOT_ALLOWED", "method not allowed", {"Allow": ", ".join(ALLOWED_METHODS)}
        )

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, a 431 for an oversized header,
        414, 505...) in the error format rather than its HTML page."""
        if self.request_version == "HTTP/0.9":  # unread or unreadable request line: answer in 1.1
            self.request_version = self.protocol_version
        self.close_connection = True
        status = HTTPStatus(code)
        phrase_code = status.phrase.upper().replace(" ", "_").replace("-", "_")
        error_code = PROTOCOL_ERROR_CODES.get(code, phrase_code)
        self.answer_error(code, error_code, (message or status.phrase).lower())

    def content_length(self) -> int | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return None
        try:
            return max(0, int(self.headers.get("Content-Length") or 0))
        except ValueError:
            return None

    def answer(
        self, status: int, content_type: str, body: bytes, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            if name.lower() not in ("content-length", "content-type", "connection", "transfer-encoding"):
                self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def answer_error(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        """An error the gateway answers itself, as API Gateway's gateway responses do (with CORS)."""
        body = ErrorResponse.of(code, message, str(uuid.uuid4())).model_dump_json(
            by_alias=True, exclude_none=True
        )
        cors = {
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Headers": "Authorization,Content-Type",
        }
        self.answer(status, "application/json", body.encode(), cors | dict(headers or {}))

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("gateway " + format % args)
