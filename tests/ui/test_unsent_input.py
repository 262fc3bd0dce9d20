"""What a person typed and did not send is never replaced without asking."""

from __future__ import annotations

import json

import pytest

from app.sandbox.registry import build_sandbox
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import click, click_run, close_window, confirmation_box, open_window, type_into


@pytest.fixture
def sandbox():
    return build_sandbox(["inszoom"])


@pytest.fixture
def tab(qtbot, qt_loop, sandbox):
    main = open_window(sandbox)
    vendor_tab: VendorTab = main.vendor_tabs["inszoom"]
    main.tabs.setCurrentWidget(vendor_tab)
    yield vendor_tab
    close_window(qtbot, main)


def create_client(qtbot, tab: VendorTab, first: str, last: str) -> str:
    values = {"FirstName": first, "LastName": last, "Email": "a@x.example"}
    add = type_into(qtbot, tab, "client.create", values)
    click_run(qtbot, add)
    qtbot.waitUntil(lambda: first in add.result.outcome.text(), timeout=5000)
    return str(json.loads(add.result.raw.toPlainText())["Id"])


def lookups_sent(sandbox) -> int:
    return len([r for r in sandbox.control("inszoom").journal if r.method == "GET" and "/Client" in r.path])


def test_opening_a_record_over_typed_values_asks_first_and_keeps_them_on_cancel(qtbot, tab, sandbox):
    client_id = create_client(qtbot, tab, "Amara", "Okoye")
    look = type_into(qtbot, tab, "client.get", {"clientId": "12345"})  # typed, not sent
    before = lookups_sent(sandbox)

    tab.open_record("client.get", {"clientId": client_id})  # as Recent or the quick lookup does
    box = confirmation_box(qtbot, tab)
    assert "Look up a client" in box.text() and client_id in box.text()
    box.reject()
    qtbot.waitUntil(lambda: "kept what you typed" in tab.window().statusBar().currentMessage(), timeout=3000)
    assert look.form.editors["clientId"].value() == "12345"
    assert lookups_sent(sandbox) == before  # nothing was sent

    tab.open_record("client.get", {"clientId": client_id})
    box = confirmation_box(qtbot, tab)
    click(qtbot, box.confirm_button)
    qtbot.waitUntil(lambda: look.result.value_text("First name") == "Amara", timeout=5000)
    assert look.form.editors["clientId"].value() == client_id
    assert lookups_sent(sandbox) == before + 1


def test_opening_a_record_over_an_untouched_form_asks_nothing(qtbot, tab):
    client_id = create_client(qtbot, tab, "Bea", "Lund")
    tab.open_record("client.get", {"clientId": client_id})
    look = tab.panels["client.get"]
    qtbot.waitUntil(lambda: look.result.value_text("First name") == "Bea", timeout=5000)


def test_a_look_up_does_not_overwrite_changes_typed_into_the_update_form(qtbot, tab):
    client_id = create_client(qtbot, tab, "Chen", "Wu")
    change = type_into(qtbot, tab, "client.update", {"clientId": client_id, "JobTitle": "Paralegal"})
    look = type_into(qtbot, tab, "client.get", {"clientId": client_id})
    click_run(qtbot, look)
    qtbot.waitUntil(lambda: look.result.value_text("First name") == "Chen", timeout=5000)
    assert change.form.editors["JobTitle"].value() == "Paralegal"
    assert change.form.editors["LastName"].value() == ""  # not filled over their edits either
    assert "still holds what you typed" in tab.window().statusBar().currentMessage()
