"""The tab of a vendor that is not built yet: it says so plainly, with no fake form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.vendors import VendorEntry


class PlaceholderTab(QWidget):
    def __init__(self, vendor: VendorEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        message = QLabel(
            f"<h2>{vendor.name}</h2>"
            f"<p>{vendor.summary}.</p>"
            f"<p><b>Not available yet.</b> Switchboard does not connect to {vendor.name} in this version; "
            "it is coming in a later release. Nothing in this tab talks to the vendor.</p>"
        )
        message.setObjectName("not-built")
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message.setWordWrap(True)
        layout.addWidget(message)
        layout.addStretch(2)
