"""One Switchboard per person: a second launch brings the first window to the front and leaves.

Two copies side by side would each keep their own settings, Recent and record index in memory, and
the second to quit would overwrite what the first saved.  The first copy holds a lock file in the
settings folder and listens on a local socket named after that folder; a later launch that finds
the lock taken asks the first, over that socket, to show its window, and exits.  A lock left by a
copy that crashed is taken over (QLockFile checks the process that held it).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    # Imported when used: the lock decides before the first frame, and QtNetwork costs start-up time.
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "switchboard.lock"
SHOW = b"show\n"
WAIT_MS = 3000  # for the first copy's answer: it may still be painting its first frame
CONNECT_ATTEMPTS = 15


def server_name(folder: Path) -> str:
    """The local socket's name: one per settings folder (a test run's own folder is its own)."""
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"switchboard-{digest}"


class SingleInstance(QObject):
    """``first`` tells whether this is the copy that runs; ``sig_show`` fires when a later launch
    asks it to come to the front."""

    sig_show = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        folder.mkdir(parents=True, exist_ok=True)
        self._name = server_name(folder)
        self._lock = QLockFile(str(folder / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # held as long as the copy runs; a dead holder's lock is stale
        self.first = self._lock.tryLock(100)
        self._server: QLocalServer | None = None

    def listen(self) -> None:
        """As the first copy, answer later launches (once the window is painted: a launch meanwhile
        finds the lock taken and waits for the answer)."""
        from PySide6.QtNetwork import QLocalServer

        if not self.first or self._server is not None:
            return
        QLocalServer.removeServer(self._name)  # a socket a crashed copy left behind
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._answer)
        self._server.listen(self._name)

    def ask_first_to_show(self) -> bool:
        """From a later launch: ask the running copy to show its window; whether it heard."""
        from PySide6.QtNetwork import QLocalSocket

        # The first copy listens once its window is painted: a launch just after it waits a little.
        socket = QLocalSocket()
        for _attempt in range(CONNECT_ATTEMPTS):
            socket.connectToServer(self._name)
            if socket.waitForConnected(WAIT_MS // CONNECT_ATTEMPTS):
                break
            time.sleep(WAIT_MS / CONNECT_ATTEMPTS / 1000)
        else:
            return False
        socket.write(SHOW)
        heard = socket.waitForBytesWritten(WAIT_MS)
        socket.disconnectFromServer()
        return heard

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        if self.first:
            self._lock.unlock()

    def _answer(self) -> None:
        assert self._server is not None
        # Each socket is the server's child, freed with it: a launch asks once and goes away.
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._heard)
            if socket.bytesAvailable():
                self._read(socket)

    def _heard(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if SHOW.strip() in bytes(socket.readAll().data()):
            self.sig_show.emit()
