"""A settings file with values Switchboard cannot use: the app starts with their defaults and says
which were reset, once, in words; the window's layout lives in a file of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.services.layout import WindowLayout
from app.services.settings import config_dir
from tests.ui.helpers import close_window, open_window

ROOT = Path(__file__).resolve().parents[2]

# What `python -m app` runs, watched from inside: once every tab is built, report what is on screen.
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
        "timeout": window.workspace.service("pgi").client.timeout.read,
        "tabs": window.tabs.count(),
    }), flush=True)
    window.close()

QTimer.singleShot(0, look)
code = run_gui(sys.argv)
print(json.dumps({"exit": code}))
"""


def start_the_app(config: Path) -> tuple[list[dict], subprocess.CompletedProcess[str]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {"QT_QPA_PLATFORM": "offscreen", "SWITCHBOARD_CONFIG_DIR": str(config), "SWITCHBOARD_NO_KEYRING": "1"}
    )
    done = subprocess.run(
        [sys.executable, "-c", WATCH_THE_APP], capture_output=True, text=True, env=environment, cwd=ROOT,
        timeout=90,
    )  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return lines, done


def test_a_timeout_of_fast_opens_the_window_on_the_default_and_says_so_once(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"timeout_s": "fast"}))
    seen, done = start_the_app(tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert seen[-1] == {"exit": 0}
    shown = seen[0]
    assert shown["tabs"] == 5 and shown["timeout"] == 30.0
    assert len(shown["boxes"]) == 1
    title, text, more = shown["boxes"][0]
    assert title == "Settings reset"
    assert text == (
        "Some of your settings could not be used and are back to their defaults: "
        "Seconds to wait for a vendor to answer (timeout_s) must be a number."
    )
    assert "File › Settings…" in more
    # The value that could not be used is gone from the file, so the next start has nothing to say.
    assert json.loads((tmp_path / "settings.json").read_text()).get("timeout_s") is None
    again, _ = start_the_app(tmp_path)
    assert again[0]["boxes"] == []


def test_the_window_layout_is_kept_apart_from_the_settings(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    main.tabs.setCurrentWidget(main.vendor_tabs["iinsight"])
    main.resize(main.width(), 640)  # the offscreen screen is 800 high
    close_window(qtbot, main)
    settings = json.loads((config_dir() / "settings.json").read_text())
    assert not {"window_geometry", "window_state", "splitter_state", "last_tab"} & settings.keys()
    layout = WindowLayout(config_dir() / "layout.json")
    assert layout.last_tab == "iinsight" and layout.window_geometry and set(layout.splitter_state) >= {"pgi"}
    reopened = open_window(pgi_sandbox)
    try:
        assert reopened.tabs.currentWidget() is reopened.vendor_tabs["iinsight"]
        assert reopened.height() == 640
    finally:
        close_window(qtbot, reopened)


def test_a_window_layout_that_cannot_be_used_opens_the_window_at_its_usual_size(qtbot, qt_loop, pgi_sandbox):
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "layout.json").write_text(
        json.dumps({"version": 1, "window_geometry": "not Qt's bytes!", "splitter_state": {"pgi": 7},
                    "window_state": "%%%", "last_tab": "nobody"})
    )  # fmt: skip
    main = open_window(pgi_sandbox)
    try:
        assert (main.width(), main.height()) == (1180, 760)
        assert main.tabs.currentWidget() is main.vendor_tabs["pgi"]
        assert not main.findChildren(QMessageBox)  # nothing to tell: the window simply opens as usual
    finally:
        close_window(qtbot, main)


def test_the_window_opens_with_values_that_cannot_be_used(qtbot, qt_loop, pgi_sandbox):
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.json").write_text(
        json.dumps({"version": 2, "timeout_s": "fast", "concurrency": "many", "appearance": 3})
    )
    main = open_window(pgi_sandbox)
    try:
        reset = [option.name for option, _ in main.settings.problems]
        assert reset == ["timeout_s", "concurrency", "appearance"]
        assert main.workspace.service("pgi").client.timeout.read == 30.0
        table = main.vendor_tabs["iinsight"].show_task("company_contacts.list").table
        assert table.concurrency == 4
    finally:
        close_window(qtbot, main)
