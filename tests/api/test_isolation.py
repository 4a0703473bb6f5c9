"""A reader reaches only their own items, and only with a genuine, current ID token."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.utilities.utils import load_resource

from manga_common.table import MangaTable
from tests.api.conftest import ApiStack, Reader, valid_preferences
from tests.api.library import seed_episode


def owner_paths(stack: ApiStack, owner: Reader) -> list[tuple[str, str]]:
    seeded = seed_episode(stack.settings, owner.user_id)
    return [
        ("GET", f"/stories/{seeded.story_id}"),
        ("POST", f"/stories/{seeded.story_id}/episodes"),
        ("GET", f"/episodes/{seeded.episode_id}"),
        ("GET", f"/episodes/{seeded.episode_id}/download?format=pdf"),
        ("GET", f"/episodes/{seeded.episode_id}/download?format=cbz"),
        ("GET", f"/episodes/{seeded.episode_id}/pages"),
        ("GET", f"/episodes/{seeded.episode_id}/pages/1"),
        ("GET", f"/status/{seeded.request_id}"),
    ]


def test_another_reader_cannot_list_read_download_or_extend(
    stack: ApiStack, reader: Reader, other_reader: Reader
) -> None:
    paths = owner_paths(stack, reader)
    ordered = reader.post("/preferences", json=valid_preferences()).json()["requestId"]
    paths.append(("GET", f"/status/{ordered}"))
    assert other_reader.get("/stories").json() == {"stories": []}
    for method, path in paths:
        answer = other_reader.http.request(method, path)
        # 404, never 403: the answer must not confirm that the item exists.
        assert answer.status_code == 404, (method, path, answer.status_code)
        assert answer.json()["error"]["code"] == "NOT_FOUND"
    # Nothing was started for the other reader, and the owner still sees everything.
    assert MangaTable(stack.settings).list_requests(other_reader.user_id) == []
    for method, path in paths:
        if method == "GET":
            assert reader.get(path).status_code == 200, path


# -- tokens -------------------------------------------------------------------------------------
def emulator_signing_key() -> jwt.PyJWK:
    """The private key the emulator's user pools sign with: it makes validly signed bad tokens."""
    return jwt.PyJWK(load_resource("moto.cognitoidp.models", "resources/jwks-private.json"))


def claims_of(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def signed(claims: dict[str, Any], key: Any = None, kid: str = "dummy") -> str:
    return jwt.encode(claims, key or emulator_signing_key().key, algorithm="RS256", headers={"kid": kid})


def answer_to(stack: ApiStack, token: str) -> int:
    return httpx.get(f"{stack.url}/stories", headers={"Authorization": token}).status_code


def test_a_re_signed_copy_of_a_genuine_token_is_accepted(stack: ApiStack, reader: Reader) -> None:
    """The control for the tests below: the signing helper itself makes tokens the gateway takes."""
    assert answer_to(stack, signed(claims_of(reader.id_token))) == 200
    assert answer_to(stack, f"Bearer {reader.id_token}") == 200


def test_expired_token_is_401(stack: ApiStack, reader: Reader) -> None:
    now = int(time.time())
    assert answer_to(stack, signed(claims_of(reader.id_token) | {"iat": now - 7200, "exp": now - 60})) == 401


def test_wrong_audience_is_401(stack: ApiStack, reader: Reader) -> None:
    assert answer_to(stack, signed(claims_of(reader.id_token) | {"aud": "another-app-client"})) == 401


def test_another_issuer_is_401(stack: ApiStack, reader: Reader) -> None:
    other_pool = claims_of(reader.id_token)["iss"].rsplit("/", 1)[0] + "/us-east-1_otherpool"
    assert answer_to(stack, signed(claims_of(reader.id_token) | {"iss": other_pool})) == 401


def test_tampered_token_is_401(stack: ApiStack, reader: Reader, other_reader: Reader) -> None:
    header, _, signature = reader.id_token.split(".")
    forged = claims_of(reader.id_token) | {"sub": other_reader.user_id}
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    assert answer_to(stack, f"{header}.{payload}.{signature}") == 401


def test_unsigned_token_is_401(stack: ApiStack, reader: Reader) -> None:
    unsigned = jwt.encode(claims_of(reader.id_token), key="", algorithm="none")
    assert answer_to(stack, unsigned) == 401
    hs256 = jwt.encode(claims_of(reader.id_token), "a-shared-secret-of-32-bytes-long!", algorithm="HS256")
    assert answer_to(stack, hs256) == 401


def test_token_signed_with_another_key_is_401(stack: ApiStack, reader: Reader) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert answer_to(stack, signed(claims_of(reader.id_token), key=stranger)) == 401
    assert answer_to(stack, signed(claims_of(reader.id_token), kid="unknown-key")) == 401


def test_access_token_is_not_an_id_token(stack: ApiStack, reader: Reader) -> None:
    assert answer_to(stack, reader.access_token) == 401


@pytest.mark.parametrize("header", ["", "Bearer", "not-a-jwt", "a.b.c", "Basic dXNlcjpwYXNz", "Bearer x.y"])
def test_garbage_authorization_is_401(stack: ApiStack, header: str) -> None:
    assert answer_to(stack, header) == 401
