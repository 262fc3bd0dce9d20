"""The OneOffice simulator's state: customers by remote id, and orders in renewal chains."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRODUCTS = ("oo-lite", "oo-std", "oo-ent", "erp-std", "erp-admin", "erp-lim")
DURATION_DAYS = {"monthly": 30, "yearly": 365}
DAY_S = 86_400
RENEWAL_WINDOW_S = 15 * DAY_S


@dataclass
class Customer:
    internal_id: int
    remote_id: str
    name: str
    email: str
    created_at: int
    phone: str | None = None
    display_name: str | None = None
    partner: int = 0
    is_active: bool = True

    def to_json(self) -> dict[str, Any]:
        # Field order and content exactly as the document's createCustomer response.
        return {
            "name": self.name,
            "partner": self.partner,
            "createdAt": self.created_at,
            "id": self.internal_id,
            "isActive": self.is_active,
            "admin": {"email": self.email},
            "remoteId": self.remote_id,
        }


@dataclass
class Order:
    id: str
    customer: str
    product: str
    licenses: int
    duration: str
    status: str
    term_start: int
    term_end: int
    parent: str | None = None  # None: a first order; else the first order of its chain

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer": self.customer,
            "product": self.product,
            "licenses": self.licenses,
            "duration": self.duration,
            "status": self.status,
            "termStart": self.term_start,
            "termEnd": self.term_end,
        }


@dataclass
class OneOfficeStore:
    """Everything the simulator knows; tests may read or arrange it directly."""

    api_keys: set[str] = field(default_factory=set)
    customers: dict[str, Customer] = field(default_factory=dict)  # by remote id
    orders: dict[str, Order] = field(default_factory=dict)  # by remote order id
    next_customer_id: int = 1

    def add_customer(self, remote_id: str, name: str, email: str, created_at: int, **extra: Any) -> Customer:
        customer = Customer(self.next_customer_id, remote_id, name, email, created_at, **extra)
        self.next_customer_id += 1
        self.customers[remote_id] = customer
        return customer

    def chain(self, first_id: str) -> list[Order]:
        """The first order and its renewals, oldest first."""
        return [o for o in self.orders.values() if o.id == first_id or o.parent == first_id]

    def latest_term_end(self, first_id: str) -> int:
        return max(o.term_end for o in self.chain(first_id))
