"""OneOffice: the orders placed from this app, with Renew / Cancel / Suspend on the chosen one."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.contract.errors import SwitchboardError, ValidationError
from app.services.settings import config_dir
from app.ui.dialogs import confirm
from app.ui.headings import add_heading
from app.ui.records_model import RecordsTableModel
from app.vendors.oneoffice.orders import Order, OrderBook, format_epoch

if TYPE_CHECKING:
    from app.ui.vendor_tab import VendorTab

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
    def __init__(self, tab: VendorTab) -> None:
        super().__init__()
        self._tab = tab
        self._clock = time.time
        self._books: dict[str, OrderBook] = {}  # per environment, read once, kept for the session
        layout = QVBoxLayout(self)
        self.note = add_heading(layout, "Orders", " ")
        self.model = RecordsTableModel(COLUMNS)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAccessibleName("Orders placed from Switchboard")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_choices())
        layout.addWidget(self.view, 1)

        renew_row = QHBoxLayout()
        renew_row.addWidget(QLabel("New renewal order id:"))
        self.renewal_id = QLineEdit()
        self.renewal_id.setAccessibleName("New renewal order id")
        self.renewal_id.setToolTip("Our id for the renewal; each renewal needs a new one")
        renew_row.addWidget(self.renewal_id, 1)
        self.renew_button = QPushButton("Renew")
        self.renew_button.clicked.connect(lambda: tab.tasks.start(self.renew()))
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
        self.cancel_button.clicked.connect(lambda: tab.tasks.start(self.act("order.cancel")))
        self.suspend_button = QPushButton("Suspend order…")
        self.suspend_button.setProperty("destructive", True)
        self.suspend_button.clicked.connect(lambda: tab.tasks.start(self.act("order.suspend")))
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.suspend_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.outcome = QLabel()
        self.outcome.setObjectName("orders-outcome")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        tab.sig_succeeded.connect(self._on_success)
        self.refresh()

    # --- the book --------------------------------------------------------------------------------

    def book(self) -> OrderBook:
        # Kept, not read again: an order whose save failed is still listed for this session.
        environment = self._tab.service.environment.id
        if environment not in self._books:
            self._books[environment] = OrderBook(config_dir() / f"oneoffice-orders-{environment}.json")
        return self._books[environment]

    def refresh(self) -> None:
        book = self.book()
        now = self._clock()
        environment = self._tab.service.environment.label
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
        self.select(str(values.get("params.id", "")))

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

    async def _run(self, operation_id: str, values: dict[str, Any], done: str) -> bool:
        try:
            answer = (await self._tab.service.run(operation_id, values)).data
        except (ValidationError, SwitchboardError) as exc:
            self._say(exc.message, ok=False)
            return False
        self._record(operation_id, values, answer)
        self._say(done, ok=True)
        self._tab.sig_message.emit(f"OneOffice: {done}")
        return True

    async def renew(self) -> None:
        order = self._selected_order()
        if order is None:
            return
        renewal = self.renewal_id.text().strip()
        values = {"params.parent": order.id, "params.id": renewal}
        if await self._run(
            "order.create_renewal", values, f"Order {order.id} is renewed by order {renewal}."
        ):
            self.renewal_id.setProperty("suggested", True)
            self.renewal_id.clear()
            self._show_choices()

    async def act(self, operation_id: str) -> None:
        order = self._selected_order()
        if order is None:
            return
        what = f"order {order.id} ({order.licenses} {order.product} licences for {order.customer})"
        if operation_id == "order.cancel":
            text = f"Cancel {what} and all its renewals? A cancelled order cannot be renewed or suspended."
            label, done = "Cancel order", f"Order {order.id} and its renewals are cancelled."
        else:
            text = f"Suspend {what} and all its renewals? There is no call to lift a suspension."
            label, done = "Suspend order", f"Order {order.id} and its renewals are suspended."
        if not await confirm(self, f"{label}?", text, label):
            self._tab.sig_message.emit("Nothing was changed.")
            return
        await self._run(operation_id, {"params.id": order.id}, done)

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
