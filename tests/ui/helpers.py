"""What GUI tests do as a person would: open the window, type, click, wait for what appears."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt

from app.ui.dialogs import ConfirmationBox
from app.ui.main_window import MainWindow
from app.ui.vendor_tab import VendorTab
from tests.conftest import make_workspace


def open_window(sandbox, sign_in_as_demo: bool = True) -> MainWindow:
    main = MainWindow(make_workspace(sandbox, sign_in_as_demo))
    main.show()
    return main


@contextmanager
def vendor_tab_shown(qtbot, sandbox, vendor_id: str) -> Iterator[VendorTab]:
    """The window open on ``vendor_id``'s tab, closed through the real shutdown path afterwards."""
    main = open_window(sandbox)
    tab = main.vendor_tabs[vendor_id]
    main.tabs.setCurrentWidget(tab)
    try:
        yield tab
    finally:
        close_window(qtbot, main)


def close_window(qtbot, main: MainWindow) -> None:
    """Close through the real shutdown path (sessions ended, clients closed), skipping the question."""
    for tab in main.vendor_tabs.values():
        for page in tab.pages.values():
            for panel in page.panels.values():
                panel.form.mark_clean()
    with qtbot.waitSignal(main.sig_closed, timeout=5000):
        main.close()
    main.deleteLater()


def type_into(qtbot, tab: VendorTab, operation_id: str, values: dict[str, str]):
    panel = tab.show_operation(operation_id)
    for name, text in values.items():
        editor = panel.form.editors[name]
        if hasattr(editor.input, "clear") and hasattr(editor.input, "text"):
            editor.input.clear()
            qtbot.keyClicks(editor.input, text)
        else:
            editor.set_value(text)
    return panel


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_run(qtbot, panel) -> None:
    click(qtbot, panel.run_button)


def wait_for_outcome(qtbot, panel, contains: str) -> None:
    qtbot.waitUntil(lambda: contains in panel.result.outcome.text(), timeout=5000)


def confirmation_box(qtbot, parent) -> ConfirmationBox:
    def shown() -> list[ConfirmationBox]:
        return [box for box in parent.findChildren(ConfirmationBox) if box.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=3000)
    return shown()[-1]
