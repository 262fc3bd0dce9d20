"""OneOffice through the service layer against its simulator: every operation, checked on the wire."""

from __future__ import annotations

import json

import pytest

from app.contract.errors import AuthError, RemoteError, UsageError, ValidationError
from app.contract.spec import fill
from app.core.executor import execute
from app.core.prepare import PreparedRequest
from app.core.service import check_connection
from app.core.session import SessionState
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.vendors.oneoffice.catalog import CODE_SENTENCES, error_message
from tests.conftest import make_workspace

DAY = 86400
ENDPOINT = "/oneoffice/api/"
KEY = demo_credentials("oneoffice")["api_key"]
NEW_CUSTOMER = {
    "id": "ABC",
    "name": "ABC Company",
    "admin.email": "test3@example.com",
    "admin.phone": "111111111",
    "admin.displayName": "Isa Aswath",
}
FIRST_ORDER = {
    "customer": "ACME",
    "id": "REMOTEORDER1",
    "product": "oo-lite",
    "licenses": "20",
    "duration": "monthly",
}
# Seeded in the simulator (see its module docstring).
RENEWABLE = "ORD-ACME-1"  # 10 days left
TOO_EARLY = "ORD-GLOBEX-1"  # 335 days left
EXPIRED = "ORD-INITECH-1"  # ended 5 days ago


@pytest.fixture
def sandbox():
    return build_sandbox(["oneoffice"])


@pytest.fixture
async def oneoffice(sandbox):
    workspace = make_workspace(sandbox)
    yield workspace.service("oneoffice")
    await workspace.aclose()


def journal(sandbox) -> list:
    return list(sandbox.control("oneoffice").journal)


def last_body(sandbox) -> dict:
    return json.loads(journal(sandbox)[-1].body)


@pytest.mark.anyio
async def test_create_customer_is_a_get_to_the_url_itself_with_the_documented_body(oneoffice, sandbox):
    result = await oneoffice.run("customer.create", NEW_CUSTOMER)
    assert result.data["remoteId"] == "ABC"
    assert result.data["name"] == "ABC Company"
    (sent,) = journal(sandbox)
    assert (sent.method, sent.path, sent.query) == ("GET", ENDPOINT, "")
    assert sent.headers["x-api-key"] == KEY
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["accept"] == "application/json"
    assert json.loads(sent.body) == {
        "method": "createCustomer",
        "params": {
            "id": "ABC",
            "name": "ABC Company",
            "admin": {"email": "test3@example.com", "phone": "111111111", "displayName": "Isa Aswath"},
        },
    }


@pytest.mark.anyio
async def test_the_administrators_phone_and_name_are_optional_and_left_out(oneoffice, sandbox):
    await oneoffice.run("customer.create", {**NEW_CUSTOMER, "admin.phone": "", "admin.displayName": " "})
    assert last_body(sandbox)["params"] == {
        "id": "ABC",
        "name": "ABC Company",
        "admin": {"email": "test3@example.com"},
    }


@pytest.mark.anyio
async def test_first_order_sends_licences_as_a_number_and_the_product_as_documented(oneoffice, sandbox):
    result = await oneoffice.run("order.create_first", {**FIRST_ORDER, "product": "OO-Lite"})
    order = result.data
    assert (order["id"], order["customer"], order["status"]) == ("REMOTEORDER1", "ACME", "active")
    assert order["termEnd"] - order["termStart"] == 30 * DAY
    assert last_body(sandbox) == {
        "method": "createFirstOrder",
        "params": {
            "customer": "ACME",
            "id": "REMOTEORDER1",
            "product": "oo-lite",
            "licenses": 20,
            "duration": "monthly",
        },
    }


@pytest.mark.anyio
async def test_yearly_first_order_lasts_365_days(oneoffice):
    values = {**FIRST_ORDER, "product": "erp-admin", "duration": "yearly"}
    order = (await oneoffice.run("order.create_first", values)).data
    assert order["termEnd"] - order["termStart"] == 365 * DAY


@pytest.mark.anyio
async def test_renewal_inherits_the_first_order_and_starts_at_the_end_of_its_term(oneoffice, sandbox):
    renewal = (await oneoffice.run("order.create_renewal", {"parent": RENEWABLE, "id": "ACME-R1"})).data
    assert (renewal["id"], renewal["customer"], renewal["product"], renewal["licenses"]) == (
        "ACME-R1",
        "ACME",
        "oo-std",
        25,
    )
    now = sandbox.control("oneoffice").now()
    assert abs(renewal["termStart"] - (now + 10 * DAY)) < 60
    assert last_body(sandbox) == {
        "method": "createRenewalOrder",
        "params": {"parent": RENEWABLE, "id": "ACME-R1"},
    }


