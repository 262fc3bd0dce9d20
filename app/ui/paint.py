"""Run something once a widget has been painted: what start-up defers until the person sees a window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Queued: it runs once this paint pass, children included, is on screen.
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


def after_next_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call ``then`` once ``widget`` next receives a paint event and has painted."""
    _AfterPaint(widget, then)
