"""What PGi's answers teach the record index: real operations against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from app.contract.records import NO_FACTS, RecordFacts, RecordRef
from app.vendors.pgi.catalog import VENDOR
from tests.conftest import make_workspace
from tests.pgi.test_pgi_service import ACTIVE_CLIENT, PROVISION


@pytest.fixture
async def pgi(pgi_sandbox):
    workspace = make_workspace(pgi_sandbox)
    yield workspace.service("pgi")
    await workspace.aclose()


async def facts(service, operation_id: str, values: dict[str, Any]) -> RecordFacts:
    result = await service.run(operation_id, values)
    return VENDOR.record_facts(operation_id, values, result.data)


@pytest.mark.anyio
async def test_a_provisioned_client_is_named_by_the_person_and_company_typed_in(pgi):
    result = await pgi.run("client.provision", PROVISION)
    (client,) = VENDOR.record_facts("client.provision", PROVISION, result.data).seen

    client_id = str(result.data["data"]["clientId"])
    assert client.ref == RecordRef("client", client_id)
    assert (client.title, client.company, client.emails) == (
        "Maya Okafor",
        "Northwind Dental Group",
        ("maya.okafor@northwind.example",),
    )
    assert result.data["data"]["hub"]["hubUrl"] in client.detail
    assert (client.opens, dict(client.opens_with)) == ("client.get", {"clientId": client_id})
    # The client's password and pass codes are its own secrets: nowhere in what is kept.
    secrets = [result.data["data"]["password"], *result.data["data"]["passCodes"].values()]
    assert not any(str(secret) in repr(client) for secret in secrets)


@pytest.mark.anyio
async def test_a_look_up_knows_the_client_by_id_and_hub_only(pgi):
    (client,) = (await facts(pgi, "client.get", {"clientId": ACTIVE_CLIENT})).seen

    assert client.ref == RecordRef("client", str(ACTIVE_CLIENT))
    # No name in the answer: none is made up that would replace the one a provision taught.
    assert client.title == ""
    assert client.detail == f"Client {ACTIVE_CLIENT} · laurentian-freight-logistics-inc.example.com"


@pytest.mark.anyio
async def test_deactivate_and_reactivate_change_the_clients_status(pgi):
    values = {"clientId": ACTIVE_CLIENT}
    (deactivated,) = (await facts(pgi, "client.deactivate", values)).seen
    assert (deactivated.ref.id, deactivated.status) == (str(ACTIVE_CLIENT), "deactivated")

    (reactivated,) = (await facts(pgi, "client.reactivate", values)).seen
    assert reactivated.status == "active"


@pytest.mark.parametrize(
    ("operation_id", "values", "data"),
    [
        ("client.provision", PROVISION, {"status": "success", "data": "odd"}),
        ("client.provision", PROVISION, {"status": "success", "data": {"clientId": None}}),
        ("client.get", {"clientId": 1}, ["not", "a", "client"]),
        ("client.deactivate", {}, None),
        ("client.reactivate", None, None),
        ("unknown.operation", {}, {}),
    ],
)
def test_an_unexpected_answer_teaches_nothing_and_never_raises(operation_id, values, data):
    assert VENDOR.record_facts(operation_id, values, data) == NO_FACTS
