"""A vendor's answer shown as labelled fields (or a table), raw JSON only behind a toggle."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.api import indented_xml, parse_xml, xml_records
from app.ui import dates
from app.ui.cell_copy import copy_cells_inertly
from app.ui.records_model import RecordsTableModel
from app.ui.records_model import display_text as cell_text

NOTHING_YET = "Results appear here."
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")


def humanize(key: str, labels: dict[str, str]) -> str:
    """'hubUrl' -> 'Hub url' unless the vendor gave a friendlier label."""
    if key in labels:
        return labels[key]
    words = _WORD_BOUNDARY.sub(" ", key).split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:]


def display_text(value: Any, timestamp: bool = False) -> str:
    """A value as a person reads it: "—" for nothing, dates for the vendor's epoch timestamps."""
    if timestamp and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
        except (ValueError, OverflowError, OSError):
            return str(value)  # not seconds since 1970 after all (milliseconds?): show it as sent
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        # A short list inside a record (a client's documents): one line per item, its values in order.
        return "\n".join(
            " · ".join(cell_text(v) for v in item.values() if v not in (None, "")) for item in value
        )
    if isinstance(value, str):
        return dates.shown_if_date(value) or "—"  # a date in the computer's format, as forms take it
    return cell_text(value) or "—"


def flatten(
    record: dict[str, Any], labels: dict[str, str], prefix: str = "", timestamps: frozenset[str] = frozenset()
) -> list[tuple[str, str, str]]:
    """(section, label, text) rows; nested objects become sections of their own."""
    rows: list[tuple[str, str, str]] = []
    for key, value in record.items():
        if isinstance(value, dict) and value:
            title = humanize(key, labels)
            # A vendor's envelope ("data") is labelled "" and adds no section of its own.
            section = (f"{prefix} › {title}" if prefix else title) if title else prefix
            rows.extend(flatten(value, labels, section, timestamps))
        else:
            rows.append((prefix, humanize(key, labels), display_text(value, key in timestamps)))
    return rows


class _AnswerTable(QTableView):
    """Enter opens the current row (as a double-click does)."""

    sig_open = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class ResultView(QWidget):
    sig_row_opened = Signal(dict)  # a row of a list answer, opened with Enter or a double-click

    def __init__(
        self, labels: dict[str, str], timestamps: frozenset[str] = frozenset(), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._labels = labels
        self._timestamps = timestamps
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.outcome = QLabel()
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.outcome)
        self.fields_host = QWidget()
        self.fields = QFormLayout(self.fields_host)
        self.fields.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fields_host)
        self.table = _AnswerTable()
        copy_cells_inertly(self.table)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.sig_open.connect(self._open_row)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(360)
        self.table.hide()
        layout.addWidget(self.table)
        # An XML answer that is no list of records, indented to be read.
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("answer-text")
        self.text.setAccessibleName("The answer, as text")
        self.text.setMinimumHeight(360)
        self.text.hide()
        layout.addWidget(self.text)
        self.raw_toggle = QCheckBox("Show raw response")
        self.raw_toggle.setToolTip("Show the vendor's answer exactly as it was received (JSON or XML).")
        self.raw_toggle.toggled.connect(self._show_raw)
        self.raw_toggle.hide()
        layout.addWidget(self.raw_toggle)
        self.raw = QPlainTextEdit()
        self.raw.setReadOnly(True)
        self.raw.setObjectName("raw-response")
        self.raw.hide()
        layout.addWidget(self.raw)
        self.clear()

    def _clear_fields(self) -> None:
        while self.fields.rowCount():
            self.fields.removeRow(0)

    def show_outcome(self, sentence: str, ok: bool) -> None:
        self.outcome.show()
        self.outcome.setText(sentence)
        self.outcome.setProperty("role", "success" if ok else "failure")
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.show()

    def show_data(self, data: Any) -> None:
        if self.outcome.text() == NOTHING_YET:
            self.outcome.hide()
        self._clear_fields()
        self.table.hide()
        self.text.hide()
        self.fields_host.hide()
        if isinstance(data, str) and data.lstrip().startswith("<"):
            self._show_xml(data)
        elif isinstance(data, dict):
            self._show_record(data)
        elif isinstance(data, list) and all(isinstance(item, dict) for item in data):
            self.table.setModel(records_model(data, self._labels))
            self.table.show()
        elif data is not None:
            self.fields.addRow("Answer", QLabel(display_text(data)))
            self.fields_host.show()
        raw = data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False)
        self.raw.setPlainText("" if data is None else raw)
        self.raw_toggle.setVisible(data is not None)
        self._show_raw(self.raw_toggle.isChecked())

    def _show_xml(self, text: str) -> None:
        """A list of records as a table, anything else as indented text; XML that cannot be read
        (not well-formed, or declaring a document type) as it came, under a line that says why."""
        try:
            root = parse_xml(text)
        except ValueError as exc:
            self.fields.addRow(QLabel(str(exc)))
            self.fields_host.show()
            self.text.setPlainText(text)
            self.text.show()
            return
        rows = xml_records(root)
        if rows is not None:
            self.table.setModel(records_model(rows, self._labels))
            self.table.show()
        else:
            self.text.setPlainText(indented_xml(root))
            self.text.show()

    def _show_record(self, record: dict[str, Any]) -> None:
        current_section = ""
        for section, label, text in flatten(record, self._labels, timestamps=self._timestamps):
            if section != current_section:
                heading = QLabel(section)
                heading.setProperty("role", "section")
                self.fields.addRow(heading)
                current_section = section
            value = QLabel(text)
            value.setObjectName(f"value:{label}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields.addRow(label + ":", value)
        self.fields_host.show()

    def _open_row(self, row: int) -> None:
        model = self.table.model()
        if isinstance(model, RecordsTableModel) and 0 <= row < model.visible_count():
            self.sig_row_opened.emit(model.record(row))

    def clear(self) -> None:
        self._clear_fields()
        self.fields_host.hide()
        self.table.hide()
        self.text.hide()
        self.outcome.setText(NOTHING_YET)
        self.outcome.setProperty("role", "hint")
        self.outcome.show()
        self.raw_toggle.hide()
        self.raw.hide()

    def _show_raw(self, shown: bool) -> None:
        self.raw.setVisible(shown and self.raw_toggle.isVisible())

    def value_text(self, label: str) -> str | None:
        """The text shown for ``label`` (tests read what the user reads)."""
        widget = self.fields_host.findChild(QLabel, f"value:{label}")
        return widget.text() if widget is not None and self.fields_host.isVisible() else None


def records_model(records: list[dict[str, Any]], labels: dict[str, str]) -> RecordsTableModel:
    """A table of records whose columns are the union of their keys, in first-seen order."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(record))
    model = RecordsTableModel([(key, humanize(key, labels)) for key in keys])
    model.append_rows(records)
    return model
