"""INSZoom: download a document by its id (the link is fetched, then the file itself)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.context import TabContext
from app.ui.download_bar import DownloadBar
from app.ui.headings import add_heading


class DocumentDownloadPanel(QWidget):
    def __init__(self, context: TabContext) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        add_heading(
            layout,
            "Download a document",
            "Saves a client's or a case's document on this computer. The ids are listed when you open "
            "a client or a case (Client overview shows them all).",
        )
        row = QHBoxLayout()
        row.addWidget(QLabel("Document id:"))
        self.document_id = QLineEdit()
        self.document_id.setPlaceholderText("e.g. DOC-8001")
        self.document_id.setAccessibleName("Document id")
        row.addWidget(self.document_id, 1)
        self.bar = DownloadBar(context)
        self.download_button = QPushButton("Download…")
        self.download_button.setDefault(True)
        self.download_button.clicked.connect(
            lambda: context.tasks.start(self.bar.choose_and_download(self.document_id.text().strip()))
        )
        row.addWidget(self.download_button)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addStretch(1)

    def open_record(self, values: dict[str, object]) -> None:
        """A document chosen on a client's page: its id filled in; where to save it is asked on Download."""
        self.document_id.setText(str(values.get("documentId") or ""))
        self.download_button.setFocus()
