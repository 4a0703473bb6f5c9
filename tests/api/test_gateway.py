"""The local gateway's own duties: the page, Cognito's public operations and the trigger."""

from __future__ import annotations

import socket

import httpx

from manga_common.table import MangaTable
from tests.api.conftest import PASSWORD, ApiStack, Reader, cognito_call


def test_serves_the_page_and_its_configuration(stack: ApiStack) -> None:
    page = httpx.get(f"{stack.url}/")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<script src="app.js"' in page.text
    for asset, media in (("app.js", "javascript"), ("style.css", "text/css")):
        answer = httpx.get(f"{stack.url}/{asset}")
        assert answer.status_code == 200 and media in answer.headers["Content-Type"]
    config = httpx.get(f"{stack.url}/config.json").json()
    assert config == {
        "apiUrl": "",
        "cognitoUrl": "/cognito",
        "clientId": stack.pool.client_id,
        "region": stack.settings.region,
    }
    head = httpx.head(f"{stack.url}/")
    assert head.status_code == 200 and head.content == b""


def test_files_outside_the_page_are_not_served(stack: ApiStack) -> None:
    for path in ("/../pyproject.toml", "/%2e%2e/Makefile", "/app.py", "/.env"):
        assert httpx.get(f"{stack.url}{path}").status_code in (401, 404), path


def test_sign_in_records_the_profile_through_the_trigger(stack: ApiStack, reader: Reader) -> None:
    profile = MangaTable(stack.settings).get_profile(reader.user_id)
    assert profile is not None and profile.email == reader.email


def test_cognito_answers_as_cognito_does(stack: ApiStack, reader: Reader) -> None:
    wrong = cognito_call(
        stack.url,
        "InitiateAuth",
        {
            "ClientId": stack.pool.client_id,
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": reader.email, "PASSWORD": PASSWORD + "x"},
        },
    )
    assert wrong.status_code == 400 and wrong.json()["__type"] == "NotAuthorizedException"
    again = cognito_call(
        stack.url,
        "SignUp",
        {"ClientId": stack.pool.client_id, "Username": reader.email, "Password": PASSWORD},
    )
    assert again.status_code == 400 and again.json()["__type"] == "UsernameExistsException"
    weak = cognito_call(
        stack.url,
        "SignUp",
        {"ClientId": stack.pool.client_id, "Username": "weak@example.com", "Password": "short"},
    )
    assert weak.status_code == 400 and weak.json()["__type"] == "InvalidPasswordException"


def test_only_the_public_operations_of_the_app_client_are_forwarded(stack: ApiStack, reader: Reader) -> None:
    admin = cognito_call(
        stack.url, "AdminDeleteUser", {"UserPoolId": stack.pool.user_pool_id, "Username": "x"}
    )
    assert admin.status_code == 400 and admin.json()["__type"] == "UnknownOperationException"
    other_client = cognito_call(
        stack.url, "SignUp", {"ClientId": "another-client", "Username": "x@example.com", "Password": PASSWORD}
    )
    assert other_client.status_code == 400 and other_client.json()["__type"] == "ResourceNotFoundException"
    bad_parameters = cognito_call(stack.url, "InitiateAuth", {"ClientId": stack.pool.client_id, "Bogus": 1})
    assert (
        bad_parameters.status_code == 400 and bad_parameters.json()["__type"] == "InvalidParameterException"
    )


def test_cors_preflight_needs_no_token(stack: ApiStack) -> None:
    answer = httpx.options(
        f"{stack.url}/preferences",
        headers={"Origin": "https://reader.example", "Access-Control-Request-Method": "POST"},
    )
    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in answer.headers["Access-Control-Allow-Headers"]


def test_methods_outside_http_api_use_are_405(stack: ApiStack) -> None:
    answer = httpx.request("TRACE", f"{stack.url}/stories")
    assert answer.status_code == 405
    assert answer.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_payloads_over_the_gateway_limit_are_413_unread(stack: ApiStack, reader: Reader) -> None:
    """Announced as 11 MiB, answered before a byte of it is read (a client library would send it all)."""
    host, port = stack.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            b"POST /preferences HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
            + f"Authorization: {reader.id_token}\r\nContent-Length: {11 * 1024 * 1024}\r\n\r\n{{".encode()
        )
        status_line = connection.makefile("rb").readline()
    assert status_line.split()[1] == b"413"
