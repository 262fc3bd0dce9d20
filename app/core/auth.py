"""The four ways our vendors authenticate, behind one small interface.

- :class:`StaticHeaderKey`: a key sent in a header on every call (PGi, OneOffice).
- :class:`TokenLogin`: a login that answers a token with a lifetime, sent with the
  key header too (INSZoom, 5 minutes).
- :class:`BearerLogin`: a username/password login answering a bearer token (iinsight).
- :class:`EndableSession`: a session started with a key and ended with DELETE
  (IQ Reseller).

A strategy only builds and reads requests; the :class:`~app.core.session.SessionManager`
decides when to sign in, refresh, retry and sign out.
"""

from __future__ import annotations

from typing import Any

import httpx

from app.contract.auth import AuthStrategy, Credentials, Sender, Token, UrlFor
from app.contract.errors import AuthError, RemoteError


class StaticHeaderKey(AuthStrategy):
    def __init__(self, header: str, field: str = "api_key") -> None:
        self.header = header
        self.field = field
        self.header_fields = frozenset({field})
        self.secret_headers = frozenset({header.lower()})
        self.description = f"API key sent in the {header} header; no session."

    def authorize(self, request: httpx.Request, token: Token | None, credentials: Credentials) -> None:
        request.headers[self.header] = credentials[self.field]


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _refused(vendor_name: str, response: httpx.Response, what: str) -> AuthError:
    body = _json_or_none(response)
    said = ""
    if isinstance(body, dict):
        said = str(body.get("message") or body.get("Message") or "")
    suffix = f" ({said.rstrip('.')})" if said else ""
    return AuthError(
        f"{vendor_name} refused the {what}{suffix}. Check them in Credentials.", response.status_code
    )


def _login_failed(vendor_name: str, response: httpx.Response) -> RemoteError:
    return RemoteError(
        f"{vendor_name} could not sign in right now (status {response.status_code}). Try again shortly.",
        response.status_code,
    )


class TokenLogin(AuthStrategy):
    """INSZoom: POST Auth with the subscription header and the authorization key."""

    signs_in = True

    def __init__(
        self,
        vendor_name: str,
        path: str,
        key_header: str,
        key_field: str,
        body_key: str,
        body_field: str,
    ) -> None:
        self.vendor_name = vendor_name
        self.path = path
        self.key_header = key_header
        self.key_field = key_field
        self.body_key = body_key
        self.body_field = body_field
        self.header_fields = frozenset({key_field})
        self.secret_headers = frozenset({"authorization", key_header.lower()})
        self.secret_keys = frozenset({body_key.lower(), "token"})
        self.token_paths = (path,)
        self.description = "Keys exchanged for a short-lived token, renewed automatically."

    async def sign_in(self, send: Sender, url_for: UrlFor, credentials: Credentials, now: float) -> Token:
        request = httpx.Request(
            "POST",
            url_for("api", self.path),
            headers={self.key_header: credentials[self.key_field]},
            json={self.body_key: credentials[self.body_field]},
        )
        response = await send(request)
        if response.status_code in (401, 403):
            raise _refused(self.vendor_name, response, "keys")
        body = _json_or_none(response)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("Token"):
            raise _login_failed(self.vendor_name, response)
        minutes = float(body.get("ValidityInMinutes") or 5)
        return Token(value=str(body["Token"]), started_at=now, expires_at=now + minutes * 60)

    def authorize(self, request: httpx.Request, token: Token | None, credentials: Credentials) -> None:
        assert token is not None
        request.headers["Authorization"] = f"Bearer {token.value}"
        request.headers[self.key_header] = credentials[self.key_field]


class BearerLogin(AuthStrategy):
    """iinsight: POST a username and password, answer a bearer token with expires_in seconds."""

    signs_in = True

    def __init__(self, vendor_name: str, path: str, default_lifetime_s: float = 3600) -> None:
        self.vendor_name = vendor_name
        self.path = path
        self.default_lifetime_s = default_lifetime_s
        self.secret_headers = frozenset({"authorization"})
        self.secret_keys = frozenset({"password", "token"})
        self.token_paths = (path,)
        self.description = "Username and password exchanged for a token, renewed automatically."

    async def sign_in(self, send: Sender, url_for: UrlFor, credentials: Credentials, now: float) -> Token:
        request = httpx.Request(
            "POST",
            url_for("api", self.path),
            json={"username": credentials["username"], "password": credentials["password"]},
        )
        response = await send(request)
        if response.status_code in (401, 403):
            raise _refused(self.vendor_name, response, "username or password")
        body = _json_or_none(response)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("token"):
            raise _login_failed(self.vendor_name, response)
        lifetime = float(body.get("expires_in") or self.default_lifetime_s)
        return Token(value=str(body["token"]), started_at=now, expires_at=now + lifetime)

    def authorize(self, request: httpx.Request, token: Token | None, credentials: Credentials) -> None:
        assert token is not None
        request.headers["Authorization"] = f"Bearer {token.value}"


class EndableSession(AuthStrategy):
    """IQ Reseller: POST the key for a session token; DELETE with Bearer ends it."""

    signs_in = True
    ends_session = True

    def __init__(self, vendor_name: str, path: str, header: str, key_field: str = "api_key") -> None:
        self.vendor_name = vendor_name
        self.path = path
        self.header = header
        self.key_field = key_field
        self.secret_headers = frozenset({header.lower(), "authorization"})
        self.secret_keys = frozenset({"apitoken"})
        self.token_paths = (path,)
        self.description = "API key exchanged for a session, ended when you sign out or close."

    async def sign_in(self, send: Sender, url_for: UrlFor, credentials: Credentials, now: float) -> Token:
        request = httpx.Request(
            "POST",
            url_for("signin", self.path),
            headers={"Accept": "application/json"},
            json={"APIToken": credentials[self.key_field]},
        )
        response = await send(request)
        if response.status_code in (401, 403):
            raise _refused(self.vendor_name, response, "API key")
        body = _json_or_none(response)
        if response.status_code != 200 or not isinstance(body, dict) or not body.get("Data"):
            raise _login_failed(self.vendor_name, response)
        return Token(value=str(body["Data"]), started_at=now, answer=body)

    def authorize(self, request: httpx.Request, token: Token | None, credentials: Credentials) -> None:
        assert token is not None
        request.headers[self.header] = token.value
        request.headers.setdefault("Accept", "application/json")

    async def sign_out(self, send: Sender, url_for: UrlFor, token: Token) -> None:
        request = httpx.Request(
            "DELETE",
            url_for("signin", self.path),
            headers={"Authorization": f"Bearer {token.value}", "Content-Type": "application/json"},
        )
        await send(request)
