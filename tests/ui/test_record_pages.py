"""Record pages as an office worker uses them: a record opened from the lookup shows its own page —
its name, its details in plain words, its related records, the actions that apply — and whatever is
done from the page shows on it at once."""

from __future__ import annotations

import pytest

from app.sandbox.registry import build_sandbox
from app.ui.record_page import RecordPageView
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import click, click_run, confirmation_box, vendor_tab_shown


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
    page.grab().save("/tmp/shots-pages/inszoom-client.png")
