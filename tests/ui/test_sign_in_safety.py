"""Sign in, Test connection and Sign out in the window when the network fails or a key is pasted badly.

The person reads the same sentence a data call gives, the busy words ("signing in…",
"Testing…") give way to it, and no crash dialog opens (pytest-qt fails a test whose slot
raised).  A key pasted with a line break around it is trimmed; one with a line break inside
is refused next to its field before anything is sent.
"""

from __future__ import annotations

import socket

import pytest

from app.core.credentials import SERVICE_NAME
from app.core.session import SessionState
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import Sandbox, build_sandbox
from app.ui.credentials_dialog import CredentialsDialog
from app.ui.main_window import MainWindow
from tests.conftest import make_workspace
from tests.ui.helpers import click, close_window

SIGN_IN_VENDORS = ("inszoom", "iinsight", "iqreseller")


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def window_with(vendor: str, unreachable: bool, sandbox: Sandbox | None = None) -> MainWindow:
    workspace = make_workspace(sandbox or build_sandbox([vendor]))
    if unreachable:
        url = closed_port_url()
        for host in workspace.definition(vendor).environment("sandbox").hosts:
            workspace.settings.set_base_url(vendor, "sandbox", host, url)
    main = MainWindow(workspace)
    main.show()
    main.tabs.setCurrentWidget(main.vendor_tabs[vendor])
    return main


def messages_of(tab) -> list[str]:
    seen: list[str] = []
    tab.sig_message.connect(seen.append)
    return seen


def open_credentials(qtbot, tab) -> CredentialsDialog:
    click(qtbot, tab.credentials_button)
    qtbot.waitUntil(lambda: tab.findChildren(CredentialsDialog) != [], timeout=3000)
    return tab.findChildren(CredentialsDialog)[-1]


@pytest.mark.parametrize("vendor", SIGN_IN_VENDORS)
def test_sign_in_to_an_unreachable_vendor_shows_the_sentence_and_stops_signing_in(qtbot, qt_loop, vendor):
    main = window_with(vendor, unreachable=True)
    tab = main.vendor_tabs[vendor]
    seen = messages_of(tab)
    click(qtbot, tab.sign_in_button)
    qtbot.waitUntil(lambda: not tab.tasks.busy and len(seen) >= 2, timeout=10000)
    name = tab.definition.name
    assert seen[0] == f"{name}: signing in…"
    assert seen[-1].startswith(f"{name}: {name} could not be reached (nothing answered)")
    assert main.statusBar().currentMessage() == seen[-1]
    assert tab.service.session.status().state is SessionState.ERROR
    close_window(qtbot, main)


@pytest.mark.parametrize("vendor", SIGN_IN_VENDORS)
def test_test_connection_to_an_unreachable_vendor_shows_the_sentence_not_testing(qtbot, qt_loop, vendor):
    main = window_with(vendor, unreachable=True)
    tab = main.vendor_tabs[vendor]
    dialog = open_credentials(qtbot, tab)
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: "could not be reached" in dialog.test_result.text(), timeout=10000)
    assert dialog.test_button.isEnabled()
    dialog.reject()
    close_window(qtbot, main)


def test_sign_out_when_the_vendor_cannot_be_told_says_so_and_signs_out(qtbot, qt_loop):
    main = window_with("iqreseller", unreachable=False)
    tab = main.vendor_tabs["iqreseller"]
    click(qtbot, tab.sign_in_button)
    qtbot.waitUntil(lambda: tab.service.session.status().state is SessionState.ACTIVE, timeout=5000)
    service = tab.service
    service.hosts = dict.fromkeys(service.hosts, closed_port_url())  # the network goes away
    main.workspace.reconnect()  # clients for those addresses: a real socket, not the in-process sandbox
    seen = messages_of(tab)
    click(qtbot, tab.sign_out_button)
    qtbot.waitUntil(lambda: bool(seen) and not tab.tasks.busy, timeout=10000)
    assert "IQ Reseller could not be reached" in seen[-1] and "signed out on this computer" in seen[-1]
    assert service.session.status().state is SessionState.SIGNED_OUT
    close_window(qtbot, main)


# -- keys as pasted -------------------------------------------------------------------------------------


def test_a_key_pasted_with_line_breaks_around_it_is_trimmed_tested_and_saved(qtbot, qt_loop, memory_keyring):
    main = window_with("iqreseller", unreachable=False)
    tab = main.vendor_tabs["iqreseller"]
    key = demo_credentials("iqreseller")["api_key"]
    dialog = open_credentials(qtbot, tab)
    dialog.inputs["api_key"].setText(f"  {key}\r\n")
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Connected"), timeout=5000)
    dialog.accept()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert memory_keyring.entries[(SERVICE_NAME, "iqreseller/sandbox/api_key")] == key
    close_window(qtbot, main)


@pytest.mark.parametrize("inside", ["\n", "\r", "\t"], ids=["line-break", "carriage-return", "tab"])
def test_a_key_with_a_control_character_inside_is_refused_next_to_its_field(
    qtbot, qt_loop, memory_keyring, inside
):
    sandbox = build_sandbox(["iqreseller"])
    main = window_with("iqreseller", unreachable=False, sandbox=sandbox)
    tab = main.vendor_tabs["iqreseller"]
    key = demo_credentials("iqreseller")["api_key"]
    dialog = open_credentials(qtbot, tab)
    dialog.inputs["api_key"].setText(key[:8] + inside + key[8:])
    click(qtbot, dialog.test_button)
    error = dialog.errors["api_key"]
    qtbot.waitUntil(error.isVisible, timeout=3000)
    assert "API key" in error.text() and "control character" in error.text()
    assert not dialog.test_result.text().startswith(("Connected", "Testing"))
    # Save is refused the same way: the dialog stays open and nothing is stored.
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and error.isVisible()
    assert memory_keyring.entries[(SERVICE_NAME, "iqreseller/sandbox/api_key")] == key  # as it was
    assert list(sandbox.control("iqreseller").journal) == []
    dialog.inputs["api_key"].setText(key)
    qtbot.waitUntil(lambda: not error.isVisible(), timeout=3000)
    dialog.reject()
    close_window(qtbot, main)


def test_a_header_key_with_a_character_no_header_carries_is_refused_but_a_password_may_have_one(
    qtbot, qt_loop
):
    main = window_with("inszoom", unreachable=False)
    dialog = open_credentials(qtbot, main.vendor_tabs["inszoom"])
    dialog.inputs["subscription_key"].setText("demo-inszoom-subscription-kéy")
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(dialog.errors["subscription_key"].isVisible, timeout=3000)
    assert "Subscription key" in dialog.errors["subscription_key"].text()
    assert not dialog.errors["authorization_key"].isVisible()
    dialog.reject()
    close_window(qtbot, main)
    main = window_with("iinsight", unreachable=False)
    dialog = open_credentials(qtbot, main.vendor_tabs["iinsight"])
    dialog.inputs["password"].setText("sandbox-päss")  # sent in a JSON body: any character may be in it
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: "refused" in dialog.test_result.text(), timeout=5000)
    assert not dialog.errors["password"].isVisible()
    dialog.reject()
    close_window(qtbot, main)


def test_keys_are_shown_as_saved_without_the_spaces_around_them(qtbot, qt_loop):
    main = window_with("pgi", unreachable=False)
    main.workspace.credentials.set("pgi", "sandbox", "api_key", "pgi-demo-key-2026\n")
    dialog = open_credentials(qtbot, main.vendor_tabs["pgi"])
    assert dialog.inputs["api_key"].text() == "pgi-demo-key-2026"
    dialog.reject()
    close_window(qtbot, main)
