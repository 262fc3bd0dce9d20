"""Help › About: which copy this is and where it keeps what it writes, each folder one click away
(a support agent asks "send me the log" — the person must find it without a developer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.services.folders import build, folders


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setObjectName("about")
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{APP_NAME}</b> {__version__}")
        title.setObjectName("heading")
        layout.addWidget(title)
        layout.addWidget(
            QLabel("Forms and tables for your vendors' web APIs. Keys are kept in your system's keychain.")
        )
        self.build = QLabel(build())
        self.build.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.build.setAccessibleName("Build")
        layout.addWidget(self.build)
        grid = QGridLayout()
        self.paths: dict[str, QLabel] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        for row, (what, place) in enumerate(folders()):
            grid.addWidget(QLabel(f"{what}:"), row, 0)
            path = QLabel(str(place))
            path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            path.setAccessibleName(what)
            grid.addWidget(path, row, 1)
            button = QPushButton("Open")
            button.setAccessibleName(f"Open the folder of {what.lower()}")
            button.setToolTip(f"Show {place.parent if place.suffix else place} in the file manager")
            button.clicked.connect(lambda _checked=False, p=place: open_folder(p))
            grid.addWidget(button, row, 2)
            self.paths[what] = path
            self.open_buttons[what] = button
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def open_folder(place: Path) -> bool:
    """The folder (a file's own folder) in the system's file manager, made first if it is not there."""
    folder = place.parent if place.suffix else place
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
