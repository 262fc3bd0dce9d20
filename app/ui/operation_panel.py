"""One task built from one catalog operation: its form and run button on the left, the answer on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from app.contract.spec import Operation, ResultKind
from app.services.api import Result
from app.ui.context import TabContext
from app.ui.headings import add_heading
from app.ui.operation_form import OperationForm
from app.ui.result_view import ResultView
from app.ui.runner import CheckButton, Report


class OperationPanel(QSplitter):
    def __init__(self, operation: Operation, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.operation = operation
        self._context = context
        definition = context.definition
        form_host = QWidget()
        layout = QVBoxLayout(form_host)
        add_heading(layout, operation.label, operation.description)
        self.form = OperationForm(operation, more_names=context.more_field_names(operation.record))
        self.form.attach_lookups(context.lookup_rows, context.tasks.start)
        self.form.attach_pickers(context.find_records, context.tasks.start, context.memory.name)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.run_button = QPushButton(operation.label)
        self.run_button.setObjectName("run")
        self.run_button.setDefault(True)
        self.run_button.setProperty("destructive", operation.destructive)
        self.run_button.clicked.connect(lambda: context.tasks.start(self.run()))
        row.addWidget(self.run_button)
        self.busy = QLabel()
        self.busy.setProperty("role", "hint")
        row.addWidget(self.busy, 1)
        layout.addLayout(row)
        self.check_button = CheckButton()
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        result_host = QWidget()
        result_layout = QVBoxLayout(result_host)
        add_heading(result_layout, "Result")
        self.result = ResultView(definition.result_labels, definition.timestamp_keys)
        result_layout.addWidget(self.result)
        result_layout.addStretch(1)

        self.addWidget(_scrolling(form_host))
        self.addWidget(_scrolling(result_host))
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        result_host.setMinimumWidth(340)
        self.setSizes([560, 420])
        # Told after each success of this panel's operation (the tab remembers and carries).
        self.on_success: Callable[[dict[str, Any], Result], None] | None = None

    async def run(self) -> Result | None:
        values = self.form.values()
        self.check_button.hide()
        return await self._context.runner.run(
            self.operation.id,
            values,
            parent=self,
            report=_PanelReport(self),
            form=self.form,
            buttons=(self.run_button,),
            on_success=lambda result: self._succeeded(values, result),
        )

    def _succeeded(self, values: dict[str, Any], result: Result) -> None:
        if self.form.more is not None:  # the fields added by hand come back next time, empty
            self._context.remember_more_fields(self.operation.record, self.form.more.names())
        if self.on_success is not None:
            self.on_success(values, result)


class _PanelReport(Report):
    def __init__(self, panel: OperationPanel) -> None:
        super().__init__(check=panel.check_button)
        self._panel = panel

    def working(self, text: str) -> None:
        self._panel.busy.setText(text)

    def finished(self) -> None:
        self._panel.busy.setText("")

    def succeeded(self, sentence: str, result: Result) -> None:
        view = self._panel.result
        view.show_outcome(sentence, ok=True)
        view.show_data(None if self._panel.operation.result is ResultKind.EMPTY else result.data)

    def failed(self, sentence: str) -> None:
        super().failed(sentence)
        self._panel.result.clear()
        self._panel.result.show_outcome(sentence, ok=False)


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
