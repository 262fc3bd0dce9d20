"""Download one INSZoom document: ask where, stream it with progress and Cancel, then offer to open it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.ui.attempt import attempt
from app.ui.context import TabContext
from app.ui.dialogs import wait_finished
from app.ui.runner import run_long


class DownloadBar(QWidget):
    def __init__(self, context: TabContext) -> None:
        super().__init__()
        self._context = context
        self.saved_to: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Download progress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel download")
        self.cancel_button.hide()
        self.open_button = QPushButton("Open the file")
        self.open_button.setToolTip("Open it with the program your computer uses for this kind of file")
        self.open_button.clicked.connect(self.open_file)
        self.open_button.hide()
        self.message = QLabel()
        self.message.setObjectName("download-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.message, 2)
        layout.addWidget(self.open_button)

    async def _link(self, document_id: str) -> dict[str, Any] | None:
        """The document's download link (it also names the file), or None with the reason shown."""
        service = self._context.service
        answer = await attempt(service.run("document.download_url", {"documentId": document_id}))
        if answer.error is not None:
            self.message.setText(answer.error.message)
            return None
        link = answer.value.data if answer.value is not None else None
        return link if isinstance(link, dict) else None

    async def choose_and_download(self, document_id: str) -> None:
        """Get the document's link first (it names the file), ask where to save it, then download."""
        link = await self._link(document_id)
        if link is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        dialog = QFileDialog(
            self, "Save the document as", str(Path(folder) / str(link.get("FileName") or ""))
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if not await wait_finished(dialog) or not dialog.selectedFiles():
            self.message.setText("Download not started.")
            return
        await self.download_link(link, Path(dialog.selectedFiles()[0]))

    async def download_to(self, document_id: str, target: Path) -> None:
        link = await self._link(document_id)
        if link is not None:
            await self.download_link(link, target)

    async def download_link(self, link: dict[str, Any], target: Path) -> None:
        url = str(link.get("DownloadUrl") or "")
        name = str(link.get("FileName") or target.name)
        self.saved_to = None
        self.open_button.hide()
        self.message.setText(f"Downloading {name}…")
        try:
            downloaded = await run_long(
                self._context.tasks,
                self._context.service.download(url, target, self._on_progress),
                progress=self.progress,
                cancel=self.cancel_button,
            )
        except OSError as exc:
            self.message.setText(f"{name} could not be saved there ({exc.strerror or exc}).")
            return
        if downloaded is None:
            self.message.setText(f"Download of {name} cancelled; nothing was saved.")
        elif downloaded.error is not None:
            self.message.setText(downloaded.error.message)
        else:
            self.saved_to = target
            self.message.setText(f"Saved {name} ({downloaded.value or 0:,} bytes) to {target.parent}.")
            self.open_button.show()

    def _on_progress(self, received: int, total: int | None) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(received)
        self.progress.setFormat(f"{received // 1024:,} KB")

    def open_file(self) -> None:
        if self.saved_to is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_to)))
