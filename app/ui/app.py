"""Start the GUI: the window on screen first, then the qasync loop and the workspace, and a clean exit.

Only Qt and the settings file are needed before the first frame.  httpx, asyncio,
keyring and the vendor catalogs take longer to import than Qt takes to paint the
window, so they come after it (app/ui/main_window.py builds in the same two steps).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from app import APP_NAME, __version__
from app.services.settings import Settings, config_dir
from app.ui.paint import after_next_paint
from app.ui.single_instance import SingleInstance

if TYPE_CHECKING:
    import asyncio

    from app.services.profile import ProfileOutcome
    from app.ui.main_window import MainWindow


def run_gui(argv: list[str]) -> int:
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication), "the window needs a widgets application, not a core one"
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    instance = SingleInstance(config_dir())
    if not instance.first:
        return _already_open(instance)
    settings = Settings()
    window = MainWindow(settings=settings)
    instance.sig_show.connect(lambda: bring_to_front(window))
    window.show()
    wait_for_first_frame(window)
    instance.listen()

    import asyncio
    import gc

    import qasync

    from app.services.api import CredentialStore, secrets_of, setup_logging
    from app.services.profile import apply_organisation_profile
    from app.services.workspace import Workspace
    from app.ui.crash_dialog import install_crash_handler

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # A rotating, redacted log under the platform's log directory, before anything talks to a vendor.
    setup_logging(settings.log_level)
    # Before any service exists, so the profile's environments and URLs are the ones the tabs open on.
    profile = apply_organisation_profile(settings)
    workspace = Workspace(settings, CredentialStore(), profile_declarations=profile.declarations)
    # An unhandled exception in any slot: logged, shown in a copyable redacted report, app keeps running.
    install_crash_handler(window, lambda: secrets_of(workspace))
    window.attach(workspace)
    closed = asyncio.Event()
    window.sig_closed.connect(closed.set)
    # Asking whether the keyring works can take a moment: once the tab is painted.
    QTimer.singleShot(0, window.show_keyring_problem)
    # What start-up built lives as long as the app: kept out of the collector's way, so the full
    # collections that happen while pages stream in stay short (benchmarks measured 36-108 ms pauses).
    window.sig_all_tabs_built.connect(gc.freeze)
    # Declared operations are read as the tabs are built: what was left out is said after that.
    window.sig_all_tabs_built.connect(
        lambda: report_declaration_problems(window, workspace.declarations().problems)
    )
    _report_profile(window, profile)
    report_settings_problem(window, settings)
    # Closing the last window must not stop the loop before sessions are ended.
    app.setQuitOnLastWindowClosed(False)
    end_on_signals(loop, window)
    # Logging off: the session manager asks the app to save; nobody answers questions then.
    app.commitDataRequest.connect(lambda _manager: window.end_without_asking())
    with loop:
        loop.run_until_complete(closed.wait())
    instance.release()
    return 0


def end_on_signals(loop: asyncio.AbstractEventLoop, window: MainWindow) -> None:
    """SIGTERM and SIGINT (Ctrl+C in the terminal that started it) close the window as its close
    button does, without asking, so sessions are ended within the usual bounded exit.

    On POSIX the loop wakes for them itself (its wake-up pipe is a socket Qt watches).  Windows has
    no SIGTERM and its loop takes no handlers: Python's own handler runs only when Python does, so a
    timer lets it run while Qt sleeps."""
    import signal

    names = ("SIGTERM", "SIGINT", "SIGBREAK")
    numbers = [getattr(signal, name) for name in names if hasattr(signal, name)]
    try:
        for number in numbers:
            loop.add_signal_handler(number, window.end_without_asking)
    except NotImplementedError:
        for number in numbers:
            signal.signal(number, lambda *_: QTimer.singleShot(0, window.end_without_asking))
        wake = QTimer(window)
        wake.timeout.connect(lambda: None)
        wake.start(250)


def _already_open(instance: SingleInstance) -> int:
    """A second launch: the first copy's window comes to the front, and this one leaves."""
    if instance.ask_first_to_show():
        print(f"{APP_NAME} is already open: its window was brought to the front.", file=sys.stderr)
        return 0
    from PySide6.QtWidgets import QMessageBox

    message = (
        f"{APP_NAME} is already open on this computer but does not answer. Wait for it to finish "
        "starting, or close it, then open it again."
    )
    print(message, file=sys.stderr)
    QMessageBox.warning(None, APP_NAME, message)
    return 1


def bring_to_front(window: QMainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def wait_for_first_frame(window: QMainWindow, limit_ms: int = 3000) -> None:
    """Run Qt's events until the window is painted, so the person sees it before the slow imports."""
    loop = QEventLoop()
    after_next_paint(window, loop.quit)
    QTimer.singleShot(limit_ms, loop.quit)  # a platform that never paints (none known) must not hang
    loop.exec()
    # What the paint pass posted (zero-delay timers among them) runs now, not after the imports.
    QApplication.processEvents()


def report_declaration_problems(window: QMainWindow, problems: list[str]) -> None:
    """Once, when every tab is built: the declared operations that were left out, and why."""
    import logging

    from PySide6.QtWidgets import QMessageBox

    if not problems:
        return
    for problem in problems:
        logging.getLogger(__name__).warning("%s", problem)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Added operations not used",
        "Some operations or fields added for your vendors were left out; everything else works as usual.",
        parent=window,
    )
    box.setInformativeText("\n".join(problems[:12]) + ("\n…" if len(problems) > 12 else ""))
    box.setObjectName("declarations-problem")
    box.open()


def report_settings_problem(window: QMainWindow, settings: Settings) -> None:
    """Once, at start: which settings could not be used and are back to their defaults."""
    import logging

    from PySide6.QtWidgets import QMessageBox

    problem = settings.load_problem
    if not problem:
        return
    logging.getLogger(__name__).warning("%s (%s)", problem, settings.path)
    box = QMessageBox(QMessageBox.Icon.Warning, "Settings reset", problem, parent=window)
    box.setInformativeText(
        f"Switchboard goes on with the defaults, and writes them into {settings.path} when it closes. "
        "You can choose your own again in File › Settings…."
    )
    box.setObjectName("settings-reset")
    box.open()


def _report_profile(window: QMainWindow, outcome: ProfileOutcome) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.services.profile import ProfileState

    message = outcome.message
    if outcome.state is ProfileState.APPLIED:
        window.statusBar().showMessage(message, 20_000)
    elif outcome.state is ProfileState.INVALID:
        # IT must hear about a broken profile: stderr for scripted checks, a dialog for the person.
        print(message, file=sys.stderr)
        headline, _, problems = message.partition("\n")
        box = QMessageBox(QMessageBox.Icon.Warning, "Organisation profile ignored", headline, parent=window)
        box.setInformativeText(
            f"{problems}\n\nSwitchboard starts with its usual settings. Please tell your IT department."
        )
        # The problems are long lines: a wider text column keeps each one readable.
        box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 560px; }")
        box.open()


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv))
