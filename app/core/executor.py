"""Run any declared operation: prepare, send through the session, read the answer."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from app.contract.errors import NetworkError, RemoteError
from app.contract.spec import Operation, ResultKind
from app.contract.vendor import VendorDefinition
from app.core.activity import current_operation
from app.core.http import network_error
from app.core.prepare import PreparedRequest
from app.core.retry import (
    NO_RETRY,
    Attempts,
    RetryPolicy,
    Sleep,
    retry_after_seconds,
    retryable_error,
    retryable_status,
)
from app.core.session import SessionManager

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


# The retry waits' jitter.  One for the process: each request seeded a Random of its own from the
# OS, up to ~1 ms a request in a profile of a background sync.
_JITTER = random.Random()

# Told about each request that got no answer at all (the activity log records it).
FailureListener = Callable[[httpx.Request, Exception], None]


async def execute(
    vendor: VendorDefinition,
    session: SessionManager,
    prepared: PreparedRequest,
    url_for: UrlFor,
    policy: RetryPolicy = NO_RETRY,
    sleep: Sleep = asyncio.sleep,
    rng: random.Random | None = None,
    attempts: Attempts | None = None,
    on_failure: FailureListener | None = None,
) -> Result:
    """Send once, or — for a read, or a write that never left — again after a bounded, jittered wait."""
    operation = prepared.operation
    rng = rng or _JITTER
    attempts = attempts or Attempts()
    label = current_operation.set((operation.id, operation.label))
    try:
        return await _attempt(vendor, session, prepared, url_for, policy, sleep, rng, attempts, on_failure)
    finally:
        current_operation.reset(label)


async def _attempt(
    vendor: VendorDefinition,
    session: SessionManager,
    prepared: PreparedRequest,
    url_for: UrlFor,
    policy: RetryPolicy,
    sleep: Sleep,
    rng: random.Random,
    attempts: Attempts,
    on_failure: FailureListener | None,
) -> Result:
    operation = prepared.operation
    while True:
        attempts.count += 1
        try:
            response = await session.send(lambda: build_request(prepared, url_for))
        except httpx.TransportError as exc:
            if on_failure is not None and (request := _request_of(exc)) is not None:
                on_failure(request, exc)
            if not attempts.may_repeat(policy, retryable_error(exc, operation.idempotent)):
                raise _network_error(vendor, operation, exc) from None
            await attempts.wait(policy, None, sleep, rng)
            continue
        if attempts.may_repeat(policy, retryable_status(response.status_code, operation.idempotent)):
            delay = retry_after_seconds(response)
            if delay is None or delay <= policy.max_delay_s:
                await attempts.wait(policy, delay, sleep, rng)
                continue
        return read_response(vendor, operation, response)


def _request_of(error: httpx.TransportError) -> httpx.Request | None:
    try:
        return error.request
    except RuntimeError:  # raised before any request was attached
        return None


def _network_error(
    vendor: VendorDefinition, operation: Operation, error: httpx.TransportError
) -> NetworkError:
    # Sent, but no answer: a write may have been done, and repeating it could do it twice.
    return network_error(vendor.name, error, "" if operation.idempotent else operation.label)


def read_response(vendor: VendorDefinition, operation: Operation, response: httpx.Response) -> Result:
    elapsed = response.elapsed.total_seconds() if _has_elapsed(response) else 0.0
    body = _decode(vendor, operation, response)
    if response.is_success:
        vendor.check_answer(operation, body)
        if problem := shape_problem(vendor.name, operation, body):
            raise RemoteError(problem, response.status_code)
        return Result(status=response.status_code, data=body, elapsed_s=elapsed)
    said = _safe(vendor.error_message, body) if body is not None else None
    fields = _safe(vendor.field_errors, body) or {}
    if said:
        sentence = f"{vendor.name} says: {said.rstrip('.')}."
    else:
        sentence = f"{vendor.name} answered with an error (status {response.status_code})."
    if response.status_code == 429:
        wait = retry_after_seconds(response)
        later = f" in {int(wait)} seconds" if wait and wait >= 1 else " in a moment"
        sentence = f"{vendor.name} is receiving too many requests. Try again{later}."
    elif response.status_code >= 500:
        sentence = (
            f"{vendor.name} had a problem on its side (status {response.status_code}). {said or ''}".strip()
        )
    raise RemoteError(sentence, response.status_code, said, fields)


def shape_problem(vendor_name: str, operation: Operation, body: Any) -> str:
    """Why a successful answer is not what the operation answers ('' when it is): a list or a bare
    string where a record is expected would otherwise be shown as that record, found."""
    kind = operation.result
    if kind is ResultKind.RECORD and not isinstance(body, dict):
        noun = operation.record_noun
        article = "an" if noun[:1].lower() in "aeiou" else "a"
        if body is None:
            return f"{vendor_name} answered nothing where {article} {noun} was expected."
        return f"{vendor_name} answered something that is not {article} {noun}."
    if kind in (ResultKind.LIST, ResultKind.PAGINATED) and not (
        isinstance(body, list) and all(isinstance(row, dict) for row in body)
    ):
        return f"{vendor_name} answered something that is not a list of {operation.record_nouns}."
    return ""


def _decode(vendor: VendorDefinition, operation: Operation, response: httpx.Response) -> Any:
    if not response.content.strip():
        return None
    if operation.xml_answers and _is_xml(response):
        return response.text
    try:
        return response.json()
    except (ValueError, RecursionError):  # RecursionError: nested deeper than any record would be
        if not response.is_success:
            return None
        raise RemoteError(
            f"{vendor.name} answered with something that is not valid JSON (status {response.status_code}).",
            response.status_code,
        ) from None


def _is_xml(response: httpx.Response) -> bool:
    media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return media_type in ("application/xml", "text/xml") or media_type.endswith("+xml")


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
