"""Light and dark: the window follows the choice, and the role colours keep their contrast."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.ui.resources import ROLE_COLOURS
from tests.ui.helpers import close_window, open_window


def window_lightness() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_and_light_appearance(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    try:
        main.set_appearance("dark")
        qtbot.waitUntil(lambda: window_lightness() < 100, timeout=3000)
        assert ROLE_COLOURS[True]["hint"] in QApplication.instance().styleSheet()
        assert main.workspace.settings.appearance == "dark"
        main.set_appearance("light")
        qtbot.waitUntil(lambda: window_lightness() > 180, timeout=3000)
        assert ROLE_COLOURS[False]["hint"] in QApplication.instance().styleSheet()
    finally:
        main.set_appearance("system")
        close_window(qtbot, main)
