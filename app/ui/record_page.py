"""One record's own page, built from its vendor's :class:`RecordPage` declaration: its name as the
title, its details in the catalog's words, its related records as small tables whose rows open them,
and the actions that apply — each enabled only when the declaration's rule allows it.

The page reads again after any change to its record made in this environment (from the page, or a
task it opened), so what it shows is what the vendor now holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.contract.pages import PageAction, PageData, RecordPage
from app.contract.records import IndexedRecord, RecordRef
from app.contract.search import Kept
from app.ui.attempt import Attempt, attempt
from app.ui.context import TabContext
from app.ui.opening_table import OpeningTable
from app.ui.result_view import display_text, humanize
from app.ui.runner import Report

log = logging.getLogger(__name__)

# Opens a related row's record (operation or page key, values); fills an action's task.
Opener = Callable[[str, dict[str, Any]], None]
OPENING, READING = "Opening…", "Reading…"
Filler = Callable[["RecordPageView", PageAction, dict[str, Any]], None]


class _Scope:
    """What a declaration's loading may use, for this environment only."""

    def __init__(self, context: TabContext, learnt: Mapping[RecordRef, IndexedRecord]) -> None:
        self._context = context
        self._learnt = learnt
        self.values: dict[str, Any] = {}
        # The page's record as this computer's index knows it, read before each load: what an
        # earlier session taught (PGi's provision named the person) outlives the session.
        self.indexed: IndexedRecord | None = None
        self._linked: list[IndexedRecord] = []  # and the records the index links it to

    async def read_index(self, kind: str, record_id: str) -> None:
        known = self._context.known
        self.indexed, self._linked = None, []
        if known is None or not known.enabled(self._context.definition.id):
            return
        ref = RecordRef(kind, record_id)
        try:
            await known.settled()  # a change just made from the page is in it before it is read
            self.indexed, self._linked = await known.run(
                self._context.definition.id,
                self._context.environment.id,
                lambda index: (index.get(ref), index.related(ref)),
            )
        except Exception:  # the index is a help: the page still shows what the vendor answers
            log.exception("The record index could not be read for a %s", kind)

    def linked(self, kind: str) -> list[IndexedRecord]:
        return [record for record in self._linked if record.ref.kind == kind]

    @property
    def opened_with(self) -> Mapping[str, Any]:
        return self.values

    async def read(self, operation_id: str, values: Mapping[str, Any]) -> Any:
        return (await self._context.service.run(operation_id, dict(values))).data

    def kept(self, name: str, make: Callable[[Path], Kept]) -> Kept:
        return self._context.kept(name, make)

    def learnt(self, kind: str, record_id: str) -> IndexedRecord | None:
        ref = RecordRef(kind, record_id)
        indexed = self.indexed if self.indexed is not None and self.indexed.ref == ref else None
        return self._learnt.get(ref) or indexed


