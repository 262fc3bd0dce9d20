"""The Activity panel: every request with its time, vendor, task, status and duration — redacted.

Choosing a request shows its headers and bodies (secrets already replaced) and
"Copy as curl" puts a command on the clipboard that a vendor's support can run.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.api import ActivityEntry, ActivityLog
from app.ui.cell_copy import copy_cells_inertly
from app.ui.records_model import RecordsTableModel

COLUMNS = [
    ("time", "Time"),
    ("vendor", "Vendor"),
    ("operation", "Task"),
    ("request", "Request"),
    ("status", "Status"),
    ("duration", "Took"),
]


def _row(entry: ActivityEntry) -> dict[str, object]:
    status = entry.status if entry.status is not None else f"no answer ({entry.error})"
    return {
        "time": datetime.fromtimestamp(entry.started_at).strftime("%H:%M:%S"),
        "vendor": entry.vendor,
        "operation": entry.operation,
        "request": f"{entry.method} {entry.url.split('?')[0]}",
        "status": status,
        "duration": f"{entry.duration_ms} ms",
        "entry": entry,
    }


def describe(entry: ActivityEntry) -> str:
    headers = "\n".join(f"{name}: {value}" for name, value in entry.request_headers.items())
    parts = [f"{entry.method} {entry.url}", headers]
    if entry.request_body:
        parts.append(f"\nRequest body:\n{entry.request_body}")
    answer = entry.status if entry.status is not None else f"no answer ({entry.error})"
    parts.append(f"\nAnswer: {answer} after {entry.duration_ms} ms")
    if entry.response_body:
        parts.append(entry.response_body)
    return "\n".join(parts)


class ActivityDock(QDockWidget):
    def __init__(self, log: ActivityLog, parent: QWidget | None = None) -> None:
        super().__init__("Activity", parent)
        self.setObjectName("activity-dock")
        self._log = log
        host = QWidget()
        layout = QVBoxLayout(host)
        self.model = RecordsTableModel(COLUMNS)
        self.view = QTableView()
        copy_cells_inertly(self.view)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Requests sent")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Fitted to the requests when the panel is shown and, while it is, shortly after new ones arrive
        # (ResizeToContents never widens a column for rows added later), from 50 rows: measuring all
        # 500 kept requests for every new one would stall the window while a Load all streams in.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setResizeContentsPrecision(50)
        self.view.horizontalHeader().setStretchLastSection(True)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(300)
        self._fit_timer.timeout.connect(self._fit_columns)
        self.visibilityChanged.connect(self._on_visibility_changed)
        self.view.verticalHeader().hide()
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("The chosen request, with secrets hidden")
        self.details.setPlaceholderText("Choose a request to see what was sent and what came back.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.details)
        # Opening the panel must fit the window the person sized, not make it taller: the list and
        # the details scroll, and the panel's edge can be dragged.
        split.setMinimumHeight(60)
        split.setStretchFactor(0, 3)  # the list of requests first; the chosen one's details below
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.copy_curl_button = QPushButton("Copy as curl")
        self.copy_curl_button.setToolTip(
            "Copy the chosen request as a command for the vendor's support (secrets hidden)"
        )
        self.copy_curl_button.clicked.connect(self.copy_curl)
        self.clear_button = QPushButton("Clear history")
        self.clear_button.setToolTip("Forget every request listed here")
        self.clear_button.clicked.connect(self.clear)
        # Why the history is not being kept on disk (a full disk, a read-only folder); empty while it is.
        self.file_note = QLabel()
        self.file_note.setProperty("role", "warning")
        self.file_note.setWordWrap(True)
        buttons.addWidget(self.copy_curl_button)
        buttons.addWidget(self.file_note, 1)
        buttons.addWidget(self.clear_button)
        layout.addLayout(buttons)
        self.setWidget(host)
        self.model.append_rows([_row(entry) for entry in log.entries])
        log.add_listener(self._on_entry)
        self._show_file_problem()

    def _on_entry(self, entry: ActivityEntry) -> None:
        self.model.append_rows([_row(entry)])
        self._show_file_problem()
        if self.isVisible() and not self._fit_timer.isActive():
            self._fit_timer.start()

    def _show_file_problem(self) -> None:
        problem = self._log.file_problem
        self.file_note.setText(f"⚠ {problem} It is listed here until Switchboard closes." if problem else "")

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self._fit_columns()

    def _fit_columns(self) -> None:
        # The last column stretches to the edge: fitting it too would undo that.
        for column in range(self.model.columnCount() - 1):
            self.view.resizeColumnToContents(column)

    def selected(self) -> ActivityEntry | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row())["entry"] if rows else None  # type: ignore[return-value]

    def _show_details(self) -> None:
        entry = self.selected()
        self.details.setPlainText(describe(entry) if entry is not None else "")

    def copy_curl(self) -> None:
        entry = self.selected()
        if entry is not None:
            QGuiApplication.clipboard().setText(entry.as_curl())

    def clear(self) -> None:
        self._log.clear()
        self.model.clear()
        self.details.clear()
        self._show_file_problem()
