"""The IQ Reseller simulator's state: sessions (with their two lifetimes) and the records.

Sales orders are kept without their lines (``order_lines``, by soid) so a line is
stored once; the routes put them together the way each method answers them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

# The document gives no lifetime; these are our choice (see the package docstring).
IDLE_LIFETIME_S = 20 * 60
ABSOLUTE_LIFETIME_S = 12 * 3600


@dataclass
class Session:
    token: str
    api_key: str
    started_at: float
    last_used_at: float
    ended_at: float | None = None

    def state(self, now: float, idle_s: float) -> str:
        """``active``, ``ended`` (DELETE Session) or ``expired``."""
        if self.ended_at is not None:
            return "ended"
        absolute_s = max(ABSOLUTE_LIFETIME_S, idle_s)
        if now - self.last_used_at > idle_s or now - self.started_at > absolute_s:
            return "expired"
        return "active"


@dataclass
class IqrStore:
    """Sessions and records; tests may read or arrange them directly."""

    api_keys: set[str] = field(default_factory=set)
    sessions: dict[str, Session] = field(default_factory=dict)  # by token, in start order
    cvs: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)  # in soid order
    order_lines: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # soid -> lines
    conditions: list[dict[str, Any]] = field(default_factory=list)
    contacts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # CVID -> contacts
    po_inventories: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # poid -> inventory

    def start_session(self, api_key: str, now: float) -> Session:
        session = Session(str(uuid.uuid4()), api_key, now, now)
        self.sessions[session.token] = session
        return session

    def order(self, soid: int) -> dict[str, Any] | None:
        return next((order for order in self.orders if order["soid"] == soid), None)

    def cv(self, cvid: int) -> dict[str, Any] | None:
        return next((cv for cv in self.cvs if cv["CVID"] == cvid), None)

    def item(self, item_id: int) -> dict[str, Any] | None:
        return next((item for item in self.items if item["ItemID"] == item_id), None)

    def started_tokens(self) -> list[str]:
        return list(self.sessions)

    def ended_tokens(self) -> list[str]:
        return [s.token for s in self.sessions.values() if s.ended_at is not None]
