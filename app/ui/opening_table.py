"""A read-only table of records whose rows open their record with Enter or a double-click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui.cell_copy import copy_cells_inertly
from app.ui.records_model import RecordsTableModel


class OpeningTable(QTableView):
    sig_open = Signal(dict)  # the record of the row opened

    def __init__(self, columns: list[tuple[str, str]], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records = RecordsTableModel(columns)
        self.setModel(self.records)
        self.setAccessibleName(name)
        self.setToolTip("Double-click a row (or press Enter) to open it")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().hide()
        self.doubleClicked.connect(lambda index: self.open_row(index.row()))
        copy_cells_inertly(self)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.records.clear()
        self.records.append_rows(rows)

    def fit_rows(self, most: int = 6) -> None:
        """As tall as its rows (at least one empty line, at most ``most`` before it scrolls)."""
        shown = max(1, min(most, self.records.visible_count()))
        rows = shown * self.verticalHeader().defaultSectionSize()
        # Room for the horizontal scroll bar whether or not the columns need it: a bar that appears
        # later (a wider value, a narrower window) would otherwise cover the last row.
        bar = self.horizontalScrollBar().sizeHint().height()
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + rows + bar + 2 * self.frameWidth() + 2)

    def open_row(self, row: int) -> None:
        if 0 <= row < self.records.visible_count():
            self.sig_open.emit(self.records.record(row))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_row(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)
