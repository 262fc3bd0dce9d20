"""The OneOffice simulator against oneoffice.txt and ASSUMPTIONS.md, over the combined sandbox app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.sandbox import oneoffice
from app.sandbox.control import MALFORMED_BODY, SimulatorControl
from app.sandbox.oneoffice.store import PRODUCTS, OneOfficeStore
from app.sandbox.registry import Sandbox, build_sandbox

KEY = oneoffice.DEMO_CREDENTIALS["api_key"]
DAY = 86_400


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["oneoffice"])


@pytest.fixture
def control(sandbox: Sandbox) -> SimulatorControl:
    return sandbox.control("oneoffice")


@pytest.fixture
def store(sandbox: Sandbox) -> OneOfficeStore:
    return sandbox.simulators["oneoffice"].state


@pytest.fixture
def url(sandbox: Sandbox) -> str:
    # The endpoint is the host root; the mount answers the bare base URL with a redirect to it.
    return sandbox.base_urls()["oneoffice"]["api"] + "/"


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as c:
        yield c


async def call(
    client: httpx.AsyncClient,
    url: str,
    method: str,
    params: Any,
    *,
    key: str | None = KEY,
    http_method: str = "GET",
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["x-api-key"] = key
    body = json.dumps({"method": method, "params": params})
    return await client.request(http_method, url, content=body, headers=headers)


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


CUSTOMER = {
    "id": "ABC",
    "name": "ABC Company",
    "admin": {"email": "test3@example.com", "phone": "111111111", "displayName": "Isa Aswath"},
}


def first_order(order_id: str = "R1", customer: str = "ACME", **overrides: Any) -> dict[str, Any]:
    params = {
        "customer": customer,
        "id": order_id,
        "product": "oo-lite",
        "licenses": 20,
        "duration": "monthly",
    }
    params.update(overrides)
    return params


# ---------------------------------------------------------------- transport, auth, envelope


@pytest.mark.anyio
async def test_bare_base_url_reaches_the_endpoint_when_redirects_are_followed(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    base = sandbox.base_urls()["oneoffice"]["api"]
    response = await client.request(
        "GET",
        base,
        content=json.dumps({"method": "createCustomer", "params": CUSTOMER}),
        headers={"Content-Type": "application/json", "x-api-key": KEY},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert response.json()["remoteId"] == "ABC"


@pytest.mark.anyio
@pytest.mark.parametrize("key", [None, "", "wrong-key"])
async def test_missing_or_wrong_key_is_401(client: httpx.AsyncClient, url: str, key: str | None) -> None:
    assert_error(await call(client, url, "createCustomer", CUSTOMER, key=key), 401, "unauthorized")


@pytest.mark.anyio
@pytest.mark.parametrize("http_method", ["POST", "PUT", "PATCH", "DELETE", "HEAD"])
async def test_any_http_method_but_get_is_405(client: httpx.AsyncClient, url: str, http_method: str) -> None:
    response = await call(client, url, "createCustomer", CUSTOMER, http_method=http_method)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    if http_method != "HEAD":
        assert_error(response, 405, "method_not_allowed")


@pytest.mark.anyio
async def test_other_paths_are_404(client: httpx.AsyncClient, url: str) -> None:
    response = await client.request(
        "GET",
        url + "createCustomer",
        content=b"{}",
        headers={"x-api-key": KEY, "Content-Type": "application/json"},
    )
    assert_error(response, 404, "not_found")


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"method": "createCustomer"}',
        b'{"params": {}}',
        b'{"method": 5, "params": {}}',
        b'{"method": "createCustomer", "params": []}',
        b'{"method": "createCustomer", "params": {}, "extra": 1}',
        b'{"method": "deleteEverything", "params": {}}',
    ],
)
async def test_malformed_envelopes_are_400(client: httpx.AsyncClient, url: str, body: bytes) -> None:
    headers = {"x-api-key": KEY, "Content-Type": "application/json"}
    assert_error(await client.request("GET", url, content=body, headers=headers), 400, "invalid_params")


@pytest.mark.anyio
async def test_body_without_json_content_type_is_400(client: httpx.AsyncClient, url: str) -> None:
    body = json.dumps({"method": "createCustomer", "params": CUSTOMER})
    response = await client.request("GET", url, content=body, headers={"x-api-key": KEY})
    assert_error(response, 400, "invalid_params")


# ---------------------------------------------------------------- createCustomer


@pytest.mark.anyio
async def test_create_customer_answers_the_documented_body(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    before = int(control.now())
    response = await call(client, url, "createCustomer", CUSTOMER)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["name", "partner", "createdAt", "id", "isActive", "admin", "remoteId"]
    assert body["name"] == "ABC Company"
    assert body["partner"] == 0
    assert before <= body["createdAt"] <= int(control.now())
    assert body["id"] == 4  # after the three seeded customers
    assert body["isActive"] is True
    assert body["admin"] == {"email": "test3@example.com"}
    assert body["remoteId"] == "ABC"


@pytest.mark.anyio
async def test_create_customer_internal_ids_increase(client: httpx.AsyncClient, url: str) -> None:
    first = (await call(client, url, "createCustomer", CUSTOMER)).json()
    second = (await call(client, url, "createCustomer", {**CUSTOMER, "id": "DEF"})).json()
    assert second["id"] == first["id"] + 1


@pytest.mark.anyio
async def test_create_customer_phone_and_display_name_are_optional(
    client: httpx.AsyncClient, url: str
) -> None:
    params = {"id": "MIN", "name": "Minimal", "admin": {"email": "min@example.com"}}
    assert (await call(client, url, "createCustomer", params)).status_code == 200


@pytest.mark.anyio
async def test_duplicate_customer_is_409(client: httpx.AsyncClient, url: str) -> None:
    assert (await call(client, url, "createCustomer", CUSTOMER)).status_code == 200
    assert_error(await call(client, url, "createCustomer", CUSTOMER), 409, "duplicate")
    assert_error(await call(client, url, "createCustomer", {**CUSTOMER, "id": "ACME"}), 409, "duplicate")


@pytest.mark.anyio
@pytest.mark.parametrize(
    "params",
    [
        {"name": "X", "admin": {"email": "a@example.com"}},
        {"id": "X", "admin": {"email": "a@example.com"}},
        {"id": "X", "name": "X"},
        {"id": "X", "name": "X", "admin": {}},
        {"id": "X", "name": "X", "admin": {"phone": "1"}},
        {"id": "X", "name": "X", "admin": "a@example.com"},
        {"id": "X", "name": "X", "admin": {"email": "not-an-address"}},
        {"id": "", "name": "X", "admin": {"email": "a@example.com"}},
        {"id": 7, "name": "X", "admin": {"email": "a@example.com"}},
        {"id": "X", "name": "X", "admin": {"email": "a@example.com", "phone": 111}},
        {"id": "X", "name": "X", "admin": {"email": "a@example.com", "role": "owner"}},
        {"id": "X", "name": "X", "admin": {"email": "a@example.com"}, "country": "US"},
    ],
)
async def test_create_customer_invalid_params_are_400(
    client: httpx.AsyncClient, url: str, params: dict[str, Any]
) -> None:
    assert_error(await call(client, url, "createCustomer", params), 400, "invalid_params")


# ---------------------------------------------------------------- createFirstOrder


@pytest.mark.anyio
@pytest.mark.parametrize(("duration", "days"), [("monthly", 30), ("yearly", 365)])
async def test_first_order_answers_the_order(
    client: httpx.AsyncClient, url: str, control: SimulatorControl, duration: str, days: int
) -> None:
    before = int(control.now())
    response = await call(
        client, url, "createFirstOrder", first_order(duration=duration, product="erp-admin")
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "customer",
        "product",
        "licenses",
        "duration",
        "status",
        "termStart",
        "termEnd",
    }
    assert body["id"] == "R1"
    assert body["customer"] == "ACME"
    assert body["product"] == "erp-admin"
    assert body["licenses"] == 20
    assert body["duration"] == duration
    assert body["status"] == "active"
    assert before <= body["termStart"] <= int(control.now())
    assert body["termEnd"] - body["termStart"] == days * DAY


@pytest.mark.anyio
@pytest.mark.parametrize("product", PRODUCTS)
async def test_every_documented_product_is_accepted(
    client: httpx.AsyncClient, url: str, product: str
) -> None:
    response = await call(client, url, "createFirstOrder", first_order(product=product))
    assert response.status_code == 200
    assert response.json()["product"] == product


@pytest.mark.anyio
@pytest.mark.parametrize(
    "overrides",
    [
        {"product": "oo-premium"},
        {"product": "OO-LITE"},
        {"duration": "weekly"},
        {"duration": "Monthly"},
        {"licenses": "20"},
        {"licenses": 0},
        {"licenses": -3},
        {"licenses": 2.5},
        {"licenses": True},
        {"licenses": None},
        {"id": ""},
        {"customer": 12},
        {"extra": "x"},
    ],
)
async def test_first_order_invalid_params_are_400(
    client: httpx.AsyncClient, url: str, overrides: dict[str, Any]
) -> None:
    assert_error(await call(client, url, "createFirstOrder", first_order(**overrides)), 400, "invalid_params")


@pytest.mark.anyio
@pytest.mark.parametrize("missing", ["customer", "id", "product", "licenses", "duration"])
async def test_first_order_every_parameter_is_required(
    client: httpx.AsyncClient, url: str, missing: str
) -> None:
    params = first_order()
    del params[missing]
    assert_error(await call(client, url, "createFirstOrder", params), 400, "invalid_params")


@pytest.mark.anyio
async def test_first_order_for_unknown_customer_is_404(client: httpx.AsyncClient, url: str) -> None:
    assert_error(await call(client, url, "createFirstOrder", first_order(customer="NOPE")), 404, "not_found")


@pytest.mark.anyio
async def test_duplicate_order_id_is_409(client: httpx.AsyncClient, url: str) -> None:
    assert (await call(client, url, "createFirstOrder", first_order())).status_code == 200
    assert_error(await call(client, url, "createFirstOrder", first_order()), 409, "duplicate")
    assert_error(await call(client, url, "createFirstOrder", first_order("ORD-ACME-1")), 409, "duplicate")


# ---------------------------------------------------------------- createRenewalOrder


@pytest.mark.anyio
async def test_seeded_orders_match_the_module_docstring(store: OneOfficeStore) -> None:
    assert {c.remote_id: c.internal_id for c in store.customers.values()} == {
        "ACME": 1,
        "GLOBEX": 2,
        "INITECH": 3,
    }
    assert set(store.orders) == {"ORD-ACME-1", "ORD-GLOBEX-1", "ORD-INITECH-1"}


@pytest.mark.anyio
async def test_renewal_of_seeded_order_near_its_end_follows_the_term(
    client: httpx.AsyncClient, url: str, store: OneOfficeStore
) -> None:
    first = store.orders["ORD-ACME-1"]
    response = await call(client, url, "createRenewalOrder", {"parent": "ORD-ACME-1", "id": "ORD-ACME-2"})
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": "ORD-ACME-2",
        "customer": "ACME",
        "product": "oo-std",
        "licenses": 25,
        "duration": "monthly",
        "status": "active",
        "termStart": first.term_end,
        "termEnd": first.term_end + 30 * DAY,
    }


@pytest.mark.anyio
async def test_renewal_of_seeded_order_with_time_left_is_too_early(
    client: httpx.AsyncClient, url: str
) -> None:
    response = await call(client, url, "createRenewalOrder", {"parent": "ORD-GLOBEX-1", "id": "G2"})
    assert_error(response, 409, "renewal_too_early")


@pytest.mark.anyio
async def test_renewal_opens_when_15_days_remain(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    order = (await call(client, url, "createFirstOrder", first_order())).json()  # 30 days
    control.advance(15 * DAY - 60)  # a minute more than 15 days left
    response = await call(client, url, "createRenewalOrder", {"parent": "R1", "id": "R2"})
    assert_error(response, 409, "renewal_too_early")
    control.advance(120)  # a minute less than 15 days left
    response = await call(client, url, "createRenewalOrder", {"parent": "R1", "id": "R2"})
    assert response.status_code == 200
    renewal = response.json()
    assert renewal["termStart"] == order["termEnd"]
    assert renewal["termEnd"] == order["termEnd"] + 30 * DAY
    assert (renewal["customer"], renewal["product"], renewal["licenses"], renewal["duration"]) == (
        "ACME",
        "oo-lite",
        20,
        "monthly",
    )


@pytest.mark.anyio
async def test_renewing_twice_in_a_row_is_too_early(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    await call(client, url, "createFirstOrder", first_order())
    control.advance(20 * DAY)
    assert (await call(client, url, "createRenewalOrder", {"parent": "R1", "id": "R2"})).status_code == 200
    # The chain now ends 40 days away: measured to the latest term end, not the first order's.
    response = await call(client, url, "createRenewalOrder", {"parent": "R1", "id": "R3"})
    assert_error(response, 409, "renewal_too_early")
    control.advance(26 * DAY)  # 14 days before the renewal's end
    third = await call(client, url, "createRenewalOrder", {"parent": "R1", "id": "R3"})
    assert third.status_code == 200


@pytest.mark.anyio
async def test_renewal_after_expiry_starts_today(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    order = (await call(client, url, "createFirstOrder", first_order(duration="yearly"))).json()
    control.advance(400 * DAY)
    before = int(control.now())
    response = await call(client, url, "createRenewalOrder", {"parent": "R1", "id": "R2"})
    assert response.status_code == 200
    renewal = response.json()
    assert renewal["termStart"] > order["termEnd"]
    assert before <= renewal["termStart"] <= int(control.now())
    assert renewal["termEnd"] - renewal["termStart"] == 365 * DAY


@pytest.mark.anyio
async def test_renewal_of_seeded_expired_order_starts_today(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    before = int(control.now())
    response = await call(client, url, "createRenewalOrder", {"parent": "ORD-INITECH-1", "id": "I2"})
    assert response.status_code == 200
    assert before <= response.json()["termStart"] <= int(control.now())


@pytest.mark.anyio
async def test_renewal_parent_must_be_a_first_order(client: httpx.AsyncClient, url: str) -> None:
    assert (
        await call(client, url, "createRenewalOrder", {"parent": "ORD-ACME-1", "id": "A2"})
    ).status_code == 200
    response = await call(client, url, "createRenewalOrder", {"parent": "A2", "id": "A3"})
    assert_error(response, 400, "invalid_params")


@pytest.mark.anyio
async def test_renewal_errors(client: httpx.AsyncClient, url: str) -> None:
    assert_error(
        await call(client, url, "createRenewalOrder", {"parent": "NOPE", "id": "X"}), 404, "not_found"
    )
    duplicate = await call(client, url, "createRenewalOrder", {"parent": "ORD-ACME-1", "id": "ORD-GLOBEX-1"})
    assert_error(duplicate, 409, "duplicate")
    for params in ({"parent": "ORD-ACME-1"}, {"id": "X"}, {"parent": "ORD-ACME-1", "id": "X", "licenses": 3}):
        assert_error(await call(client, url, "createRenewalOrder", params), 400, "invalid_params")


# ---------------------------------------------------------------- cancelOrder / suspendOrder


async def make_chain(client: httpx.AsyncClient, url: str) -> None:
    """ORD-ACME-1 plus its renewal ORD-ACME-2."""
    response = await call(client, url, "createRenewalOrder", {"parent": "ORD-ACME-1", "id": "ORD-ACME-2"})
    assert response.status_code == 200


@pytest.mark.anyio
async def test_cancel_acts_on_the_chain_and_answers_the_first_order(
    client: httpx.AsyncClient, url: str, store: OneOfficeStore
) -> None:
    await make_chain(client, url)
    response = await call(client, url, "cancelOrder", {"id": "ORD-ACME-1"})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "ORD-ACME-1"
    assert body["status"] == "cancelled"
    assert body["termEnd"] == store.orders["ORD-ACME-1"].term_end
    assert store.orders["ORD-ACME-2"].status == "cancelled"
    assert store.orders["ORD-GLOBEX-1"].status == "active"


@pytest.mark.anyio
async def test_suspend_acts_on_the_chain_and_answers_the_first_order(
    client: httpx.AsyncClient, url: str, store: OneOfficeStore
) -> None:
    await make_chain(client, url)
    response = await call(client, url, "suspendOrder", {"id": "ORD-ACME-1"})
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == ("ORD-ACME-1", "suspended")
    assert store.orders["ORD-ACME-2"].status == "suspended"
    # Suspending again changes nothing; cancelling a suspended chain is allowed.
    assert (await call(client, url, "suspendOrder", {"id": "ORD-ACME-1"})).json()["status"] == "suspended"
    assert (await call(client, url, "cancelOrder", {"id": "ORD-ACME-1"})).json()["status"] == "cancelled"
    assert store.orders["ORD-ACME-2"].status == "cancelled"


@pytest.mark.anyio
async def test_a_suspended_chain_can_be_renewed_and_stays_suspended(
    client: httpx.AsyncClient, url: str
) -> None:
    assert (await call(client, url, "suspendOrder", {"id": "ORD-ACME-1"})).status_code == 200
    response = await call(client, url, "createRenewalOrder", {"parent": "ORD-ACME-1", "id": "ORD-ACME-2"})
    assert response.status_code == 200
    assert response.json()["status"] == "suspended"


@pytest.mark.anyio
async def test_acting_on_a_cancelled_order_is_409(client: httpx.AsyncClient, url: str) -> None:
    assert (await call(client, url, "cancelOrder", {"id": "ORD-ACME-1"})).status_code == 200
    assert_error(await call(client, url, "cancelOrder", {"id": "ORD-ACME-1"}), 409, "order_cancelled")
    assert_error(await call(client, url, "suspendOrder", {"id": "ORD-ACME-1"}), 409, "order_cancelled")
    renewal = await call(client, url, "createRenewalOrder", {"parent": "ORD-ACME-1", "id": "ORD-ACME-2"})
    assert_error(renewal, 409, "order_cancelled")


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["cancelOrder", "suspendOrder"])
async def test_cancel_and_suspend_errors(client: httpx.AsyncClient, url: str, method: str) -> None:
    await make_chain(client, url)
    assert_error(await call(client, url, method, {"id": "NOPE"}), 404, "not_found")
    assert_error(await call(client, url, method, {"id": "ORD-ACME-2"}), 400, "invalid_params")
    assert_error(await call(client, url, method, {}), 400, "invalid_params")
    assert_error(await call(client, url, method, {"id": "ORD-ACME-1", "reason": "x"}), 400, "invalid_params")


# ---------------------------------------------------------------- fault knobs


@pytest.mark.anyio
async def test_fail_next_answers_internal_error_then_recovers(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    control.fail_next(2)
    for _ in range(2):
        assert_error(await call(client, url, "createCustomer", CUSTOMER), 500, "internal_error")
    assert (await call(client, url, "createCustomer", CUSTOMER)).status_code == 200


@pytest.mark.anyio
async def test_fail_next_with_a_4xx_status_uses_its_code(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    control.fail_next(1, status=401)
    assert_error(await call(client, url, "createCustomer", CUSTOMER), 401, "unauthorized")


@pytest.mark.anyio
async def test_malformed_next_truncates_the_body(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    control.malformed_next(1)
    response = await call(client, url, "createCustomer", CUSTOMER)
    assert response.status_code == 200
    assert response.content == MALFORMED_BODY
    with pytest.raises(json.JSONDecodeError):
        response.json()
    # The malformed answer never reached the simulator, so the customer is still new.
    assert (await call(client, url, "createCustomer", CUSTOMER)).status_code == 200


@pytest.mark.anyio
async def test_requests_are_journaled_with_their_body(
    client: httpx.AsyncClient, url: str, control: SimulatorControl
) -> None:
    await call(client, url, "cancelOrder", {"id": "ORD-ACME-1"})
    (recorded,) = control.requests_to("/oneoffice/api/", "GET")
    assert json.loads(recorded.body) == {"method": "cancelOrder", "params": {"id": "ORD-ACME-1"}}
    assert recorded.headers["x-api-key"] == KEY
