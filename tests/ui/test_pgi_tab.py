"""The PGi tab as a person uses it: typing, clicking, and reading what the window shows."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from app import vendors
from app.core.credentials import SERVICE_NAME
from app.ui.credentials_dialog import CredentialsDialog
from app.ui.main_window import MainWindow
from app.ui.vendor_tab import VendorTab
from tests.conftest import make_workspace
from tests.ui.helpers import (
    click_run,
    close_window,
    confirmation_box,
    open_window,
    type_into,
    wait_for_outcome,
)

TYPED = {
    "company.externalId": "7001",
    "company.name": "Northwind Dental Group",
    "client.externalId": "9001",
    "client.first": "Maya",
    "client.last": "Okafor",
    "client.email": "maya.okafor@northwind.example",
    "contact.city": "Boston",
    "contact.state": "MA",
    "contact.country": "USA",
}


@pytest.fixture
def window(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    yield main
    close_window(qtbot, main)


@pytest.fixture
def pgi_tab(window) -> VendorTab:
    tab = window.vendor_tabs["pgi"]
    window.tabs.setCurrentWidget(tab)
    return tab


def requests_sent(sandbox) -> list:
    return list(sandbox.control("pgi").journal)


def test_every_vendor_has_a_tab(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["INSZoom", "PGi", "iinsight", "OneOffice", "IQ Reseller"]
    for entry in vendors.available():
        assert isinstance(window.tab_for(entry.id), VendorTab)
    assert window.tabs.currentWidget() is window.vendor_tabs["pgi"]


def test_a_new_user_can_work_on_the_sandbox_at_once(qtbot, qt_loop, pgi_sandbox):
    """No credentials saved at all: the sandbox's demo key is used, nothing is written to the keyring."""
    workspace = make_workspace(pgi_sandbox, sign_in_as_demo=False)
    main = MainWindow(workspace)
    main.show()
    tab = main.vendor_tabs["pgi"]
    qtbot.waitUntil(lambda: not tab.demo_note.isHidden())
    panel = type_into(qtbot, tab, "client.get", {"clientId": "10863894"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Found PGi client 10863894.")
    assert panel.result.value_text("Hub id")
    close_window(qtbot, main)


def test_tasks_are_listed_in_plain_words(pgi_tab):
    items = [pgi_tab.task_list.item(i).text() for i in range(pgi_tab.task_list.count())]
    assert items == [
        "Conference accounts",
        "Set up a conference account",
        "Look up a client",
        "Deactivate a client",
        "Reactivate a client",
    ]


def test_provision_shows_the_new_account_as_labelled_fields(qtbot, pgi_tab, pgi_sandbox):
    panel = type_into(qtbot, pgi_tab, "client.provision", TYPED)
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "is ready")
    assert panel.result.outcome.text() == "The conference account for Maya Okafor is ready."
    client_id = json.loads(panel.result.raw.toPlainText())["data"]["clientId"]
    assert panel.result.value_text("PGi client id") == str(client_id)
    assert panel.result.value_text("Hub address").endswith(".example.com")
    assert panel.result.value_text("Moderator pass code").isdigit()
    assert not panel.result.raw.isVisible()
    panel.result.raw_toggle.setChecked(True)
    assert panel.result.raw.isVisible()
    assert pgi_tab.light.words.text() == "Connected — API key accepted"


def test_missing_required_fields_are_marked_next_to_each_field_and_nothing_is_sent(
    qtbot, pgi_tab, pgi_sandbox
):
    panel = pgi_tab.show_operation("client.provision")
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "highlighted fields")
    errors = {name: e.error.text() for name, e in panel.form.editors.items() if e.error.isVisible()}
    assert errors == {
        "company.externalId": "Our customer id is required.",
        "company.name": "Company name is required.",
        "client.externalId": "Our user-plan id is required.",
        "client.first": "First name is required.",
        "client.last": "Last name is required.",
        "client.email": "Email is required.",
        "contact.country": "Country is required.",
    }
    assert requests_sent(pgi_sandbox) == []


def test_us_contact_without_state_shows_the_reason_under_state(qtbot, pgi_tab, pgi_sandbox):
    values = {**TYPED, "contact.state": ""}
    panel = type_into(qtbot, pgi_tab, "client.provision", values)
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "highlighted field")
    state = panel.form.editors["contact.state"]
    assert state.error.isVisible()
    assert state.error.text() == "State is required for contacts in the United States."
    assert panel.form.editors["client.first"].value() == "Maya"
    assert requests_sent(pgi_sandbox) == []


def test_a_bad_email_is_explained_as_soon_as_the_field_is_left(qtbot, pgi_tab):
    panel = type_into(qtbot, pgi_tab, "client.provision", {"client.email": "maya.northwind"})
    panel.form.editors["client.email"].input.editingFinished.emit()
    error = panel.form.editors["client.email"].error
    assert error.isVisible()
    assert error.text() == "Enter an email address such as name@example.com."


