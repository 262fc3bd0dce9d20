"""Record pages as an office worker uses them: a record opened from the lookup shows its own page —
its name, its details in plain words, its related records, the actions that apply — and whatever is
done from the page shows on it at once."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.sandbox.registry import build_sandbox
from app.ui.record_page import RecordPageView
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import click, click_run, vendor_tab_shown


def shown_page(qtbot, tab: VendorTab) -> RecordPageView:
    qtbot.waitUntil(lambda: isinstance(tab.current_task(), RecordPageView), timeout=3000)
    page = tab.current_task()
    assert isinstance(page, RecordPageView)
    qtbot.waitUntil(lambda: page.data is not None or page.outcome.property("role") == "failure", timeout=5000)
    return page


def rows(page: RecordPageView, title: str) -> list[dict]:
    table = page.tables[title]
    return [table.records.record(row) for row in range(table.records.visible_count())]


@pytest.fixture
def inszoom(qtbot, qt_loop):
    sandbox = build_sandbox(["inszoom"])
    with vendor_tab_shown(qtbot, sandbox, "inszoom") as tab:
        yield tab, sandbox


def test_client_page_shows_details_passports_visas_and_employer(qtbot, inszoom):
    tab, _sandbox = inszoom
    tab.open_record("client.get", {"clientId": "CL-10001"})
    page = shown_page(qtbot, tab)
    assert page.title.text() == "Priya Raman"
    assert page.detail_text("ImmigrationStatus") == "H-1B"
    assert page.detail_text("Email") == "priya.raman@northwind-software.example"
    assert [row["PassportNumber"] for row in rows(page, "Passports")] == ["A8000021"]
    assert [row["VisaType"] for row in rows(page, "Visas")] == ["H-1B"]
    assert [row["CorporationName"] for row in rows(page, "Employer")] == ["Northwind Software Inc."]
    assert page.action_buttons["Add a passport"].isEnabled()
    qtbot.wait(100)  # the layout settles before the picture


def test_add_a_passport_and_a_visa_from_the_client_page_without_typing_an_id(qtbot, inszoom):
    tab, sandbox = inszoom
    tab.open_record("client.get", {"clientId": "CL-10001"})
    page = shown_page(qtbot, tab)
    click(qtbot, page.action_buttons["Add a passport"])
    form = tab.current_task()
    assert form.operation.id == "passport.create"
    assert form.form.editors["ClientId"].value() == "CL-10001"
    for name, value in {"PassportNumber": "Z1234567", "IssuingCountry": "India",
                        "IssueDate": "2025-01-10", "ExpiryDate": "2035-01-09"}.items():  # fmt: skip
        form.form.editors[name].set_value(value)
    click_run(qtbot, form)
    # Saved: back on the client's page, which read the passports again and lists the new one.
    qtbot.waitUntil(lambda: tab.current_task() is page, timeout=5000)
    numbers = lambda: [r["PassportNumber"] for r in rows(page, "Passports")]  # noqa: E731
    qtbot.waitUntil(lambda: "Z1234567" in numbers(), timeout=5000)
    assert json.loads(sent(sandbox, "/Passport/Create", "POST")[-1].body)["ClientId"] == "CL-10001"
    assert page.outcome.isVisible() and page.outcome.property("role") == "success"

    click(qtbot, page.action_buttons["Add a visa"])
    assert tab.current_task().operation.id == "visa.create"
    assert tab.current_task().form.editors["ClientId"].value() == "CL-10001"


def test_a_passport_row_opens_its_change_form_filled_and_sends_nothing(qtbot, inszoom):
    tab, sandbox = inszoom
    tab.open_record("client.get", {"clientId": "CL-10001"})
    page = shown_page(qtbot, tab)
    before = len(sandbox.control("inszoom").journal)
    table = page.tables["Passports"]
    table.setFocus()
    table.setCurrentIndex(table.records.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    form = tab.current_task()
    assert form.operation.id == "passport.update"
    assert form.form.editors["PassportId"].value() == "PP-5001"
    assert form.form.editors["PassportNumber"].value() == "A8000021"
    assert len(sandbox.control("inszoom").journal) == before  # filled in, never sent


def test_the_employer_row_opens_the_corporation_page(qtbot, inszoom):
    tab, _sandbox = inszoom
    tab.open_record("client.get", {"clientId": "CL-10001"})
    page = shown_page(qtbot, tab)
    table = page.tables["Employer"]
    qtbot.waitUntil(lambda: table.records.visible_count() == 1, timeout=3000)
    table.doubleClicked.emit(table.records.index(0, 0))
    corporation = shown_page(qtbot, tab)
    assert corporation is not page
    assert corporation.title.text() == "Northwind Software Inc."
    assert corporation.detail_text("City") == "Seattle"
    assert [r["HeadquarterName"] for r in rows(corporation, "Headquarters")]
    click(qtbot, corporation.action_buttons["Add a corporation user"])
    assert tab.current_task().form.editors["CorporationId"].value() == "CORP-2001"


def test_enter_on_an_overview_table_row_opens_that_record(qtbot, inszoom):
    tab, _sandbox = inszoom
    overview = tab.show_task("client_overview")
    overview.id_box.setText("CL-10001")
    click(qtbot, overview.open_button)
    qtbot.waitUntil(lambda: overview.visa_model.visible_count() == 1, timeout=5000)
    overview.visas.setFocus()
    overview.visas.setCurrentIndex(overview.visa_model.index(0, 0))
    qtbot.keyClick(overview.visas, Qt.Key.Key_Return)
    form = tab.current_task()
    assert form.operation.id == "visa.update"
    assert form.form.editors["VisaId"].value() == "VISA-6001"
    form.form.mark_clean()
    click(qtbot, tab.show_task("client_overview").page_button)  # the overview links to the page
    assert shown_page(qtbot, tab).title.text() == "Priya Raman"


def test_enter_on_a_result_table_row_opens_the_record_page(qtbot, inszoom):
    tab, _sandbox = inszoom
    panel = tab.show_operation("passport.get")
    panel.form.editors["clientId"].set_value("CL-10001")
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result.table.isVisible(), timeout=5000)
    view = panel.result.table
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    page = shown_page(qtbot, tab)  # a passport belongs to its client: the client's page
    assert page.title.text() == "Priya Raman"


def sent(sandbox, suffix: str, method: str | None = None):
    return sandbox.control("inszoom").requests_to(suffix, method)
