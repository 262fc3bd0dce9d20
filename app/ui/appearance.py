"""Light or dark: follow the computer's setting, or the one chosen in View > Appearance.

Windows and macOS tell Qt the computer's scheme and honour a requested one.  Where the
platform cannot (many Linux desktops, the offscreen platform), a dark Fusion palette is
set by hand so that "Dark" still means dark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.ui.resources import style_sheet

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

Role = QPalette.ColorRole
DARK_COLOURS = {
    Role.Window: "#2b2d30",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#1f2023",
    Role.AlternateBase: "#2b2d30",
    Role.ToolTipBase: "#3c3f41",
    Role.ToolTipText: "#e6e6e6",
    Role.Text: "#e6e6e6",
    Role.Button: "#3c3f41",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ffffff",
    Role.Highlight: "#2f65ca",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#8ab4f8",
    Role.PlaceholderText: "#9aa0a6",
}


def is_dark() -> bool:
    return QApplication.palette().color(Role.Window).lightness() < 128


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.Text, Role.ButtonText, Role.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f8389"))
    return palette


_applied: list[str] = []  # the choices applied in this process, the first one at start-up


def apply_appearance(choice: str) -> None:
    """Set the colour scheme (system = follow the computer) and the style sheet's colours to match."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # Imported here: Qt's namespace of enums costs ~20 ms to load, and the window's first frame,
    # which follows the computer unless told otherwise, does not need it.
    if choice == "system" and not _applied:
        _applied.append(choice)
        app.setStyleSheet(style_sheet(is_dark()))
        return
    _applied.append(choice)
    from PySide6.QtCore import Qt

    schemes = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
    wanted = schemes.get(choice, Qt.ColorScheme.Unknown)
    app.styleHints().setColorScheme(wanted)
    honoured = wanted == Qt.ColorScheme.Unknown or app.styleHints().colorScheme() == wanted
    if choice == "dark" and not honoured:
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    app.setStyleSheet(style_sheet(is_dark()))


_following: list[bool] = []  # connected once per process, however many windows are built


def follow_system_changes() -> None:
    """When the computer switches between light and dark, the style sheet's colours follow."""
    if _following:
        return
    _following.append(True)
    QGuiApplication.styleHints().colorSchemeChanged.connect(_restyle)


def _restyle(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyleSheet(style_sheet(is_dark()))
