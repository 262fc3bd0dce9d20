"""The OneOffice orders placed from Switchboard, kept locally (OneOffice has no call to list them).

One JSON file per environment under the config directory; it holds order ids,
products and dates only — nothing secret.  The book owns the terms the renewal rule needs (term
end, licences, the chain of renewals), which the record index does not keep; the index owns how
an order is found and what it links to, and learns each order as it is placed (records.py).  A
book written before the index existed tells it its orders once (``answers``).

One ``OrderBook`` per environment owns its file (the workspace keeps it): the orders panel and
the quick lookup ask the same object, so an order whose save failed is still found everywhere
until Switchboard closes.

The renewal rule is the document's: no renewal while more than 15 days are left on the
term (measured to the latest term end of the chain, as ASSUMPTIONS.md settles).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.jsonfile import read_json, save_json

RENEWAL_WINDOW_DAYS = 15
DAY_S = 86400


def format_epoch(seconds: float, pattern: str) -> str:
    """A vendor timestamp as a date; one that is no date (milliseconds, garbage) is shown as sent."""
    try:
        return datetime.fromtimestamp(seconds).strftime(pattern)
    except (ValueError, OverflowError, OSError):
        return str(seconds)


@dataclass
class Order:
    id: str
    customer: str
    product: str
    licenses: int
    duration: str
    status: str
    term_end: float
    renewals: list[str] = field(default_factory=list)

    def days_left(self, now: float) -> int:
        return max(0, math.ceil((self.term_end - now) / DAY_S))

    def renewal_refusal(self, now: float) -> str:
        """Why "Renew" is not possible now ('' when it is)."""
        if self.status == "cancelled":
            return "This order is cancelled, so it cannot be renewed."
        left = (self.term_end - now) / DAY_S
        if left > RENEWAL_WINDOW_DAYS:
            opens = format_epoch(self.term_end - RENEWAL_WINDOW_DAYS * DAY_S, "%d %b %Y")
            return (
                f"{math.ceil(left)} days are left on the term; OneOffice accepts a renewal only "
                f"when 15 days or fewer are left (from {opens})."
            )
        return ""


# The name the workspace keeps the book under: its file is oneoffice-orders-<environment>.json.
ORDER_BOOK = "orders"


class OrderBook:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._orders: dict[str, Order] = {}
        self.load_problem = ""
        self.save_problem = ""
        self._load()

    def _load(self) -> None:
        try:
            data = read_json(self.path)
            self._orders = {row["id"]: Order(**row) for row in data.get("orders", [])}
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, KeyError) as exc:
            self.load_problem = (
                f"The local list of orders could not be read ({type(exc).__name__}); it starts empty."
            )

    def _save(self) -> None:
        payload = {"version": 1, "orders": [asdict(order) for order in self._orders.values()]}
        try:
            save_json(self.path, payload)
        except OSError as exc:
            # The call itself succeeded: OneOffice has the order, only this computer's file lacks it.
            self.save_problem = (
                f"OneOffice has done it, but the local list of orders could not be saved "
                f"({exc.strerror or exc}), so it is listed here only until Switchboard closes."
            )
        else:
            self.save_problem = ""

    def orders(self) -> list[Order]:
        return list(self._orders.values())

    def answers(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """Every order, and each renewal of it, as the answer that placed it (for the record index)."""
        told: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        for order in self._orders.values():
            answer = {
                "id": order.id, "customer": order.customer, "product": order.product,
                "licenses": order.licenses, "duration": order.duration, "status": order.status,
                "termEnd": order.term_end,
            }  # fmt: skip
            told.append(("order.create_first", {}, answer))
            for renewal in order.renewals:
                told.append(("order.create_renewal", {"parent": order.id}, {**answer, "id": renewal}))
        return told

    def get(self, order_id: str) -> Order | None:
        return self._orders.get(order_id)

    def record(self, operation_id: str, values: dict[str, Any], answer: Any) -> Order | None:
        """Update the book from a successful call's answer; returns the order it concerns."""
        if not isinstance(answer, dict) or "id" not in answer:
            return None
        if operation_id == "order.create_first":
            order = _order_from(answer)
            self._orders[order.id] = order
        elif operation_id == "order.create_renewal":
            parent = str(values.get("parent", ""))
            order = self._orders.get(parent) or _order_from({**answer, "id": parent})
            order.term_end = max(order.term_end, float(answer.get("termEnd") or 0))
            order.status = str(answer.get("status") or order.status)
            order.renewals.append(str(answer["id"]))
            self._orders[parent] = order
        elif operation_id in ("order.cancel", "order.suspend"):
            order = self._orders.get(str(answer["id"])) or _order_from(answer)
            order.status = str(answer.get("status") or order.status)
            self._orders[order.id] = order
        else:
            return None
        self._save()
        return order


def _order_from(answer: dict[str, Any]) -> Order:
    return Order(
        id=str(answer["id"]),
        customer=str(answer.get("customer", "")),
        product=str(answer.get("product", "")),
        licenses=int(answer.get("licenses") or 0),
        duration=str(answer.get("duration", "")),
        status=str(answer.get("status", "")),
        term_end=float(answer.get("termEnd") or 0),
    )
