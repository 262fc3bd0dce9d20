"""IQ Reseller through the service layer against its simulator: sessions, CVs and other methods."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from app.contract.errors import AuthError, RemoteError, ValidationError
from app.core.service import check_connection
from app.core.session import SessionState
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from tests.conftest import make_workspace

KEY = demo_credentials("iqreseller")["api_key"]
SESSION = "/api/IntegrationAPI/Session"
GET_CVS = "/webapi.svc/CV/json/GetCVs"
CV_COUNT = 340  # the simulator's seeded CVs (its module docstring)
IDLE_LIFETIME_S = 20 * 60  # the simulator ends a session after 20 minutes without a call


@pytest.fixture
def sandbox():
    return build_sandbox(["iqreseller"])


@pytest.fixture
async def workspace(sandbox):
    workspace = make_workspace(sandbox)
    yield workspace
    await workspace.aclose()


@pytest.fixture
def iqr(workspace):
    return workspace.service("iqreseller")


def sent(sandbox, path_suffix: str, method: str | None = None) -> list:
    return sandbox.control("iqreseller").requests_to(path_suffix, method)


async def cv_page_with(sandbox, token: str) -> int:
    """What the simulator answers a CV page asked for with ``token`` (outside the app's session)."""
    api = sandbox.base_urls()["iqreseller"]["api"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as client:
        response = await client.post(
            api + GET_CVS,
            json={"Page": 1, "PageSize": 1},
            headers={"iqr-session-token": token, "Accept": "application/json"},
        )
    return response.status_code


@pytest.mark.anyio
async def test_a_session_is_started_on_the_signin_host_then_used_on_the_api_host(iqr, sandbox):
    result = await iqr.run("cv.list", {"Page": "2", "PageSize": "50"})
    assert len(result.data) == 50
    (start,) = sent(sandbox, SESSION)
    assert (start.host, start.method) == ("signin", "POST")
    assert start.path == "/iqreseller/signin" + SESSION
    assert json.loads(start.body) == {"APIToken": KEY}
    assert start.headers["content-type"] == "application/json"
    assert start.headers["accept"] == "application/json"
    (page,) = sent(sandbox, GET_CVS)
    assert (page.host, page.method, page.path) == ("api", "POST", "/iqreseller/api" + GET_CVS)
    assert page.headers["iqr-session-token"] == iqr.session.token.value
    assert page.headers["accept"] == "application/json"
    assert page.headers["content-type"] == "application/json"
    body = json.loads(page.body)
    assert body == {"Page": 2, "PageSize": 50}
    assert all(type(value) is int for value in body.values())
    assert {"CVID", "Name", "Email", "Phone", "City", "Country"} <= set(result.data[0])


@pytest.mark.anyio
async def test_without_page_and_size_the_whole_list_is_asked_for_with_an_empty_object(iqr, sandbox):
    result = await iqr.run("cv.list", {})
    assert len(result.data) == CV_COUNT
    assert sent(sandbox, GET_CVS)[-1].body == b"{}"


@pytest.mark.anyio
@pytest.mark.parametrize(("size", "pages"), [(100, 4), (17, 21), (None, 4)])
async def test_all_pages_end_at_the_first_short_page(iqr, sandbox, size, pages):
    delivered: list[int] = []
    values = {} if size is None else {"PageSize": size}
    rows = await iqr.run_all_pages(
        "cv.list", values, concurrency=3, on_page=lambda page, r: delivered.append(page)
    )
    assert len(rows) == CV_COUNT
    assert len({row["CVID"] for row in rows}) == CV_COUNT
    assert delivered == list(range(1, pages + 1))
    asked = [json.loads(r.body) for r in sent(sandbox, GET_CVS)]
    assert {a["PageSize"] for a in asked} == {size or 100}
    assert max(a["Page"] for a in asked) <= pages + 2  # at most concurrency - 1 past the end
    assert len(sent(sandbox, SESSION)) == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"Page": "1"}, "PageSize", "Give both the page and the page size"),
        ({"PageSize": "10"}, "Page", "Give both the page and the page size"),
        ({"Page": "0", "PageSize": "10"}, "Page", "Enter a number of at least 1."),
        ({"Page": "1", "PageSize": "ten"}, "PageSize", "Enter a whole number."),
    ],
)
async def test_cv_page_refusals_send_nothing_not_even_a_sign_in(iqr, sandbox, values, field, message):
    with pytest.raises(ValidationError) as caught:
        await iqr.run("cv.list", values)
    assert caught.value.fields[field].startswith(message)
    assert list(sandbox.control("iqreseller").journal) == []


