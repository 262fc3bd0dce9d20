"""Record pages of PGi, iinsight, OneOffice and IQ Reseller, as their users open them: exactly the
record asked for, its details and related records, and only the actions its rules allow."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest
from PySide6.QtCore import Qt

from app.sandbox.registry import build_sandbox
from app.ui.duplicate_dialog import DuplicateDialog
from app.ui.record_page import RecordPageView
from tests.ui.helpers import (
    click,
    click_run,
    close_window,
    confirmation_box,
    open_window,
    type_into,
    wait_for_outcome,
)
from tests.ui.test_quick_lookup_people import run
from tests.ui.test_record_pages import rows, shown_page

DAY = 86400


@pytest.fixture
def sandbox():
    return build_sandbox(["pgi", "iinsight", "oneoffice", "iqreseller"])


@pytest.fixture
def window(qtbot, qt_loop, sandbox):
    main = open_window(sandbox)
    yield main
    close_window(qtbot, main)


def tab_of(window, vendor: str):
    tab = window.vendor_tabs[vendor]
    window.tabs.setCurrentWidget(tab)
    return tab


# --- PGi ----------------------------------------------------------------------------------------


def test_pgi_deactivate_is_offered_until_the_account_is_deactivated(qtbot, window, sandbox):
    tab = tab_of(window, "pgi")
    window.open_record("pgi", "client.get", {"clientId": "10863894"})
    page = shown_page(qtbot, tab)
    assert page.title.text() == "Conference account 10863894"
    assert page.detail_text("hubUrl") == "laurentian-freight-logistics-inc.example.com"
    assert page.detail_text("account_status") == "Not known"
    deactivate = page.action_buttons["Deactivate this account"]
    reactivate = page.action_buttons["Reactivate this account"]
    assert deactivate.isEnabled()

    click(qtbot, deactivate)
    box = confirmation_box(qtbot, page)
    assert "10863894" in box.text()
    box.confirm_button.click()
    qtbot.waitUntil(lambda: page.detail_text("account_status") == "Deactivated", timeout=5000)
    assert not deactivate.isEnabled()  # the rule: only an account not known to be deactivated
    assert reactivate.isEnabled()
    assert "already deactivated" in page.refusals.text()
    assert len(sandbox.control("pgi").requests_to("/deactivate", "POST")) == 1


def test_a_pgi_account_provisioned_here_is_titled_by_the_person(qtbot, window, sandbox):
    tab = tab_of(window, "pgi")
    typed = {
        "company.externalId": "7001", "company.name": "Northwind Dental Group", "client.externalId": "9001",
        "client.first": "Maya", "client.last": "Okafor", "client.email": "maya.okafor@northwind.example",
        "contact.city": "Boston", "contact.state": "MA", "contact.country": "USA",
    }  # fmt: skip
    panel = type_into(qtbot, tab, "client.provision", typed)
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result.raw.toPlainText() != "", timeout=5000)
    client_id = str(json.loads(panel.result.raw.toPlainText())["data"]["clientId"])
    window.open_record("pgi", "client.get", {"clientId": client_id})
    page = shown_page(qtbot, tab)
    assert page.title.text() == "Maya Okafor"  # PGi's look-up names nobody: the provision did
    assert page.detail_text("company") == "Northwind Dental Group"


def test_a_pgi_account_set_up_elsewhere_is_titled_from_what_this_computer_knows(qtbot, window, sandbox):
    """Provisioned by a script (not this window's session): the record index still names the person."""
    workspace = window.workspace
    values = {
        "company.externalId": 7101, "company.name": "Harbour Dental", "client.externalId": 9101,
        "client.first": "Ines", "client.last": "Alvarez", "client.email": "ines@harbour.example",
        "contact.country": "Canada",
    }  # fmt: skip
    provisioned = run(qtbot, workspace.service("pgi").run("client.provision", values))
    client_id = str(provisioned.data["data"]["clientId"])
    run(qtbot, workspace.known.settled())
    tab = tab_of(window, "pgi")
    window.open_record("pgi", "client.get", {"clientId": client_id})
    page = shown_page(qtbot, tab)
    assert page.title.text() == "Ines Alvarez"
    # PGi's look-up that filled the page named nobody; the index kept the name all the same.
    run(qtbot, workspace.known.settled())
    window.open_record("pgi", "client.get", {"clientId": client_id})
    assert shown_page(qtbot, tab).title.text() == "Ines Alvarez"


# --- iinsight -------------------------------------------------------------------------------------


def test_an_iinsight_contact_found_by_lookup_opens_its_own_page_exactly(qtbot, window, sandbox):
    tab = tab_of(window, "iinsight")
    # iinsight's search matches ids by "contains": 101 also finds 1010, 2101...; the page shows 101.
    window.open_record("iinsight", "contacts.list", {"search_criteria": {"contact_id": "101"}})
    page = shown_page(qtbot, tab)
    assert page.title.text() == "Olivia Nguyen, Ms"
    assert page.detail_text("contact_id") == "101"
    assert page.detail_text("email") == "olivia.nguyen@southerncrossworkersinsurance.com.au"
    assert page.detail_text("company_name") == "Southern Cross Workers Insurance"
    click(qtbot, page.action_buttons["Add this contact to a case"])
    form = tab.current_task()
    assert form.operation.id == "contacts.associate_to_case"
    assert form.form.editors["contact_id"].value() == "101"
    form.form.mark_clean()


def test_enter_on_a_find_contacts_row_opens_that_contacts_page(qtbot, window, sandbox):
    tab = tab_of(window, "iinsight")
    panel = tab.show_task("contacts.list")
    click(qtbot, panel.show_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() > 3, timeout=10000)
    view = panel.table.view
    view.setFocus()
    view.setCurrentIndex(panel.table.model.index(2, 0))
    chosen = panel.table.model.record(2)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    page = shown_page(qtbot, tab)
    assert page.detail_text("contact_id") == str(chosen["contact_id"])
    assert page.detail_text("email") == chosen["email"]


def test_an_iinsight_contacts_page_lists_the_cases_this_computer_knows_it_on(qtbot, window, sandbox):
    """iinsight's contact search does not say a contact's cases: the page lists those the index
    learnt (a search by case names them), each opening the contact's details on that case, and a
    case it is added to from its page is listed when the page is shown again."""
    tab = tab_of(window, "iinsight")
    fields = tab.service.definition.operation("contacts.list").field("fields").default
    on_case_1 = run(qtbot, tab.service.run("contacts.list", {"case_id": "1", "fields": fields})).data
    contact_id = str(on_case_1[0]["contact_id"])
    window.open_record("iinsight", "contacts.list", {"search_criteria": {"contact_id": contact_id}})
    page = shown_page(qtbot, tab)
    assert [row["case"] for row in rows(page, "Cases")] == ["1"]
    on_1 = sandbox.simulators["iinsight"].state.case_contacts
    link = next(link for link in on_1.values() if link.case_id == 1 and str(link.contact_id) == contact_id)
    assert rows(page, "Cases")[0]["status"] == ("Disabled on this case" if link.disabled else "Active")
    assert rows(page, "Cases")[0]["roles"]  # read from its details on that case

    click(qtbot, page.action_buttons["Add this contact to a case"])
    panel = tab.current_task()
    assert panel.form.editors["contact_id"].value() == contact_id
    assert panel.form.editors["last_name"].value()  # its names and company, as iinsight asks them
    assert panel.form.editors["company_id"].value()
    type_into(qtbot, tab, "contacts.associate_to_case", {"case_id": "2", "created_on": "01-02-2026"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "is now on case 2")
    window.open_record("iinsight", "contacts.list", {"search_criteria": {"contact_id": contact_id}})
    page = shown_page(qtbot, tab)
    qtbot.waitUntil(lambda: [row["case"] for row in rows(page, "Cases")] == ["1", "2"], timeout=5000)
    table = page.tables["Cases"]
    table.setFocus()
    table.setCurrentIndex(table.records.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(tab.current_task(), "operation", None) is not None, timeout=5000)
    details = tab.current_task()
    assert details.operation.id == "contacts.details"
    assert details.form.editors["case_id"].value() == "2"
    assert details.form.editors["contact_id"].value() == contact_id


NEW_ON_CASE = {
    "case_id": "1",
    "created_on": "01-02-2026",
    "company_name": "Acme Rehab",
    "first_name": "John",
    "last_name": "Citizen",
    "phone1": "(02) 5550 4321",
}


def test_duplicate_dialog_use_the_chosen_contact_creates_nothing_and_opens_it(qtbot, window, sandbox):
    tab = tab_of(window, "iinsight")
    panel = type_into(qtbot, tab, "contacts.associate_to_case", NEW_ON_CASE)
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in tab.findChildren(DuplicateDialog)), timeout=5000)
    dialog = next(d for d in tab.findChildren(DuplicateDialog) if d.isVisible())
    assert not dialog.use_button.isEnabled()  # nothing chosen yet
    dialog.table.selectRow(0)
    assert dialog.use_button.isEnabled()
    dialog.use_button.click()
    page = shown_page(qtbot, tab)
    assert page.title.text() == "John Citizen"
    assert page.detail_text("contact_id") == "105"
    assert page.detail_text("phone1") == "(02) 5550 4321"
    # Only the first question went to iinsight: no "create anyway".
    sent = [
        {k: v[0] for k, v in parse_qs(r.query).items()}
        for r in sandbox.control("iinsight").requests_to("/associate_to_case")
    ]
    assert len(sent) == 1 and "proceed_registration_anyway" not in sent[0]
    assert "you chose the existing contact 105" in panel.result.outcome.text()
    assert panel.form.editors["last_name"].value() == "Citizen"  # the form is kept


