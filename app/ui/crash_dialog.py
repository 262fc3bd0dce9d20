"""An unexpected error, told in words, with a report the user can copy; the app keeps running.

``install_crash_handler`` makes this the ``sys.excepthook``: Qt slots and the
qasync tasks of :class:`~app.ui.tasks.UiTasks` hand their unhandled exceptions to
it.  The error is logged (redacted by :mod:`app.core.logs`) and shown in one
non-modal dialog — never ``exec()``, which would nest an event loop inside a
coroutine (QT-NOTES.md) — so the window behind it stays usable.  Errors that
arrive while the dialog is open are added to it instead of opening one per error.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from datetime import datetime
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.services.api import SecretSource, known_secrets, redact, set_secret_source

log = logging.getLogger(__name__)

HEADLINE = f"Something went wrong inside {APP_NAME}."
EXPLANATION = (
    "Your window is still open and what you typed is still there; you can carry on working. "
    "If this keeps happening, copy the report below and send it to your support team. "
    "Passwords, keys and tokens have been removed from it."
)
SEPARATOR = "\n" + "-" * 72 + "\n"


def crash_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    secrets: list[str] | None = None,
) -> str:
    """The report: what ran where, then the traceback — with every secret we know of redacted."""
    lines = [
        f"{APP_NAME} {__version__} — error report",
        f"Time: {datetime.now().isoformat(timespec='seconds')}",
        f"System: {platform.platform()}; Python {platform.python_version()}; PySide6 {pyside_version}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    text = "\n".join(line.rstrip("\n") for line in lines)
    return redact(text, known_secrets() if secrets is None else secrets)


class CrashDialog(QDialog):
    """The report in a read-only box, "Copy report" and "Close"."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash-dialog")
        self.setWindowTitle(f"{APP_NAME} — unexpected error")
        self.setModal(False)
        self.count = 1
        layout = QVBoxLayout(self)
        headline = QLabel(HEADLINE)
        headline.setProperty("role", "title")
        layout.addWidget(headline)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.report = QPlainTextEdit(report)
        self.report.setObjectName("crash-report")
        self.report.setReadOnly(True)
        # Selectable from the keyboard too (Ctrl+A, Ctrl+C), not only with the mouse.
        self.report.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.report.setAccessibleName("Error report")
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setMinimumSize(640, 280)
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("Copy report")
        self.copy_button.setToolTip("Copy the whole report to the clipboard, to paste into an email")
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def report_text(self) -> str:
        return self.report.toPlainText()

    def add_report(self, report: str) -> None:
        """Another error while this one is shown: one dialog, every report in it."""
        self.count += 1
        self.report.setPlainText(self.report_text() + SEPARATOR + report)
        self.setWindowTitle(f"{APP_NAME} — {self.count} unexpected errors")

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText("Copied")


class CrashHandler:
    """A ``sys.excepthook`` that logs the error and shows it in a :class:`CrashDialog`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.dialog: CrashDialog | None = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            log.error("Unexpected error: %s", exc_type.__name__, exc_info=(exc_type, exc, tb))
            self.show(crash_report(exc_type, exc, tb))
        except Exception:
            # The handler itself must never become the crash: fall back to Python's own printout.
            sys.__excepthook__(exc_type, exc, tb)

    def show(self, report: str) -> CrashDialog:
        dialog = self.dialog
        if dialog is not None and dialog.isVisible():
            dialog.add_report(report)
            return dialog
        if dialog is not None:
            dialog.deleteLater()
        self.dialog = dialog = CrashDialog(report, self.parent)
        dialog.show()  # non-modal: the window behind stays usable, and no nested event loop
        dialog.raise_()
        return dialog


def install_crash_handler(parent: QWidget | None, secrets: SecretSource | None = None) -> CrashHandler:
    """Make unhandled exceptions show the crash dialog (and name the values to redact from reports)."""
    if secrets is not None:
        set_secret_source(secrets)
    handler = CrashHandler(parent)
    sys.excepthook = handler
    return handler
