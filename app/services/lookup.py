"""Quick lookup: one text asked of every vendor at once, the way each vendor's API allows.

- INSZoom: a client or a case by id.
- PGi: a client by its (numeric) id.
- iinsight: contacts whose name, email or phone contains the text (search_criteria).
- IQ Reseller: CVs whose id, name, email or phone contains the text (the CV list is fetched
  once and searched here: the API has no search).
- OneOffice: the orders placed from this app (kept locally; OneOffice cannot list them);
  such a hit opens the tab's "orders" task rather than an operation.

Each vendor answers on its own: a slow or failing vendor never hides the others, and a
vendor that is not signed in is skipped with a note rather than signed in behind the user's back.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from app import vendors
from app.contract.errors import RemoteError, SwitchboardError
from app.core.service import VendorService
from app.core.session import SessionState
from app.services.workspace import Workspace
from app.vendors.oneoffice_orders import OrderBook

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
PHONE = re.compile(r"^[+()\d][\d\s()+-]{4,}$")


@dataclass(frozen=True)
class Hit:
    """One record found: what to show, and the operation that opens it in its tab."""

    vendor: str
    kind: str  # "Client", "Contact", "CV"...
    title: str
    detail: str
    operation: str
    values: dict[str, Any] = field(default_factory=dict)
    production: bool = False


@dataclass
class VendorOutcome:
    vendor: str
    name: str
    state: str = "searching"  # searching | done | skipped | failed
    note: str = ""
    hits: list[Hit] = field(default_factory=list)


Searcher = Callable[[VendorService, str], Awaitable[list[Hit]]]
Listener = Callable[[VendorOutcome], None]


def _skip_reason(service: VendorService) -> str:
    state = service.session.status().state
    if state is SessionState.NOT_CONFIGURED:
        return "not set up: open Credentials… in its tab"
    if service.session.strategy.signs_in and state in (SessionState.SIGNED_OUT, SessionState.ERROR):
        return "not signed in: sign in on its tab to include it"
    return ""


async def _by_id(service: VendorService, operation: str, values: dict[str, Any]) -> Any | None:
    """A record by id, or None when the vendor has none with that id (a 404 is no error here)."""
    try:
        return (await service.run(operation, values)).data
    except RemoteError as exc:
        if exc.status in (400, 404):
            return None
        raise


def _hit(
    service: VendorService, kind: str, title: str, detail: str, operation: str, values: dict[str, Any]
) -> Hit:
    return Hit(service.definition.id, kind, title, detail, operation, values, service.environment.production)


async def search_inszoom(service: VendorService, text: str) -> list[Hit]:
    client, case = await asyncio.gather(
        _by_id(service, "client.get", {"clientId": text}), _by_id(service, "case.get", {"caseId": text})
    )
    hits = []
    if isinstance(client, dict):
        name = f"{client.get('FirstName', '')} {client.get('LastName', '')}".strip()
        hits.append(_hit(service, "Client", name or text, f"{text} · {client.get('Email') or ''}".strip(" ·"),
                         "client.get", {"clientId": text}))  # fmt: skip
    if isinstance(case, dict):
        title = str(case.get("PetitionName") or case.get("CaseDescription") or text)
        hits.append(_hit(service, "Case", title, f"{text} · client {case.get('ClientId', '')}", "case.get",
                         {"caseId": text}))  # fmt: skip
    return hits


async def search_pgi(service: VendorService, text: str) -> list[Hit]:
    if not text.isdigit():
        return []
    client = await _by_id(service, "client.get", {"clientId": text})
    if not isinstance(client, dict):
        return []
    hub = (client.get("hub") or {}).get("hubUrl", "")
    return [_hit(service, "Conference client", f"Client {text}", hub, "client.get", {"clientId": text})]


async def search_iinsight(service: VendorService, text: str) -> list[Hit]:
    key = "email" if EMAIL.match(text) else "phone1" if PHONE.match(text) else "name"
    values = {
        "fields": ["contact_id", "name", "company_name", "email", "phone1"],
        "search_criteria": {key: text},
        "limit": 20,
        "page": 1,
    }
    rows = (await service.run("contacts.list", values)).data or []
    hits, seen = [], set()
    for row in rows if isinstance(rows, list) else []:
        contact = str(row.get("contact_id"))
        if contact in seen:  # a contact on several cases is listed once per case
            continue
        seen.add(contact)
        detail = " · ".join(str(row.get(k)) for k in ("company_name", "email", "phone1") if row.get(k))
        hits.append(_hit(service, "Contact", str(row.get("name") or contact), f"{contact} · {detail}",
                         "contacts.list", {"search_criteria": {"contact_id": contact}}))  # fmt: skip
    return hits


class CvCache:
    """IQ Reseller has no search: the CV list is fetched once a session and searched locally."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] | None = None

    async def search(self, service: VendorService, text: str) -> list[Hit]:
        if self.rows is None:
            self.rows = await service.run_all_pages("cv.list", {"Page": 1, "PageSize": 100})
        needle = text.lower()
        hits = []
        for row in self.rows:
            haystack = " ".join(str(row.get(k, "")) for k in ("CVID", "Name", "Email", "Phone")).lower()
            if needle in haystack:
                detail = " · ".join(str(row.get(k)) for k in ("CVID", "Email", "City") if row.get(k))
                opens = {"area": "CV", "method": "GetCV", "body": json.dumps({"CVID": row.get("CVID")})}
                hits.append(_hit(service, "CV", str(row.get("Name", "")), detail, "call", opens))
        return hits[:20]


