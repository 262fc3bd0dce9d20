"""The session status light: a coloured dot, words, and a countdown while a token lives."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.services.api import SessionState, SessionStatus

COLOURS: dict[SessionState, str] = {
    SessionState.NOT_CONFIGURED: "#9e9e9e",
    SessionState.SIGNED_OUT: "#9e9e9e",
    SessionState.SIGNING_IN: "#1e88e5",
    SessionState.ACTIVE: "#2e7d32",
    SessionState.EXPIRING_SOON: "#f9a825",
    SessionState.EXPIRED: "#ef6c00",
    SessionState.ERROR: "#c62828",
}


def _clock_text(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def describe(status: SessionStatus, now: float, signs_in: bool) -> str:
    """The words next to the light, e.g. 'Signed in — token renews in 3:42'."""
    state = status.state
    if state is SessionState.NOT_CONFIGURED:
        return "Not set up — open Credentials…"
    if state is SessionState.SIGNED_OUT:
        return "Signed out" if signs_in else "Ready — the key is checked on the first request"
    if state is SessionState.SIGNING_IN:
        return "Signing in…"
    if state is SessionState.ERROR:
        return f"Problem: {status.message}"
    if state is SessionState.EXPIRED:
        return "Token expired — it renews on the next request"
    if not signs_in:
        return "Connected — API key accepted"
    left = status.seconds_left(now)
    if left is None:
        started = datetime.fromtimestamp(status.started_at or now).strftime("%H:%M")
        return f"Signed in — session started at {started}"
    if state is SessionState.EXPIRING_SOON:
        return f"Signed in — token renews in {_clock_text(left)} (soon)"
    return f"Signed in — token renews in {_clock_text(left)}"


class StatusLight(QWidget):
    """Polls a status source once a second so the countdown moves without any event."""

    def __init__(
        self,
        source: Callable[[], SessionStatus],
        signs_in: bool,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._signs_in = signs_in
        self._clock = clock
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.dot = QLabel()
        self.dot.setFixedSize(14, 14)
        self.words = QLabel()
        self.words.setObjectName("status-words")
        layout.addWidget(self.dot)
        layout.addWidget(self.words, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        # The first reading asks the keyring: after the window is painted, not before.
        QTimer.singleShot(0, self.refresh)

    def rebind(self, source: Callable[[], SessionStatus], signs_in: bool, refresh: bool = True) -> None:
        self._source = source
        self._signs_in = signs_in
        if refresh:
            self.refresh()

    @property
    def state(self) -> SessionState:
        return self._source().state

    def refresh(self) -> None:
        status = self._source()
        colour = COLOURS[status.state]
        self.dot.setStyleSheet(f"background: {colour}; border-radius: 7px;")
        text = describe(status, self._clock(), self._signs_in)
        self.words.setText(text)
        self.setToolTip(f"Session: {text}")
        self.setAccessibleName(f"Session status: {text}")
