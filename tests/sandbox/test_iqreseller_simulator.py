"""The IQ Reseller simulator against iqreseller.txt and ASSUMPTIONS.md, over the combined sandbox app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.sandbox import iqreseller
from app.sandbox.control import MALFORMED_BODY, SimulatorControl
from app.sandbox.iqreseller.seed import make_customers, make_cvs, make_items
from app.sandbox.iqreseller.store import ABSOLUTE_LIFETIME_S, IDLE_LIFETIME_S, IqrStore
from app.sandbox.registry import Sandbox, build_sandbox

KEY = iqreseller.DEMO_CREDENTIALS["api_key"]
SESSION = "/api/IntegrationAPI/Session"
JSON_HEADERS = {"Content-Type": "application/json", "Content-Encoding": "UTF8", "Accept": "application/json"}


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["iqreseller"])


@pytest.fixture
def control(sandbox: Sandbox) -> SimulatorControl:
    return sandbox.control("iqreseller")


@pytest.fixture
def store(sandbox: Sandbox) -> IqrStore:
    return sandbox.simulators["iqreseller"].state


@pytest.fixture
def signin(sandbox: Sandbox) -> str:
    return sandbox.base_urls()["iqreseller"]["signin"]


@pytest.fixture
def api(sandbox: Sandbox) -> str:
    return sandbox.base_urls()["iqreseller"]["api"]


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as c:
        yield c


async def start(client: httpx.AsyncClient, signin: str, key: str = KEY, **headers: str) -> httpx.Response:
    return await client.post(
        signin + SESSION, content=json.dumps({"APIToken": key}), headers={**JSON_HEADERS, **headers}
    )


@pytest.fixture
async def token(client: httpx.AsyncClient, signin: str) -> str:
    response = await start(client, signin)
    assert response.status_code == 200
    return response.json()["Data"]


async def end(client: httpx.AsyncClient, signin: str, token: str) -> httpx.Response:
    return await client.delete(signin + SESSION, headers={"Authorization": f"Bearer {token}"})


async def call(
    client: httpx.AsyncClient, api: str, token: str | None, area: str, method: str, body: Any = None
) -> httpx.Response:
    headers = dict(JSON_HEADERS)
    if token is not None:
        headers["iqr-session-token"] = token
    content = json.dumps({} if body is None else body)
    return await client.post(f"{api}/webapi.svc/{area}/json/{method}", content=content, headers=headers)


def assert_message(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["Message"]
    assert isinstance(body["Message"], str) and body["Message"]
    return body["Message"]


# ---------------------------------------------------------------- session start


@pytest.mark.anyio
async def test_start_session_answers_data_and_records_it(
    client: httpx.AsyncClient, signin: str, store: IqrStore
) -> None:
    response = await start(client, signin)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["Data"]
    assert isinstance(body["Data"], str) and body["Data"]
    assert store.started_tokens() == [body["Data"]]
    assert store.ended_tokens() == []


@pytest.mark.anyio
async def test_each_start_is_a_new_session(client: httpx.AsyncClient, signin: str) -> None:
    first = (await start(client, signin)).json()["Data"]
    second = (await start(client, signin)).json()["Data"]
    assert first != second


@pytest.mark.anyio
@pytest.mark.parametrize("accept", ["*/*", "text/html", ""])
async def test_start_without_accept_json_is_406(client: httpx.AsyncClient, signin: str, accept: str) -> None:
    assert_message(await start(client, signin, Accept=accept), 406)


@pytest.mark.anyio
async def test_start_accepts_accept_lists_containing_json(client: httpx.AsyncClient, signin: str) -> None:
    response = await start(client, signin, Accept="text/plain, application/json; q=0.9")
    assert response.status_code == 200


@pytest.mark.anyio
@pytest.mark.parametrize("key", ["wrong", ""])
async def test_start_with_bad_key_is_401(
    client: httpx.AsyncClient, signin: str, store: IqrStore, key: str
) -> None:
    assert_message(await start(client, signin, key=key), 401)
    assert store.started_tokens() == []


@pytest.mark.anyio
@pytest.mark.parametrize("body", [b"{}", b'{"APIToken": 5}', b'{"APIToken": null}'])
async def test_start_without_a_string_token_is_401(
    client: httpx.AsyncClient, signin: str, body: bytes
) -> None:
    assert_message(await client.post(signin + SESSION, content=body, headers=JSON_HEADERS), 401)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body", [b"", b"nope", b'"key"', json.dumps({"APIToken": KEY, "User": "x"}).encode()]
)
async def test_start_with_a_bad_body_is_400(client: httpx.AsyncClient, signin: str, body: bytes) -> None:
    assert_message(await client.post(signin + SESSION, content=body, headers=JSON_HEADERS), 400)


@pytest.mark.anyio
async def test_start_without_json_content_type_is_415(client: httpx.AsyncClient, signin: str) -> None:
    response = await client.post(
        signin + SESSION, content=json.dumps({"APIToken": KEY}), headers={"Accept": "application/json"}
    )
    assert_message(response, 415)


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH"])
async def test_other_methods_on_session_are_405(client: httpx.AsyncClient, signin: str, method: str) -> None:
    response = await client.request(method, signin + SESSION, headers=JSON_HEADERS)
    assert_message(response, 405)
    assert response.headers["allow"] == "POST, DELETE"


# ---------------------------------------------------------------- session end


@pytest.mark.anyio
async def test_end_session_answers_200_with_empty_body_and_records_it(
    client: httpx.AsyncClient, signin: str, api: str, token: str, store: IqrStore
) -> None:
    response = await end(client, signin, token)
    assert response.status_code == 200
    assert response.content == b""
    assert store.ended_tokens() == [token]
    assert store.sessions[token].ended_at is not None
    # The session is over: calls and a second DELETE are refused.
    assert "ended" in assert_message(await call(client, api, token, "CV", "GetCVs"), 401)
    assert_message(await end(client, signin, token), 401)


@pytest.mark.anyio
async def test_end_session_request_carries_no_body(
    client: httpx.AsyncClient, signin: str, token: str, control: SimulatorControl
) -> None:
    await end(client, signin, token)
    (recorded,) = control.requests_to(SESSION, "DELETE")
    assert recorded.body == b""
    assert recorded.host == "signin"


@pytest.mark.anyio
async def test_end_with_a_body_is_400(client: httpx.AsyncClient, signin: str, token: str) -> None:
    response = await client.request(
        "DELETE",
        signin + SESSION,
        content=b"{}",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_message(response, 400)


@pytest.mark.anyio
@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer unknown-token", "Basic abc"])
async def test_end_without_a_valid_bearer_is_401(
    client: httpx.AsyncClient, signin: str, token: str, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    assert_message(await client.delete(signin + SESSION, headers=headers), 401)


@pytest.mark.anyio
async def test_end_accepts_the_documented_content_type_header(
    client: httpx.AsyncClient, signin: str, token: str
) -> None:
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "UTF8",
    }
    assert (await client.delete(signin + SESSION, headers=headers)).status_code == 200


@pytest.mark.anyio
async def test_ending_one_session_leaves_others_alive(
    client: httpx.AsyncClient, signin: str, api: str
) -> None:
    first = (await start(client, signin)).json()["Data"]
    second = (await start(client, signin)).json()["Data"]
    assert (await end(client, signin, first)).status_code == 200
    assert (await call(client, api, second, "CV", "GetCVs")).status_code == 200


# ---------------------------------------------------------------- expiry


@pytest.mark.anyio
async def test_session_expires_after_idle_lifetime(
    client: httpx.AsyncClient, signin: str, api: str, token: str, control: SimulatorControl
) -> None:
    control.advance(IDLE_LIFETIME_S - 5)
    assert (await call(client, api, token, "CV", "GetCVs")).status_code == 200
    # That call restarted the idle timer.
    control.advance(IDLE_LIFETIME_S - 5)
    assert (await call(client, api, token, "CV", "GetCVs")).status_code == 200
    control.advance(IDLE_LIFETIME_S + 1)
    assert "expired" in assert_message(await call(client, api, token, "CV", "GetCVs"), 401)
    assert_message(await end(client, signin, token), 401)


@pytest.mark.anyio
async def test_session_expires_after_absolute_lifetime_even_when_busy(
    client: httpx.AsyncClient, api: str, token: str, control: SimulatorControl
) -> None:
    step = IDLE_LIFETIME_S - 60
    elapsed = 0
    while elapsed + step <= ABSOLUTE_LIFETIME_S:
        control.advance(step)
        elapsed += step
        assert (await call(client, api, token, "CV", "GetCV", {"CVID": 1001})).status_code == 200
    control.advance(ABSOLUTE_LIFETIME_S - elapsed + 1)
    assert_message(await call(client, api, token, "CV", "GetCV", {"CVID": 1001}), 401)


@pytest.mark.anyio
async def test_token_lifetime_knob_replaces_the_idle_lifetime(
    client: httpx.AsyncClient, signin: str, api: str, control: SimulatorControl
) -> None:
    control.apply({"token_lifetime_s": 5})
    token = (await start(client, signin)).json()["Data"]
    control.advance(6)
    assert_message(await call(client, api, token, "CV", "GetCVs"), 401)
    fresh = (await start(client, signin)).json()["Data"]
    assert (await call(client, api, fresh, "CV", "GetCVs")).status_code == 200


# ---------------------------------------------------------------- api host: auth, routing, headers


@pytest.mark.anyio
@pytest.mark.parametrize("session_token", [None, "", "not-a-session"])
async def test_calls_without_a_live_session_are_401(
    client: httpx.AsyncClient, api: str, session_token: str | None
) -> None:
    assert_message(await call(client, api, session_token, "CV", "GetCVs"), 401)


@pytest.mark.anyio
async def test_bearer_header_is_not_a_session_on_the_api(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await client.post(
        api + "/webapi.svc/CV/json/GetCVs",
        content=b"{}",
        headers={**JSON_HEADERS, "Authorization": f"Bearer {token}"},
    )
    assert_message(response, 401)


@pytest.mark.anyio
async def test_wrong_host_is_404(client: httpx.AsyncClient, signin: str, api: str, token: str) -> None:
    wrong_start = await client.post(
        api + SESSION, content=json.dumps({"APIToken": KEY}), headers=JSON_HEADERS
    )
    assert_message(wrong_start, 404)
    wrong_end = await client.delete(api + SESSION, headers={"Authorization": f"Bearer {token}"})
    assert_message(wrong_end, 404)
    wrong_call = await client.post(
        signin + "/webapi.svc/CV/json/GetCVs",
        content=b"{}",
        headers={**JSON_HEADERS, "iqr-session-token": token},
    )
    assert_message(wrong_call, 404)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("area", "method"),
    [("CV", "GetCVz"), ("Nope", "GetCVs"), ("cv", "GetCVs"), ("CV", "getcvs"), ("Customer", "GetCVs")],
)
async def test_unknown_area_or_method_is_404(
    client: httpx.AsyncClient, api: str, token: str, area: str, method: str
) -> None:
    assert_message(await call(client, api, token, area, method), 404)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "path", ["/webapi.svc/CV/xml/GetCVs", "/webapi.svc/CV/GetCVs", "/CV/json/GetCVs", "/"]
)
async def test_paths_off_the_method_pattern_are_404(
    client: httpx.AsyncClient, api: str, token: str, path: str
) -> None:
    response = await client.post(
        api + path, content=b"{}", headers={**JSON_HEADERS, "iqr-session-token": token}
    )
    assert_message(response, 404)


@pytest.mark.anyio
async def test_get_on_a_method_is_405(client: httpx.AsyncClient, api: str, token: str) -> None:
    response = await client.get(api + "/webapi.svc/CV/json/GetCVs", headers={"iqr-session-token": token})
    assert_message(response, 405)


@pytest.mark.anyio
async def test_api_call_without_accept_json_is_406(client: httpx.AsyncClient, api: str, token: str) -> None:
    response = await client.post(
        api + "/webapi.svc/CV/json/GetCVs",
        content=b"{}",
        headers={"Content-Type": "application/json", "iqr-session-token": token},
    )
    assert_message(response, 406)


@pytest.mark.anyio
async def test_api_call_without_json_content_type_is_415(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await client.post(
        api + "/webapi.svc/CV/json/GetCVs",
        content=b"{}",
        headers={"Accept": "application/json", "iqr-session-token": token},
    )
    assert_message(response, 415)


@pytest.mark.anyio
@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b"null"])
async def test_api_call_body_must_be_a_json_object(
    client: httpx.AsyncClient, api: str, token: str, body: bytes
) -> None:
    response = await client.post(
        api + "/webapi.svc/CV/json/GetCVs", content=body, headers={**JSON_HEADERS, "iqr-session-token": token}
    )
    assert_message(response, 400)


# ---------------------------------------------------------------- CV/json/GetCVs


@pytest.mark.anyio
async def test_get_cvs_with_empty_body_is_the_whole_list(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await call(client, api, token, "CV", "GetCVs", {})
    assert response.status_code == 200
    cvs = response.json()
    assert isinstance(cvs, list)
    assert len(cvs) == 340
    assert [cv["CVID"] for cv in cvs] == list(range(1001, 1341))
    for cv in cvs:
        assert {"CVID", "Name", "Email", "Phone", "City", "Country"} <= set(cv)
        assert isinstance(cv["CVID"], int)
        assert "@" in cv["Email"]
    assert len({cv["Email"] for cv in cvs}) == 340


@pytest.mark.anyio
async def test_get_cvs_pages_end_with_a_short_page(client: httpx.AsyncClient, api: str, token: str) -> None:
    everything = (await call(client, api, token, "CV", "GetCVs")).json()
    pages: list[list[dict[str, Any]]] = []
    page = 1
    while True:
        chunk = (await call(client, api, token, "CV", "GetCVs", {"Page": page, "PageSize": 100})).json()
        pages.append(chunk)
        if len(chunk) < 100:
            break
        page += 1
    assert [len(p) for p in pages] == [100, 100, 100, 40]
    assert [cv for p in pages for cv in p] == everything


@pytest.mark.anyio
async def test_get_cvs_page_past_the_end_is_empty(client: httpx.AsyncClient, api: str, token: str) -> None:
    response = await call(client, api, token, "CV", "GetCVs", {"Page": 9, "PageSize": 100})
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.anyio
async def test_get_cvs_page_size_larger_than_the_list(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await call(client, api, token, "CV", "GetCVs", {"Page": 1, "PageSize": 1000})
    assert len(response.json()) == 340


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body",
    [
        {"Page": 1},
        {"PageSize": 100},
        {"Page": 0, "PageSize": 100},
        {"Page": 1, "PageSize": 0},
        {"Page": "1", "PageSize": 100},
        {"Page": 1, "PageSize": 10.5},
        {"Page": True, "PageSize": 100},
        {"Page": 1, "PageSize": 100, "Filter": "x"},
    ],
)
async def test_get_cvs_bad_paging_is_400(
    client: httpx.AsyncClient, api: str, token: str, body: dict[str, Any]
) -> None:
    assert_message(await call(client, api, token, "CV", "GetCVs", body), 400)


@pytest.mark.anyio
async def test_seed_data_is_deterministic() -> None:
    assert make_cvs() == make_cvs()
    assert make_customers() == make_customers()
    assert make_items() == make_items()


# ---------------------------------------------------------------- the other methods


@pytest.mark.anyio
async def test_get_cv_answers_one_object(
    client: httpx.AsyncClient, api: str, token: str, store: IqrStore
) -> None:
    response = await call(client, api, token, "CV", "GetCV", {"CVID": 1042})
    assert response.status_code == 200
    assert response.json() == store.cvs[41]


@pytest.mark.anyio
async def test_get_cv_unknown_is_404(client: httpx.AsyncClient, api: str, token: str) -> None:
    assert_message(await call(client, api, token, "CV", "GetCV", {"CVID": 99999}), 404)


@pytest.mark.anyio
@pytest.mark.parametrize("body", [{}, {"CVID": "1042"}, {"CVID": 0}, {"CVID": 1042, "Page": 1}])
async def test_get_cv_bad_body_is_400(
    client: httpx.AsyncClient, api: str, token: str, body: dict[str, Any]
) -> None:
    assert_message(await call(client, api, token, "CV", "GetCV", body), 400)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("area", "method", "count", "id_key"),
    [("Customer", "GetCustomers", 60, "CustomerID"), ("Inventory", "GetItems", 120, "ItemID")],
)
async def test_other_list_methods(
    client: httpx.AsyncClient, api: str, token: str, area: str, method: str, count: int, id_key: str
) -> None:
    everything = (await call(client, api, token, area, method)).json()
    assert len(everything) == count
    assert len({record[id_key] for record in everything}) == count
    page = (await call(client, api, token, area, method, {"Page": 2, "PageSize": 50})).json()
    assert page == everything[50:100]
    assert_message(await call(client, api, token, area, method, {"Page": 2}), 400)


# ---------------------------------------------------------------- fault knobs


@pytest.mark.anyio
async def test_fail_next_answers_in_the_message_shape(
    client: httpx.AsyncClient, api: str, token: str, control: SimulatorControl
) -> None:
    control.fail_next(2, status=500)
    assert_message(await call(client, api, token, "CV", "GetCVs"), 500)
    assert_message(await call(client, api, token, "CV", "GetCVs"), 500)
    assert (await call(client, api, token, "CV", "GetCVs")).status_code == 200


@pytest.mark.anyio
async def test_fail_next_applies_to_the_signin_host_too(
    client: httpx.AsyncClient, signin: str, control: SimulatorControl, store: IqrStore
) -> None:
    control.fail_next(1, status=503)
    assert_message(await start(client, signin), 503)
    assert store.started_tokens() == []
    control.fail_next(1, status=401)
    assert_message(await start(client, signin), 401)


@pytest.mark.anyio
async def test_malformed_next_truncates_the_body(
    client: httpx.AsyncClient, signin: str, api: str, token: str, control: SimulatorControl
) -> None:
    control.malformed_next(2)
    response = await call(client, api, token, "CV", "GetCVs")
    assert response.status_code == 200
    assert response.content == MALFORMED_BODY
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert (await start(client, signin)).content == MALFORMED_BODY
    assert (await call(client, api, token, "CV", "GetCVs")).status_code == 200
