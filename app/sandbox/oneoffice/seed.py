"""The customers and first orders every OneOffice sandbox starts with (see the package docstring)."""

from __future__ import annotations

from app.sandbox.oneoffice.store import DAY_S, DURATION_DAYS, OneOfficeStore, Order


def seed(store: OneOfficeStore, now: int) -> None:
    """Three customers and three first orders; see the package docstring."""
    store.add_customer(
        "ACME",
        "Acme Corporation",
        "it@acme.example.com",
        now - 90 * DAY_S,
        phone="+1 555 0100",
        display_name="Dana Reyes",
    )
    store.add_customer("GLOBEX", "Globex Ltd", "admin@globex.example.com", now - 60 * DAY_S)
    store.add_customer(
        "INITECH", "Initech Inc", "ops@initech.example.com", now - 120 * DAY_S, display_name="Sam Okoro"
    )
    seeds = [
        ("ORD-ACME-1", "ACME", "oo-std", 25, "monthly", now - 20 * DAY_S),
        ("ORD-GLOBEX-1", "GLOBEX", "erp-std", 10, "yearly", now - 30 * DAY_S),
        ("ORD-INITECH-1", "INITECH", "oo-lite", 5, "monthly", now - 35 * DAY_S),
    ]
    for order_id, customer, product, licenses, duration, start in seeds:
        end = start + DURATION_DAYS[duration] * DAY_S
        store.orders[order_id] = Order(order_id, customer, product, licenses, duration, "active", start, end)
