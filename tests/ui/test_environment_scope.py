"""What a tab shows belongs to one vendor environment: switching never shows or pre-fills another's.

The issue's example: provision a PGi client on the sandbox, look it up, switch the tab to Production
and open "Deactivate a client" — the sandbox client's id, name and result must not be there.
"""

from __future__ import annotations

import json

import pytest

from app.sandbox.registry import build_sandbox
from tests.conftest import make_workspace
from tests.ui.helpers import (
    click_run,
    close_window,
    confirmation_box,
    open_window,
    type_into,
    wait_for_outcome,
)
from tests.ui.test_pgi_tab import TYPED

NOTHING_YET = "Results appear here."


@pytest.fixture
def window(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    main.tabs.setCurrentWidget(main.vendor_tabs["pgi"])
    yield main
    close_window(qtbot, main)


def choose_environment(tab, environment_id: str) -> None:
    tab.environment_box.setCurrentIndex(tab.environment_box.findData(environment_id))


def provision_and_look_up(qtbot, tab) -> str:
    provision = type_into(qtbot, tab, "client.provision", TYPED)
    click_run(qtbot, provision)
    wait_for_outcome(qtbot, provision, "is ready")
    client_id = str(json.loads(provision.result.raw.toPlainText())["data"]["clientId"])
    lookup = type_into(qtbot, tab, "client.get", {"clientId": client_id})
    click_run(qtbot, lookup)
    wait_for_outcome(qtbot, lookup, f"Found PGi client {client_id}.")
    return client_id


def test_production_never_shows_what_the_sandbox_typed_carried_or_answered(qtbot, window):
    tab = window.vendor_tabs["pgi"]
    client_id = provision_and_look_up(qtbot, tab)
    sandbox_lookup = tab.show_operation("client.get")

    choose_environment(tab, "production")
    deactivate = tab.show_operation("client.deactivate")
    assert deactivate.form.editors["clientId"].value() == ""  # not the sandbox client's id
    lookup = tab.show_operation("client.get")
    assert lookup is not sandbox_lookup
    assert lookup.form.editors["clientId"].value() == ""
    assert lookup.result.outcome.text() == NOTHING_YET  # no sandbox answer under the PRODUCTION band
    assert tab.recent_box.items.count() == 0  # the sandbox's Recent belongs to the sandbox

    # A confirmation on production says so, and names no record the sandbox knew.
    type_into(qtbot, tab, "client.deactivate", {"clientId": client_id})
    click_run(qtbot, deactivate)
    box = confirmation_box(qtbot, deactivate)
    assert "Maya Okafor" not in box.text()
    assert "PRODUCTION" in box.text()
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)

    # Back on the sandbox, its own work is where it was left.
    choose_environment(tab, "sandbox")
    assert tab.show_operation("client.get") is sandbox_lookup
    assert f"Found PGi client {client_id}." in sandbox_lookup.result.outcome.text()
    assert tab.show_operation("client.deactivate").form.editors["clientId"].value() == client_id


def test_the_tab_title_the_window_and_the_status_bar_say_which_vendors_are_on_production(qtbot, window):
    tab = window.vendor_tabs["pgi"]
    index = window.tabs.indexOf(tab)
    assert window.tabs.tabText(index) == "PGi"
    assert window.production_note.text() == ""

    choose_environment(tab, "production")
    assert window.tabs.tabText(index) == "PGi — PRODUCTION"
    assert "PRODUCTION: PGi" in window.windowTitle()
    assert window.production_note.text() == "On PRODUCTION: PGi"
    assert "live records" in tab.environment_box.currentText()

    choose_environment(tab, "sandbox")
    assert window.tabs.tabText(index) == "PGi"
    assert window.windowTitle() == "Switchboard"
    assert window.production_note.text() == ""


def test_after_a_restart_on_production_the_status_bar_never_claims_the_sandbox(qtbot, qt_loop, pgi_sandbox):
    from app.ui.main_window import MainWindow

    workspace = make_workspace(pgi_sandbox)
    workspace.settings.set_environment("pgi", "production")
    main = MainWindow(workspace)
    main.show()
    try:
        assert "sandbox" not in main.statusBar().currentMessage().lower()
        assert main.production_note.text() == "On PRODUCTION: PGi"
        assert main.tabs.tabText(main.tabs.indexOf(main.vendor_tabs["pgi"])) == "PGi — PRODUCTION"
        assert main.vendor_tabs["pgi"].production_band.isVisibleTo(main.vendor_tabs["pgi"])
    finally:
        close_window(qtbot, main)


def test_a_look_up_on_the_sandbox_leaves_the_production_update_forms_alone(qtbot, qt_loop):
    main = open_window(build_sandbox(["inszoom"]))
    tab = main.vendor_tabs["inszoom"]
    main.tabs.setCurrentWidget(tab)
    try:
        choose_environment(tab, "production")
        production_update = tab.show_operation("client.update")
        untouched = production_update.form.values()
        choose_environment(tab, "sandbox")
        lookup = type_into(qtbot, tab, "client.get", {"clientId": "CL-10001"})
        click_run(qtbot, lookup)
        wait_for_outcome(qtbot, lookup, "CL-10001")
        assert tab.show_operation("client.update").form.editors["clientId"].value() == "CL-10001"
        assert production_update.form.values() == untouched
    finally:
        close_window(qtbot, main)


def test_a_plain_http_address_from_the_settings_is_said_on_the_tab_that_uses_it(qtbot, qt_loop, pgi_sandbox):
    workspace = make_workspace(pgi_sandbox)
    workspace.settings.set_base_url("pgi", "production", "api", "http://pgi.example.com/api")
    from app.ui.main_window import MainWindow

    main = MainWindow(workspace)
    main.show()
    tab = main.vendor_tabs["pgi"]
    try:
        assert tab.address_note.isHidden()
        choose_environment(tab, "production")
        assert not tab.address_note.isHidden()
        assert "http://pgi.example.com/api" in tab.address_note.text()
        assert "https" in tab.address_note.text()
        choose_environment(tab, "sandbox")
        assert tab.address_note.isHidden()
    finally:
        close_window(qtbot, main)


def test_the_status_bar_speaks_of_the_tab_in_front(qtbot, window):
    pgi = window.vendor_tabs["pgi"]
    panel = type_into(qtbot, pgi, "client.get", {"clientId": "10863894"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Found PGi client 10863894.")
    assert window.statusBar().currentMessage() == "PGi: Found PGi client 10863894."
    window.tabs.setCurrentWidget(window.vendor_tabs["inszoom"])
    assert "PGi" not in window.statusBar().currentMessage()
    window.vendor_tabs["pgi"].sig_message.emit("PGi: signed out.")  # said while another tab is in front
    assert "PGi" not in window.statusBar().currentMessage()
    window.tabs.setCurrentWidget(pgi)
    assert window.statusBar().currentMessage() == "PGi: signed out."