# --- OneOffice ------------------------------------------------------------------------------------

FIRST_ORDER = {
    "customer": "ACME",
    "id": "SB-ORDER-1",
    "product": "oo-ent",
    "licenses": "12",
    "duration": "monthly",
}


def test_a_oneoffice_customer_added_here_is_titled_by_its_name(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    customer = {"id": "NW01", "name": "Northwind Traders", "admin.email": "it@northwind.example"}
    panel = type_into(qtbot, tab, "customer.create", customer)
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Northwind Traders is now a OneOffice customer")
    window.open_record("oneoffice", "page:customer", {"id": "NW01"})
    page = shown_page(qtbot, tab)
    assert page.title.text() == "Northwind Traders"
    assert page.detail_text("name") == "Northwind Traders"


def test_an_order_kept_in_recent_by_its_old_body_name_still_fills_its_form(qtbot, window, sandbox):
    """Recent kept OneOffice's values as "params.id" before fields had names of their own."""
    tab = tab_of(window, "oneoffice")
    window.open_record("oneoffice", "order.cancel", {"params.id": "SB-ORDER-9"})
    qtbot.waitUntil(lambda: getattr(tab.current_task(), "operation", None) is not None, timeout=3000)
    panel = tab.current_task()
    assert panel.operation.id == "order.cancel"
    assert panel.form.editors["id"].value() == "SB-ORDER-9"
    assert not sandbox.control("oneoffice").requests_to("/")  # a change is filled in, never sent
    panel.form.mark_clean()


def test_oneoffice_order_and_customer_pages_from_the_orders_list(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    panel = type_into(qtbot, tab, "order.create_first", FIRST_ORDER)
    click_run(qtbot, panel)
    confirmation_box(qtbot, tab).confirm_button.click()
    wait_for_outcome(qtbot, panel, "Order SB-ORDER-1 is placed")
    orders = tab.show_task("orders")
    orders.view.setFocus()
    orders.view.setCurrentIndex(orders.model.index(0, 0))
    qtbot.keyClick(orders.view, Qt.Key.Key_Return)
    order = shown_page(qtbot, tab)
    assert order.title.text() == "Order SB-ORDER-1"
    assert order.detail_text("status") == "active"
    # A month's term has just begun: more than 15 days are left, so no renewal yet (the document).
    renew = order.action_buttons["Renew this order"]
    assert not renew.isEnabled()
    assert "OneOffice accepts a renewal only when 15 days or fewer are left" in renew.toolTip()
    assert order.action_buttons["Cancel this order"].isEnabled()

    customer_rows = order.tables["Customer"]
    customer_rows.doubleClicked.emit(customer_rows.records.index(0, 0))
    customer = shown_page(qtbot, tab)
    assert customer.title.text() == "Customer ACME"
    assert [row["id"] for row in rows(customer, "Orders")] == ["SB-ORDER-1"]
    # Products and terms by the names the order forms offer, not bare codes.
    assert [(row["product"], row["duration"]) for row in rows(customer, "Orders")] == [
        ("OneOffice Enterprise (oo-ent)", "Monthly (30 days)")
    ]

    # The rule follows the clock: 20 days on, renewing is allowed, with a suggested new id.
    sandbox.control("oneoffice").advance(20 * DAY)
    later = time.time() + 20 * DAY
    import app.vendors.oneoffice.pages as pages

    pages.time = type("Clock", (), {"time": staticmethod(lambda: later)})  # type: ignore[assignment]
    try:
        table = customer.tables["Orders"]
        table.doubleClicked.emit(table.records.index(0, 0))
        order = shown_page(qtbot, tab)
        qtbot.waitUntil(lambda: order.action_buttons["Renew this order"].isEnabled(), timeout=3000)
        click(qtbot, order.action_buttons["Renew this order"])
        form = tab.current_task()
        assert form.operation.id == "order.create_renewal"
        assert form.form.editors["parent"].value() == "SB-ORDER-1"
        assert form.form.editors["id"].value() == "SB-ORDER-1-R1"
    finally:
        pages.time = time


# --- IQ Reseller ----------------------------------------------------------------------------------


def test_an_iq_reseller_cv_opens_its_page(qtbot, window, sandbox):
    tab = tab_of(window, "iqreseller")
    body = json.dumps({"CVID": 1001})
    window.open_record("iqreseller", "call", {"area": "CV", "method": "GetCV", "body": body})
    page = shown_page(qtbot, tab)
    assert isinstance(page, RecordPageView)
    assert page.title.text() == "Daniel Yilmaz"
    assert page.detail_text("Title") == "IT Asset Manager"
    assert page.detail_text("City") == "Berlin"


def test_an_iq_reseller_cv_page_lists_its_contacts_as_integrations_read_them(qtbot, window, sandbox):
    tab = tab_of(window, "iqreseller")
    held = sandbox.simulators["iqreseller"].state.contacts[1002]
    opening = {"area": "CV", "method": "GetCV", "body": json.dumps({"CVID": 1002})}
    window.open_record("iqreseller", "call", opening)
    page = shown_page(qtbot, tab)
    shown = rows(page, "Contacts")
    assert [(row["firstname"], row["lastname"], row["email"]) for row in shown] == [
        (contact["firstname"], contact["lastname"], contact["email"]) for contact in held
    ]
    asked = sandbox.control("iqreseller").requests_to("/GetContactsByCVid", "GET")
    assert [parse_qs(request.query) for request in asked] == [{"cvid": ["1002"]}]
    assert page.data is not None and not page.data.problems


def test_a_related_table_keeps_its_rows_clear_of_its_scroll_bar(qtbot, window, sandbox):
    tab = tab_of(window, "iqreseller")
    opening = {"area": "CV", "method": "GetCV", "body": json.dumps({"CVID": 1002})}
    window.open_record("iqreseller", "call", opening)
    table = shown_page(qtbot, tab).tables["Contacts"]
    rows_shown = table.records.visible_count()
    last = table.visualRect(table.model().index(rows_shown - 1, 0))
    assert last.bottom() <= table.viewport().height(), "the last contact is drawn in full"
