"""Where the style sheet and icons live, from a source tree or a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


# Colours for the roles of style.qss, chosen for contrast on each background.
ROLE_COLOURS = {
    False: {"hint": "#5f6368", "success": "#1b5e20", "failure": "#c62828", "warning": "#a15c00"},
    True: {"hint": "#a8b0b8", "success": "#81c784", "failure": "#ef7a7a", "warning": "#ffb74d"},
}


def style_sheet(dark: bool = False) -> str:
    path = resources_dir() / "style.qss"
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    for role, colour in ROLE_COLOURS[dark].items():
        text = text.replace("{" + role + "}", colour)
    return text


def icon(name: str) -> QIcon:
    from PySide6.QtGui import QIcon  # Qt's types load their enums when imported: not before the first frame

    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def light_icon(colour: str, size: int = 32) -> QIcon:
    """A filled circle, drawn at 2x so it stays sharp on high-DPI screens."""
    from PySide6.QtCore import Qt  # Qt's enums cost ~20 ms to load: not before the first frame
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(4, 4, size - 8, size - 8)
    painter.end()
    return QIcon(pixmap)
