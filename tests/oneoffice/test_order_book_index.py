"""An order book written before the record index tells the index its orders once, so the lookup and
the customer's links know them; the book keeps the terms the renewal rule needs."""

from __future__ import annotations

import json

import pytest

from app.contract.records import RecordRef
from app.core.credentials import CredentialStore
from app.sandbox.registry import build_sandbox
from app.services.lookup import QuickLookup
from app.services.settings import Settings, config_dir
from app.services.workspace import Workspace
from app.vendors.oneoffice.orders import ORDER_BOOK, OrderBook

OLD_ORDER = {
    "id": "ORD-OLD-1", "customer": "ACME01", "product": "oo-std", "licenses": 20, "duration": "yearly",
    "status": "active", "term_end": 1_900_000_000.0, "renewals": ["ORD-OLD-2"],
}  # fmt: skip


def an_order_file_of_an_earlier_version() -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    book = {"version": 1, "orders": [OLD_ORDER]}
    (config_dir() / "oneoffice-orders-sandbox.json").write_text(json.dumps(book), encoding="utf-8")


def workspace_at(sandbox, now: float) -> Workspace:
    return Workspace(Settings(), CredentialStore(), sandbox=sandbox, clock=lambda: now)


@pytest.mark.anyio
async def test_an_earlier_order_book_is_told_to_the_index_once():
    sandbox = build_sandbox(["oneoffice"])
    an_order_file_of_an_earlier_version()
    workspace = workspace_at(sandbox, 1_800_000_000.0)
    book = workspace.kept("oneoffice", "sandbox", ORDER_BOOK, OrderBook)
    assert book.get("ORD-OLD-1").term_end == 1_900_000_000.0  # the renewal rule still reads the book
    await workspace.known.settled()
    known = workspace.known
    hits = await known.search("oneoffice", "sandbox", "ORD-OLD-1")
    assert [(hit.record.title, hit.record.opens) for hit in hits][:1] == [("Order ORD-OLD-1", "orders")]
    assert hits[0].last_seen == 1_800_000_000.0
    acme = RecordRef("customer", "ACME01")
    linked = await known.run("oneoffice", "sandbox", lambda index: index.related(acme))
    assert {record.ref.id for record in linked} == {"ORD-OLD-1", "ORD-OLD-2"}
    outcomes = await QuickLookup(workspace).search("ORD-OLD-1", lambda _o: None, only="oneoffice")
    assert [(hit.title, hit.source) for hit in outcomes[0].hits] == [("Order ORD-OLD-1", "index")]
    await workspace.aclose()

    # The next start does not tell it again: the order keeps when it was really last seen.
    workspace = workspace_at(sandbox, 1_800_500_000.0)
    workspace.kept("oneoffice", "sandbox", ORDER_BOOK, OrderBook)
    await workspace.known.settled()
    found = await workspace.known.search("oneoffice", "sandbox", "ORD-OLD-1")
    (hit,) = [one for one in found if one.record.ref.id == "ORD-OLD-1"]
    assert hit.last_seen == 1_800_000_000.0
    await workspace.aclose()


def test_an_order_placed_keeps_its_terms_in_the_index_until_its_term_ends():
    from app.vendors.oneoffice.records import record_facts

    answer = {"id": "ORD-9", "customer": "ACME01", "product": "oo-std", "licenses": 20, "duration": "yearly",
              "status": "active", "termStart": 1_700_000_000, "termEnd": 1_731_536_000}  # fmt: skip
    (order,) = record_facts("order.create_first", {"customer": "ACME01"}, answer).seen
    terms = {"product": "oo-std", "duration": "yearly", "licenses": 20, "term_end": 1_731_536_000.0}
    assert order.keeps == terms
    assert order.keep_until == 1_731_536_000.0
    (cancelled,) = record_facts("order.cancel", {"id": "ORD-9"}, {"id": "ORD-9", "status": "cancelled"}).seen
    assert cancelled.keeps == {} and cancelled.status == "cancelled"  # what it does not tell stays as kept
