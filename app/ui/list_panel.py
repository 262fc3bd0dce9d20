"""A paginated list task: its filters on the left, the records table on the right."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from app.contract.errors import ValidationError
from app.contract.spec import FieldKind, Operation
from app.ui.context import TabContext
from app.ui.headings import add_heading
from app.ui.operation_form import OperationForm
from app.ui.records_table import RecordsTable


class ListPanel(QSplitter):
    def __init__(self, operation: Operation, context: TabContext) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        assert operation.paging is not None
        self.operation = operation
        self._context = context
        self._paging = operation.paging
        filters = QWidget()
        layout = QVBoxLayout(filters)
        add_heading(layout, operation.label, operation.description)
        self.form = OperationForm(operation, hidden=(self._paging.page_field,))
        self.form.attach_pickers(context.find_records, context.tasks.start, context.memory.name)
        layout.addWidget(self.form)
        self.show_button = QPushButton("Show")
        self.show_button.setObjectName("run")
        self.show_button.setToolTip("Show the first page with these filters")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_first_page)
        layout.addWidget(self.show_button)
        self.error = QLabel()
        self.error.setProperty("role", "failure")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(filters)
        scroll.setMinimumWidth(340)

        self.table = RecordsTable(
            self._columns(self.form.values()),
            self._fetcher(self._filters()),
            end_rule=self._paging.end_rule,
            page_size=self._paging.max_size,
            first_page=self._paging.first_page,
            concurrency=context.concurrency(),
            title=operation.label,
        )
        self.table.sig_message.connect(context.signals.sig_message)
        self.table.sig_row_activated.connect(self.open_row)
        self.addWidget(scroll)
        self.addWidget(self.table)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([380, 820])

    def _columns(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """The declared columns, or for a list whose columns the user chooses, those chosen."""
        chooser = next((f for f in self.operation.fields if f.kind is FieldKind.MULTI_CHOICE), None)
        if chooser is None:
            return list(self.operation.columns)
        labels = self._context.definition.result_labels
        return [(name, labels.get(name, name)) for name in values.get(chooser.name) or []]

    def _fetcher(self, values: dict[str, Any]) -> Callable[[int], Awaitable[Any]]:
        service = self._context.service
        operation_id = self.operation.id

        async def fetch(page: int) -> list[Any]:
            rows: list[Any] = await service.page(operation_id, values, page)
            return rows

        return fetch

    def _filters(self) -> dict[str, Any]:
        """The form's values; a page size left empty means the largest page the vendor allows."""
        values = self.form.values()
        size_field = self._paging.size_field
        if size_field and not str(values.get(size_field) or "").strip():
            values[size_field] = self._paging.max_size
        return values

    def show_first_page(self) -> None:
        values = self._filters()
        self.form.clear_errors()
        self.error.hide()
        try:
            first_page = {**values, self._paging.page_field: self._paging.first_page}
            prepared = self._context.service.prepare(self.operation.id, first_page)
        except ValidationError as exc:
            self.form.show_errors(exc.fields)
            self.error.setText(exc.message)
            self.error.show()
            return
        size_field = self._paging.size_field
        self.table.page_size = int(prepared.values[size_field]) if size_field else self._paging.max_size
        self.table.set_columns(self._columns(values))
        self.table.set_fetch_page(self._fetcher(values))
        self.table.concurrency = self._context.concurrency()
        self.table.reload()

    def open_row(self, record: dict[str, Any]) -> None:
        """Enter or a double-click on a row: open that record the way the vendor declares it opens
        (its ``record_facts``), filled in; a row the vendor declares no way to open says so."""
        definition = self._context.definition
        facts = definition.record_facts(self.operation.id, self.form.values(), [record])
        opener = next((seen for seen in facts.seen if seen.opens), None)
        if opener is None:
            self._context.signals.sig_message.emit(
                f"{definition.name}: this row has no page of its own to open."
            )
            return
        self._context.open_task(opener.opens, dict(opener.opens_with))

    def shutdown(self) -> None:
        self.table.shutdown()