@pytest.mark.anyio
async def test_renewing_an_expired_order_starts_today(oneoffice, sandbox):
    renewal = (await oneoffice.run("order.create_renewal", {"parent": EXPIRED, "id": "INITECH-R1"})).data
    assert abs(renewal["termStart"] - sandbox.control("oneoffice").now()) < 60


@pytest.mark.anyio
async def test_renewal_too_early_reaches_the_user_as_a_sentence(oneoffice):
    with pytest.raises(RemoteError) as caught:
        await oneoffice.run("order.create_renewal", {"parent": TOO_EARLY, "id": "GLOBEX-R1"})
    assert caught.value.status == 409
    assert caught.value.message.startswith("OneOffice says: ")
    assert TOO_EARLY in caught.value.message and "15 days" in caught.value.message


@pytest.mark.anyio
async def test_renewing_twice_in_a_row_is_too_early(oneoffice):
    await oneoffice.run("order.create_renewal", {"parent": RENEWABLE, "id": "ACME-R1"})
    with pytest.raises(RemoteError) as caught:
        await oneoffice.run("order.create_renewal", {"parent": RENEWABLE, "id": "ACME-R2"})
    assert caught.value.status == 409
    assert "15 days" in caught.value.message


@pytest.mark.anyio
async def test_suspend_answers_the_first_order_suspended(oneoffice, sandbox):
    order = (await oneoffice.run("order.suspend", {"id": RENEWABLE})).data
    assert (order["id"], order["status"]) == (RENEWABLE, "suspended")
    assert last_body(sandbox) == {"method": "suspendOrder", "params": {"id": RENEWABLE}}


@pytest.mark.anyio
async def test_cancel_then_acting_on_the_cancelled_order_is_order_cancelled(oneoffice, sandbox):
    order = (await oneoffice.run("order.cancel", {"id": EXPIRED})).data
    assert (order["id"], order["status"]) == (EXPIRED, "cancelled")
    assert last_body(sandbox) == {"method": "cancelOrder", "params": {"id": EXPIRED}}
    for operation, values in (
        ("order.cancel", {"id": EXPIRED}),
        ("order.suspend", {"id": EXPIRED}),
        ("order.create_renewal", {"parent": EXPIRED, "id": "INITECH-R1"}),
    ):
        with pytest.raises(RemoteError) as caught:
            await oneoffice.run(operation, values)
        assert caught.value.status == 409
        assert caught.value.message == f"OneOffice says: Order '{EXPIRED}' is cancelled."


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("operation", "values", "status", "names"),
    [
        ("customer.create", {**NEW_CUSTOMER, "id": "ACME"}, 409, "ACME"),
        ("order.create_first", {**FIRST_ORDER, "id": RENEWABLE}, 409, RENEWABLE),
        ("order.create_first", {**FIRST_ORDER, "customer": "NOBODY"}, 404, "NOBODY"),
        ("order.cancel", {"id": "NO-SUCH-ORDER"}, 404, "NO-SUCH-ORDER"),
        ("order.suspend", {"id": "NO-SUCH-ORDER"}, 404, "NO-SUCH-ORDER"),
    ],
)
async def test_duplicates_and_unknown_ids_name_the_record(oneoffice, operation, values, status, names):
    with pytest.raises(RemoteError) as caught:
        await oneoffice.run(operation, values)
    assert caught.value.status == status
    assert caught.value.message.startswith("OneOffice says: ")
    assert names in caught.value.message
    assert caught.value.message.endswith(".")


