"""Asks before creating a record the vendor thinks may already exist (a vendor's duplicate check).

The candidates are shown in the columns the vendor declares (``duplicate_columns`` in its catalog)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout, QWidget

from app.ui.result_view import records_model


class DuplicateDialog(QDialog):
    def __init__(
        self,
        message: str,
        candidates: list[dict[str, Any]],
        labels: dict[str, str],
        parent: QWidget | None = None,
        *,
        columns: Sequence[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possible duplicate")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>This contact may already exist.</b><br>{message}<br>"
            "Check the contacts below. Create the new contact anyway, or cancel and keep your form as it is."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        rows = [{key: candidate.get(key) for key in columns} for candidate in candidates]
        self.table = QTableView()
        self.table.setModel(records_model(rows, labels))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Possible duplicates")
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("Create anyway", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
