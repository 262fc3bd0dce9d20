"""However malformed the organisation profile or the settings file, the app starts and says so.

Each file is one a person or a script could leave behind (or one built to hurt): nested 100,000
levels deep, a number of 5,000 digits, an address Python cannot split, bytes that are not UTF-8,
a list instead of an object.  The real ``python -m app`` start-up runs in a child process (as
tests/ui/test_settings_reset.py does) and reports the window it shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.malformed import PROFILE, PROFILES, SETTINGS

ROOT = Path(__file__).resolve().parents[2]

# The app as `python -m app` runs it; once every tab is built: its message boxes and address notes.
WATCH_THE_APP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from app.ui.app import run_gui
from app.ui.main_window import MainWindow

app = QApplication(sys.argv)

def look():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows or len(windows[0].vendor_tabs) < windows[0].tabs.count():
        QTimer.singleShot(100, look)
        return
    window = windows[0]
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    print(json.dumps({
        "boxes": [[b.windowTitle(), b.text(), b.informativeText()] for b in boxes],
        "notes": {
            v: t.address_note.text() for v, t in window.vendor_tabs.items() if not t.address_note.isHidden()
        },
        "tabs": window.tabs.count(),
    }), flush=True)
    window.close()

QTimer.singleShot(0, look)
print(json.dumps({"exit": run_gui(sys.argv)}))
"""


def start_the_app(config: Path) -> tuple[dict, subprocess.CompletedProcess[str]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {"QT_QPA_PLATFORM": "offscreen", "SWITCHBOARD_CONFIG_DIR": str(config), "SWITCHBOARD_NO_KEYRING": "1",
         "SWITCHBOARD_LOG_DIR": str(config / "logs"), "SWITCHBOARD_DATA_DIR": str(config / "data"),
         "SWITCHBOARD_NO_SYNC": "1"}
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", WATCH_THE_APP], capture_output=True, text=True, env=environment, cwd=ROOT,
        timeout=120,
    )  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines and lines[-1] == {"exit": 0}, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return lines[0], done


@pytest.mark.parametrize("case", list(PROFILES))
def test_a_malformed_profile_starts_the_app_and_tells_it(tmp_path, case):
    content, said = PROFILES[case]
    (tmp_path / PROFILE).write_bytes(content)
    shown, done = start_the_app(tmp_path)
    assert shown["tabs"] == 5
    [(title, text, more)] = shown["boxes"]
    assert title == "Organisation profile ignored" and PROFILE in text
    assert said in more
    assert said in done.stderr  # IT's scripted checks read it there


@pytest.mark.parametrize("case", list(SETTINGS))
def test_a_malformed_settings_file_starts_the_app_and_tells_it(tmp_path, case):
    content, said = SETTINGS[case]
    (tmp_path / "settings.json").write_bytes(content)
    shown, _ = start_the_app(tmp_path)
    assert shown["tabs"] == 5
    [(title, text, _)] = shown["boxes"]
    assert title == "Settings reset" and said in text


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("https://[::1", "is not a web address"),
        ("https://pgi.example.com\r\n", "line break"),
        ("https://pgi.example.com:99999", "is not a web address"),
        ("https://ops:pw-settings-6161@pgi.example.com", "must not contain a user name or password"),
    ],
)
def test_an_address_in_the_settings_that_cannot_be_used_is_named_on_its_tab_and_not_used(tmp_path, url, said):
    settings = {"version": 2, "environment": {"pgi": "test"}, "base_urls": {"pgi": {"test": {"api": url}}}}
    (tmp_path / "settings.json").write_text(json.dumps(settings))
    shown, done = start_the_app(tmp_path)
    assert shown["boxes"] == []
    note = shown["notes"]["pgi"]
    assert "PGi Test address in the settings" in note and said in note
    assert "https://testapi.zipconferencing.com is used instead" in note
    assert "pw-settings-6161" not in note + done.stderr
