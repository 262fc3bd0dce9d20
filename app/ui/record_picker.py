"""An id field that finds its record: type a name, an email or an id, choose among the matching records
of the kind the field holds (``Field.holds``), or keep typing a raw id.

The suggestions come from this computer's record index (through the tab's context, on a worker
thread), asked once the keys pause; an answer that arrives after newer typing is dropped.  The list
is a child of the window, never a window of its own, so it never takes the keyboard from the field:
Down and Up move through it, Enter chooses, Escape closes it, and what was typed stays until a record
is chosen.  Whatever the field holds, the name the index knows for it is said under the field (the
form shows what :attr:`RecordPicker.sig_named` tells).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.contract.records import IndexedRecord
from app.contract.spec import Field
from app.ui.cell_copy import copy_cells_inertly

# (kind, typed text, how many) -> the matching records of that kind, best first.
RecordFinder = Callable[[str, str, int], Awaitable[list[IndexedRecord]]]
TaskStarter = Callable[[Coroutine[Any, Any, Any]], Any]
# (record id, its name): so that a confirmation names the record chosen.
NameKeeper = Callable[[str, str], None]

PAUSE_MS = 150  # typing faster than this is still one word being typed
SHOWN = 8  # records listed at once: enough to choose among, few enough to read
RECORD_ROLE = Qt.ItemDataRole.UserRole


def _same_id(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _detail_without_id(record: IndexedRecord) -> str:
    """The record's detail line without its id, which the field already shows."""
    parts = [part for part in record.detail.split(" · ") if part and not _same_id(part, record.ref.id)]
    return " · ".join(parts)


def describe(record: IndexedRecord) -> str:
    """One line of the list: "Priya Raman — CL-10001 · Northwind"."""
    rest = " · ".join(filter(None, (record.ref.id, _detail_without_id(record))))
    return f"{record.title} — {rest}" if record.title else rest


def name_of(record: IndexedRecord) -> str:
    """What the field's note says of the record it holds: "Priya Raman · Northwind · H-1B"."""
    return " · ".join(filter(None, (record.title, _detail_without_id(record)))) or record.ref.id


class RecordList(QFrame):
    """The suggestions under a picker, drawn inside its window, never focused."""

    sig_clicked = Signal(object)  # the IndexedRecord clicked

    def __init__(self, label: str, window: QWidget) -> None:
        super().__init__(window)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        self.rows = QListWidget()
        copy_cells_inertly(self.rows)
        self.rows.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rows.setAccessibleName(f"{label}: matching records")
        self.rows.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.rows.itemClicked.connect(lambda item: self.sig_clicked.emit(item.data(RECORD_ROLE)))
        layout.addWidget(self.rows)
        self.hide()

    def row_height(self) -> int:
        return self.fontMetrics().height() + 8  # room to aim at with the pointer

    def fill(self, records: list[IndexedRecord]) -> None:
        self.rows.clear()
        for record in records:
            item = QListWidgetItem(describe(record))
            item.setSizeHint(QSize(0, self.row_height()))
            item.setData(RECORD_ROLE, record)
            item.setToolTip(describe(record))
            self.rows.addItem(item)
        self.rows.setCurrentRow(-1)  # nothing chosen until the person moves to a row

    def step(self, step: int) -> None:
        """Down (+1) or Up (-1) through the rows."""
        count = self.rows.count()
        if count:
            self.rows.setCurrentRow(max(0, min(count - 1, self.rows.currentRow() + step)))

    def current(self) -> IndexedRecord | None:
        item = self.rows.currentItem()
        return None if item is None or self.rows.currentRow() < 0 else item.data(RECORD_ROLE)

    def records(self) -> list[IndexedRecord]:
        return [self.rows.item(row).data(RECORD_ROLE) for row in range(self.rows.count())]


