"""What INSZoom's answers teach the record index: real operations against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from app.contract.records import NO_FACTS, RecordFacts, RecordRef
from app.sandbox.registry import build_sandbox
from app.vendors.inszoom.catalog import VENDOR
from tests.conftest import make_workspace


@pytest.fixture
async def inszoom():
    workspace = make_workspace(build_sandbox(["inszoom"]))
    yield workspace.service("inszoom")
    await workspace.aclose()


async def facts(service, operation_id: str, values: dict[str, Any]) -> RecordFacts:
    """Run the operation for real and read its answer as the index will."""
    result = await service.run(operation_id, values)
    return VENDOR.record_facts(operation_id, values, result.data)


def by_ref(found: RecordFacts) -> dict[RecordRef, Any]:
    return {record.ref: record for record in found.seen}


@pytest.mark.anyio
async def test_a_created_client_is_seen_with_its_new_id_name_email_and_employer(inszoom):
    values = {
        "FirstName": "Ana",
        "LastName": "Kowalski",
        "Email": "ana.kowalski@example.com",
        "Phone": "555-1234",
        "CorporationId": "CORP-2001",
        "ImmigrationStatus": "L-1",
    }
    (client,) = (await facts(inszoom, "client.create", values)).seen

    assert client.ref.kind == "client" and client.ref.id.startswith("CL-")
    assert (client.title, client.emails, client.phones, client.status) == (
        "Ana Kowalski",
        ("ana.kowalski@example.com",),
        ("555-1234",),
        "L-1",
    )
    assert client.related == (RecordRef("corporation", "CORP-2001"),)
    # It opens as the quick lookup opens a client, with the id INSZoom gave it.
    assert (client.opens, dict(client.opens_with)) == ("client.get", {"clientId": client.ref.id})
    looked_up = (await inszoom.run("client.get", dict(client.opens_with))).data
    assert looked_up["LastName"] == "Kowalski"


@pytest.mark.anyio
async def test_a_client_look_up_shows_the_client_and_the_documents_filed_under_it(inszoom):
    found = by_ref(await facts(inszoom, "client.get", {"clientId": "CL-10001"}))

    client = found[RecordRef("client", "CL-10001")]
    assert client.title == "Priya Raman"
    assert client.emails == ("priya.raman@northwind-software.example",)
    assert client.status == "H-1B"
    assert client.related == (RecordRef("corporation", "CORP-2001"),)
    document = found[RecordRef("document", "DOC-8001")]
    assert document.title == "Passport_Priya_Raman.pdf"
    assert document.related == (RecordRef("client", "CL-10001"),)


@pytest.mark.anyio
async def test_passports_and_visas_belong_to_their_client(inszoom):
    (passport,) = (await facts(inszoom, "passport.get", {"clientId": "CL-10001"})).seen
    assert (passport.ref, passport.title) == (RecordRef("passport", "PP-5001"), "Passport A8000021")
    assert passport.related == (RecordRef("client", "CL-10001"),)
    assert (passport.opens, dict(passport.opens_with)) == ("passport.get", {"clientId": "CL-10001"})

    visas = (await facts(inszoom, "visa.get", {"clientId": "CL-10001"})).seen
    assert RecordRef("visa", "VISA-6001") in {visa.ref for visa in visas}
    assert all(visa.related == (RecordRef("client", "CL-10001"),) for visa in visas)


@pytest.mark.anyio
async def test_a_case_is_titled_by_its_petition_with_its_status_and_client(inszoom):
    found = by_ref(await facts(inszoom, "case.get", {"caseId": "CASE-7001"}))

    case = found[RecordRef("case", "CASE-7001")]
    assert (case.title, case.status) == ("H-1B Extension", "Open")
    assert RecordRef("client", "CL-10001") in case.related
    assert found[RecordRef("document", "DOC-8002")].related == (RecordRef("case", "CASE-7001"),)


@pytest.mark.anyio
async def test_a_dependent_and_a_corporation_user_name_what_they_belong_to(inszoom):
    (dependent,) = (await facts(inszoom, "dependent.get", {"dependentId": "DEP-4001"})).seen
    assert dependent.related == (RecordRef("client", "CL-10001"),)
    assert dependent.title

    values = {"corporationId": "CORP-2001", "corpUserId": "CU-3001"}
    (user,) = (await facts(inszoom, "corp_user.get", values)).seen
    assert (user.title, user.status) == ("Megan Foster", "active")
    assert user.related == (RecordRef("corporation", "CORP-2001"),)


@pytest.mark.anyio
async def test_the_multiple_look_up_names_every_corporation_it_answers(inszoom):
    values = {"ids": ["CORP-2001", "CORP-2002", "CORP-9999"]}
    found = (await facts(inszoom, "lookup.corporation_ids", values)).seen

    assert [(c.ref.id, c.title) for c in found] == [
        ("CORP-2001", "Northwind Software Inc."),
        ("CORP-2002", "Northwind Logistics LLC"),
    ]


@pytest.mark.anyio
async def test_an_update_teaches_what_was_changed_and_a_delete_makes_the_record_gone(inszoom):
    created = await facts(inszoom, "passport.create", {"ClientId": "CL-10002", "PassportNumber": "X100"})
    passport_id = created.seen[0].ref.id
    assert created.seen[0].related == (RecordRef("client", "CL-10002"),)

    changed = await facts(inszoom, "passport.update", {"PassportId": passport_id, "PassportNumber": "X200"})
    assert [(p.ref.id, p.title) for p in changed.seen] == [(passport_id, "Passport X200")]

    values = {"clientId": "CL-10002", "passportId": passport_id}
    assert await facts(inszoom, "passport.delete", values) == RecordFacts(
        gone=(RecordRef("passport", passport_id),)
    )


@pytest.mark.parametrize(
    ("operation_id", "values", "data"),
    [
        ("client.get", {"clientId": "CL-1"}, "not a record"),
        ("client.get", {"clientId": "CL-1"}, {"FirstName": "No id"}),
        ("client.create", {"FirstName": "A"}, None),
        ("passport.get", {"clientId": "CL-1"}, [1, None, {"PassportId": ["odd"]}]),
        ("client.delete", {}, None),
        ("lookup.departments", {"corporationId": "CORP-2001"}, [{"DepartmentId": "D"}]),
        ("client.update", "not values", None),
    ],
)
def test_an_unexpected_answer_teaches_nothing_and_never_raises(operation_id, values, data):
    assert VENDOR.record_facts(operation_id, values, data) == NO_FACTS
