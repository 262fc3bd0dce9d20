"""PySide6 6.12.0 on Python 3.11 leaked a reference to True on every disconnect (QT-NOTES.md).

qasync disconnects on every socket unregistration, so that bug killed the test
process after a few dozen network tests.  This catches a PySide6 upgrade that brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    sig_ping = Signal()


def test_signal_disconnect_does_not_leak_references_to_true(qapp):
    emitter = _Emitter()

    def on_ping() -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.sig_ping.connect(on_ping)
        emitter.sig_ping.disconnect(on_ping)
    drift = sys.getrefcount(True) - before
    assert abs(drift) < 50, f"reference count of True drifted by {drift} over 500 disconnects"
