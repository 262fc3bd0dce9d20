"""What OneOffice's answers teach the record index: real operations against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from app.contract.records import NO_FACTS, RecordFacts, RecordRef
from app.sandbox.registry import build_sandbox
from app.vendors.oneoffice.catalog import VENDOR
from tests.conftest import make_workspace
from tests.oneoffice.test_oneoffice_service import FIRST_ORDER, NEW_CUSTOMER, RENEWABLE, TOO_EARLY


@pytest.fixture
async def oneoffice():
    workspace = make_workspace(build_sandbox(["oneoffice"]))
    yield workspace.service("oneoffice")
    await workspace.aclose()


async def facts(service, operation_id: str, values: dict[str, Any]) -> RecordFacts:
    result = await service.run(operation_id, values)
    return VENDOR.record_facts(operation_id, values, result.data)


@pytest.mark.anyio
async def test_a_new_customer_is_known_by_our_id_with_its_name_and_administrator(oneoffice):
    (customer,) = (await facts(oneoffice, "customer.create", NEW_CUSTOMER)).seen

    assert customer.ref == RecordRef("customer", "ABC")
    assert (customer.title, customer.emails, customer.phones) == (
        "ABC Company",
        ("test3@example.com",),
        ("111111111",),
    )
    assert "Isa Aswath" in customer.detail


@pytest.mark.anyio
async def test_a_first_order_belongs_to_its_customer_and_opens_in_the_orders_flow(oneoffice):
    (order,) = (await facts(oneoffice, "order.create_first", FIRST_ORDER)).seen

    assert (order.ref, order.title) == (RecordRef("order", "REMOTEORDER1"), "Order REMOTEORDER1")
    assert order.related == (RecordRef("customer", "ACME"),)
    assert order.detail == "20 oo-lite for ACME · monthly"
    assert order.status == "active"
    assert (order.opens, dict(order.opens_with)) == ("orders", {"id": "REMOTEORDER1"})


@pytest.mark.anyio
async def test_a_renewal_belongs_to_the_customer_and_to_the_order_it_renews(oneoffice):
    values = {"parent": RENEWABLE, "id": "ACME-R1"}
    (renewal,) = (await facts(oneoffice, "order.create_renewal", values)).seen

    assert renewal.ref == RecordRef("order", "ACME-R1")
    assert renewal.related == (RecordRef("customer", "ACME"), RecordRef("order", RENEWABLE))
    assert f"renews {RENEWABLE}" in renewal.detail


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("operation_id", "status"), [("order.cancel", "cancelled"), ("order.suspend", "suspended")]
)
async def test_cancel_and_suspend_change_the_first_orders_status(oneoffice, operation_id, status):
    (order,) = (await facts(oneoffice, operation_id, {"id": TOO_EARLY})).seen

    assert (order.ref, order.status) == (RecordRef("order", TOO_EARLY), status)


@pytest.mark.parametrize(
    ("operation_id", "values", "data"),
    [
        ("customer.create", NEW_CUSTOMER, "not a customer"),
        ("customer.create", {}, {"name": "No id"}),
        ("order.create_first", FIRST_ORDER, {"error": {"code": "duplicate"}}),
        ("order.cancel", {"id": "X"}, [1, 2]),
        ("order.cancel", None, {"id": "X"}),
        ("unknown.operation", {}, {"id": "X"}),
    ],
)
def test_an_unexpected_answer_teaches_nothing_and_never_raises(operation_id, values, data):
    assert VENDOR.record_facts(operation_id, values, data) == NO_FACTS
