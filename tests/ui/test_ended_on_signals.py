"""SIGTERM and Ctrl+C (SIGINT) end the IQ Reseller session of a running window, as closing it does,
without asking about unsaved forms: the real start-up in a child process, the simulator on loopback
reading the DELETE that ends the session."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_cli_iqreseller_oneoffice import SESSION, sandbox_in_this_process

ROOT = Path(__file__).resolve().parents[2]

# The app as `python -m app` runs it; once the IQ Reseller tab is built, one list is asked (which
# starts the session).
START_A_SESSION = """
import asyncio, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from app.ui.app import run_gui
from app.ui.main_window import MainWindow

app = QApplication(sys.argv)

def look():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows or "iqreseller" not in windows[0].vendor_tabs:
        QTimer.singleShot(100, look)
        return
    window = windows[0]
    async def ask():
        await window.workspace.service("iqreseller").run("cv.list", {})
        print(json.dumps({"signed in": True}), flush=True)
    asyncio.ensure_future(ask())

QTimer.singleShot(0, look)
print(json.dumps({"exit": run_gui(sys.argv)}), flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_session_and_the_app_exits_0(tmp_path, sent):
    with sandbox_in_this_process("iqreseller") as (sandbox, origin):
        urls = {"signin": f"{origin}/iqreseller/signin", "api": f"{origin}/iqreseller/api"}
        (tmp_path / "settings.json").write_text(json.dumps({"base_urls": {"iqreseller": {"sandbox": urls}}}))
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        environment.update(
            {"QT_QPA_PLATFORM": "offscreen", "SWITCHBOARD_CONFIG_DIR": str(tmp_path),
             "SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_LOG_DIR": str(tmp_path / "logs"),
             "SWITCHBOARD_DATA_DIR": str(tmp_path / "data"), "SWITCHBOARD_NO_SYNC": "1"}
        )  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-c", START_A_SESSION], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=environment, cwd=ROOT,
        )  # fmt: skip
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, process.stderr.read()[-3000:]
        assert json.loads(line) == {"signed in": True}
        control = sandbox.control("iqreseller")
        assert len(control.requests_to(SESSION, "POST")) == 1
        sent_at = time.monotonic()
        process.send_signal(sent)
        rest, stderr = process.communicate(timeout=30)
        assert time.monotonic() - sent_at < 10  # the bounded exit: 5 s per session to end
        assert process.returncode == 0, stderr[-3000:]
        assert json.loads(rest.strip().splitlines()[-1]) == {"exit": 0}
        ends = control.requests_to(SESSION, "DELETE")
        assert len(ends) == 1 and ends[0].host == "signin"
