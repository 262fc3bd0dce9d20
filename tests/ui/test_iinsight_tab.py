"""The iinsight tab as a support agent uses it: tables, searches, duplicates, removing from a case."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.contract.errors import OutcomeUnknown
from app.sandbox.registry import build_sandbox
from app.ui import dates
from app.ui.duplicate_dialog import DuplicateDialog
from app.ui.flows.iinsight.remove_from_case import RemoveFromCasePanel
from app.ui.list_panel import ListPanel
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import (
    click,
    click_run,
    confirmation_box,
    type_into,
    vendor_tab_shown,
    wait_for_outcome,
)

NEW_ON_CASE = {
    "case_id": "1",
    "created_on": "01-02-2026",
    "company_name": "Acme Rehab",
    "first_name": "John",
    "last_name": "Citizen",
    "phone1": "(02) 5550 4321",
}


@pytest.fixture
def sandbox():
    return build_sandbox(["iinsight"])


@pytest.fixture
def tab(qtbot, qt_loop, sandbox):
    with vendor_tab_shown(qtbot, sandbox, "iinsight") as shown:
        yield shown


def queries(sandbox, path_suffix: str) -> list[dict[str, str]]:
    return [
        {k: v[0] for k, v in parse_qs(r.query).items()}
        for r in sandbox.control("iinsight").requests_to(path_suffix)
    ]


def list_panel(tab: VendorTab, operation_id: str) -> ListPanel:
    panel = tab.show_task(operation_id)
    assert isinstance(panel, ListPanel)
    return panel


def wait_for_rows(qtbot, panel: ListPanel, count: int) -> None:
    qtbot.waitUntil(lambda: panel.table.model.total_count() == count, timeout=20000)


def duplicate_dialog(qtbot, tab) -> DuplicateDialog:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in tab.findChildren(DuplicateDialog)), timeout=5000)
    return next(d for d in tab.findChildren(DuplicateDialog) if d.isVisible())


def test_tasks_read_like_a_contacts_application(tab):
    items = [tab.task_list.item(i).text() for i in range(tab.task_list.count())]
    assert items == [
        "Browse",
        "Company contacts",
        "Case contacts",
        "Find contacts",
        "Contacts",
        "A contact on a case",
        "New contact",
        "Add a contact to a case",
        "Remove a contact from a case",
    ]


def test_company_contacts_first_page_with_all_dates(qtbot, tab, sandbox):
    panel = list_panel(tab, "company_contacts.list")
    assert panel.form.editors["modified_since"].input.all_box.isChecked()
    click(qtbot, panel.show_button)
    wait_for_rows(qtbot, panel, 100)
    assert queries(sandbox, "/api1/company_contacts")[-1] == {"modified_since": "1900-01-01", "page": "1"}
    headers = panel.table.model.headers()
    assert headers[:4] == ["Contact id", "First name", "Last name", "Company"]
    click(qtbot, panel.table.next_button)
    qtbot.waitUntil(lambda: queries(sandbox, "/api1/company_contacts")[-1]["page"] == "2", timeout=5000)


def test_a_date_typed_in_the_wrong_format_is_explained_next_to_it(qtbot, tab, sandbox):
    panel = list_panel(tab, "case_contacts.list")
    date = panel.form.editors["modified_since"]
    date.input.all_box.setChecked(False)
    date.input.line.setText("31st of December")
    click(qtbot, panel.show_button)
    assert date.error.isVisible()
    # In the format the person types (this machine's, ISO under the C locale), not the wire's.
    assert date.error.text() == f"Enter a date such as {dates.example()}."
    assert queries(sandbox, "/api1/case_contacts") == []


def test_load_all_company_contacts_then_export_csv(qtbot, tab, sandbox, tmp_path):
    panel = list_panel(tab, "company_contacts.list")
    click(qtbot, panel.show_button)
    wait_for_rows(qtbot, panel, 100)
    # Until the load is over, not until the last row: the empty page that ends it may still be on its way.
    with qtbot.waitSignal(panel.table.sig_loaded, timeout=10_000):
        click(qtbot, panel.table.load_all_button)
    assert panel.table.model.total_count() == 1151
    pages = sorted(int(q["page"]) for q in queries(sandbox, "/api1/company_contacts"))
    assert 13 in pages and max(pages) <= 13 + 3
    panel.table.filter_edit.setText("Citizen")
    qtbot.waitUntil(lambda: panel.table.model.visible_count() == 2, timeout=3000)
    target = tmp_path / "contacts.csv"
    assert panel.table.export_csv(target) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Contact id", "First name", "Last name"]
    assert [row[:3] for row in rows[1:]] == [["105", "John", "Citizen"], ["106", "John", "Citizen"]]


def test_cancel_load_all_stops_requesting_and_keeps_rows(qtbot, tab, sandbox):
    sandbox.control("iinsight").latency_s = 0.2  # slow enough to cancel with pages still to come
    panel = list_panel(tab, "company_contacts.list")
    click(qtbot, panel.table.load_all_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() >= 200, timeout=10000)
    click(qtbot, panel.table.cancel_button)
    qtbot.waitUntil(lambda: "cancelled" in panel.table.status.text().lower(), timeout=5000)
    kept = panel.table.model.total_count()
    requested = len(queries(sandbox, "/api1/company_contacts"))
    qtbot.wait(300)
    assert len(queries(sandbox, "/api1/company_contacts")) == requested
    assert panel.table.model.total_count() == kept < 1151


def test_find_contacts_builds_the_search_without_json(qtbot, tab, sandbox):
    panel = list_panel(tab, "contacts.list")
    columns = panel.form.editors["fields"].input
    columns.set_value(["contact_id", "name", "phone1"])
    search = panel.form.editors["search_criteria"].input
    search.add_row("name", "Nguyen")
    panel.form.editors["status"].set_value("active")
    click(qtbot, panel.show_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() > 0, timeout=5000)
    assert panel.table.model.headers() == ["Contact id", "Name", "Phone"]
    sent = queries(sandbox, "/api1/contacts")[-1]
    assert sent["fields"] == "contact_id,name,phone1"
    assert sent["search_criteria"] == '{"name": "Nguyen"}'
    assert sent["status"] == "active"
    names = [panel.table.model.record(r)["name"] for r in range(panel.table.model.visible_count())]
    assert names and all("Nguyen" in name for name in names)


def test_duplicate_dialog_cancel_keeps_the_form_and_creates_nothing(qtbot, tab, sandbox):
    panel = type_into(qtbot, tab, "contacts.associate_to_case", NEW_ON_CASE)
    panel.form.editors["referrer"].set_value("Yes")
    click_run(qtbot, panel)
    dialog = duplicate_dialog(qtbot, tab)
    model = dialog.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Record id", "First name", "Last name", "Phone"]  # iinsight's declared columns
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown == ["105", "106"]
    dialog.cancel_button.click()
    wait_for_outcome(qtbot, panel, "Nothing was created")
    assert panel.form.editors["last_name"].value() == "Citizen"
    assert len(queries(sandbox, "/associate_to_case")) == 1


def test_duplicate_dialog_create_anyway_repeats_with_proceed(qtbot, tab, sandbox):
    panel = type_into(qtbot, tab, "contacts.associate_to_case", NEW_ON_CASE)
    click_run(qtbot, panel)
    duplicate_dialog(qtbot, tab).create_button.click()
    wait_for_outcome(qtbot, panel, "John Citizen is now on case 1.")
    sent = queries(sandbox, "/associate_to_case")
    assert len(sent) == 2
    assert "proceed_registration_anyway" not in sent[0]
    assert sent[1]["proceed_registration_anyway"] == "Yes"
    assert panel.result.value_text("Case contact id")


def test_vendor_400_messages_appear_next_to_their_fields(qtbot, tab, sandbox):
    # Contact 101 belongs to company 1: naming company 2 is refused by iinsight, field by field.
    values = {
        **NEW_ON_CASE,
        "contact_id": "101",
        "company_id": "2",
        "first_name": "Olivia",
        "last_name": "Nguyen",
    }
    panel = type_into(qtbot, tab, "contacts.associate_to_case", values)
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.form.editors["company_id"].error.isVisible(), timeout=5000)
    assert panel.form.editors["company_id"].error.text()
    assert panel.form.editors["contact_id"].value() == "101"


def test_required_rules_depend_on_the_contact_id(qtbot, tab, sandbox):
    panel = type_into(qtbot, tab, "contacts.associate_to_case", {**NEW_ON_CASE, "phone1": ""})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "highlighted")
    assert panel.form.editors["phone1"].error.text().startswith("Phone is required for a new contact")
    assert queries(sandbox, "/associate_to_case") == []


def remove_panel(tab, contact: str, case: str = "1") -> RemoveFromCasePanel:
    panel = tab.show_task("remove_from_case")
    panel.form.editors["contact_id"].set_value(contact)
    panel.form.editors["case_id"].set_value(case)
    return panel


def test_remove_with_invoices_offers_disable_and_moving_invoices_but_never_delete(qtbot, tab, sandbox):
    panel = remove_panel(tab, "101")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: "linked invoices" in panel.findings.text(), timeout=5000)
    assert panel.findings.text().startswith(
        "Olivia Nguyen (contact 101) is the bill-to and referrer on case 1 and has 3 linked invoices."
    )
    assert panel.delete_button.isHidden()
    assert not panel.disable_button.isHidden()
    assert not panel.transfer_button.isHidden()
    click(qtbot, panel.transfer_button)
    qtbot.waitUntil(lambda: panel.transfer_to.count() > 0, timeout=5000)
    assert "contact 101" not in [panel.transfer_to.itemText(i) for i in range(panel.transfer_to.count())]
    assert "no call that moves invoices" in panel.transfer_note.text()
    assert sandbox.control("iinsight").requests_to("/delete_from_case") == []


def test_disable_asks_naming_contact_and_case(qtbot, tab, sandbox):
    panel = remove_panel(tab, "101")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: not panel.disable_button.isHidden(), timeout=5000)
    click(qtbot, panel.disable_button)
    box = confirmation_box(qtbot, panel)
    # The catalog's wording, the contact named, and where it happens.
    assert box.text().startswith("Disable contact 101 (Olivia Nguyen) on case 1?")
    assert box.text().endswith("This is iinsight's Sandbox (built-in), not live records.")
    box.confirm_button.click()
    qtbot.waitUntil(lambda: "was disabled on case 1" in panel.findings.text(), timeout=5000)
    assert len(sandbox.control("iinsight").requests_to("/disable_from_case")) == 1


def test_delete_is_offered_when_allowed_and_cancel_sends_nothing(qtbot, tab, sandbox):
    panel = remove_panel(tab, "102")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: not panel.delete_button.isHidden(), timeout=5000)
    assert panel.transfer_button.isHidden()
    click(qtbot, panel.delete_button)
    box = confirmation_box(qtbot, panel)
    assert box.text().startswith("Delete contact 102 (Daniel Kowalski) from case 1?")
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert sandbox.control("iinsight").requests_to("/delete_from_case") == []
    click(qtbot, panel.delete_button)
    confirmation_box(qtbot, panel).confirm_button.click()
    qtbot.waitUntil(lambda: "was deleted from case 1" in panel.findings.text(), timeout=5000)
    assert len(sandbox.control("iinsight").requests_to("/delete_from_case")) == 1


def test_already_disabled_contact_is_not_offered_disable(qtbot, tab):
    panel = remove_panel(tab, "104")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: "case 1" in panel.findings.text(), timeout=5000)
    assert panel.disable_button.isHidden()


def test_check_with_an_unknown_contact_says_so(qtbot, tab):
    panel = remove_panel(tab, "999999")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: "not found" in panel.findings.text().lower(), timeout=5000)
    assert panel.delete_button.isHidden() and panel.disable_button.isHidden()


def test_copy_selected_rows_as_text(qtbot, tab):
    panel = list_panel(tab, "company_contacts.list")
    click(qtbot, panel.show_button)
    wait_for_rows(qtbot, panel, 100)
    panel.table.view.selectRow(0)
    assert panel.table.copy_selected_rows() == 1
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0].startswith("Contact id\tFirst name")
    assert copied[1].startswith("101\tOlivia\tNguyen")


def test_a_flow_whose_answer_was_lost_says_so_and_offers_to_check(qtbot, tab, sandbox, monkeypatch):
    """The flows share the generic tab's path for an unknown outcome: never "done", always a way to look."""
    panel = remove_panel(tab, "101")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: not panel.disable_button.isHidden(), timeout=5000)
    service = tab.service
    send = service.run

    async def lost(operation_id, values):
        if operation_id == "contacts.disable_from_case":
            await send(operation_id, values)  # it reaches iinsight; its answer does not come back
            raise OutcomeUnknown("The answer was lost: it is not known whether iinsight did it.")
        return await send(operation_id, values)

    monkeypatch.setattr(service, "run", lost)
    click(qtbot, panel.disable_button)
    confirmation_box(qtbot, panel).confirm_button.click()
    qtbot.waitUntil(lambda: "not known whether" in panel.findings.text(), timeout=5000)
    assert "was disabled" not in panel.findings.text()
    assert panel.lost_answer_check.isVisibleTo(panel)
    assert panel.lost_answer_check.text().startswith("Check whether it was done:")
    click(qtbot, panel.lost_answer_check)
    shown = tab.current_task()
    assert shown is not panel and getattr(shown, "operation", None) is not None
    assert shown.operation.reads