class RecordPicker(QLineEdit):
    """A line edit for one id; ``text()`` is the id sent, typed or chosen."""

    sig_chosen = Signal()  # a record was chosen from the list (the text changed without typing)
    sig_named = Signal(str)  # the name of the record the field holds, "" when none is known

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = spec.holds
        self._label = spec.label
        self.setPlaceholderText("Type a name, email or id")
        self.setClearButtonEnabled(True)
        self._find: RecordFinder | None = None
        self._start: TaskStarter | None = None
        self._keep_name: NameKeeper | None = None
        self._asked = 0  # each question's number: only the newest one's answer is shown
        self._list_wanted = False  # typed (show the list) rather than filled in (only say the name)
        self._unasked = False
        self.named: IndexedRecord | None = None
        # Made when first needed, inside the window (never a window of its own), and gone with the field.
        self.suggestions: RecordList | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self.textEdited.connect(self._typed)
        self.textChanged.connect(self._changed)

    def attach(self, find: RecordFinder, start: TaskStarter, keep_name: NameKeeper | None = None) -> None:
        """Let the field ask the environment's records; an id already in it is named at once."""
        self._find, self._start, self._keep_name = find, start, keep_name
        if self.text().strip():
            self._pause.start()

    # --- asking -----------------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._list_wanted = True
        self._pause.start()

    def _changed(self, text: str) -> None:
        if self.named is not None and not _same_id(text, self.named.ref.id):
            self._name(None)
        if not text.strip():
            self._asked += 1  # an answer still on its way is for text that is gone
            self._pause.stop()
            self._hide_list()
            return
        self._pause.start()  # filled in by the form (a carried id): its name is looked up too

    def _ask(self) -> None:
        text = self.text().strip()
        if self._find is None or self._start is None or not text:
            return
        if not self.isVisible():
            self._unasked = True  # filled in while its form is not shown: asked once it is
            return
        self._asked += 1
        self._start(self._answer(self._asked, text, self._list_wanted))

    async def _answer(self, asked: int, text: str, list_wanted: bool) -> None:
        assert self._find is not None
        records = await self._find(self.kind, text, SHOWN)
        if not isValid(self):
            return  # its form was closed while the index answered
        if asked != self._asked or text != self.text().strip():
            return  # typed on since: a newer question is coming or came
        exact = next((record for record in records if _same_id(record.ref.id, text)), None)
        if exact is not None:
            self._name(exact)
        if list_wanted and self.hasFocus() and records and records != [exact]:
            self._show_list(records)
        else:
            self._hide_list()

    # --- choosing ---------------------------------------------------------------------------------

    def choose(self, record: IndexedRecord) -> None:
        """The record's id goes into the field, and its name under it."""
        self._asked += 1
        self._hide_list()
        self.named = record  # before the text changes, so the change keeps the name
        self.setText(record.ref.id)
        self._pause.stop()  # the record is known: nothing to ask
        self._list_wanted = False
        self._name(record)
        self.sig_chosen.emit()

    def _name(self, record: IndexedRecord | None) -> None:
        self.named = record
        said = name_of(record) if record is not None else ""
        self.setAccessibleDescription(said)
        if record is not None and record.title and self._keep_name is not None:
            self._keep_name(record.ref.id, record.title)
        self.sig_named.emit(said)

    # --- the list ---------------------------------------------------------------------------------

    def _list_shown(self) -> bool:
        return self.suggestions is not None and self.suggestions.isVisible()

    def _hide_list(self) -> None:
        if self.suggestions is not None:
            self.suggestions.hide()

    def _show_list(self, records: list[IndexedRecord]) -> None:
        window = self.window()
        if self.suggestions is None or self.suggestions.parent() is not window:
            if self.suggestions is not None:
                self.suggestions.deleteLater()
            self.suggestions = RecordList(self._label, window)
            self.suggestions.sig_clicked.connect(self.choose)
            self.destroyed.connect(self.suggestions.deleteLater)
            window.installEventFilter(self)
        suggestions = self.suggestions
        suggestions.fill(records)
        frame = 2 * (suggestions.rows.frameWidth() + 1)  # the list's frame inside the panel's margin
        height = suggestions.row_height() * len(records) + frame + 2
        width = min(max(self.width(), 380), window.width())
        below = self.mapTo(window, QPoint(0, self.height()))
        top = below.y() if below.y() + height <= window.height() else below.y() - self.height() - height
        left = max(0, min(below.x(), window.width() - width))
        suggestions.setGeometry(left, max(0, top), width, height)
        suggestions.show()
        suggestions.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window() and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._hide_list()  # it would no longer sit under the field
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shown = self.suggestions if self._list_shown() else None
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and shown is not None:
            shown.step(1 if key == Qt.Key.Key_Down else -1)
            return
        if key == Qt.Key.Key_Down and self.text().strip():
            self._list_wanted = True  # the list was closed: open it again
            self._pause.stop()
            self._ask()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shown is not None:
            record = shown.current()
            shown.hide()
            if record is not None:
                self.choose(record)
                return
        if key == Qt.Key.Key_Escape and shown is not None:
            shown.hide()  # what was typed stays
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._hide_list()
        self._list_wanted = False
        super().focusOutEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unasked:
            self._unasked = False
            self._pause.start()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._pause.isActive():
            self._pause.stop()
            self._unasked = True
        self._hide_list()
        super().hideEvent(event)
