"""Quick lookup: every vendor asked at once, results per vendor, failures and sign-outs kept apart."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest

from app.sandbox.registry import build_sandbox
from app.services.lookup import QuickLookup, VendorOutcome
from tests.conftest import make_workspace

ALL = ["inszoom", "pgi", "iinsight", "oneoffice", "iqreseller"]


@pytest.fixture
async def workspace():
    sandbox = build_sandbox(ALL)
    space = make_workspace(sandbox)
    space.sandbox = sandbox
    yield space
    await space.aclose()


async def sign_in_all(workspace) -> None:
    for vendor in ALL:
        await workspace.service(vendor).sign_in()


async def search(workspace, text: str) -> tuple[dict[str, VendorOutcome], list[tuple[str, str]]]:
    heard: list[tuple[str, str]] = []
    outcomes = await QuickLookup(workspace).search(text, lambda o: heard.append((o.vendor, o.state)))
    return {o.vendor: o for o in outcomes}, heard


@pytest.mark.anyio
async def test_a_name_finds_iinsight_contacts_and_iq_reseller_cvs(workspace):
    await sign_in_all(workspace)
    outcomes, _ = await search(workspace, "Nguyen")
    contacts = outcomes["iinsight"].hits
    assert contacts and all("Nguyen" in hit.title for hit in contacts)
    assert len({hit.values["search_criteria"]["contact_id"] for hit in contacts}) == len(contacts)
    # The note says what was searched: the vendor, and what this computer knows of it.
    assert outcomes["pgi"].state == "done"
    assert outcomes["pgi"].note == (
        "nothing found; 0 clients known on this computer; PGi itself can only be asked by a client's number"
    )
    assert {o.state for o in outcomes.values()} == {"done"}


@pytest.mark.anyio
async def test_ids_find_an_inszoom_client_and_a_pgi_client(workspace):
    await sign_in_all(workspace)
    outcomes, _ = await search(workspace, "CL-10001")
    assert [(h.kind, h.title) for h in outcomes["inszoom"].hits] == [("Client", "Priya Raman")]
    outcomes, _ = await search(workspace, "10863894")
    pgi = outcomes["pgi"].hits
    assert [(h.operation, h.values) for h in pgi] == [("client.get", {"clientId": "10863894"})]


@pytest.mark.anyio
async def test_an_email_searches_iinsight_by_email(workspace):
    await sign_in_all(workspace)
    outcomes, _ = await search(workspace, "olivia.nguyen@southerncross")
    query = parse_qs(workspace.sandbox.control("iinsight").requests_to("/api1/contacts")[-1].query)
    assert json.loads(query["search_criteria"][0]) == {"email": "olivia.nguyen@southerncross"}
    assert [hit.title for hit in outcomes["iinsight"].hits] == ["Olivia Nguyen, Ms"]


@pytest.mark.anyio
async def test_a_failing_vendor_never_hides_the_others(workspace):
    await sign_in_all(workspace)
    workspace.sandbox.control("iinsight").fail_next(5, 500)
    outcomes, _ = await search(workspace, "10863894")
    assert outcomes["iinsight"].state == "failed"
    assert "had a problem" in outcomes["iinsight"].note
    assert outcomes["pgi"].hits


@pytest.mark.anyio
async def test_vendors_answer_as_they_finish(workspace):
    await sign_in_all(workspace)
    workspace.sandbox.control("inszoom").latency_s = 0.3
    _, heard = await search(workspace, "10863894")
    assert heard[:5] == [(v, "searching") for v in ALL]
    finished = [vendor for vendor, state in heard[5:]]
    assert finished[-1] == "inszoom"  # the slow vendor does not hold up the others


@pytest.mark.anyio
async def test_a_vendor_not_signed_in_is_skipped_with_a_note(workspace):
    await workspace.service("pgi").sign_in()
    outcomes, _ = await search(workspace, "Nguyen")
    for vendor in ("inszoom", "iinsight", "iqreseller"):
        assert outcomes[vendor].state == "skipped"
        assert "sign in" in outcomes[vendor].note
    assert not workspace.sandbox.control("iinsight").journal  # nothing was sent, not even a sign-in
    assert outcomes["pgi"].state == "done"


@pytest.mark.anyio
async def test_oneoffice_orders_come_from_the_local_order_book(workspace):
    await sign_in_all(workspace)
    service = workspace.service("oneoffice")
    values = {"customer": "ACME", "id": "LOOK-1", "product": "oo-lite",
              "licenses": 2, "duration": "monthly"}  # fmt: skip
    answer = (await service.run("order.create_first", values)).data
    from app.vendors.oneoffice.orders import ORDER_BOOK, OrderBook

    # The book the orders panel writes to is the one the lookup reads (the workspace keeps one).
    workspace.kept("oneoffice", "sandbox", ORDER_BOOK, OrderBook).record("order.create_first", values, answer)
    outcomes, _ = await search(workspace, "look-1")
    assert [(h.operation, h.values) for h in outcomes["oneoffice"].hits] == [("orders", {"id": "LOOK-1"})]
