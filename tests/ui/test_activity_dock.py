"""The Activity panel: each request listed, its details redacted, curl copied, history cleared."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.helpers import click, click_run, close_window, open_window, type_into, wait_for_outcome


def test_activity_lists_requests_with_redacted_details_and_curl(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    assert not main.activity.isVisible()  # hidden until asked for
    main.activity.toggleViewAction().trigger()
    assert main.activity.isVisible()
    tab = main.vendor_tabs["pgi"]
    panel = type_into(qtbot, tab, "client.get", {"clientId": "99999999"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "not found")
    dock = main.activity
    qtbot.waitUntil(lambda: dock.model.total_count() == 1, timeout=3000)
    row = dock.model.record(0)
    assert (row["vendor"], row["operation"], row["status"]) == ("pgi", "Look up a client", 404)
    assert row["request"].endswith("/pgi/api/client/get")
    dock.view.selectRow(0)
    details = dock.details.toPlainText()
    assert "x-auth-token: [redacted]" in details
    assert "pgi-demo-key-2026" not in details
    assert '{"clientId": 99999999}' in details
    click(qtbot, dock.copy_curl_button)
    curl = QApplication.clipboard().text()
    assert curl.startswith("curl -X POST ") and "[redacted]" in curl and "pgi-demo-key-2026" not in curl
    click(qtbot, dock.clear_button)
    assert dock.model.total_count() == 0
    assert len(main.workspace.activity.entries) == 0
    close_window(qtbot, main)
