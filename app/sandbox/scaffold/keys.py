"""Key and token checks every simulator makes the same way (constant-time comparisons).

The refusal words are the vendor's: each check takes the messages to answer with,
and raises :class:`ApiError` 401 in that vendor's shape.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass

from starlette.requests import Request

from app.sandbox.scaffold.errors import ApiError


def known_key(sent: str, keys: Iterable[str]) -> bool:
    # compare_digest, so the sandbox does not teach timing-leaky comparisons by example
    given = sent.encode("utf-8", "replace")
    return any(hmac.compare_digest(given, key.encode("utf-8")) for key in keys)


def require_header_key(
    request: Request, header: str, keys: Iterable[str], *, missing: str, wrong: str
) -> None:
    """The key in ``header`` must be one of ``keys``: ``missing`` when absent or blank, else ``wrong``."""
    sent = request.headers.get(header, "")
    if not sent:
        raise ApiError(401, missing)
    if not known_key(sent, keys):
        raise ApiError(401, wrong)


def bearer_token(request: Request) -> str | None:
    """The token of ``Authorization: Bearer <token>``, or None when there is none."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@dataclass(frozen=True)
class TokenRefusals:
    """A vendor's words for a bearer token that is missing, unknown, or past its expiry."""

    missing: str
    unknown: str
    expired: str


def issue_token(tokens: MutableMapping[str, float], expires_at: float) -> str:
    """A new opaque bearer token, valid until ``expires_at`` on the simulator's clock."""
    token = secrets.token_urlsafe(32)
    tokens[token] = expires_at
    return token


def require_bearer(
    request: Request, tokens: MutableMapping[str, float], now: float, refusals: TokenRefusals
) -> str:
    """The request's bearer token, which must be one of ``tokens`` (token -> expiry) and unexpired."""
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, refusals.missing)
    expires_at = tokens.get(token)
    if expires_at is None:
        raise ApiError(401, refusals.unknown)
    if now >= expires_at:
        raise ApiError(401, refusals.expired)
    return token
