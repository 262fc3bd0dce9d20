"""What OneOffice's answers say about customers and orders, for the record index
(``VENDOR.record_facts``).

OneOffice has no call that reads or lists, so every record is learnt from a write: createCustomer
answers the customer (named by our id, its ``remoteId``), and each order call answers the order it
placed or changed.  A renewal belongs to its first order (the chain cancel and suspend act on) and,
like every order, to the customer.  Cancel and suspend answer the first order with its new status;
its renewals change with it, which the index can tell from their link to it.

OneOffice cannot read an order back, so each order also keeps its product, licences, term and
term end here (``IndexedRecord.keeps``), and is kept until its term ends however long nobody looks:
this index is the order book (orders.py reads it), the only place those facts live.

Customers and orders are known by *our* ids, the ones every later call takes.  An order opens in the
tab's orders flow, as the quick lookup (``search.py``) opens it; nothing in the tab opens a customer
yet.  A field left empty ("" or ()) is one this answer did not tell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.records import NO_FACTS, IndexedRecord, RecordFacts, RecordRef

ORDER_OPERATIONS = frozenset({"order.create_first", "order.create_renewal", "order.cancel", "order.suspend"})


def _text(source: Any, key: str) -> str:
    value = source.get(key) if isinstance(source, Mapping) else None
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _customer(values: Mapping[str, Any], data: Any) -> RecordFacts:
    customer_id = _text(data, "remoteId") or _text(values, "id")
    if not isinstance(data, Mapping) or not customer_id:
        return NO_FACTS
    email = _text(data.get("admin"), "email") or _text(values, "admin.email")
    phone = _text(values, "admin.phone")
    administrator = _text(values, "admin.displayName")
    active = data.get("isActive")
    return RecordFacts(
        seen=(
            IndexedRecord(
                RecordRef("customer", customer_id),
                title=_text(data, "name") or _text(values, "name"),
                detail=" · ".join(part for part in (customer_id, administrator, email) if part),
                emails=(email,) if email else (),
                phones=(phone,) if phone else (),
                status={True: "active", False: "inactive"}.get(active, "")
                if isinstance(active, bool)
                else "",
            ),
        )
    )


def _order(operation_id: str, values: Mapping[str, Any], data: Any) -> RecordFacts:
    order_id = _text(data, "id")
    if not order_id:
        return NO_FACTS
    customer = _text(data, "customer")
    parent = _text(values, "parent") if operation_id == "order.create_renewal" else ""
    # "20 oo-std for ACME01 · renews ORD-1001 · yearly"
    what = " ".join(filter(None, (_text(data, "licenses"), _text(data, "product"))))
    what += f" for {customer}" if what and customer else ""
    renews = f"renews {parent}" if parent else ""
    related = tuple(
        RecordRef(kind, record_id)
        for kind, record_id in (("customer", customer), ("order", parent))
        if record_id
    )
    return RecordFacts(
        seen=(
            IndexedRecord(
                RecordRef("order", order_id),
                title=f"Order {order_id}",
                detail=" · ".join(filter(None, (what, renews, _text(data, "duration")))),
                status=_text(data, "status"),
                opens="orders",
                opens_with={"id": order_id},
                related=related,
                keeps=_terms(data),
                keep_until=_number(data, "termEnd"),
            ),
        )
    )


def _number(source: Mapping[str, Any], key: str) -> float:
    value = source.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _terms(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the renewal rule and the order pages need, which OneOffice cannot be asked again: the
    product, licences and term as this answer tells them (the keys it leaves out are not told)."""
    terms: dict[str, Any] = {key: _text(data, key) for key in ("product", "duration") if _text(data, key)}
    licenses = data.get("licenses")
    if isinstance(licenses, int) and not isinstance(licenses, bool):
        terms["licenses"] = licenses
    if term_end := _number(data, "termEnd"):
        terms["term_end"] = term_end
    return terms


def record_facts(operation_id: str, values: Mapping[str, Any], data: Any) -> RecordFacts:
    """The customer or order a OneOffice answer shows; NO_FACTS for anything else or unexpected."""
    try:
        if not isinstance(values, Mapping):
            return NO_FACTS
        if operation_id == "customer.create":
            return _customer(values, data)
        if operation_id in ORDER_OPERATIONS:
            return _order(operation_id, values, data)
    except (AttributeError, KeyError, TypeError, ValueError):
        pass  # an answer of a shape no reading expects teaches nothing; the operation still succeeded
    return NO_FACTS
