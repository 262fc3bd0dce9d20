"""Start the GUI: QApplication, the qasync loop, the main window, and a clean exit."""

from __future__ import annotations

import asyncio
import gc
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app import APP_NAME, __version__
from app.core.credentials import CredentialStore
from app.core.logs import secrets_of, setup_logging
from app.core.profile import ProfileOutcome, ProfileState, apply_organisation_profile
from app.core.settings import Settings
from app.core.workspace import Workspace


def run_gui(argv: list[str]) -> int:
    import qasync

    from app.ui.crash_dialog import install_crash_handler
    from app.ui.main_window import MainWindow
    from app.ui.resources import style_sheet

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setStyleSheet(style_sheet())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    settings = Settings()
    # A rotating, redacted log under the platform's log directory, from the very start.
    setup_logging(settings.get("log_level"))
    # Before any service exists, so the profile's environments and URLs are the ones the tabs open on.
    profile = apply_organisation_profile(settings)
    workspace = Workspace(settings, CredentialStore())
    window = MainWindow(workspace)
    # An unhandled exception in any slot: logged, shown in a copyable redacted report, app keeps running.
    install_crash_handler(window, lambda: secrets_of(workspace))
    closed = asyncio.Event()
    window.sig_closed.connect(closed.set)
    window.show()
    # After the first paint: asking whether the keyring works can take a moment.
    QTimer.singleShot(0, window.show_keyring_problem)
    # What start-up built lives as long as the app: kept out of the collector's way, so the full
    # collections that happen while pages stream in stay short (benchmarks measured 36-108 ms pauses).
    QTimer.singleShot(0, gc.freeze)
    _report_profile(window, profile)
    # Closing the last window must not stop the loop before sessions are ended.
    app.setQuitOnLastWindowClosed(False)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0


def _report_profile(window: QMainWindow, outcome: ProfileOutcome) -> None:
    if outcome.state is ProfileState.APPLIED:
        window.statusBar().showMessage(outcome.message, 20_000)
    elif outcome.state is ProfileState.INVALID:
        # IT must hear about a broken profile: stderr for scripted checks, a dialog for the person.
        print(outcome.message, file=sys.stderr)
        headline, _, problems = outcome.message.partition("\n")
        box = QMessageBox(QMessageBox.Icon.Warning, "Organisation profile ignored", headline, parent=window)
        box.setInformativeText(
            f"{problems}\n\nSwitchboard starts with its usual settings. Please tell your IT department."
        )
        # The problems are long lines: a wider text column keeps each one readable.
        box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 560px; }")
        box.open()


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv))
