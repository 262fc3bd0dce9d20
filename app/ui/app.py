"""Start the GUI: QApplication, the qasync loop, the main window, and a clean exit."""

from __future__ import annotations

import asyncio
import sys

from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__
from app.core.credentials import CredentialStore
from app.core.settings import Settings
from app.core.workspace import Workspace


def run_gui(argv: list[str]) -> int:
    import qasync

    from app.ui.main_window import MainWindow
    from app.ui.resources import style_sheet

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setStyleSheet(style_sheet())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    workspace = Workspace(Settings(), CredentialStore())
    window = MainWindow(workspace)
    closed = asyncio.Event()
    window.sig_closed.connect(closed.set)
    window.show()
    window.show_keyring_problem()
    # Closing the last window must not stop the loop before sessions are ended.
    app.setQuitOnLastWindowClosed(False)
    with loop:
        loop.run_until_complete(closed.wait())
    return 0


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv))
