"""One person known to several vendors is one group; each vendor's note says what was searched."""

from __future__ import annotations

import pytest

from app.sandbox.registry import build_sandbox
from app.services.lookup import QuickLookup, people
from tests.conftest import make_workspace

PRIYA_EMAIL = "priya.raman@northwind-software.example"  # INSZoom client CL-10001's, in the seed


@pytest.fixture
async def workspace():
    space = make_workspace(build_sandbox(["inszoom", "pgi", "iinsight", "iqreseller", "oneoffice"]))
    for vendor in ("inszoom", "iinsight"):
        await space.service(vendor).sign_in()
    yield space
    await space.aclose()


async def knows_priya_in_inszoom(workspace) -> None:
    await workspace.service("inszoom").run("client.get", {"clientId": "CL-10001"})
    await workspace.known.settled()


async def add_iinsight_contact(workspace, **values: str) -> None:
    await workspace.service("iinsight").run(
        "contacts.create", {"company_name": "Northwind Software", "first_name": "Priya", **values}
    )
    await workspace.known.settled()


async def outcomes(workspace, text: str):
    found = await QuickLookup(workspace).search(text, lambda _outcome: None)
    return {outcome.vendor: outcome for outcome in found}, found


@pytest.mark.anyio
async def test_the_same_email_in_two_vendors_is_one_person_with_a_line_per_vendor(workspace):
    await knows_priya_in_inszoom(workspace)
    await add_iinsight_contact(workspace, last_name="Raman", email=PRIYA_EMAIL.upper())
    by_vendor, found = await outcomes(workspace, "Priya Raman")
    (person,) = people(found)
    assert person.title == "Priya Raman"
    assert person.vendors == ["inszoom", "iinsight"]
    assert [(hit.vendor, hit.kind) for hit in person.hits] == [("inszoom", "Client"), ("iinsight", "Contact")]
    assert by_vendor["inszoom"].hits[0].source == "index"  # INSZoom cannot be asked by name


@pytest.mark.anyio
async def test_phone_digits_join_numbers_written_differently(workspace):
    await knows_priya_in_inszoom(workspace)  # her phone is "+1 206 555 0120"
    await add_iinsight_contact(workspace, last_name="Raman-Lee", phone1="(206) 555-0120")
    _, found = await outcomes(workspace, "Priya")
    (person,) = people(found)
    assert {hit.vendor for hit in person.hits} == {"inszoom", "iinsight"}


@pytest.mark.anyio
async def test_a_namesake_with_other_details_is_not_joined(workspace):
    await knows_priya_in_inszoom(workspace)
    await add_iinsight_contact(workspace, last_name="Raman", email="p.raman@elsewhere.example")
    by_vendor, found = await outcomes(workspace, "Priya Raman")
    assert by_vendor["iinsight"].hits and by_vendor["inszoom"].hits
    assert people(found) == []


@pytest.mark.anyio
async def test_each_vendor_note_says_what_was_searched(workspace):
    await knows_priya_in_inszoom(workspace)
    by_vendor, _ = await outcomes(workspace, "Priya Raman")
    assert by_vendor["inszoom"].note == (
        "1 client known on this computer; INSZoom itself can only be asked by id"
    )
    assert by_vendor["iinsight"].note == (
        "nothing found; 0 contacts known on this computer; "
        "iinsight itself was asked for contacts by name, email or phone"
    )
    # Not signed in: said as such, and what this computer knows is still counted.
    assert by_vendor["iqreseller"].note == (
        "0 CVs known on this computer; IQ Reseller itself not signed in: sign in on its tab to include it"
    )


@pytest.mark.anyio
async def test_a_vendor_whose_index_is_off_says_so(workspace):
    workspace.settings.record_index = {"inszoom": "off"}
    by_vendor, _ = await outcomes(workspace, "CL-10001")
    assert by_vendor["inszoom"].note == (
        "nothing is kept on this computer (turned off in Settings); INSZoom itself can only be asked by id"
    )
    assert [hit.title for hit in by_vendor["inszoom"].hits] == ["Priya Raman"]  # asked live, by id
    workspace.settings.record_index_locked = {"inszoom": "off"}
    workspace.settings.record_index = {}
    by_vendor, _ = await outcomes(workspace, "CL-10001")
    assert by_vendor["inszoom"].note.startswith(
        "nothing is kept on this computer (turned off by your organisation); "
    )