@pytest.mark.anyio
async def test_a_wrong_key_is_an_auth_error_sent_once_without_the_key(sandbox):
    workspace = make_workspace(sandbox, sign_in_as_demo=False)
    workspace.credentials.set("oneoffice", "sandbox", "api_key", "wrong-key-123")
    service = workspace.service("oneoffice")
    with pytest.raises(AuthError) as caught:
        await service.run("order.cancel", {"id": RENEWABLE})
    assert caught.value.message == "OneOffice refused the API key. Check it in Credentials."
    assert service.session.status().state is SessionState.ERROR
    assert len(journal(sandbox)) == 1
    await workspace.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("operation", "values", "field", "message"),
    [
        ("customer.create", {**NEW_CUSTOMER, "admin.email": ""}, "admin.email", "required"),
        ("customer.create", {**NEW_CUSTOMER, "admin.email": "isa"}, "admin.email", "email"),
        ("customer.create", {**NEW_CUSTOMER, "name": " "}, "name", "Company name is"),
        ("order.create_first", {**FIRST_ORDER, "licenses": "0"}, "licenses", "at least 1"),
        ("order.create_first", {**FIRST_ORDER, "licenses": "2.5"}, "licenses", "whole"),
        ("order.create_first", {**FIRST_ORDER, "product": "oo-pro"}, "product", "Choose"),
        ("order.create_first", {**FIRST_ORDER, "duration": "weekly"}, "duration", "Choose"),
        ("order.create_renewal", {"parent": RENEWABLE}, "id", "Renewal order id is"),
        ("order.cancel", {}, "id", "First order id is required."),
        ("order.suspend", {"id": ""}, "id", "First order id is required."),
    ],
)
async def test_validation_refusals_send_nothing(oneoffice, sandbox, operation, values, field, message):
    with pytest.raises(ValidationError) as caught:
        await oneoffice.run(operation, values)
    assert message in caught.value.fields[field]
    assert journal(sandbox) == []


@pytest.mark.anyio
async def test_the_simulators_invalid_params_reaches_the_user(oneoffice):
    """Bypass the form's checks: OneOffice's own 400 is shown as its sentence."""
    operation = oneoffice.definition.operation("order.create_first")
    body = {"method": "createFirstOrder", "params": {"customer": "ACME", "id": "X1", "product": "oo-lite"}}
    prepared = PreparedRequest(operation, "GET", "api", operation.path, json_body=body, has_body=True)
    with pytest.raises(RemoteError) as caught:
        await execute(oneoffice.definition, oneoffice.session, prepared, oneoffice.url_for)
    assert caught.value.status == 400
    assert caught.value.message.startswith("OneOffice says: ")


def test_an_error_with_a_code_only_still_reads_as_a_sentence():
    for code, sentence in CODE_SENTENCES.items():
        assert error_message({"error": {"code": code}}) == sentence
    assert error_message({"error": {"code": "x", "message": "Own words."}}) == "Own words."
    assert error_message({"error": {"code": "something_new"}}) == "something_new"
    assert error_message({"message": "not OneOffice's shape"}) is None


def test_cancel_and_suspend_ask_first_naming_the_order():
    from app.vendors.oneoffice import VENDOR

    for operation_id, effect in (("order.cancel", "Cancel"), ("order.suspend", "Suspend")):
        operation = VENDOR.operation(operation_id)
        assert operation.destructive
        text = fill(operation.confirm_text, {"id": "REMOTEORDER1"})
        assert text.startswith(f"{effect} OneOffice order REMOTEORDER1 and all its renewals?")
    assert all(o.done_text for o in VENDOR.operations)
    assert {o.category for o in VENDOR.operations} == {"Customers", "Orders"}


def test_new_orders_and_customers_are_named_for_later_confirmations():
    from app.vendors.oneoffice.catalog import record_name

    assert record_name("order.create_first", FIRST_ORDER, {}) == (
        "REMOTEORDER1",
        "20 oo-lite licences for ACME",
    )
    assert record_name("customer.create", NEW_CUSTOMER, {}) == ("ABC", "ABC Company")
    assert record_name("order.cancel", {"id": RENEWABLE}, {}) is None


@pytest.mark.anyio
async def test_sign_in_proves_the_key_with_a_renewal_that_cannot_happen(oneoffice, sandbox):
    status = await oneoffice.sign_in()
    assert status.state is SessionState.ACTIVE
    (probe,) = journal(sandbox)
    assert json.loads(probe.body) == {
        "method": "createRenewalOrder",
        "params": {"parent": "SWITCHBOARD-CONNECTION-CHECK", "id": "SWITCHBOARD-CONNECTION-CHECK"},
    }
    sentence = await check_connection(oneoffice, {"api_key": KEY})
    assert sentence == "Connected to OneOffice (Sandbox (built-in)): the credentials work."
    with pytest.raises(AuthError):
        await check_connection(oneoffice, {"api_key": "wrong-key"})


@pytest.mark.anyio
async def test_production_needs_the_url_from_the_administrator(sandbox):
    workspace = make_workspace(sandbox)
    workspace.credentials.set("oneoffice", "production", "api_key", "live-key")
    service = workspace.service("oneoffice", "production")
    assert service.environment.production
    with pytest.raises(UsageError, match="No address is set for OneOffice"):
        await service.run("order.cancel", {"id": RENEWABLE})
    await workspace.aclose()
