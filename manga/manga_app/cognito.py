"""The local stand-in for Cognito: a user pool on the emulator and what API Gateway does with it.

On AWS, Terraform creates the user pool, Cognito calls the Post Authentication trigger after a
sign-in and API Gateway's Cognito authorizer checks each token. Locally the emulator's real
cognito-idp API signs the tokens, and this module creates the pool (same names as Terraform),
verifies tokens as the authorizer does and builds the trigger's event as Cognito does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from manga_common import aws
from manga_common.settings import Settings

# As Terraform's user pool (terraform/modules/api/cognito.tf).
PASSWORD_POLICY = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 3,
}
AUTH_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "token_use"]


class InvalidToken(Exception):
    """The token is missing, malformed, unsigned, badly signed, expired or for someone else."""


class KeysUnavailable(Exception):
    """The user pool's signing keys could not be fetched: the platform's failure, not the caller's."""


@dataclass(frozen=True)
class Tokens:
    id_token: str
    access_token: str
    refresh_token: str


@dataclass(frozen=True)
class LocalUserPool:
    settings: Settings
    user_pool_id: str
    client_id: str

    @classmethod
    def ensure(cls, settings: Settings) -> LocalUserPool:
        """The environment's user pool and app client, created on the first call (idempotent)."""
        cognito = aws.client("cognito-idp", settings)
        pool_name, client_name = f"manga-{settings.environment}-users", f"manga-{settings.environment}-app"
        pools = [p for p in _all_pools(cognito) if p["Name"] == pool_name]
        if pools:
            pool_id = pools[0]["Id"]
        else:
            pool_id = cognito.create_user_pool(
                PoolName=pool_name,
                UsernameAttributes=["email"],
                AutoVerifiedAttributes=["email"],
                Policies={"PasswordPolicy": PASSWORD_POLICY},
                UsernameConfiguration={"CaseSensitive": False},
            )["UserPool"]["Id"]
        clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
        named = [c for c in clients if c["ClientName"] == client_name]
        if named:
            client_id = named[0]["ClientId"]
        else:
            client_id = cognito.create_user_pool_client(
                UserPoolId=pool_id,
                ClientName=client_name,
                GenerateSecret=False,
                ExplicitAuthFlows=AUTH_FLOWS,
                PreventUserExistenceErrors="ENABLED",
            )["UserPoolClient"]["ClientId"]
        return cls(settings, pool_id, client_id)

    @property
    def issuer(self) -> str:
        # The issuer AWS writes into tokens; the emulator writes the same, while serving the keys itself.
        return f"https://cognito-idp.{self.settings.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        base = self.settings.endpoint_url or f"https://cognito-idp.{self.settings.region}.amazonaws.com"
        return f"{base.rstrip('/')}/{self.user_pool_id}/.well-known/jwks.json"

    def confirm(self, username: str) -> None:
        """Locally the account is confirmed at once, in place of the code Cognito emails."""
        aws.client("cognito-idp", self.settings).admin_confirm_sign_up(
            UserPoolId=self.user_pool_id, Username=username
        )

    def create_user(self, email: str, password: str) -> str:
        """Sign up and confirm; returns the user's id (the tokens' `sub`)."""
        cognito = aws.client("cognito-idp", self.settings)
        answer = cognito.sign_up(
            ClientId=self.client_id,
            Username=email,
            Password=password,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        self.confirm(email)
        return str(answer["UserSub"])

    def sign_in(self, email: str, password: str) -> Tokens:
        result = aws.client("cognito-idp", self.settings).initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )["AuthenticationResult"]
        return Tokens(result["IdToken"], result["AccessToken"], result["RefreshToken"])

    def user_attributes(self, username: str) -> dict[str, str]:
        user = aws.client("cognito-idp", self.settings).admin_get_user(
            UserPoolId=self.user_pool_id, Username=username
        )
        attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
        return attributes | {"cognito:user_status": user.get("UserStatus", "CONFIRMED")}


def _all_pools(cognito: Any) -> list[dict[str, Any]]:
    pools: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"MaxResults": 60}
    while True:
        page = cognito.list_user_pools(**kwargs)
        pools.extend(page.get("UserPools", []))
        if not page.get("NextToken"):
            return pools
        kwargs["NextToken"] = page["NextToken"]


class TokenVerifier:
    """Checks an ID token as API Gateway's Cognito authorizer does; returns its claims."""

    def __init__(self, pool: LocalUserPool) -> None:
        self.issuer = pool.issuer
        self.audience = pool.client_id
        self._keys = jwt.PyJWKClient(pool.jwks_url, cache_keys=True, lifespan=300, timeout=5)

    def claims(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidToken("malformed token") from error
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise InvalidToken("the token is not signed with the user pool's keys")
        try:
            key = self._keys.get_signing_key(header["kid"])
        except jwt.PyJWKClientConnectionError as error:
            raise KeysUnavailable(str(error)) from error
        except jwt.PyJWKClientError as error:
            raise InvalidToken("unknown signing key") from error
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        if claims.get("token_use") != "id":
            raise InvalidToken("an ID token is required")
        return claims


def post_authentication_event(
    pool: LocalUserPool, username: str, attributes: dict[str, str]
) -> dict[str, Any]:
    """The event Cognito sends the Post Authentication trigger after a successful sign-in."""
    return {
        "version": "1",
        "region": pool.settings.region,
        "userPoolId": pool.user_pool_id,
        "userName": username,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": pool.client_id},
        "triggerSource": "PostAuthentication_Authentication",
        "request": {"userAttributes": attributes, "newDeviceUsed": False},
        "response": {},
    }
