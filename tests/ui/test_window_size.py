"""The window never resizes itself: a table that loads fits the size the person chose."""

from __future__ import annotations

from app.sandbox.registry import build_sandbox
from tests.ui.helpers import click, close_window, open_window


def test_loading_every_page_of_a_table_keeps_the_window_size(qtbot, qt_loop):
    main = open_window(build_sandbox(["iinsight", "pgi"]))
    main.resize(1180, 700)
    qtbot.waitUntil(lambda: main.size().width() == 1180, timeout=3000)
    try:
        tab = main.vendor_tabs["iinsight"]
        main.tabs.setCurrentWidget(tab)
        panel = tab.show_task("company_contacts.list")
        panel.show_first_page()
        qtbot.waitUntil(lambda: panel.table.model.total_count() > 0, timeout=10_000)
        click(qtbot, panel.table.load_all_button)
        qtbot.waitUntil(lambda: not panel.table.progress.isHidden(), timeout=5000)
        qtbot.wait(100)
        assert (main.width(), main.height()) == (1180, 700)  # while loading, the bar and Cancel fit
        qtbot.waitUntil(lambda: panel.table.progress.isHidden(), timeout=30_000)
        assert (main.width(), main.height()) == (1180, 700)
        assert not panel.table.load_all_button.isHidden()
    finally:
        close_window(qtbot, main)


def test_opening_activity_keeps_the_window_size(qtbot, qt_loop):
    main = open_window(build_sandbox(["pgi"]))
    main.resize(1180, 700)
    qtbot.waitUntil(lambda: main.size().height() == 700, timeout=3000)
    try:
        assert main.activity is not None
        main.activity.show()
        qtbot.wait(200)
        assert (main.width(), main.height()) == (1180, 700)
    finally:
        close_window(qtbot, main)
