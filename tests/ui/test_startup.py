"""The window appears before the slow parts of start-up, and becomes whole without a gap.

The app paints a shell first (menus, quick lookup, one tab per vendor, the front one saying
it is opening), then brings the workspace and builds the vendor tabs.  These tests check
what a person sees at each step and that nothing network-bound happens before the first frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel

from app import vendors
from app.services.layout import WindowLayout
from app.services.settings import Settings
from app.ui.main_window import MainWindow
from app.ui.opening_tab import OpeningTab
from app.ui.vendor_tab import VendorTab
from tests.conftest import make_workspace
from tests.ui.helpers import close_window

ROOT = Path(__file__).resolve().parents[2]

FIRST_FRAME_SCRIPT = """
import json, sys
from PySide6.QtWidgets import QApplication, QLabel
from app.services.settings import Settings
from app.ui.app import wait_for_first_frame
from app.ui.main_window import MainWindow

app = QApplication(sys.argv)
window = MainWindow(settings=Settings())
window.show()
wait_for_first_frame(window)
front = window.tabs.currentWidget().findChild(QLabel, "opening")
print(json.dumps({
    "modules": sorted(sys.modules),
    "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
    "front": front.text() if front else None,
    "status": window.statusBar().currentMessage(),
}))
"""


def test_the_first_frame_shows_the_vendors_before_anything_network_bound_is_loaded(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "SWITCHBOARD_CONFIG_DIR": str(tmp_path),
            "SWITCHBOARD_NO_KEYRING": "1",
        }
    )
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_SCRIPT],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["tabs"] == [entry.name for entry in vendors.VENDORS]
    assert "PGi" in seen["front"] and "Opening…" in seen["front"]
    assert seen["status"] == "Starting…"
    loaded = set(seen["modules"])
    slow_modules = ("httpx", "asyncio", "qasync", "keyring", "starlette", "app.services.workspace")
    for slow in slow_modules:
        assert slow not in loaded, f"{slow} was imported before the first frame"
    assert not [m for m in loaded if m.startswith(("app.sandbox", "app.vendors.", "app.ui.vendor_tab"))]


def start_in_two_steps(sandbox) -> MainWindow:
    """What run_gui does: the shell, shown; then the workspace attached, the other tabs left for later."""
    workspace = make_workspace(sandbox)
    window = MainWindow(settings=workspace.settings)
    window.show()
    window.attach(workspace)
    return window


def test_the_front_tab_is_built_at_once_and_the_others_while_idle(qtbot, qt_loop, pgi_sandbox):
    window = start_in_two_steps(pgi_sandbox)
    try:
        assert isinstance(window.tabs.currentWidget(), VendorTab)
        assert window.tabs.tabText(window.tabs.currentIndex()) == "PGi"
        assert list(window.vendor_tabs) == ["pgi"]
        assert window.statusBar().currentMessage() == "Ready."
        waiting = [window.tab_for(v) for v in ("inszoom", "iinsight", "oneoffice", "iqreseller")]
        assert all(isinstance(page, OpeningTab) for page in waiting)
        with qtbot.waitSignal(window.sig_all_tabs_built, timeout=10_000):
            pass
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles == [entry.name for entry in vendors.VENDORS]
        assert all(isinstance(window.tab_for(entry.id), VendorTab) for entry in vendors.VENDORS)
        assert window.tabs.tabText(window.tabs.currentIndex()) == "PGi"  # building never switched tabs
    finally:
        close_window(qtbot, window)


def test_choosing_a_tab_not_built_yet_builds_it_there_and_then(qtbot, qt_loop, pgi_sandbox):
    window = start_in_two_steps(pgi_sandbox)
    try:
        index = [entry.id for entry in vendors.VENDORS].index("iinsight")
        assert isinstance(window.tab_for("iinsight"), OpeningTab)
        window.tabs.setCurrentIndex(index)
        assert window.tabs.currentWidget() is window.vendor_tabs["iinsight"]
        assert window.tabs.currentIndex() == index
        assert window.vendor_tabs["iinsight"].task_list.count() > 0
    finally:
        close_window(qtbot, window)


def test_an_opening_tab_names_its_vendor_in_words(qtbot):
    page = OpeningTab(vendors.entry("iinsight"))
    qtbot.addWidget(page)
    page.show()
    text = page.findChild(QLabel, "opening").text()
    assert "iinsight" in text and "Case contacts and company contacts" in text and "Opening…" in text


def test_closing_the_window_while_it_starts_still_signs_out_and_closes(qtbot, qt_loop, pgi_sandbox):
    workspace = make_workspace(pgi_sandbox)
    window = MainWindow(settings=workspace.settings)
    window.show()
    window.close()  # before the workspace is there: nothing to shut down yet, so it waits
    assert window.isVisible()
    with qtbot.waitSignal(window.sig_closed, timeout=5000):
        window.attach(workspace)
    assert not window.isVisible()
    assert WindowLayout(Settings().layout_path()).last_tab == "pgi"  # the layout was saved on the way out
    window.deleteLater()
