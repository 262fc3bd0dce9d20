"""Run any declared operation: prepare, send through the session, read the answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from app.core.errors import NetworkError, RemoteError
from app.core.prepare import PreparedRequest
from app.core.session import SessionManager
from app.core.spec import Operation
from app.vendors.base import VendorDefinition

UrlFor = Callable[[str, str], str]


@dataclass(frozen=True)
class Result:
    """A vendor's successful answer."""

    status: int
    data: Any
    elapsed_s: float


def build_request(prepared: PreparedRequest, url_for: UrlFor) -> httpx.Request:
    """The exact request the vendor document describes (credentials are added later)."""
    headers: dict[str, str] = {"Accept": "application/json"}
    content: bytes | None = None
    if prepared.has_body:
        headers["Content-Type"] = "application/json"
        content = json.dumps(prepared.json_body).encode()
    return httpx.Request(
        prepared.method,
        url_for(prepared.host, prepared.path),
        params=prepared.params or None,
        headers=headers,
        content=content,
    )


async def execute(
    vendor: VendorDefinition,
    session: SessionManager,
    prepared: PreparedRequest,
    url_for: UrlFor,
) -> Result:
    try:
        response = await session.send(lambda: build_request(prepared, url_for))
    except httpx.TimeoutException:
        raise NetworkError(
            f"{vendor.name} did not answer in time. Try again, or check the network."
        ) from None
    except httpx.TransportError as exc:
        raise NetworkError(
            f"{vendor.name} could not be reached ({type(exc).__name__}). Check the network and the address."
        ) from None
    return read_response(vendor, prepared.operation, response)


def read_response(vendor: VendorDefinition, operation: Operation, response: httpx.Response) -> Result:
    elapsed = response.elapsed.total_seconds() if _has_elapsed(response) else 0.0
    body = _decode(vendor, response)
    if response.is_success:
        vendor.check_answer(operation, body)
        return Result(status=response.status_code, data=body, elapsed_s=elapsed)
    said = _safe(vendor.error_message, body) if body is not None else None
    fields = _safe(vendor.field_errors, body) or {}
    if said:
        sentence = f"{vendor.name} says: {said.rstrip('.')}."
    else:
        sentence = f"{vendor.name} answered with an error (status {response.status_code})."
    if response.status_code >= 500:
        sentence = (
            f"{vendor.name} had a problem on its side (status {response.status_code}). {said or ''}".strip()
        )
    raise RemoteError(sentence, response.status_code, said, fields)


def _decode(vendor: VendorDefinition, response: httpx.Response) -> Any:
    if not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        if not response.is_success:
            return None
        raise RemoteError(
            f"{vendor.name} answered with something that is not valid JSON (status {response.status_code}).",
            response.status_code,
        ) from None


def _safe(reader: Callable[[Any], Any], body: Any) -> Any:
    """Vendor readers see arbitrary bodies; a surprising shape must not become a crash."""
    try:
        return reader(body)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _has_elapsed(response: httpx.Response) -> bool:
    try:
        response.elapsed  # noqa: B018 - raises until the response is closed
    except RuntimeError:
        return False
    return True
