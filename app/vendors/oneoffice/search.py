"""Quick lookup in OneOffice: the orders placed from this app, whose id or customer contains the
text.  OneOffice has no call that lists or reads orders, so they come from the local order book;
a hit opens the tab's "orders" flow rather than an operation."""

from __future__ import annotations

from app.contract.search import Found, SearchScope, VendorSearch
from app.vendors.oneoffice.orders import ORDER_BOOK, OrderBook


async def _search(scope: SearchScope, text: str) -> list[Found]:
    book = scope.kept(ORDER_BOOK, OrderBook)
    needle = text.lower()
    return [
        Found(
            "Order",
            order.id,
            f"{order.licenses} {order.product} for {order.customer} · {order.status}",
            "orders",
            {"id": order.id},
            order.id,
        )
        for order in book.orders()
        if needle in order.id.lower() or needle in order.customer.lower()
    ]


quick_search = VendorSearch(
    _search,
    # Short enough for one line of the lookup window: the count before it says what is known here.
    asks="cannot be searched",
    known={"order": ("order", "orders"), "customer": ("customer", "customers")},
)
