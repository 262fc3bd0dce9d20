"""The interface every way of authenticating offers (the strategies themselves are in app/core/auth.py).

A strategy only builds and reads requests; the session manager decides when to sign in, refresh,
retry and sign out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

Credentials = Mapping[str, str]
# Sends a request on the vendor's client (the session manager supplies it).
Sender = Callable[[httpx.Request], Awaitable[httpx.Response]]
# Builds an absolute URL from (host name, path).
UrlFor = Callable[[str, str], str]


@dataclass(frozen=True)
class Token:
    value: str
    started_at: float
    expires_at: float | None = None  # None: valid until ended or refused
    # The sign-in's answer as the vendor gave it (it holds the token: shown only redacted).
    answer: Any = None


class AuthStrategy:
    """Base: no sign-in, nothing to end."""

    signs_in = False  # a token must be obtained before data calls
    ends_session = False  # the session must be ended explicitly
    description = ""
    # Credential fields whose values travel in a request header (which carries ASCII only).
    header_fields: frozenset[str] = frozenset()
    # What must never be shown (the activity history, "Copy as curl"), all in lower case: the headers
    # it puts a credential or a token in, the JSON keys of its sign-in that hold one, and the paths
    # whose answer is itself a token.
    secret_headers: frozenset[str] = frozenset()
    secret_keys: frozenset[str] = frozenset()
    token_paths: tuple[str, ...] = ()

    async def sign_in(self, send: Sender, url_for: UrlFor, credentials: Credentials, now: float) -> Token:
        return Token(value="", started_at=now)

    def authorize(self, request: httpx.Request, token: Token | None, credentials: Credentials) -> None:
        """Add the credentials a data call needs."""

    async def sign_out(self, send: Sender, url_for: UrlFor, token: Token) -> None:
        """End the session on the vendor's side, where the vendor has one."""
