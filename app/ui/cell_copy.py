"""Ctrl+C on a list, tree or table: the current cell's text, made inert for a spreadsheet.

Qt's own Ctrl+C on an item view copies the current cell as it is shown, so a
record named ``=HYPERLINK(…)`` pasted into Excel would run.  Every view that shows
what a vendor or a user wrote copies through here instead (the records table copies
whole rows, through the same guard).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView

from app.services.api import inert_cell


def copy_cells_inertly(view: QAbstractItemView) -> None:
    """Make Ctrl+C on ``view`` copy its current cell through :func:`inert_cell`.

    A shortcut of the view's own, taken before the view's key handling sees the keys (an event
    filter would run Python for every event the view receives)."""
    shortcut = QShortcut(QKeySequence.StandardKey.Copy, view)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: _copy_current_cell(view))


def _copy_current_cell(view: QAbstractItemView) -> None:
    index = view.currentIndex()
    if index.isValid():
        shown = index.data()
        QGuiApplication.clipboard().setText(inert_cell("" if shown is None else str(shown)))
