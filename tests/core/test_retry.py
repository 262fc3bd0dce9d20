"""Bounded retries: reads and idempotent calls are repeated, writes never (unless never delivered)."""

from __future__ import annotations

import random

import httpx
import pytest

from app.contract.errors import NetworkError, OutcomeUnknown, RemoteError
from app.contract.spec import Field, FieldKind, Location, Operation
from app.contract.vendor import Environment, VendorDefinition
from app.core.auth import StaticHeaderKey
from app.core.executor import execute
from app.core.prepare import prepare
from app.core.retry import Attempts, RetryPolicy, retry_after_seconds
from app.core.session import SessionManager

ID = Field("id", "Id", location=Location.PATH)
READ = Operation("thing.get", "Look up a thing", "GET", "/things/{id}", (ID,), idempotent=True)
WRITE = Operation("thing.create", "Add a thing", "POST", "/things", (Field("name", "Name", FieldKind.TEXT),))
VENDOR = VendorDefinition(
    id="acme",
    name="Acme",
    summary="",
    environments=(Environment("test", "Test", {"api": "https://acme.example"}),),
    credential_fields=(),
    make_auth=lambda: StaticHeaderKey("X-Key", "key"),
    operations=(READ, WRITE),
    error_message=lambda body: body.get("message") if isinstance(body, dict) else None,
)


class Script:
    """Answers from a list: a status (with optional Retry-After) or an exception to raise."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.sent = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        answer = self.answers.pop(0) if self.answers else 200
        if isinstance(answer, type) and issubclass(answer, Exception):
            raise answer("scripted", request=request)
        status, retry_after = answer if isinstance(answer, tuple) else (answer, None)
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return httpx.Response(status, json={"message": f"status {status}"}, headers=headers)


async def run(operation: Operation, script: Script, policy: RetryPolicy | None = None):
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    client = httpx.AsyncClient(transport=httpx.MockTransport(script))
    session = SessionManager(
        VENDOR.make_auth(), client.send, lambda h, p: f"https://acme.example{p}", lambda: {"key": "k"}
    )
    values = {"id": "7"} if operation is READ else {"name": "x"}
    attempts = Attempts()
    try:
        result = await execute(
            VENDOR,
            session,
            prepare(operation, values),
            session._url_for,
            policy or RetryPolicy(),
            sleep,
            random.Random(1),
            attempts,
        )
    finally:
        await client.aclose()
    return result, waits, attempts


@pytest.mark.anyio
async def test_a_read_is_repeated_after_a_503_honouring_retry_after():
    script = Script((503, "2"), 200)
    result, waits, attempts = await run(READ, script)
    assert result.status == 200
    assert waits == [2.0]
    assert attempts.count == 2


@pytest.mark.anyio
async def test_repeats_are_bounded_in_count():
    script = Script(503, 503, 503, 503, 503)
    with pytest.raises(RemoteError) as caught:
        await run(READ, script)
    assert caught.value.status == 503
    assert script.sent == 3


@pytest.mark.anyio
async def test_repeats_are_bounded_in_total_waiting_time():
    script = Script((503, "5"), (503, "5"), (503, "5"), 200)
    with pytest.raises(RemoteError):
        await run(READ, script, RetryPolicy(attempts=10, budget_s=8, max_delay_s=8))
    assert script.sent == 3  # waited 5 + 3 (the rest of the budget), then gave up


@pytest.mark.anyio
async def test_waits_grow_with_full_jitter_and_a_ceiling():
    script = Script(502, 502, 502, 502, 200)
    result, waits, _ = await run(READ, script, RetryPolicy(attempts=5, base_delay_s=1, max_delay_s=3))
    assert result.status == 200
    for attempt, wait in enumerate(waits, start=1):
        assert 0 <= wait <= min(3, 2 ** (attempt - 1))


@pytest.mark.anyio
async def test_a_429_asking_for_a_long_wait_is_not_waited_for_and_says_when():
    script = Script((429, "120"))
    with pytest.raises(RemoteError) as caught:
        await run(READ, script)
    assert script.sent == 1
    assert caught.value.message == "Acme is receiving too many requests. Try again in 120 seconds."


@pytest.mark.anyio
async def test_a_write_is_never_repeated_after_a_server_error():
    script = Script(503, 200)
    with pytest.raises(RemoteError):
        await run(WRITE, script)
    assert script.sent == 1


@pytest.mark.anyio
async def test_a_write_that_timed_out_has_an_unknown_outcome():
    script = Script(httpx.ReadTimeout, 200)
    with pytest.raises(OutcomeUnknown) as caught:
        await run(WRITE, script)
    assert script.sent == 1
    assert caught.value.message == (
        'Acme did not answer in time, so it is not known whether "Add a thing" was done. '
        "Check the record before trying again."
    )


@pytest.mark.anyio
async def test_a_write_that_never_connected_is_safe_to_repeat():
    script = Script(httpx.ConnectError, 200)
    result, waits, _ = await run(WRITE, script)
    assert result.status == 200
    assert script.sent == 2 and len(waits) == 1


@pytest.mark.anyio
async def test_a_read_timeout_is_repeated_then_reported_as_network():
    script = Script(httpx.ReadTimeout, httpx.ReadTimeout, httpx.ReadTimeout)
    with pytest.raises(NetworkError) as caught:
        await run(READ, script)
    assert not isinstance(caught.value, OutcomeUnknown)
    assert "did not answer in time" in caught.value.message
    assert script.sent == 3


def test_retry_after_as_an_http_date():
    from datetime import UTC, datetime

    response = httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})
    now = datetime(2026, 10, 21, 7, 27, 30, tzinfo=UTC)
    assert retry_after_seconds(response, now) == 30
    assert retry_after_seconds(httpx.Response(503, headers={"Retry-After": "soon"})) is None