class RecordPageView(QWidget):
    def __init__(
        self,
        context: TabContext,
        page: RecordPage,
        record_id: str,
        *,
        learnt: Mapping[RecordRef, IndexedRecord],
        open_row: Opener,
        fill_task: Filler,
        loaded: Callable[[RecordPageView], None] = lambda view: None,
    ) -> None:
        super().__init__()
        self.context = context
        self.page = page
        self.record_id = record_id
        self.data: PageData | None = None
        self._scope = _Scope(context, learnt)
        self._open_row = open_row
        self._fill_task = fill_task
        self._loaded = loaded
        self.setObjectName(f"record-page:{page.kind}:{record_id}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        self.title = QLabel(f"{page.noun.capitalize()} {record_id}")
        self.title.setObjectName("record-title")
        self.title.setProperty("role", "title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.note = QLabel()
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.outcome = QLabel(OPENING)
        self.outcome.setObjectName("record-outcome")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)

        self.action_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for action in page.actions:
            button = QPushButton(action.label + ("…" if action.sends else ""))
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, a=action: self._act(a))
            self.action_buttons[action.label] = button
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.refusals = QLabel()
        self.refusals.setObjectName("record-refusals")
        self.refusals.setProperty("role", "hint")
        self.refusals.setWordWrap(True)
        self.refusals.hide()
        layout.addWidget(self.refusals)

        # The details beside the related records: a client and their passports on one screen.
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        details_box = QGroupBox("Details")
        self.details = QFormLayout(details_box)
        details_column = QVBoxLayout()
        details_column.addWidget(details_box)
        details_column.addStretch(1)
        columns.addLayout(details_column, 2)
        self.tables: dict[str, OpeningTable] = {}
        if page.related:
            related_column = QVBoxLayout()
            for related in page.related:
                table = OpeningTable(list(related.columns), related.title)
                table.sig_open.connect(lambda row, r=related: self._open_related(r.opens(row)))
                box = QGroupBox(related.title)
                QVBoxLayout(box).addWidget(table)
                self.tables[related.title] = table
                related_column.addWidget(box)
            related_column.addStretch(1)
            columns.addLayout(related_column, 3)
        context.signals.sig_succeeded.connect(self._on_success)

    # --- loading -----------------------------------------------------------------------------------

    def opened_with(self, values: Mapping[str, Any]) -> None:
        """The values of the latest opening (a duplicate's name and phone when iinsight lists it)."""
        self._scope.values = dict(values)

    async def reload(self) -> None:
        if self.data is None:
            self.outcome.setText(OPENING)
            self.outcome.show()
        await self._scope.read_index(self.page.kind, self.record_id)
        try:
            answer = await attempt(self.page.load(self._scope, self.record_id))
        except LookupError as missing:  # the declaration's "no such record", in its own words
            answer = Attempt()
            self.outcome.setText(str(missing))
        if answer.error is not None:
            self.outcome.setText(answer.error.message)
        if answer.error is not None or answer.value is None:
            self.outcome.show()
            self.outcome.setProperty("role", "failure")
            for button in self.action_buttons.values():
                button.setEnabled(False)
            return
        self.show_data(answer.value)
        self._loaded(self)

    def show_data(self, data: PageData) -> None:
        self.data = data
        self.title.setText(data.title)
        self.note.setText(data.note)
        self.note.setVisible(bool(data.note))
        if data.problems:
            self.say(" ".join(data.problems), False)
        elif self.outcome.text() in (OPENING, READING):
            self.outcome.hide()  # what an action said stays until the next one
        while self.details.rowCount():
            self.details.removeRow(0)
        labels = self.context.definition.result_labels
        timestamps = self.context.definition.timestamp_keys
        for key, value in data.record.items():
            text = QLabel(display_text(value, key in timestamps))
            text.setObjectName(f"detail:{key}")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(humanize(key, labels) + ":", text)
        for title, table in self.tables.items():
            table.show_rows(data.related.get(title, []))
            table.fit_rows()
        known = data.known()
        reasons = []
        for action in self.page.actions:
            refusal = action.refusal(known)
            button = self.action_buttons[action.label]
            button.setEnabled(not refusal)
            button.setToolTip(refusal or self.context.definition.operation(action.operation).description)
            if refusal:
                reasons.append(f"{action.label}: {refusal}")
        self.refusals.setText("\n".join(reasons))
        self.refusals.setVisible(bool(reasons))

    def detail_text(self, key: str) -> str | None:
        """The text shown for a detail (tests read what the person reads)."""
        label = self.findChild(QLabel, f"detail:{key}")
        return label.text() if label is not None else None

    # --- actions -----------------------------------------------------------------------------------

    def say(self, text: str, ok: bool) -> None:
        self.outcome.setText(text)
        self.outcome.setProperty("role", "success" if ok else "failure")
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.show()

    def _act(self, action: PageAction) -> None:
        if self.data is None:
            return
        values = {k: v for k, v in action.values(self.data.known()).items() if v not in (None, "")}
        if action.sends:
            self.context.tasks.start(self._send(action, values))
        else:
            self._fill_task(self, action, values)

    async def _send(self, action: PageAction, values: dict[str, Any]) -> None:
        await self.context.runner.run(
            action.operation,
            values,
            parent=self,
            report=Report(self.say),
            buttons=list(self.action_buttons.values()),
        )
        # After the runner re-enabled every button: the rules decide again on what is read now.
        if self.data is not None:
            self.show_data(self.data)

    def _open_related(self, opening: tuple[str, dict[str, Any]] | None) -> None:
        if opening is None or not all(v not in (None, "") for v in opening[1].values()):
            self.context.signals.sig_message.emit(
                f"{self.context.definition.name}: this row has no page of its own to open."
            )
            return
        self._open_row(*opening)

    def _on_success(self, operation_id: str, values: dict[str, Any], _data: Any) -> None:
        """A change to this record (any of its ids among the values sent): read it again."""
        if self.context.definition.operation(operation_id).reads:
            return
        sent = {str(v) for v in values.values() if isinstance(v, str | int) and not isinstance(v, bool)}
        if self.record_id in sent:
            self.context.tasks.start(self.reload())