def test_a_failed_lookup_keeps_what_was_typed(qtbot, pgi_tab):
    panel = type_into(qtbot, pgi_tab, "client.get", {"clientId": "99999999"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "not found")
    assert panel.result.outcome.property("role") == "failure"
    assert panel.form.editors["clientId"].value() == "99999999"


def test_deactivate_asks_first_naming_the_client_and_cancel_changes_nothing(qtbot, pgi_tab, pgi_sandbox):
    provision = type_into(qtbot, pgi_tab, "client.provision", TYPED)
    click_run(qtbot, provision)
    wait_for_outcome(qtbot, provision, "is ready")
    client_id = json.loads(provision.result.raw.toPlainText())["data"]["clientId"]
    state = pgi_sandbox.simulators["pgi"].state

    panel = type_into(qtbot, pgi_tab, "client.deactivate", {"clientId": str(client_id)})
    sent_before = len(requests_sent(pgi_sandbox))
    click_run(qtbot, panel)
    box = confirmation_box(qtbot, pgi_tab)
    assert f"Deactivate PGi client {client_id} (Maya Okafor, Northwind Dental Group)?" in box.text()
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not pgi_tab.tasks.busy, timeout=3000)
    assert len(requests_sent(pgi_sandbox)) == sent_before
    assert state.is_active(client_id) is True

    click_run(qtbot, panel)
    box = confirmation_box(qtbot, pgi_tab)
    box.confirm_button.click()
    wait_for_outcome(qtbot, panel, "is deactivated")
    assert state.is_active(client_id) is False

    reactivate = pgi_tab.show_operation("client.reactivate")
    assert reactivate.form.editors["clientId"].value() == str(client_id)  # carried over from the last task
    click_run(qtbot, reactivate)
    wait_for_outcome(qtbot, reactivate, "is active again")
    assert state.is_active(client_id) is True


def test_credentials_dialog_shows_the_demo_key_tests_and_saves_to_the_keyring(
    qtbot, qt_loop, pgi_sandbox, memory_keyring
):
    workspace = make_workspace(pgi_sandbox, sign_in_as_demo=False)
    main = MainWindow(workspace)
    tab = main.vendor_tabs["pgi"]
    # The light is read once the window is up (it asks the keyring, which can be slow).
    qtbot.waitUntil(lambda: tab.light.words.text() == "Ready — the key is checked on the first request")
    assert not tab.demo_note.isHidden()
    qtbot.mouseClick(tab.credentials_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.findChildren(CredentialsDialog) != [], timeout=3000)
    dialog = tab.findChildren(CredentialsDialog)[-1]
    assert "pgi-demo-key-2026" in dialog.findChild(QLabel, "demo-credentials").text()
    key_input = dialog.inputs["api_key"]
    assert key_input.echoMode() == key_input.EchoMode.Password

    qtbot.keyClicks(key_input, "not-the-key")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused" in dialog.test_result.text(), timeout=5000)
    assert "not-the-key" not in dialog.test_result.text()

    use_demo = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Use demo credentials")
    qtbot.mouseClick(use_demo, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Connected"), timeout=5000)
    dialog.accept()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert memory_keyring.entries[(SERVICE_NAME, "pgi/sandbox/api_key")] == "pgi-demo-key-2026"
    assert tab.demo_note.isHidden()
    close_window(qtbot, main)


def test_production_is_marked_unmistakably_and_needs_its_own_credentials(qtbot, pgi_tab):
    assert not pgi_tab.production_band.isVisible()
    pgi_tab.environment_box.setCurrentIndex(pgi_tab.environment_box.findData("production"))
    assert pgi_tab.production_band.isVisible()
    assert pgi_tab.light.words.text() == "Not set up — open Credentials…"
    assert pgi_tab.demo_note.isHidden()
    assert "PRODUCTION" in pgi_tab.production_band.text()
    assert pgi_tab.service.environment.id == "production"
    assert pgi_tab.workspace.settings.environment_for("pgi", "sandbox") == "production"


def test_sign_in_button_turns_the_light_green(qtbot, pgi_tab):
    qtbot.mouseClick(pgi_tab.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pgi_tab.light.words.text() == "Connected — API key accepted", timeout=5000)
    qtbot.mouseClick(pgi_tab.sign_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: pgi_tab.light.words.text() == "Ready — the key is checked on the first request", timeout=5000
    )


def test_quitting_with_unsent_input_asks_first(qtbot, window, pgi_tab):
    type_into(qtbot, pgi_tab, "client.provision", {"client.first": "Maya"})
    window.close()
    box = confirmation_box(qtbot, window)
    assert "Set up a conference account" in box.text()
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=3000)
    assert window.isVisible()
    assert pgi_tab.panels["client.provision"].form.editors["client.first"].value() == "Maya"
