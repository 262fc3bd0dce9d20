"""Ctrl+C on a list, tree or table: the current cell's text, made inert for a spreadsheet.

Qt's own Ctrl+C on an item view copies the current cell as it is shown, so a
record named ``=HYPERLINK(…)`` pasted into Excel would run.  Every view that shows
what a vendor or a user wrote copies through here instead (the records table copies
whole rows, through the same guard).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView

from app.services.api import inert_cell


class _InertCopy(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (
            isinstance(watched, QAbstractItemView)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            return False
        index = watched.currentIndex()
        if index.isValid():
            shown = index.data()
            QGuiApplication.clipboard().setText(inert_cell("" if shown is None else str(shown)))
        return True


def copy_cells_inertly(view: QAbstractItemView) -> None:
    """Make Ctrl+C on ``view`` copy its current cell through :func:`inert_cell`."""
    view.installEventFilter(_InertCopy(view))
