"""The faults of the reliability matrix, what each vendor case sends, and what the user must then meet.

A :class:`FaultTransport` wraps a vendor client's real transport (the in-process
sandbox) and breaks only the requests of the one operation under test — sign-in
calls and look-ups pass untouched, so every count below is exact.  Where the
vendor would really have done the work before the answer was lost (a read
timeout, a body cut short) the request is first delivered to the simulator, so
"the outcome is unknown" is literally true.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from app import vendors
from app.core.activity import current_operation
from app.core.retry import RetryPolicy
from app.sandbox.control import MALFORMED_BODY
from app.sandbox.registry import Sandbox

# Every fault the issue names, in the order the matrix prints them.
FAULTS: dict[str, str] = {
    "refused": "connection refused",
    "connect_timeout": "connect timeout",
    "read_timeout": "read timeout",
    "status_500": "500",
    "status_502_503": "502/503 with Retry-After",
    "status_429": "429 with Retry-After",
    "malformed_json": "malformed JSON",
    "html_200": "HTML error page with 200",
    "truncated_body": "truncated body",
    "token_expired": "token expired mid-work",
    "wrong_credentials": "wrong credentials",
}
# Valid JSON of the wrong shape for a list: not in the matrix (no transport fault), tested on their own.
WRONG_SHAPES: dict[str, object] = {"page_of_numbers": [1, 2, 3], "page_is_an_object": {"items": []}}
RETRY_AFTER_5XX_S = 1
RETRY_AFTER_429_S = 2
# Past every simulator's token lifetime (INSZoom 5 min, iinsight 1 h, IQ Reseller 20 min idle).
EXPIRE_S = 4 * 3600
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>"
)
# Raw texts of the injected failures: none of them may reach the user.
RAW_TEXTS = (
    "[Errno 111] Connection refused",
    "timed out while connecting",
    "The read operation timed out",
    "peer closed connection",
    "<html",
    "<!doctype",
    "<body",
    "invalid response",
    '{"status": "succ',
    "Traceback",
    "httpx",
    "Exception",
)
POLICY = RetryPolicy()  # the policy every VendorService starts with


@dataclass(frozen=True)
class Case:
    """One vendor operation of the matrix: ``read`` (retried when safe) or ``write`` (never repeated)."""

    vendor: str
    kind: str
    operation: str
    values: dict[str, Any]

    @property
    def idempotent(self) -> bool:
        return vendors.load(self.vendor).operation(self.operation).idempotent

    @property
    def signs_in(self) -> bool:
        return vendors.load(self.vendor).make_auth().signs_in

    @property
    def id(self) -> str:
        return f"{self.vendor}-{self.kind}"


CASES: tuple[Case, ...] = (
    Case("inszoom", "read", "client.get", {"clientId": "CL-10001"}),
    Case("inszoom", "write", "client.create", {"FirstName": "Amara", "LastName": "Okoye"}),
    Case("pgi", "read", "client.get", {"clientId": "10863894"}),
    # PGi documents provisioning as idempotent (same ids, same answer): the one write that is retried.
    Case(
        "pgi",
        "write",
        "client.provision",
        {
            "company.externalId": "7101",
            "company.name": "Fault Matrix Ltd",
            "client.externalId": "7102",
            "client.first": "Rosa",
            "client.last": "Diaz",
            "client.email": "rosa.diaz@example.com",
            "contact.country": "Canada",
        },
    ),
    Case("iinsight", "read", "contacts.details", {"case_id": "1", "contact_id": "101"}),
    Case(
        "iinsight",
        "write",
        "contacts.create",
        {"company_name": "Southern Cross Workers Insurance", "first_name": "Ava", "last_name": "Lee"},
    ),
    # OneOffice has no read: every call changes something.
    Case(
        "oneoffice",
        "write",
        "customer.create",
        {"id": "FM-1", "name": "Fault Matrix Pty", "admin.email": "admin@fm.example"},
    ),
    Case("iqreseller", "read", "cv.list", {"Page": "1", "PageSize": "5"}),
    # "Call another method" may be anything, so it is never repeated (here: GetCV, harmless).
    Case("iqreseller", "write", "call", {"area": "CV", "method": "GetCV", "body": '{"CVID": 1001}'}),
)


@dataclass(frozen=True)
class Expectation:
    """What the user must meet: the sentence (a fragment), how often the call was sent, the waits."""

    ok: bool
    sentence: str
    error_kind: str | None
    exit_code: int
    attempts: int
    # "jitter": exponential backoff with full jitter; a tuple: exactly these (Retry-After); (): none.
    waits: tuple[float, ...] | str
    auth_calls: int | None = None  # sign-ins during the case, where it is the point


def expect(case: Case, fault: str) -> Expectation:
    """The documented behaviour (README, app/core/retry.py) for ``fault`` on ``case``."""
    name = vendors.load(case.vendor).name
    label = vendors.load(case.vendor).operation(case.operation).label
    repeat = case.idempotent
    retries = POLICY.attempts
    unknown = f'it is not known whether "{label}" was done'
    if fault in ("refused", "connect_timeout"):
        # Never delivered: repeating cannot do anything twice, so writes are repeated too.
        return Expectation(False, f"{name} could not be reached", "network", 4, retries, "jitter")
    if fault == "read_timeout":
        if repeat:
            return Expectation(False, f"{name} did not answer in time", "network", 4, retries, "jitter")
        return Expectation(False, unknown, "unknown_outcome", 4, 1, ())
    if fault == "truncated_body":
        if repeat:
            return Expectation(False, f"The connection to {name} broke", "network", 4, retries, "jitter")
        return Expectation(False, unknown, "unknown_outcome", 4, 1, ())
    if fault == "status_500":
        return Expectation(False, f"{name} had a problem on its side (status 500)", "remote", 1, 1, ())
    if fault == "status_502_503":
        if repeat:
            waits = (float(RETRY_AFTER_5XX_S),) * (retries - 1)
            return Expectation(
                False, f"{name} had a problem on its side (status 503)", "remote", 1, retries, waits
            )
        return Expectation(False, f"{name} had a problem on its side (status 502)", "remote", 1, 1, ())
    if fault == "status_429":
        sentence = f"{name} is receiving too many requests. Try again in {RETRY_AFTER_429_S} seconds."
        if repeat:
            waits = (float(RETRY_AFTER_429_S),) * (retries - 1)
            return Expectation(False, sentence, "remote", 1, retries, waits)
        return Expectation(False, sentence, "remote", 1, 1, ())
    if fault in ("malformed_json", "html_200"):
        return Expectation(
            False, f"{name} answered with something that is not valid JSON", "remote", 1, 1, ()
        )
    if fault == "token_expired":
        if case.signs_in:
            # The refused request is repeated once after one new sign-in: a 401 means nothing was done.
            return Expectation(True, "", None, 0, 2, (), auth_calls=1)
        # A key has no token to renew: refused mid-work means refused.
        return Expectation(False, f"{name} refused the API key", "auth", 3, 1, ())
    if fault == "wrong_credentials":
        if case.signs_in:
            return Expectation(False, f"{name} refused the", "auth", 3, 0, (), auth_calls=1)
        return Expectation(False, f"{name} refused the API key", "auth", 3, 1, ())
    raise KeyError(fault)


@dataclass
class FaultState:
    """What one case injects, and what it saw: attempts at the operation, sign-ins, waits."""

    fault: str | None
    operation: str
    sandbox: Callable[[], Sandbox]
    vendor: str
    attempts: int = 0
    auth_calls: int = 0
    waits: list[float] = field(default_factory=list)

    async def sleep(self, seconds: float) -> None:
        """The service's sleep: recorded, never waited (the matrix stays fast)."""
        self.waits.append(seconds)


