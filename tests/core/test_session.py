"""Session manager: every auth strategy with a fake clock and a scripted vendor (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from app.contract.errors import AuthError, RemoteError
from app.core.auth import BearerLogin, EndableSession, StaticHeaderKey, TokenLogin
from app.core.session import SessionManager, SessionState


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class ScriptedVendor:
    """Issues tokens t1, t2, ...; refuses tokens in ``revoked``; records every request."""

    def __init__(self, lifetime_minutes: float = 5) -> None:
        self.requests: list[httpx.Request] = []
        self.issued = 0
        self.revoked: set[str] = set()
        self.lifetime_minutes = lifetime_minutes
        self.login_status = 200
        self.login_delay = 0.0
        self.always_401 = False

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path in ("/Auth", "/auth/login", "/Session") and request.method == "POST":
            if self.login_delay:
                await asyncio.sleep(self.login_delay)
            if self.login_status != 200:
                return httpx.Response(self.login_status, json={"message": "Invalid credentials"})
            self.issued += 1
            token = f"t{self.issued}"
            if path == "/Auth":
                return httpx.Response(200, json={"Token": token, "ValidityInMinutes": self.lifetime_minutes})
            if path == "/auth/login":
                return httpx.Response(200, json={"token": token, "expires_in": self.lifetime_minutes * 60})
            return httpx.Response(200, json={"Data": token})
        if path == "/Session" and request.method == "DELETE":
            return httpx.Response(200)
        presented = request.headers.get("Authorization", "").removeprefix("Bearer ") or request.headers.get(
            "iqr-session-token", request.headers.get("X-AUTH-TOKEN", "")
        )
        if self.always_401 or presented in self.revoked or not presented:
            return httpx.Response(401, json={"message": "Token expired"})
        return httpx.Response(200, json={"ok": True, "token": presented})

    def data_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == "/data"]

    def logins(self) -> list[httpx.Request]:
        return [
            r
            for r in self.requests
            if r.method == "POST" and r.url.path in ("/Auth", "/auth/login", "/Session")
        ]


STRATEGIES = {
    "token": (
        lambda: TokenLogin(
            "INSZoom",
            "/Auth",
            "Ocp-Apim-Subscription-Key",
            "subscription_key",
            "AuthorizationKey",
            "authorization_key",
        ),
        {"subscription_key": "sub", "authorization_key": "auth"},
    ),
    "bearer": (lambda: BearerLogin("iinsight", "/auth/login"), {"username": "u", "password": "p"}),
    "endable": (lambda: EndableSession("IQ Reseller", "/Session", "iqr-session-token"), {"api_key": "k"}),
}


def make_session(kind: str, vendor: ScriptedVendor, clock: FakeClock, credentials=None):
    factory, default_credentials = STRATEGIES[kind]
    client = httpx.AsyncClient(transport=httpx.MockTransport(vendor.handle))
    creds = default_credentials if credentials is None else credentials
    manager = SessionManager(
        factory(), client.send, lambda host, path: f"https://{host}.example{path}", lambda: creds, clock=clock
    )
    return manager, client


def data_request() -> httpx.Request:
    return httpx.Request("GET", "https://api.example/data")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def vendor() -> ScriptedVendor:
    return ScriptedVendor()


# --- behaviour every signing-in strategy shares (a contract suite) ------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_first_call_signs_in_and_carries_the_token(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    assert session.status().state is SessionState.SIGNED_OUT
    response = await session.send(data_request)
    assert response.json()["token"] == "t1"
    assert len(vendor.logins()) == 1
    assert session.status().state is SessionState.ACTIVE
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_concurrent_calls_share_one_sign_in(kind, vendor, clock):
    vendor.login_delay = 0.05
    session, client = make_session(kind, vendor, clock)
    responses = await asyncio.gather(*(session.send(data_request) for _ in range(8)))
    assert {r.json()["token"] for r in responses} == {"t1"}
    assert len(vendor.logins()) == 1
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_refused_token_reauthenticates_once_and_repeats_the_call(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    await session.send(data_request)
    vendor.revoked.add("t1")
    response = await session.send(data_request)
    assert response.status_code == 200
    assert response.json()["token"] == "t2"
    assert len(vendor.logins()) == 2
    assert len(vendor.data_requests()) == 3  # first call, refused repeat, repeated call
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_concurrent_401s_share_one_reauthentication(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    await session.send(data_request)
    vendor.revoked.add("t1")
    vendor.login_delay = 0.05
    responses = await asyncio.gather(*(session.send(data_request) for _ in range(5)))
    assert all(r.status_code == 200 for r in responses)
    assert len(vendor.logins()) == 2
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_persistent_401_is_an_auth_error_not_a_retry_loop(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    vendor.always_401 = True
    with pytest.raises(AuthError):
        await session.send(data_request)
    assert len(vendor.data_requests()) == 2
    assert len(vendor.logins()) == 2
    assert session.status().state is SessionState.ERROR
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_refused_credentials_put_the_session_in_error(kind, vendor, clock):
    vendor.login_status = 401
    session, client = make_session(kind, vendor, clock)
    with pytest.raises(AuthError) as caught:
        await session.sign_in()
    assert "refused" in caught.value.message
    status = session.status()
    assert status.state is SessionState.ERROR
    assert "Credentials" in status.message
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_login_server_error_is_a_remote_error(kind, vendor, clock):
    vendor.login_status = 500
    session, client = make_session(kind, vendor, clock)
    with pytest.raises(RemoteError):
        await session.sign_in()
    assert session.status().state is SessionState.ERROR
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_missing_credentials_mean_not_configured_and_nothing_is_sent(kind, vendor, clock):
    factory, _ = STRATEGIES[kind]
    client = httpx.AsyncClient(transport=httpx.MockTransport(vendor.handle))
    session = SessionManager(
        factory(), client.send, lambda h, p: f"https://{h}.example{p}", lambda: None, clock=clock
    )
    assert session.status().state is SessionState.NOT_CONFIGURED
    with pytest.raises(AuthError):
        await session.send(data_request)
    assert vendor.requests == []
    await client.aclose()


# --- tokens with a lifetime -----------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["token", "bearer"])
async def test_token_states_follow_the_clock(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    await session.sign_in()
    status = session.status()
    assert status.state is SessionState.ACTIVE
    assert status.seconds_left(clock.now) == 300
    clock.now += 250
    assert session.status().state is SessionState.EXPIRING_SOON
    clock.now += 60
    assert session.status().state is SessionState.EXPIRED
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["token", "bearer"])
async def test_token_is_renewed_shortly_before_it_expires(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    await session.send(data_request)
    clock.now += 200  # 100 s left: still used
    assert (await session.send(data_request)).json()["token"] == "t1"
    clock.now += 80  # 20 s left: inside the refresh margin, renewed before the call
    assert (await session.send(data_request)).json()["token"] == "t2"
    assert len(vendor.logins()) == 2
    await client.aclose()


@pytest.mark.anyio
async def test_token_login_sends_the_documented_auth_request(vendor, clock):
    session, client = make_session("token", vendor, clock)
    await session.send(data_request)
    login, data = vendor.requests[0], vendor.requests[1]
    assert login.url == "https://api.example/Auth"
    assert login.headers["Ocp-Apim-Subscription-Key"] == "sub"
    assert json.loads(login.content) == {"AuthorizationKey": "auth"}
    assert data.headers["Authorization"] == "Bearer t1"
    assert data.headers["Ocp-Apim-Subscription-Key"] == "sub"
    await client.aclose()


# --- a session that must be ended -------------------------------------------------------------------


@pytest.mark.anyio
async def test_endable_session_is_ended_with_delete_and_bearer(vendor, clock):
    session, client = make_session("endable", vendor, clock)
    await session.send(data_request)
    status = session.status()
    assert status.state is SessionState.ACTIVE
    assert status.expires_at is None and status.started_at == clock.now
    await session.sign_out()
    end = vendor.requests[-1]
    assert end.method == "DELETE"
    assert end.url == "https://signin.example/Session"
    assert end.headers["Authorization"] == "Bearer t1"
    assert end.content == b""
    assert session.status().state is SessionState.SIGNED_OUT
    await client.aclose()


@pytest.mark.anyio
async def test_endable_session_starts_on_the_signin_host_with_the_key(vendor, clock):
    session, client = make_session("endable", vendor, clock)
    await session.sign_in()
    start = vendor.requests[0]
    assert start.url == "https://signin.example/Session"
    assert json.loads(start.content) == {"APIToken": "k"}
    assert start.headers["Accept"] == "application/json"
    await client.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["token", "bearer"])
async def test_sign_out_of_a_token_session_sends_nothing(kind, vendor, clock):
    session, client = make_session(kind, vendor, clock)
    await session.sign_in()
    count = len(vendor.requests)
    await session.sign_out()
    assert len(vendor.requests) == count
    assert session.status().state is SessionState.SIGNED_OUT
    await client.aclose()


# --- a static header key ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_static_key_goes_in_its_header_and_a_401_is_not_retried(vendor, clock):
    client = httpx.AsyncClient(transport=httpx.MockTransport(vendor.handle))
    creds = {"api_key": "secret-key"}
    session = SessionManager(
        StaticHeaderKey("X-AUTH-TOKEN"),
        client.send,
        lambda h, p: f"https://{h}.example{p}",
        lambda: creds,
        clock=clock,
    )
    response = await session.send(data_request)
    assert vendor.requests[0].headers["X-AUTH-TOKEN"] == "secret-key"
    assert response.status_code == 200
    assert session.status().state is SessionState.ACTIVE
    vendor.always_401 = True
    with pytest.raises(AuthError):
        await session.send(data_request)
    assert len(vendor.requests) == 2
    assert session.status().state is SessionState.ERROR
    await client.aclose()


@pytest.mark.anyio
async def test_listeners_hear_state_changes(vendor, clock):
    session, client = make_session("bearer", vendor, clock)
    heard: list[SessionState] = []
    session.add_listener(lambda status: heard.append(status.state))
    await session.sign_in()
    await asyncio.sleep(0)
    await session.sign_out()
    assert SessionState.SIGNING_IN in heard
    assert SessionState.ACTIVE in heard
    assert heard[-1] is SessionState.SIGNED_OUT
    await client.aclose()


# --- a vendor too busy to sign in ------------------------------------------------------------------------


def busy_then_ready(vendor: ScriptedVendor, busy: list[httpx.Response]):
    """The vendor answers the first logins with ``busy`` (one each), then as usual."""

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and busy:
            vendor.requests.append(request)
            return busy.pop(0)
        return await vendor.handle(request)

    return handle


def session_with_waits(kind: str, handler, clock: FakeClock, waits: list[float]):
    factory, credentials = STRATEGIES[kind]
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    manager = SessionManager(
        factory(),
        client.send,
        lambda host, path: f"https://{host}.example{path}",
        lambda: credentials,
        clock=clock,
        sleep=sleep,
    )
    return manager, client


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(STRATEGIES))
async def test_a_sign_in_the_vendor_is_too_busy_for_is_tried_again_after_its_wait(kind, vendor, clock):
    waits: list[float] = []
    busy = [httpx.Response(503), httpx.Response(429, headers={"Retry-After": "2"})]
    session, client = session_with_waits(kind, busy_then_ready(vendor, busy), clock, waits)
    status = await session.sign_in()
    assert status.state is SessionState.ACTIVE
    assert len(vendor.logins()) == 3
    assert len(waits) == 2 and waits[1] == 2.0  # the vendor's Retry-After is honoured
    await client.aclose()


@pytest.mark.anyio
async def test_a_vendor_busy_at_every_attempt_gets_a_sentence_after_three(vendor, clock):
    waits: list[float] = []
    busy = [httpx.Response(503) for _ in range(5)]
    session, client = session_with_waits("bearer", busy_then_ready(vendor, busy), clock, waits)
    with pytest.raises(RemoteError) as caught:
        await session.sign_in()
    assert caught.value.message == "iinsight could not sign in right now (status 503). Try again shortly."
    assert len(vendor.logins()) == 3 and len(waits) == 2
    assert session.status().state is SessionState.ERROR
    await client.aclose()


@pytest.mark.anyio
async def test_refused_credentials_are_not_tried_again(vendor, clock):
    waits: list[float] = []
    busy = [httpx.Response(401, json={"message": "Invalid credentials"})]
    session, client = session_with_waits("bearer", busy_then_ready(vendor, busy), clock, waits)
    with pytest.raises(AuthError):
        await session.sign_in()
    assert len(vendor.logins()) == 1 and waits == []
    await client.aclose()
