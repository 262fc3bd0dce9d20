"""What a vendor's tab shows for the moment between the window appearing and the tab being built."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.vendors import VendorEntry


class OpeningTab(QWidget):
    def __init__(self, vendor: VendorEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vendor = vendor

    def showEvent(self, event: QShowEvent) -> None:
        # Written when shown: only the tab in front is ever seen like this, and its rich text costs.
        if self.layout() is None:
            self._write()
        super().showEvent(event)

    def _write(self) -> None:
        vendor = self.vendor
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        # Centred by the HTML rather than Qt.AlignmentFlag: this page is part of the first frame, and
        # Qt's namespace of enums costs ~20 ms to load.
        message = QLabel(
            f"<div align='center'><h2>{vendor.name}</h2><p>{vendor.summary}.</p><p>Opening…</p></div>"
        )
        message.setObjectName("opening")
        message.setWordWrap(True)
        layout.addWidget(message)
        layout.addStretch(2)