async def search_oneoffice(book: OrderBook, service: VendorService, text: str) -> list[Hit]:
    needle = text.lower()
    return [
        _hit(
            service,
            "Order",
            order.id,
            f"{order.licenses} {order.product} for {order.customer} · {order.status}",
            "orders",
            {"params.id": order.id},
        )
        for order in book.orders()
        if needle in order.id.lower() or needle in order.customer.lower()
    ]


class QuickLookup:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._cvs: dict[str, CvCache] = {}
        self.searchers: dict[str, Searcher] = {
            "inszoom": search_inszoom,
            "pgi": search_pgi,
            "iinsight": search_iinsight,
            "oneoffice": self._search_orders,
            "iqreseller": self._search_cvs,
        }

    async def _search_cvs(self, service: VendorService, text: str) -> list[Hit]:
        return await self._cvs.setdefault(service.environment.id, CvCache()).search(service, text)

    async def _search_orders(self, service: VendorService, text: str) -> list[Hit]:
        # The workspace's book, not the file: an order whose save failed is found too.
        return await search_oneoffice(self.workspace.order_book(service.environment.id), service, text)

    async def search(self, text: str, listener: Listener) -> list[VendorOutcome]:
        """Ask every available vendor concurrently; ``listener`` hears each vendor as it finishes."""
        text = text.strip()
        outcomes = []
        for entry in vendors.available():
            if entry.id in self.searchers:
                outcomes.append(VendorOutcome(entry.id, entry.name))
        for outcome in outcomes:
            listener(outcome)
        await asyncio.gather(*(self._one(outcome, text, listener) for outcome in outcomes))
        return outcomes

    async def _one(self, outcome: VendorOutcome, text: str, listener: Listener) -> None:
        service = self.workspace.service(outcome.vendor)
        reason = _skip_reason(service)
        if reason:
            outcome.state, outcome.note = "skipped", reason
        else:
            try:
                outcome.hits = await self.searchers[outcome.vendor](service, text)
                outcome.state = "done"
                outcome.note = "" if outcome.hits else "nothing found"
            except SwitchboardError as exc:
                outcome.state, outcome.note = "failed", exc.message
        listener(outcome)
