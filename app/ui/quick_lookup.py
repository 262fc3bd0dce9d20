"""Quick lookup (Ctrl+K): type an id, a name or an email; every vendor is asked at once.

Results appear as each vendor answers.  A person several vendors know (one email address or
phone number) comes first, as one group with a line per vendor; the other records are grouped under
their vendor's name, whose note says what was searched there and whether the vendor is still
searching, skipped or failed.  Before anything is typed, the pinned and recent records of every
vendor are listed.  Enter opens the chosen line's record in its tab.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.services.lookup import Hit, QuickLookup, VendorOutcome, people
from app.services.recent import Remembered
from app.services.workspace import Workspace
from app.ui.cell_copy import copy_cells_inertly
from app.ui.tasks import UiTasks

HIT_ROLE = Qt.ItemDataRole.UserRole
HINT = "↑ ↓ to choose, Enter to open, Esc to close."
STATE_WORDS = {"searching": "searching…", "done": "", "skipped": "skipped", "failed": "failed"}
# (vendor id, operation id, values): what to open.
Opener = Callable[[str, str, dict[str, Any]], None]


class QuickLookupDialog(QDialog):
    def __init__(self, workspace: Workspace, opener: Opener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick lookup")
        self.setMinimumSize(720, 460)
        self._workspace = workspace
        self._lookup = QuickLookup(workspace)
        self._opener = opener
        self._tasks = UiTasks()
        self._search: asyncio.Task[Any] | None = None
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._moved = False  # whether the person chose a line (arrows or the mouse) since typing
        self._outcomes: dict[str, VendorOutcome] = {}  # by vendor, in the order they were asked
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText("An id, a name, an email or a phone number…")
        self.query.setAccessibleName("Look up")
        self.query.setToolTip("Searches every vendor at once; Enter opens the chosen record")
        # Typing starts the search once the keys have paused.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.start_search)
        self.query.textEdited.connect(lambda _t: self._debounce.start())
        self.query.returnPressed.connect(self._enter)
        self.query.installEventFilter(self)
        layout.addWidget(self.query)
        self.results = QTreeWidget()
        copy_cells_inertly(self.results)
        self.results.setHeaderLabels(["Record", "Details"])
        self.results.setAccessibleName("Records found")
        self.results.setColumnWidth(0, 280)
        self.results.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.results.itemPressed.connect(lambda _item, _col: setattr(self, "_moved", True))
        layout.addWidget(self.results, 1)
        self.hint = QLabel(HINT)
        self.hint.setProperty("role", "hint")
        layout.addWidget(self.hint)
        self.show_remembered()

    # --- before typing: pinned and recent -------------------------------------------------------

    def show_remembered(self) -> None:
        records = self._workspace.recent.all()
        self._show_remembered(records)
        if records:
            self._tasks.start(self._name_remembered(records))

    async def _name_remembered(self, records: list[Remembered]) -> None:
        """The same records as the record index names them (a moment later, from its thread)."""
        named = await self._workspace.recent.named(records)
        if "recent" in self._groups:  # still before typing: nothing was searched meanwhile
            self._show_remembered(named)

    def _show_remembered(self, records: list[Remembered]) -> None:
        current = self.results.currentItem()
        chosen = current.data(0, HIT_ROLE) if current is not None else None
        self.results.clear()
        self._groups = {}
        if not records:
            self.hint.setText("Nothing opened recently. Type to search every vendor.")
            return
        group = self._group("recent", "Pinned and recent")
        for record in records:
            label = ("★ " if record.pinned else "") + f"{self._name(record.vendor)} — {record.title}"
            item = QTreeWidgetItem(group, [label, record.detail])
            item.setData(0, HIT_ROLE, (record.vendor, record.operation, record.values))
            if chosen is not None and _same(item.data(0, HIT_ROLE), chosen):
                self.results.setCurrentItem(item)
        self.results.expandAll()
        if self.results.currentItem() is None:
            self._select_first()

    # --- searching --------------------------------------------------------------------------------

    def start_search(self) -> None:
        text = self.query.text().strip()
        if self._search is not None and not self._search.done():
            self._search.cancel()
        if len(text) < 2:
            self.show_remembered()
            return
        self.hint.setText(HINT)
        self.results.clear()
        self._groups = {}
        self._outcomes = {}
        self._moved = False
        self._search = self._tasks.start(self._lookup.search(text, self._on_outcome))

    def _on_outcome(self, outcome: VendorOutcome) -> None:
        self._outcomes[outcome.vendor] = outcome
        self._show_outcomes()

    def _show_outcomes(self) -> None:
        """Everything found so far, drawn again: a vendor answering late may join a person to it.

        A line the person moved to stays chosen; otherwise the first line is, whatever arrived first."""
        current = self.results.currentItem() if self._moved else None
        chosen = current.data(0, HIT_ROLE) if current is not None else None
        self.results.clear()
        self._groups = {}
        outcomes = list(self._outcomes.values())
        grouped: set[int] = set()
        for number, person in enumerate(people(outcomes)):
            names = [self._name(vendor) for vendor in person.vendors]
            known_to = ", ".join(names[:-1]) + " and " + names[-1]
            group = self._group(f"person:{number}", person.title)
            group.setText(1, f"the same person in {known_to}")
            for hit in person.hits:
                grouped.add(id(hit))
                self._line(group, hit, f"{self._name(hit.vendor)} — ")
        for outcome in outcomes:
            group = self._group(outcome.vendor, outcome.name)
            group.setText(1, STATE_WORDS[outcome.state])
            if outcome.note:
                # Its own line across both columns: the note is a sentence, never cut at a column.
                note = QTreeWidgetItem(group, [outcome.note])
                note.setFirstColumnSpanned(True)
                note.setFlags(Qt.ItemFlag.ItemIsEnabled)
                note.setForeground(0, self.palette().placeholderText())
                note.setToolTip(0, outcome.note)
            for hit in outcome.hits:
                if id(hit) not in grouped:
                    self._line(group, hit)
        self.results.expandAll()
        for item in self.hit_items():
            if chosen is not None and _same(item.data(0, HIT_ROLE), chosen):
                self.results.setCurrentItem(item)
                return
        self._select_first()

    def _line(self, group: QTreeWidgetItem, hit: Hit, vendor: str = "") -> None:
        # "Order SB-ORDER-1" already says its kind; "Client: Priya Raman" needs it said.
        says_kind = hit.title.lower().startswith(hit.kind.lower())
        named = hit.title if says_kind else f"{hit.kind}: {hit.title}"
        title = ("PRODUCTION · " if hit.production else "") + vendor + named
        item = QTreeWidgetItem(group, [title, hit.detail])
        item.setToolTip(0, title)
        item.setToolTip(1, hit.detail)
        item.setData(0, HIT_ROLE, (hit.vendor, hit.operation, hit.values))
        if hit.production:
            item.setForeground(0, Qt.GlobalColor.darkRed)

    def _group(self, key: str, title: str) -> QTreeWidgetItem:
        if key not in self._groups:
            item = QTreeWidgetItem(self.results, [title, ""])
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self._groups[key] = item
        return self._groups[key]

    def _name(self, vendor_id: str) -> str:
        return self._workspace.definition(vendor_id).name

    # --- choosing ------------------------------------------------------------------------------------

    def hit_items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for index in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(index)
            assert group is not None, "an index below topLevelItemCount() has its item"
            children = (group.child(n) for n in range(group.childCount()))
            found += [child for child in children if child is not None and child.data(0, HIT_ROLE)]
        return found

    def _select_first(self) -> None:
        items = self.hit_items()
        if items:
            self.results.setCurrentItem(items[0])

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # Arrow keys in the search box move through the results, so the hands never leave the keyboard.
        is_key = (
            watched is self.query and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
        )
        if is_key and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._move(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        items = self.hit_items()
        if not items:
            return
        current = self.results.currentItem()
        index = items.index(current) if current in items else -1
        self.results.setCurrentItem(items[max(0, min(len(items) - 1, index + step))])
        self._moved = True

    def _enter(self) -> None:
        if self._debounce.isActive():  # typed and pressed Enter at once: search first
            self._debounce.stop()
            self.start_search()
            return
        current = self.results.currentItem()
        if current is not None:
            self.open_item(current)

    def open_item(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, HIT_ROLE)
        if target is None:
            return
        vendor, operation, values = target
        self.accept()
        self._opener(vendor, operation, values)

    def done(self, result: int) -> None:
        self._tasks.cancel_all()
        super().done(result)


def _same(one: tuple[str, str, dict[str, Any]] | None, other: tuple[str, str, dict[str, Any]]) -> bool:
    return one is not None and one[0] == other[0] and one[1] == other[1] and one[2] == other[2]
