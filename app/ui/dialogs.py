"""Questions to the user that can be awaited without a nested event loop.

``dialog.exec()`` inside a coroutine breaks qasync ("Cannot enter into task"), so
these open the dialog with ``open()`` and await its ``finished`` signal.
"""

from __future__ import annotations

import asyncio
import contextlib

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


async def wait_finished(dialog: QDialog) -> int:
    """Open ``dialog`` window-modally and wait for its result code."""
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def on_finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(on_finished)
    dialog.open()
    try:
        return await future
    finally:
        # The dialog may have gone with its window (closed while the question was open).
        with contextlib.suppress(RuntimeError):
            dialog.finished.disconnect(on_finished)


class ConfirmationBox(QMessageBox):
    """A warning with a named confirm button; Cancel is the default and Escape answers it."""

    def __init__(self, parent: QWidget, title: str, text: str, confirm_label: str) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(text)
        self.confirm_button = self.addButton(confirm_label, QMessageBox.ButtonRole.AcceptRole)
        cancel = self.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(cancel)
        self.setEscapeButton(cancel)

    def confirmed(self) -> bool:
        return self.clickedButton() is self.confirm_button


async def confirm(parent: QWidget, title: str, text: str, confirm_label: str) -> bool:
    """Ask before something destructive."""
    box = ConfirmationBox(parent, title, text, confirm_label)
    await wait_finished(box)
    box.deleteLater()
    return box.confirmed()