@pytest.mark.anyio
async def test_call_reaches_another_method_with_the_body_given(iqr, sandbox):
    result = await iqr.run("call", {"area": "CV", "method": "GetCV", "body": '{"CVID": 1004}'})
    assert result.data["CVID"] == 1004
    request = sent(sandbox, "/webapi.svc/CV/json/GetCV")[-1]
    assert (request.host, request.method) == ("api", "POST")
    assert json.loads(request.body) == {"CVID": 1004}
    assert request.headers["iqr-session-token"] == iqr.session.token.value
    assert request.headers["accept"] == "application/json"


@pytest.mark.anyio
async def test_call_sends_an_empty_object_when_the_method_takes_nothing(iqr, sandbox):
    result = await iqr.run("call", {"area": "Customer", "method": "GetCustomers"})
    assert isinstance(result.data, list) and result.data
    request = sent(sandbox, "/webapi.svc/Customer/json/GetCustomers")[-1]
    assert request.body == b"{}"
    assert request.headers["content-type"] == "application/json"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"method": "GetCVs"}, "area", "Area is required."),
        ({"area": "CV"}, "method", "Method is required."),
        ({"area": "CV", "method": "json/GetCVs"}, "method", "Enter the name alone"),
        ({"area": "C V", "method": "GetCVs"}, "area", "Enter the name alone"),
        ({"area": "CV", "method": "GetCV", "body": "{CVID: 1}"}, "body", "This is not valid JSON"),
    ],
)
async def test_call_refusals_send_nothing(iqr, sandbox, values, field, message):
    with pytest.raises(ValidationError) as caught:
        await iqr.run("call", values)
    assert caught.value.fields[field].startswith(message)
    assert list(sandbox.control("iqreseller").journal) == []


@pytest.mark.anyio
async def test_an_unknown_method_is_iq_resellers_own_sentence(iqr):
    with pytest.raises(RemoteError) as caught:
        await iqr.run("call", {"area": "CV", "method": "GetEverything"})
    assert caught.value.status == 404
    assert caught.value.message.startswith("IQ Reseller says: ")
    assert caught.value.vendor_message


@pytest.mark.anyio
async def test_a_session_that_timed_out_on_the_server_is_started_again_once(iqr, sandbox):
    await iqr.run("cv.list", {"Page": 1, "PageSize": 10})
    first_token = iqr.session.token.value
    sandbox.control("iqreseller").advance(IDLE_LIFETIME_S + 60)
    result = await iqr.run("cv.list", {"Page": 2, "PageSize": 10})
    assert len(result.data) == 10
    assert len(sent(sandbox, SESSION, "POST")) == 2
    pages = sent(sandbox, GET_CVS)
    assert [p.headers["iqr-session-token"] for p in pages] == [
        first_token,
        first_token,
        iqr.session.token.value,
    ]
    assert iqr.session.token.value != first_token
    assert json.loads(pages[-1].body) == json.loads(pages[-2].body) == {"Page": 2, "PageSize": 10}
    assert iqr.session.status().state is SessionState.ACTIVE


