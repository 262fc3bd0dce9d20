"""Recent and pinned records of one vendor, under its task list: double-click or Enter reopens one.

Shown at once as the Recent file has them, then named as the record index knows them (its worker
thread answers a moment later)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.recent import Remembered
from app.ui.cell_copy import copy_cells_inertly
from app.ui.context import TabContext

ITEM_ROLE = Qt.ItemDataRole.UserRole
PIN = "★ "


class RecentList(QWidget):
    def __init__(self, context: TabContext, open_record: Callable[[str, dict[str, Any]], None]) -> None:
        super().__init__()
        self._context = context
        self._open_record = open_record
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        heading = QHBoxLayout()
        title = QLabel("Recent and pinned")
        title.setProperty("role", "section")
        heading.addWidget(title, 1)
        self.pin_button = QPushButton("Pin")
        self.pin_button.setToolTip("Keep the chosen record at the top of this list")
        self.pin_button.setAccessibleName("Pin or unpin the chosen record")
        self.pin_button.clicked.connect(self.toggle_pin)
        heading.addWidget(self.pin_button)
        layout.addLayout(heading)
        self.items = QListWidget()
        copy_cells_inertly(self.items)
        self.items.setAccessibleName(f"Recent {context.definition.name} records")
        self.items.setToolTip("Double-click or press Enter to open the record again")
        self.items.itemActivated.connect(self._open)
        self.items.currentItemChanged.connect(lambda *_: self._show_pin_state())
        layout.addWidget(self.items, 1)
        self.refresh()

    def remembered(self) -> list[Remembered]:
        return self._context.recent.for_vendor(self._context.definition.id, self._context.environment.id)

    def refresh(self) -> None:
        records = self.remembered()
        self._fill(records)
        self._context.tasks.start(self._name_from_index(records))

    async def _name_from_index(self, records: list[Remembered]) -> None:
        named = await self._context.recent.named(records)
        if _state(self.remembered()) == _state(records):  # else a newer refresh names the new list
            self._fill(named)

    def _fill(self, records: list[Remembered]) -> None:
        row = self.items.currentRow()
        self.items.clear()
        for record in records:
            item = QListWidgetItem((PIN if record.pinned else "") + record.title)
            item.setToolTip(f"{record.detail} — {self._task_label(record.operation)}")
            item.setData(ITEM_ROLE, record)
            self.items.addItem(item)
        if 0 <= row < self.items.count():
            self.items.setCurrentRow(row)
        self._show_pin_state()

    def _task_label(self, operation_id: str) -> str:
        known = {o.id: o.label for o in self._context.definition.operations}
        return known.get(operation_id, operation_id)

    def _current(self) -> Remembered | None:
        item = self.items.currentItem()
        return item.data(ITEM_ROLE) if item is not None else None

    def _show_pin_state(self) -> None:
        record = self._current()
        self.pin_button.setEnabled(record is not None)
        self.pin_button.setText("Unpin" if record is not None and record.pinned else "Pin")

    def toggle_pin(self) -> None:
        record = self._current()
        if record is None:
            return
        self._context.recent.set_pinned(record, not record.pinned)
        self.refresh()

    def _open(self, item: QListWidgetItem) -> None:
        record: Remembered = item.data(ITEM_ROLE)
        self._open_record(record.operation, record.values)


def _state(records: list[Remembered]) -> list[tuple[object, bool]]:
    return [(record.key, record.pinned) for record in records]
