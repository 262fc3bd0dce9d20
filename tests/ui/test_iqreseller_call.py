"""The IQ Reseller tab's "Call another IQ Reseller method" as integrations call it: GET or POST, the path
after webapi.svc/, query parameters as rows, a JSON body for POST only, XML answers (the simulator's
journal is what went over the wire)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QComboBox, QLabel

from app.sandbox.registry import build_sandbox
from app.ui.field_widgets import PairsInput
from app.ui.result_view import ResultView
from tests.ui.helpers import click, click_run, close_window, open_window, wait_for_outcome

UPDATE = {"sos": [{"soid": 1813, "userdefined1": "TRACKING123", "lastupdatedby": "SWITCHBOARD"}]}


@pytest.fixture
def sandbox():
    return build_sandbox(["iqreseller"])


@pytest.fixture
def panel(qtbot, qt_loop, sandbox):
    main = open_window(sandbox)
    tab = main.vendor_tabs["iqreseller"]
    main.tabs.setCurrentWidget(tab)
    yield tab.show_operation("call")
    close_window(qtbot, main)


def choose(qtbot, panel, verb: str) -> None:
    combo = panel.form.editors["http_method"].input
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(verb))


def type_path(qtbot, panel, path: str) -> None:
    qtbot.keyClicks(panel.form.editors["path"].input, path)


def add_rows(qtbot, panel, rows: list[tuple[str, str]]) -> None:
    """Type each parameter into a row, asking for a new row as a person does."""
    pairs = panel.form.editors["query"].input
    assert isinstance(pairs, PairsInput)
    for index, (name, value) in enumerate(rows):
        if index:
            click(qtbot, pairs.add_button)
        _host, name_line, value_line = pairs.rows[index]
        qtbot.keyClicks(name_line, name)
        qtbot.keyClicks(value_line, value)


def test_get_with_query_rows_shows_the_sales_orders_as_a_table(qtbot, panel, sandbox):
    assert panel.form.editors["http_method"].value() == "POST"  # the default, as on the command line
    choose(qtbot, panel, "GET")
    type_path(qtbot, panel, "SO/JSON/GetSOs")
    add_rows(qtbot, panel, [("Page", "0"), ("PageSize", "100"), ("SortBy", "0")])
    click_run(qtbot, panel)
    table = panel.result.table
    qtbot.waitUntil(table.isVisible, timeout=5000)
    assert table.model().rowCount() == 100
    assert table.model().headers()[:3] == ["Soid", "So", "Clientid"]
    assert table.model().index(0, 0).data() == "1601"
    sent = sandbox.control("iqreseller").requests_to("/webapi.svc/SO/JSON/GetSOs")[-1]
    assert (sent.method, sent.query, sent.body) == ("GET", "Page=0&PageSize=100&SortBy=0", b"")
    assert sent.headers["iqr-session-token"]


def test_post_sends_the_json_body_as_typed_to_the_path(qtbot, panel, sandbox):
    type_path(qtbot, panel, "SO/UDFS/JSON")
    qtbot.keyClicks(panel.form.editors["body"].input, json.dumps(UPDATE))
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "IQ Reseller answered.")
    sent = sandbox.control("iqreseller").requests_to("/webapi.svc/SO/UDFS/JSON")[-1]
    assert sent.method == "POST"
    assert json.loads(sent.body) == UPDATE
    qtbot.waitUntil(panel.result.table.isVisible, timeout=5000)
    row = panel.result.table.model().record(0)
    assert (row["soid"], row["userdefined1"]) == (1813, "TRACKING123")


def test_the_xml_form_is_shown_as_a_table_of_orders(qtbot, panel, sandbox):
    choose(qtbot, panel, "GET")
    type_path(qtbot, panel, "SO/XML/GetSOs?Page=0&PageSize=5&SortBy=0")
    click_run(qtbot, panel)
    table = panel.result.table
    qtbot.waitUntil(table.isVisible, timeout=5000)
    assert table.model().rowCount() == 5
    assert table.model().headers()[0] == "Soid"
    assert [table.model().index(row, 0).data() for row in range(5)] == [str(n) for n in range(1601, 1606)]
    panel.result.raw_toggle.setChecked(True)
    assert panel.result.raw.toPlainText().startswith("<ArrayOfSO><SO>")  # as received


def test_the_body_is_for_post_only(qtbot, panel):
    body = panel.form.editors["body"].input
    assert body.isEnabled()
    choose(qtbot, panel, "GET")
    assert not body.isEnabled()
    choose(qtbot, panel, "POST")
    assert body.isEnabled()


def test_a_get_with_a_body_is_refused_under_the_body_and_nothing_is_sent(qtbot, panel, sandbox):
    type_path(qtbot, panel, "SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0")
    qtbot.keyClicks(panel.form.editors["body"].input, "{}")
    choose(qtbot, panel, "GET")  # typed before: kept, and still editable, so the sentence can be acted on
    assert panel.form.editors["body"].input.isEnabled()
    click_run(qtbot, panel)
    error = panel.form.editors["body"].error
    qtbot.waitUntil(error.isVisible, timeout=3000)
    assert error.text() == "A GET sends no body: leave it out (no --body), or send the method with POST."
    assert sandbox.control("iqreseller").requests_to("/webapi.svc/SO/JSON/GetSOs") == []


def test_paging_past_the_last_orders_shows_the_vendors_message(qtbot, panel):
    choose(qtbot, panel, "GET")
    type_path(qtbot, panel, "SO/JSON/GetSOs")
    add_rows(qtbot, panel, [("Page", "3"), ("PageSize", "100"), ("SortBy", "0")])
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Object reference not set to an instance of an object")


def test_xml_that_is_no_list_reads_as_indented_text_and_a_doctype_is_never_read(qtbot):
    view = ResultView({})
    qtbot.addWidget(view)
    view.show()
    view.show_data('<SO xmlns="http://schemas.example/iqr"><soid>1813</soid><status>Open</status></SO>')
    assert not view.table.isVisible()
    assert view.text.isVisible()
    assert view.text.toPlainText() == "<SO>\n  <soid>1813</soid>\n  <status>Open</status>\n</SO>"
    laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>'
    view.show_data(laughs)
    assert view.text.toPlainText() == laughs  # shown as it came, nothing expanded
    reason = view.fields_host.findChild(QLabel).text()
    assert reason == "The XML declares a document type, which this app does not read."
