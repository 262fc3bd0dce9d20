"""OneOffice: the orders placed from this app, with Renew / Cancel / Suspend on the chosen one."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.contract.pages import page_key
from app.ui.context import TabContext
from app.ui.headings import add_heading
from app.ui.opening_table import OpeningTable
from app.ui.runner import CheckButton, Report
from app.vendors.oneoffice.orders import ORDER_BOOK, Order, OrderBook, format_epoch

COLUMNS = [
    ("id", "Order"),
    ("customer", "Customer"),
    ("product", "Product"),
    ("licenses", "Licences"),
    ("duration", "Term"),
    ("term_end", "Term ends"),
    ("days_left", "Days left"),
    ("status", "Status"),
    ("renewals", "Renewals"),
]
ORDER_OPERATIONS = ("order.create_first", "order.create_renewal", "order.cancel", "order.suspend")


class OrdersPanel(QWidget):
    def __init__(self, context: TabContext) -> None:
        super().__init__()
        self._context = context
        self._clock = time.time
        layout = QVBoxLayout(self)
        self.note = add_heading(layout, "Orders", " ")
        self.view = OpeningTable(COLUMNS, "Orders placed from Switchboard")
        self.model = self.view.records
        # Enter or a double-click: the order's own page (its customer, its renewals, its actions).
        self.view.sig_open.connect(lambda row: context.open_task(page_key("order"), {"id": row["id"]}))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_choices())
        layout.addWidget(self.view, 1)

        renew_row = QHBoxLayout()
        renew_row.addWidget(QLabel("New renewal order id:"))
        self.renewal_id = QLineEdit()
        self.renewal_id.setAccessibleName("New renewal order id")
        self.renewal_id.setToolTip("Our id for the renewal; each renewal needs a new one")
        renew_row.addWidget(self.renewal_id, 1)
        self.renew_button = QPushButton("Renew")
        self.renew_button.clicked.connect(lambda: context.tasks.start(self.renew()))
        renew_row.addWidget(self.renew_button)
        layout.addLayout(renew_row)
        self.renew_reason = QLabel()
        self.renew_reason.setObjectName("renew-reason")
        self.renew_reason.setWordWrap(True)
        self.renew_reason.setProperty("role", "warning")
        layout.addWidget(self.renew_reason)
        actions = QHBoxLayout()
        self.cancel_button = QPushButton("Cancel order…")
        self.cancel_button.setProperty("destructive", True)
        self.cancel_button.clicked.connect(lambda: context.tasks.start(self.act("order.cancel")))
        self.suspend_button = QPushButton("Suspend order…")
        self.suspend_button.setProperty("destructive", True)
        self.suspend_button.clicked.connect(lambda: context.tasks.start(self.act("order.suspend")))
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.suspend_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.outcome = QLabel()
        self.outcome.setObjectName("orders-outcome")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        self.check_button = CheckButton()
        layout.addWidget(self.check_button)
        context.signals.sig_succeeded.connect(self._on_success)
        self.refresh()

    # --- the book --------------------------------------------------------------------------------

    def book(self) -> OrderBook:
        return self._context.kept(ORDER_BOOK, OrderBook)

    def refresh(self) -> None:
        book = self.book()
        now = self._clock()
        environment = self._context.environment.label
        self.note.setText(
            "OneOffice has no call that lists orders, so this list holds the orders placed from "
            f"Switchboard on this computer ({environment}). "
            + (book.save_problem or book.load_problem or "Choose an order to renew, cancel or suspend it.")
        )
        rows = [_row(order, now) for order in book.orders()]
        selected = self.selected_id()
        self.model.clear()
        self.model.append_rows(rows)
        for row in range(self.model.visible_count()):
            if self.model.record(row)["id"] == selected:
                self.view.selectRow(row)
        self._show_choices()

    def selected_id(self) -> str:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return str(self.model.record(rows[0].row())["id"]) if rows else ""

    def select(self, order_id: str) -> None:
        for row in range(self.model.visible_count()):
            if self.model.record(row)["id"] == order_id:
                self.view.selectRow(row)

    def open_record(self, values: dict[str, Any]) -> None:
        """Opened from the quick lookup or Recent: show the order chosen."""
        self.refresh()
        self.select(str(values.get("id", "")))

    def _selected_order(self) -> Order | None:
        return self.book().get(self.selected_id()) if self.selected_id() else None

    def _show_choices(self) -> None:
        order = self._selected_order()
        for button in (self.cancel_button, self.suspend_button):
            button.setEnabled(order is not None and order.status != "cancelled")
        if order is None:
            self.renew_button.setEnabled(False)
            self.renew_reason.setText("Choose an order in the list.")
            return
        refusal = order.renewal_refusal(self._clock())
        self.renew_button.setEnabled(not refusal)
        self.renew_reason.setText(refusal)
        if not self.renewal_id.text() or self.renewal_id.property("suggested"):
            self.renewal_id.setText(f"{order.id}-R{len(order.renewals) + 1}")
            self.renewal_id.setProperty("suggested", True)

    def _on_success(self, operation_id: str, values: dict[str, Any], data: Any) -> None:
        if operation_id in ORDER_OPERATIONS:
            self._record(operation_id, values, data)

    def _record(self, operation_id: str, values: dict[str, Any], answer: Any) -> None:
        self.book().record(operation_id, values, answer)
        self.refresh()

    # --- actions -----------------------------------------------------------------------------------

    async def _run(self, operation_id: str, values: dict[str, Any]) -> bool:
        """Through the runner: it asks first where the catalog says so, and a success is recorded in
        the book by ``_on_success`` like any other order placed from this environment."""
        buttons = (self.renew_button, self.cancel_button, self.suspend_button)
        result = await self._context.runner.run(
            operation_id,
            values,
            parent=self,
            report=Report(self._say, self.check_button),
            buttons=buttons,
        )
        self._show_choices()
        return result is not None

    async def renew(self) -> None:
        order = self._selected_order()
        if order is None:
            return
        renewal = self.renewal_id.text().strip()
        values = {"parent": order.id, "id": renewal}
        self._name(order)
        if await self._run("order.create_renewal", values):
            self.renewal_id.setProperty("suggested", True)
            self.renewal_id.clear()
            self._show_choices()

    async def act(self, operation_id: str) -> None:
        order = self._selected_order()
        if order is None:
            return
        self._name(order)
        await self._run(operation_id, {"id": order.id})

    def _name(self, order: Order) -> None:
        """The confirmation names the order by what it is, not only its id."""
        what = f"{order.licenses} {order.product} licences for {order.customer}, {order.duration}"
        self._context.memory.name(order.id, what)

    def _say(self, text: str, ok: bool) -> None:
        self.outcome.setText(text)
        self.outcome.setProperty("role", "success" if ok else "failure")
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)


def _row(order: Order, now: float) -> dict[str, Any]:
    return {
        "id": order.id,
        "customer": order.customer,
        "product": order.product,
        "licenses": order.licenses,
        "duration": order.duration,
        "term_end": format_epoch(order.term_end, "%Y-%m-%d") if order.term_end else "",
        "days_left": order.days_left(now),
        "status": order.status,
        "renewals": ", ".join(order.renewals),
    }
