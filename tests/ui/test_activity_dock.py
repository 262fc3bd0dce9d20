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


def test_a_history_that_cannot_be_saved_is_said_so_beside_the_list(qtbot, tmp_path):
    from app.core.activity import ActivityEntry, ActivityLog
    from app.ui.activity_dock import ActivityDock

    (tmp_path / "config").write_text("a file where the folder should be", encoding="utf-8")
    log = ActivityLog(tmp_path / "config" / "activity.jsonl")
    dock = ActivityDock(log)
    qtbot.addWidget(dock)
    assert dock.file_note.text() == ""
    entry = ActivityEntry(
        started_at=0, vendor="pgi", operation="Look up a client", method="GET", url="u", status=200,
        duration_ms=1,
    )  # fmt: skip
    log.record(entry)
    assert dock.model.total_count() == 1  # still listed
    assert dock.file_note.text().startswith("⚠ The activity history could not be saved")
    assert dock.file_note.text().endswith("It is listed here until Switchboard closes.")


def test_columns_widen_to_requests_that_arrive_while_the_panel_is_open(qtbot):
    from app.core.activity import ActivityEntry, ActivityLog
    from app.ui.activity_dock import ActivityDock

    log = ActivityLog(None)
    dock = ActivityDock(log)
    qtbot.addWidget(dock)
    dock.resize(1000, 320)
    dock.show()
    qtbot.waitExposed(dock)
    entry = ActivityEntry(
        started_at=0, vendor="pgi", operation="Look up a client", method="GET",
        url="https://api.example/api/client/get", status=200, duration_ms=12,
    )  # fmt: skip
    for _ in range(3):
        log.record(entry)
    view = dock.view
    fits = [lambda c=c: view.columnWidth(c) >= view.sizeHintForColumn(c) for c in range(5)]
    qtbot.waitUntil(lambda: all(fit() for fit in fits), timeout=3000)  # no text cut short
