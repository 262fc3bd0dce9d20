"""What iinsight's answers teach the record index: real operations against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from app.contract.records import NO_FACTS, RecordFacts, RecordRef
from app.sandbox.registry import build_sandbox
from app.vendors.iinsight.catalog import EVERYTHING, VENDOR
from tests.conftest import make_workspace
from tests.iinsight.test_iinsight_service import NEW_CONTACT_ON_CASE


@pytest.fixture
async def iinsight():
    workspace = make_workspace(build_sandbox(["iinsight"]))
    yield workspace.service("iinsight")
    await workspace.aclose()


async def facts(service, operation_id: str, values: dict[str, Any]) -> RecordFacts:
    result = await service.run(operation_id, values)
    return VENDOR.record_facts(operation_id, values, result.data)


def of_kind(found: RecordFacts, kind: str) -> dict[str, Any]:
    return {record.ref.id: record for record in found.seen if record.ref.kind == kind}


@pytest.mark.anyio
async def test_a_page_of_company_contacts_is_100_contacts_with_names_emails_and_phones(iinsight):
    values = {"modified_since": EVERYTHING, "page": 1}
    rows = (await iinsight.run("company_contacts.list", values)).data
    found = VENDOR.record_facts("company_contacts.list", values, rows)

    contacts = of_kind(found, "contact")
    assert len(contacts) == len(rows) == 100
    row = rows[0]
    contact = contacts[row["contact_id"]]
    assert contact.title == f"{row['first_name']} {row['last_name']}"
    assert contact.emails == ((row["email"],) if row["email"] else ())
    assert row["phone1"] in contact.phones
    assert (contact.company, contact.related) == (
        row["company_name"],
        (RecordRef("company", row["company_id"]),),
    )
    assert of_kind(found, "company")[row["company_id"]].title == row["company_name"]
    # Every contact of the page can be reached by its phone.
    assert all(row["phone1"] in contacts[row["contact_id"]].phones for row in rows if row["phone1"])


@pytest.mark.anyio
async def test_a_case_contacts_row_is_the_contact_and_its_place_on_the_case(iinsight):
    values = {"modified_since": EVERYTHING, "page": 1}
    found = await facts(iinsight, "case_contacts.list", values)

    olivia = of_kind(found, "contact")["101"]
    assert olivia.title == "Olivia Nguyen"
    on_case = of_kind(found, "case_contact")["NAT111/101"]
    assert on_case.related == (RecordRef("contact", "101"), RecordRef("case", "NAT111"))
    assert "bill to" in on_case.detail and "referrer" in on_case.detail
    assert of_kind(found, "case_contact")["NAT111/104"].status == "disabled"


@pytest.mark.anyio
async def test_the_contact_search_on_a_case_lists_each_contact_once_on_that_case(iinsight):
    values = {"fields": "contact_id,name,company_name,email,phone1,mobile", "case_id": 1, "limit": 100}
    found = await facts(iinsight, "contacts.list", values)

    contacts = of_kind(found, "contact")
    assert {"101", "102", "103", "104"} <= set(contacts)
    assert len([r for r in found.seen if r.ref == RecordRef("contact", "102")]) == 1
    assert contacts["102"].title.startswith("Daniel Kowalski")
    assert of_kind(found, "case_contact")["1/102"].related == (
        RecordRef("contact", "102"),
        RecordRef("case", "1"),
    )
    # The contact opens as the quick lookup opens it, and that search finds it (among the
    # contacts whose id contains 102: iinsight's criteria match by "contains").
    # (A form opened with it shows its columns filled in, and sends them: the CLI fills in none.)
    opening = {"fields": "contact_id,name", **contacts["102"].opens_with}
    opened = (await iinsight.run("contacts.list", opening)).data
    assert "102" in {row["contact_id"] for row in opened}


@pytest.mark.anyio
async def test_adding_a_contact_to_a_case_and_removing_it_again(iinsight):
    added = await facts(iinsight, "contacts.associate_to_case", NEW_CONTACT_ON_CASE)
    (contact,) = of_kind(added, "contact").values()
    assert (contact.title, contact.company, contact.phones) == (
        "Mia Tran",
        "Harbour Physio",
        ("(02) 5550 7777",),
    )
    case = NEW_CONTACT_ON_CASE["case_id"]
    on_case = of_kind(added, "case_contact")[f"{case}/{contact.ref.id}"]
    assert on_case.related == (contact.ref, RecordRef("case", str(case)))
    assert (on_case.opens, dict(on_case.opens_with)) == (
        "contacts.details",
        {"case_id": str(case), "contact_id": contact.ref.id},
    )
    details = (await iinsight.run("contacts.details", dict(on_case.opens_with))).data
    assert details["last_name"] == "Tran"

    removed = await facts(
        iinsight, "contacts.delete_from_case", {"contact_id": contact.ref.id, "case_id": case}
    )
    # Only its place on the case goes: the contact stays in iinsight and in the index.
    assert removed == RecordFacts(gone=(on_case.ref,))


@pytest.mark.anyio
async def test_a_new_contact_and_a_contact_disabled_on_a_case(iinsight):
    values = {
        "company_name": "Harbour Physio",
        "first_name": "Lee",
        "last_name": "Wong",
        "email": "lee@example.com",
    }
    (contact,) = of_kind(await facts(iinsight, "contacts.create", values), "contact").values()
    assert (contact.title, contact.emails) == ("Lee Wong", ("lee@example.com",))

    (disabled,) = (
        await facts(iinsight, "contacts.disable_from_case", {"contact_id": 102, "case_id": 1})
    ).seen
    assert (disabled.ref, disabled.status) == (RecordRef("case_contact", "1/102"), "disabled")


@pytest.mark.parametrize(
    ("operation_id", "values", "data"),
    [
        ("company_contacts.list", {}, {"status": False}),
        ("company_contacts.list", {}, [None, "row", {"name": "No id"}]),
        ("contacts.details", {"case_id": 1}, {"first_name": "No contact id"}),
        ("contacts.create", {}, ["odd"]),
        ("contacts.delete_from_case", {"contact_id": 1}, {"success": True}),
        ("contacts.check_delete_from_case", {"contact_id": 1, "case_id": 1}, {"delete": True}),
        ("contacts.list", None, []),
    ],
)
def test_an_unexpected_answer_teaches_nothing_and_never_raises(operation_id, values, data):
    assert VENDOR.record_facts(operation_id, values, data) == NO_FACTS