def test_yes_no_questions_are_check_boxes_and_go_as_yes_or_no(qtbot, tab, sandbox):
    from PySide6.QtWidgets import QCheckBox

    panel = type_into(qtbot, tab, "contacts.associate_to_case", NEW_ON_CASE)
    bill_to = panel.form.editors["bill_to"].input
    assert isinstance(bill_to, QCheckBox) and bill_to.text() == "Bill to *"
    assert not bill_to.isChecked()  # the document's default, No
    bill_to.setFocus()
    qtbot.keyClick(bill_to, Qt.Key.Key_Space)  # as from the keyboard
    assert bill_to.isChecked()
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: bool(queries(sandbox, "/associate_to_case")), timeout=5000)
    sent = queries(sandbox, "/associate_to_case")[-1]
    assert (sent["bill_to"], sent["referrer"]) == ("Yes", "No")


def test_once_signed_in_the_tab_learns_the_contacts_in_the_background_and_says_so(
    qtbot, qt_loop, sandbox, monkeypatch
):
    monkeypatch.delenv("SWITCHBOARD_NO_SYNC")
    with vendor_tab_shown(qtbot, sandbox, "iinsight") as shown:
        click(qtbot, shown.sign_in_button)
        qtbot.waitUntil(lambda: "on this computer" in shown.sync_note.text(), timeout=20_000)
        assert shown.sync_note.text().startswith("iinsight: ")
        assert shown.sync_note.text().endswith("records on this computer, updated just now")
        assert sandbox.control("iinsight").requests_to("/company_contacts")  # walked, in the background
