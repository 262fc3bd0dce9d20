"""Keyboard alone: the quick lookup and a form, with no mouse at all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.sandbox.registry import build_sandbox
from app.ui.quick_lookup import QuickLookupDialog
from tests.ui.helpers import close_window, open_window

CTRL = Qt.KeyboardModifier.ControlModifier


def focused():
    return QApplication.focusWidget()


def lookup_dialog(window) -> QuickLookupDialog:
    return next(d for d in window.findChildren(QuickLookupDialog) if d.isVisible())


def activate(qtbot, main) -> None:
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=3000)


def test_lookup_by_keyboard_opens_the_record_in_its_tab(qtbot, qt_loop):
    main = open_window(build_sandbox(["pgi", "iinsight"]))
    activate(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main.findChildren(QuickLookupDialog)), timeout=3000)
    dialog = lookup_dialog(main)
    qtbot.keyClicks(dialog.query, "10863894")
    qtbot.waitUntil(lambda: len(dialog.hit_items()) == 1, timeout=5000)
    qtbot.waitUntil(lambda: dialog._groups["iinsight"].text(1) != "searching…", timeout=5000)
    groups = {dialog.results.topLevelItem(i).text(0): dialog.results.topLevelItem(i).text(1)
              for i in range(dialog.results.topLevelItemCount())}  # fmt: skip
    assert groups["iinsight"].startswith("skipped")  # not signed in: a note, not an error
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    tab = main.vendor_tabs["pgi"]
    assert main.tabs.currentWidget() is tab
    page = tab.current_task()  # the account's own page
    qtbot.waitUntil(lambda: page.detail_text("hubId") is not None, timeout=5000)
    assert tab.recent_box.items.count() == 1  # the record joined Recent
    close_window(qtbot, main)


def test_lookup_before_typing_lists_recent_records(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    tab = main.vendor_tabs["pgi"]
    tab.open_record("client.get", {"clientId": "10863894"})
    qtbot.waitUntil(lambda: tab.recent_box.items.count() == 1, timeout=5000)
    tab.recent_box.items.setCurrentRow(0)
    tab.recent_box.toggle_pin()
    dialog = main.open_lookup()
    items = dialog.hit_items()
    assert [item.text(0) for item in items] == ["★ PGi — Conference account 10863894"]
    dialog.reject()
    close_window(qtbot, main)


def test_a_form_by_keyboard_alone(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    activate(qtbot, main)
    tab = main.vendor_tabs["pgi"]
    main.tabs.setCurrentWidget(tab)
    tab.task_list.setFocus()
    qtbot.keyClick(tab.task_list, Qt.Key.Key_Down)  # from "Set up a conference account" to "Look up a client"
    assert tab.task_list.currentItem().text() == "Look up a client"
    panel = tab.panels["client.get"]
    field = panel.form.editors["clientId"].input
    field.setFocus()  # the tab order reaches it next; the focus chain is checked below
    qtbot.keyClicks(field, "99999999")
    qtbot.keyClick(field, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "not found" in panel.result.outcome.text(), timeout=5000)
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "10863894")
    qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: panel.result.value_text("Hub id") is not None, timeout=5000)
    close_window(qtbot, main)


def test_tab_order_runs_through_every_field_then_the_button(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    activate(qtbot, main)
    tab = main.vendor_tabs["pgi"]
    panel = tab.show_operation("client.provision")
    # A composite input (a state that becomes a list once the country is set) hands focus to its part.
    inputs = [editor.input.focusProxy() or editor.input for editor in panel.form.editors.values()]
    inputs[0].setFocus()
    qtbot.waitUntil(lambda: focused() is inputs[0], timeout=2000)
    reached = [focused()]
    for _ in range(len(inputs)):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        reached.append(focused())
    assert reached[: len(inputs)] == inputs
    assert reached[len(inputs)] is panel.run_button
    close_window(qtbot, main)


def test_ctrl_number_switches_tabs(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    activate(qtbot, main)
    for index in (3, 1, 5):
        qtbot.keyClick(main, Qt.Key(Qt.Key.Key_0 + index), CTRL)
        assert main.tabs.currentIndex() == index - 1
    close_window(qtbot, main)


def test_every_control_has_an_accessible_name_or_text(qtbot, qt_loop, pgi_sandbox):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    main = open_window(pgi_sandbox)
    nameless = []
    for widget in main.findChildren(QLineEdit) + main.findChildren(QComboBox):
        if widget.objectName().startswith("qt_") or isinstance(widget.parent(), QComboBox):
            continue  # Qt's own parts: a calendar's year box, an editable combo's line
        if not widget.accessibleName():
            nameless.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    for button in main.findChildren(QAbstractButton):
        if button.objectName().startswith("qt_") or isinstance(button.parent(), QLineEdit):
            continue  # Qt's own parts: a line edit's clear button
        if not (button.text() or button.accessibleName() or button.toolTip()):
            nameless.append(f"{type(button).__name__} in {type(button.parent()).__name__}")
    assert nameless == []
    close_window(qtbot, main)


def test_ctrl_comma_opens_settings_and_escape_closes_them(qtbot, qt_loop):
    main = open_window(build_sandbox(["pgi"]))
    activate(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: getattr(main, "settings_dialog", None) is not None, timeout=3000)
    dialog = main.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    close_window(qtbot, main)
