"""OneOffice's record pages: a customer with its orders, and an order (``VENDOR.record_pages``).

OneOffice has no call that reads a customer or an order, so both pages are filled from the local
order book (the orders placed from Switchboard in this environment) and say so.  Renewing follows
the document's rule as the book states it (no renewal while more than 15 days are left on the
term, none for a cancelled order); a new renewal needs an id of our own, suggested and editable.
"""

from __future__ import annotations

import time
from typing import Any

from app.contract.pages import PageAction, PageData, PageScope, Record, RecordPage, RelatedList, page_key
from app.vendors.oneoffice.catalog import DURATION_NAMES, PRODUCT_NAMES
from app.vendors.oneoffice.orders import ORDER_BOOK, Order, OrderBook, format_epoch

ORDER_COLUMNS = (("id", "Order"), ("product", "Product"), ("licenses", "Licences"), ("duration", "Term"),
                 ("term_end", "Term ends"), ("status", "Status"))  # fmt: skip
FROM_BOOK = "OneOffice cannot list or read records: this shows the orders placed from Switchboard here."


def _row(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "customer": order.customer,
        # By name, as the order forms offer them ("OneOffice Enterprise (oo-ent)"), the code in brackets.
        "product": PRODUCT_NAMES.get(order.product, order.product),
        "licenses": order.licenses,
        "duration": DURATION_NAMES.get(order.duration, order.duration),
        "term_end": format_epoch(order.term_end, "%Y-%m-%d") if order.term_end else "",
        "status": order.status,
    }


async def load_customer(scope: PageScope, customer_id: str) -> PageData:
    orders = [o for o in scope.kept(ORDER_BOOK, OrderBook).orders() if o.customer == customer_id]
    active = [o for o in orders if o.status == "active"]
    # OneOffice has no read of a customer: its name is what adding it here taught this computer.
    known = scope.learnt("customer", customer_id)
    named = {"name": known.title} if known is not None and known.title else {}
    return PageData(
        title=known.title if known is not None and known.title else f"Customer {customer_id}",
        record={"customer": customer_id, **named, "orders": len(orders), "active_orders": len(active)},
        related={"Orders": [_row(order) for order in orders]},
        note=FROM_BOOK,
    )


async def load_order(scope: PageScope, order_id: str) -> PageData:
    order = scope.kept(ORDER_BOOK, OrderBook).get(order_id)
    if order is None:
        raise LookupError(f"Order {order_id} was not placed from Switchboard in this environment.")
    now = time.time()
    return PageData(
        title=f"Order {order.id}",
        record={**_row(order), "days_left": order.days_left(now), "renewals": ", ".join(order.renewals)},
        related={"Customer": [{"customer": order.customer}]},
        note=FROM_BOOK,
        facts={
            "renewal_refusal": order.renewal_refusal(now),
            "next_renewal": f"{order.id}-R{len(order.renewals) + 1}",
        },
    )


def _not_if(*statuses: str) -> Any:
    def refusal(record: Record) -> str:
        status = str(record.get("status") or "")
        return f"This order is {status}." if status in statuses else ""

    return refusal


CUSTOMER = RecordPage(
    kind="customer",
    noun="customer",
    opened_by=(),
    record_id=lambda values: str(values.get("customer") or ""),
    opening=lambda record_id: {"id": record_id},
    load=load_customer,
    related=(
        RelatedList("Orders", ORDER_COLUMNS, opens=lambda row: (page_key("order"), {"id": row.get("id")})),
    ),
    actions=(PageAction("Place an order", "order.create_first", lambda r: {"customer": r.get("customer")}),),
)

ORDER = RecordPage(
    kind="order",
    noun="order",
    opened_by=(),
    record_id=lambda values: str(values.get("id") or ""),
    opening=lambda record_id: {"id": record_id},
    load=load_order,
    related=(
        RelatedList(
            "Customer",
            (("customer", "Our customer id"),),
            opens=lambda row: (page_key("customer"), {"id": row.get("customer")}),
        ),
    ),
    actions=(
        PageAction(
            "Renew this order",
            "order.create_renewal",
            lambda r: {"parent": r.get("id"), "id": r.get("next_renewal")},
            refusal=lambda r: str(r.get("renewal_refusal") or ""),
        ),
        PageAction(
            "Cancel this order",
            "order.cancel",
            lambda r: {"id": r.get("id")},
            refusal=_not_if("cancelled"),
            sends=True,
        ),
        PageAction(
            "Suspend this order",
            "order.suspend",
            lambda r: {"id": r.get("id")},
            refusal=_not_if("cancelled", "suspended"),
            sends=True,
        ),
    ),
)

PAGES = (CUSTOMER, ORDER)