@pytest.mark.anyio
async def test_a_session_ended_elsewhere_is_started_again_once(iqr, sandbox):
    await iqr.sign_in()
    stolen = iqr.session.token.value
    signin = sandbox.base_urls()["iqreseller"]["signin"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as client:
        ended = await client.delete(signin + SESSION, headers={"Authorization": f"Bearer {stolen}"})
    assert ended.status_code == 200
    result = await iqr.run("call", {"area": "CV", "method": "GetCV", "body": {"CVID": 1001}})
    assert result.data["CVID"] == 1001
    assert len(sent(sandbox, SESSION, "POST")) == 2
    assert iqr.session.token.value != stolen


@pytest.mark.anyio
async def test_a_401_that_persists_after_a_new_session_is_an_auth_error_not_a_loop(iqr, sandbox):
    # Sessions that die at once: the repeated call meets 401 again with its brand-new session.
    sandbox.control("iqreseller").token_lifetime_s = -1
    with pytest.raises(AuthError) as caught:
        await iqr.run("cv.list", {})
    assert "even after signing in again" in caught.value.message
    assert len(sent(sandbox, SESSION, "POST")) == 2
    assert len(sent(sandbox, GET_CVS)) == 2
    assert iqr.session.status().state is SessionState.ERROR


@pytest.mark.anyio
async def test_closing_the_workspace_ends_the_session_with_delete_and_bearer(sandbox):
    workspace = make_workspace(sandbox)
    service = workspace.service("iqreseller")
    await service.run("cv.list", {"Page": 1, "PageSize": 5})
    token = service.session.token.value
    await workspace.aclose()
    (end,) = sent(sandbox, SESSION, "DELETE")
    assert end.host == "signin"
    assert end.path == "/iqreseller/signin" + SESSION
    assert end.headers["authorization"] == f"Bearer {token}"
    assert end.body == b""
    assert sandbox.control("iqreseller").journal[-1] == end
    assert await cv_page_with(sandbox, token) == 401


@pytest.mark.anyio
async def test_sign_out_ends_the_session_and_the_next_call_starts_a_new_one(iqr, sandbox):
    await iqr.sign_in()
    token = iqr.session.token.value
    await iqr.sign_out()
    assert iqr.session.status().state is SessionState.SIGNED_OUT
    assert sent(sandbox, SESSION, "DELETE")[-1].headers["authorization"] == f"Bearer {token}"
    await iqr.run("cv.list", {"Page": 1, "PageSize": 1})
    assert len(sent(sandbox, SESSION, "POST")) == 2


@pytest.mark.anyio
async def test_concurrent_first_calls_share_one_session(iqr, sandbox):
    sandbox.control("iqreseller").latency_s = 0.02
    await asyncio.gather(*(iqr.run("cv.list", {"Page": page, "PageSize": 5}) for page in (1, 2, 3)))
    assert len(sent(sandbox, SESSION, "POST")) == 1


@pytest.mark.anyio
async def test_a_wrong_key_is_refused_at_session_start_without_showing_it(sandbox):
    workspace = make_workspace(sandbox, sign_in_as_demo=False)
    workspace.credentials.set("iqreseller", "sandbox", "api_key", "wrong-key-123")
    service = workspace.service("iqreseller")
    with pytest.raises(AuthError) as caught:
        await service.run("cv.list", {})
    assert caught.value.message.startswith("IQ Reseller refused the API key")
    assert "wrong-key-123" not in caught.value.message
    assert sent(sandbox, GET_CVS) == []
    await workspace.aclose()
    assert sent(sandbox, SESSION, "DELETE") == []  # no session, nothing to end


@pytest.mark.anyio
async def test_test_connection_starts_and_ends_a_throwaway_session(iqr, sandbox):
    sentence = await check_connection(iqr, {"api_key": KEY})
    assert sentence.startswith("Connected to IQ Reseller")
    start, end = sent(sandbox, SESSION)
    assert (start.method, end.method) == ("POST", "DELETE")
    assert iqr.session.token is None  # the tab's own session was not touched


def test_production_uses_the_documented_hosts():
    from app.vendors.iqreseller import VENDOR

    production = VENDOR.environment("production")
    assert production.production
    assert production.hosts == {
        "signin": "https://signin.iqreseller.com",
        "api": "https://api.iqreseller.com",
    }
    assert {o.id for o in VENDOR.operations} == {"session.start", "session.end", "cv.list", "call"}
