"""What PGi's answers say about conference clients, for the record index (``VENDOR.record_facts``).

PGi can only be asked by id, and its answers hardly name anyone: the person and the company are
known from the values of the provision that set the client up (its answer adds the client id and the
hub), ``client/get`` answers only the id and the hub, and deactivate and reactivate say nothing but
"success", so the client's status is what was just done to it.

A field left empty ("" or ()) is one this answer did not tell, never a blank the client holds.  That
is why a client known only from ``client/get`` has no title rather than "Client <id>": a made-up
title would replace the name a provision taught.  Its detail line still names it by id.
The password and pass codes of a provision answer are secrets of the client's: never kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.records import NO_FACTS, IndexedRecord, RecordFacts, RecordRef

# What deactivate and reactivate leave the client as.
STATUS_AFTER = {"client.deactivate": "deactivated", "client.reactivate": "active"}


def _text(source: Mapping[str, Any], key: str) -> str:
    value = source.get(key)
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _hub_url(answer: Mapping[str, Any]) -> str:
    hub = answer.get("hub")
    return _text(hub, "hubUrl") if isinstance(hub, Mapping) else ""


def _client(client_id: str, *, title: str = "", detail: str = "", **known: Any) -> IndexedRecord:
    return IndexedRecord(
        RecordRef("client", client_id),
        title=title,
        detail=" · ".join(part for part in (f"Client {client_id}", detail) if part),
        opens="client.get",
        opens_with={"clientId": client_id},
        **known,
    )


def _provisioned(values: Mapping[str, Any], data: Any) -> RecordFacts:
    answer = data.get("data") if isinstance(data, Mapping) else None
    if not isinstance(answer, Mapping) or not (client_id := _text(answer, "clientId")):
        return NO_FACTS
    company = _text(values, "company.name")
    person = " ".join(part for part in (_text(values, "client.first"), _text(values, "client.last")) if part)
    email = _text(values, "client.email")
    return RecordFacts(
        seen=(
            _client(
                client_id,
                title=person,
                detail=" · ".join(part for part in (company, _hub_url(answer)) if part),
                emails=(email,) if email else (),
                company=company,
            ),
        )
    )


def record_facts(operation_id: str, values: Mapping[str, Any], data: Any) -> RecordFacts:
    """The client a PGi answer shows; NO_FACTS for anything else or anything unexpected."""
    try:
        if operation_id == "client.provision":
            return _provisioned(values, data)
        if operation_id == "client.get" and isinstance(data, Mapping):
            client_id = _text(data, "clientId")
            return RecordFacts(seen=(_client(client_id, detail=_hub_url(data)),)) if client_id else NO_FACTS
        if operation_id in STATUS_AFTER:
            client_id = _text(values, "clientId")
            status = STATUS_AFTER[operation_id]
            return RecordFacts(seen=(_client(client_id, status=status),)) if client_id else NO_FACTS
    except (AttributeError, KeyError, TypeError, ValueError):
        pass  # an answer of a shape no reading expects teaches nothing; the operation still succeeded
    return NO_FACTS