def is_sign_in(request: httpx.Request, vendor: str) -> bool:
    paths = vendors.load(vendor).make_auth().token_paths  # where the vendor's auth strategy signs in
    return bool(paths) and request.url.path.endswith(paths)


class FaultTransport(httpx.AsyncBaseTransport):
    """Breaks the requests of one operation as ``state.fault`` says; everything else passes."""

    def __init__(self, inner: httpx.AsyncBaseTransport, state: FaultState) -> None:
        self.inner = inner
        self.state = state

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        state = self.state
        if is_sign_in(request, state.vendor):
            state.auth_calls += request.method == "POST"  # IQ Reseller's DELETE ends a session
            return await self.inner.handle_async_request(request)
        if state.fault is None or current_operation.get()[0] != state.operation:
            return await self.inner.handle_async_request(request)
        state.attempts += 1
        return await self._break(request, state.fault, state.attempts)

    async def _break(self, request: httpx.Request, fault: str, attempt: int) -> httpx.Response:
        if fault == "refused":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if fault == "connect_timeout":
            raise httpx.ConnectTimeout("timed out while connecting", request=request)
        if fault == "read_timeout":
            await self._deliver(request)  # the vendor did it; only its answer never came
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        if fault == "truncated_body":
            delivered = await self._deliver(request)
            return _cut_short(delivered, request)
        if fault == "status_500":
            return self._fault_answer(500)
        if fault == "status_502_503":
            return self._fault_answer(502 if attempt == 1 else 503, {"Retry-After": str(RETRY_AFTER_5XX_S)})
        if fault == "status_429":
            return self._fault_answer(429, {"Retry-After": str(RETRY_AFTER_429_S)})
        if fault == "malformed_json":
            return httpx.Response(200, content=MALFORMED_BODY, headers={"Content-Type": "application/json"})
        if fault == "html_200":
            return httpx.Response(200, content=HTML_PAGE, headers={"Content-Type": "text/html"})
        if fault in WRONG_SHAPES:
            return httpx.Response(200, json=WRONG_SHAPES[fault])
        if fault == "token_expired":
            if vendors.load(self.state.vendor).make_auth().signs_in:
                if attempt == 1:
                    # The vendor's clock passes the token's end: the simulator itself now refuses it.
                    self.state.sandbox().control(self.state.vendor).advance(EXPIRE_S)
                return await self.inner.handle_async_request(request)
            return self._fault_answer(401)
        return await self.inner.handle_async_request(request)  # wrong_credentials: set by the caller

    async def _deliver(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        return response

    def _fault_answer(self, status: int, headers: dict[str, str] | None = None) -> httpx.Response:
        body = self.state.sandbox().simulators[self.state.vendor].fault_body(status)
        return httpx.Response(
            status,
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )


class _CutShort(httpx.AsyncByteStream):
    """Half of the body, then the connection drops (what h11 reports as a RemoteProtocolError)."""

    def __init__(self, head: bytes, request: httpx.Request) -> None:
        self._head = head
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._head
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body", request=self._request
        )


def _cut_short(delivered: httpx.Response, request: httpx.Request) -> httpx.Response:
    content = delivered.content or b"{}"
    headers = {"Content-Type": "application/json", "Content-Length": str(len(content))}
    return httpx.Response(
        delivered.status_code, headers=headers, stream=_CutShort(content[: len(content) // 2], request)
    )


def wrong_credentials(vendor: str) -> dict[str, str]:
    """Credentials of the right shape that the simulator refuses."""
    return {f.name: f"wrong-{f.name}-0000" for f in vendors.load(vendor).credential_fields}


def unclear_parts(sentence: str) -> list[str]:
    """What makes ``sentence`` unfit to show a person: raw exception text, markup, a traceback."""
    problems = [raw for raw in RAW_TEXTS if raw.lower() in sentence.lower()]
    if not sentence.strip():
        problems.append("empty")
    elif "." not in sentence:
        problems.append("not a sentence")
    if len(sentence) > 400:
        problems.append("too long to read")
    return problems
