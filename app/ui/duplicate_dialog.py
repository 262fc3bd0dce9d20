"""Asks before creating a record the vendor thinks may already exist (a vendor's duplicate check).

The candidates are shown in the columns the vendor declares (``duplicate_columns`` in its catalog).
Where the vendor's record pages say which record a candidate is (``RecordPage.duplicate_id``), the
person may instead use the existing one they choose: nothing is created, and its page opens."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.cell_copy import copy_cells_inertly
from app.ui.result_view import records_model

# done() code of "use the chosen one" (Accepted is "create anyway", Rejected is "cancel").
USE_EXISTING = 2


class DuplicateDialog(QDialog):
    def __init__(
        self,
        message: str,
        candidates: list[dict[str, Any]],
        labels: dict[str, str],
        parent: QWidget | None = None,
        *,
        columns: Sequence[str],
        existing_id: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possible duplicate")
        self.setMinimumWidth(560)
        self._candidates = candidates
        self._existing_id = existing_id
        self.chosen: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        use = " Use the one you choose in the list," if existing_id is not None else ""
        intro = QLabel(
            f"<b>This contact may already exist.</b><br>{message}<br>"
            f"Check the contacts below.{use} create the new contact anyway, or cancel and keep your "
            "form as it is."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = [{key: candidate.get(key) for key in columns} for candidate in candidates]
        self.table = QTableView()
        copy_cells_inertly(self.table)
        self.table.setModel(records_model(rows, labels))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Possible duplicates")
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.use_button = buttons.addButton("Use the chosen contact", QDialogButtonBox.ButtonRole.ActionRole)
        self.use_button.setToolTip("Nothing is created: the contact you chose in the list opens instead")
        self.use_button.setEnabled(False)
        self.use_button.setVisible(existing_id is not None)
        self.use_button.clicked.connect(self._use_chosen)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.use_button.setEnabled(self._selected() is not None)
        )
        self.table.doubleClicked.connect(lambda *_: self._use_chosen())
        self.create_button = buttons.addButton("Create anyway", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self._existing_id is None:
            return None
        candidate = self._candidates[rows[0].row()]
        return candidate if self._existing_id(candidate) else None

    def _use_chosen(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.chosen = chosen
            self.done(USE_EXISTING)

    def chosen_id(self) -> str:
        return self._existing_id(self.chosen) if self.chosen is not None and self._existing_id else ""
