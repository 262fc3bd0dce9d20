"""The OneOffice and IQ Reseller tabs as their users work in them."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import Qt

from app.sandbox.registry import build_sandbox
from app.services.settings import config_dir
from app.ui.flows.oneoffice.orders import OrdersPanel
from app.ui.list_panel import ListPanel
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import (
    click,
    click_run,
    close_window,
    confirmation_box,
    open_window,
    type_into,
    wait_for_outcome,
)

DAY = 86400
FIRST_ORDER = {
    "customer": "ACME",
    "id": "SB-ORDER-1",
    "product": "oo-ent",
    "licenses": "12",
    "duration": "monthly",
}


@pytest.fixture
def sandbox():
    return build_sandbox(["oneoffice", "iqreseller"])


@pytest.fixture
def window(qtbot, qt_loop, sandbox):
    main = open_window(sandbox)
    yield main
    close_window(qtbot, main)


def tab_of(window, vendor: str) -> VendorTab:
    tab = window.vendor_tabs[vendor]
    window.tabs.setCurrentWidget(tab)
    return tab


def oneoffice_bodies(sandbox) -> list[dict]:
    return [json.loads(r.body) for r in sandbox.control("oneoffice").journal]


def place_first_order(qtbot, tab: VendorTab) -> None:
    panel = type_into(qtbot, tab, "order.create_first", FIRST_ORDER)
    click_run(qtbot, panel)
    confirmation_box(qtbot, tab).confirm_button.click()  # billable: it asks first
    wait_for_outcome(qtbot, panel, "Order SB-ORDER-1 is placed")


def orders_panel(tab: VendorTab) -> OrdersPanel:
    panel = tab.show_task("orders")
    assert isinstance(panel, OrdersPanel)
    return panel


# --- OneOffice -----------------------------------------------------------------------------------


def test_a_first_order_goes_as_get_with_a_json_body_and_joins_the_orders_list(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    place_first_order(qtbot, tab)
    sent = sandbox.control("oneoffice").journal[-1]
    assert sent.method == "GET"
    assert sent.headers["x-api-key"] == "oo-sandbox-demo-key-7f3a91c2"
    assert json.loads(sent.body) == {
        "method": "createFirstOrder",
        "params": {
            "customer": "ACME",
            "id": "SB-ORDER-1",
            "product": "oo-ent",
            "licenses": 12,
            "duration": "monthly",
        },
    }
    orders = orders_panel(tab)
    row = orders.model.record(0)
    assert (row["id"], row["product"], row["licenses"], row["status"]) == (
        "SB-ORDER-1",
        "oo-ent",
        12,
        "active",
    )
    assert row["days_left"] in (29, 30)


def test_carried_ids_land_in_the_field_of_the_same_meaning(qtbot, window):
    """A customer's id goes to "Our customer id", an order's to "First order id" — never by name alone
    (OneOffice names both of them "id")."""
    tab = tab_of(window, "oneoffice")
    customer = type_into(
        qtbot,
        tab,
        "customer.create",
        {"id": "ACME01", "name": "Acme", "admin.email": "it@acme.example"},
    )
    click_run(qtbot, customer)
    wait_for_outcome(qtbot, customer, "is now a OneOffice customer")
    first = tab.show_operation("order.create_first")
    assert first.form.editors["customer"].value() == "ACME01"
    assert first.form.editors["id"].value() == ""

    chosen = {"id": "ORD-1001", "product": "oo-lite", "licenses": "3"}
    chosen["duration"] = "monthly"  # nothing is chosen for the person: the term too
    for name, value in chosen.items():
        first.form.editors[name].set_value(value)
    click_run(qtbot, first)
    confirmation_box(qtbot, tab).confirm_button.click()
    wait_for_outcome(qtbot, first, "Order ORD-1001 is placed")
    renew = tab.show_operation("order.create_renewal")
    assert renew.form.editors["parent"].value() == "ORD-1001"
    assert renew.form.editors["id"].value() == ""  # a renewal needs an id of its own
    assert tab.show_operation("order.cancel").form.editors["id"].value() == "ORD-1001"


def test_renew_is_disabled_with_the_reason_while_more_than_15_days_are_left(qtbot, window):
    tab = tab_of(window, "oneoffice")
    place_first_order(qtbot, tab)
    orders = orders_panel(tab)
    orders.select("SB-ORDER-1")
    assert not orders.renew_button.isEnabled()
    assert "days are left on the term" in orders.renew_reason.text()
    assert "15 days or fewer" in orders.renew_reason.text()


def test_the_servers_refusal_of_an_early_renewal_is_shown(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    panel = type_into(qtbot, tab, "order.create_renewal", {"parent": "ORD-GLOBEX-1", "id": "G-2"})
    click_run(qtbot, panel)
    confirmation_box(qtbot, tab).confirm_button.click()
    qtbot.waitUntil(lambda: panel.result.outcome.property("role") == "failure", timeout=5000)
    assert "15 days" in panel.result.outcome.text()
    assert oneoffice_bodies(sandbox)[-1]["method"] == "createRenewalOrder"


def test_renew_from_the_orders_list_once_the_window_opens(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    place_first_order(qtbot, tab)
    sandbox.control("oneoffice").advance(20 * DAY)  # the vendor's clock and ours move together
    orders = orders_panel(tab)
    orders._clock = lambda: time.time() + 20 * DAY
    orders.refresh()
    orders.select("SB-ORDER-1")
    assert orders.renew_button.isEnabled()
    assert orders.renewal_id.text() == "SB-ORDER-1-R1"
    click(qtbot, orders.renew_button)
    box = confirmation_box(qtbot, orders)
    assert box.text().startswith(
        "Renew order SB-ORDER-1 (12 oo-ent licences for ACME, monthly) for one more term, "
        "as renewal order SB-ORDER-1-R1? OneOffice bills the customer for the new term."
    )
    box.confirm_button.click()
    qtbot.waitUntil(lambda: "is renewed by order SB-ORDER-1-R1" in orders.outcome.text(), timeout=5000)
    assert oneoffice_bodies(sandbox)[-1] == {
        "method": "createRenewalOrder",
        "params": {"parent": "SB-ORDER-1", "id": "SB-ORDER-1-R1"},
    }
    orders.select("SB-ORDER-1")
    assert orders.model.record(0)["renewals"] == "SB-ORDER-1-R1"
    assert not orders.renew_button.isEnabled()  # a second renewal in a row is refused


def test_cancel_asks_naming_the_order_and_escape_sends_nothing(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    place_first_order(qtbot, tab)
    orders = orders_panel(tab)
    orders.select("SB-ORDER-1")
    sent_before = len(sandbox.control("oneoffice").journal)
    click(qtbot, orders.cancel_button)
    box = confirmation_box(qtbot, orders)
    assert box.text().startswith("Cancel OneOffice order SB-ORDER-1 (12 oo-ent licences for ACME, monthly)")
    assert box.text().endswith("This is OneOffice's Sandbox (built-in), not live records.")
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert len(sandbox.control("oneoffice").journal) == sent_before
    click(qtbot, orders.cancel_button)
    confirmation_box(qtbot, orders).confirm_button.click()
    qtbot.waitUntil(lambda: "are cancelled" in orders.outcome.text(), timeout=5000)
    assert oneoffice_bodies(sandbox)[-1] == {"method": "cancelOrder", "params": {"id": "SB-ORDER-1"}}
    orders.select("SB-ORDER-1")
    assert orders.model.record(0)["status"] == "cancelled"
    assert orders.renew_reason.text() == "This order is cancelled, so it cannot be renewed."
    assert not orders.cancel_button.isEnabled()


def test_suspend_from_the_form_asks_first(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    panel = type_into(qtbot, tab, "order.suspend", {"id": "ORD-ACME-1"})
    click_run(qtbot, panel)
    box = confirmation_box(qtbot, tab)
    assert "Suspend OneOffice order ORD-ACME-1" in box.text()
    box.confirm_button.click()
    wait_for_outcome(qtbot, panel, "are suspended")
    assert oneoffice_bodies(sandbox)[-1] == {"method": "suspendOrder", "params": {"id": "ORD-ACME-1"}}


# --- IQ Reseller ---------------------------------------------------------------------------------


def cv_panel(tab: VendorTab) -> ListPanel:
    panel = tab.show_task("cv.list")
    assert isinstance(panel, ListPanel)
    return panel


def test_cv_table_pages_and_loads_all(qtbot, window, sandbox):
    tab = tab_of(window, "iqreseller")
    panel = cv_panel(tab)
    click(qtbot, panel.show_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() == 100, timeout=5000)
    calls = sandbox.control("iqreseller").requests_to("/CV/json/GetCVs")
    assert json.loads(calls[-1].body) == {"Page": 1, "PageSize": 100}
    assert calls[-1].headers["iqr-session-token"]
    assert panel.table.model.headers() == ["CV id", "Name", "Email", "Phone", "City", "Country"]
    click(qtbot, panel.table.load_all_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() == 340, timeout=10000)
    pages = sorted(json.loads(r.body)["Page"] for r in sandbox.control("iqreseller").requests_to("/GetCVs"))
    assert max(pages) <= 4 + 3  # page 4 is short: the end; at most concurrency - 1 beyond it


def test_enter_on_a_cv_row_opens_that_cv(qtbot, window, sandbox):
    tab = tab_of(window, "iqreseller")
    panel = cv_panel(tab)
    click(qtbot, panel.show_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() == 100, timeout=5000)
    view = panel.table.view
    view.setFocus()
    view.setCurrentIndex(panel.table.model.index(2, 0))
    chosen = panel.table.model.record(2)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    opened = tab.current_task()  # the CV's own page
    assert opened is not panel and getattr(opened, "page", None) is not None
    qtbot.waitUntil(lambda: opened.title.text() == chosen["Name"], timeout=5000)
    sent = sandbox.control("iqreseller").requests_to("/CV/json/GetCV")[-1]
    assert json.loads(sent.body) == {"CVID": chosen["CVID"]}


def test_session_light_shows_when_the_session_started(qtbot, window):
    tab = tab_of(window, "iqreseller")
    click(qtbot, tab.sign_in_button)
    qtbot.waitUntil(lambda: "session started at" in tab.light.words.text(), timeout=5000)


def test_other_method_refuses_invalid_json_before_sending(qtbot, window, sandbox):
    tab = tab_of(window, "iqreseller")
    panel = tab.show_operation("call")
    panel.form.editors["area"].set_value("CV")
    panel.form.editors["method"].set_value("GetCV")
    panel.form.editors["body"].set_value('{"CVID": 1001,')
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.form.editors["body"].error.isVisible(), timeout=3000)
    assert panel.form.editors["body"].error.text().startswith("This is not valid JSON")
    assert len(sandbox.control("iqreseller").journal) == 0


def test_other_method_shows_objects_as_fields_and_lists_as_a_table(qtbot, window):
    tab = tab_of(window, "iqreseller")
    panel = tab.show_operation("call")
    panel.form.editors["area"].set_value("CV")
    panel.form.editors["method"].set_value("GetCV")
    panel.form.editors["body"].set_value('{"CVID": 1001}')
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result.value_text("CV id") == "1001", timeout=5000)
    panel.form.editors["area"].set_value("Customer")
    panel.form.editors["method"].set_value("GetCustomers")
    panel.form.editors["body"].set_value("{}")
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result.table.isVisible(), timeout=5000)
    assert panel.result.table.model().rowCount() == 60


def test_sign_out_and_closing_the_window_end_the_session_on_the_wire(qtbot, qt_loop, sandbox):
    main = open_window(sandbox)
    tab = tab_of(main, "iqreseller")
    control = sandbox.control("iqreseller")
    click(qtbot, tab.sign_in_button)
    qtbot.waitUntil(lambda: len(control.requests_to("/Session", "POST")) == 1, timeout=5000)
    click(qtbot, tab.sign_out_button)
    qtbot.waitUntil(lambda: len(control.requests_to("/Session", "DELETE")) == 1, timeout=5000)
    first_token = json.loads(control.requests_to("/Session", "POST")[0].body)  # the start carries the key
    assert first_token == {"APIToken": "iqr-sandbox-demo-key-4b8e2d17"}
    ended = control.requests_to("/Session", "DELETE")[0]
    assert ended.host == "signin"
    assert ended.headers["authorization"].startswith("Bearer ")
    assert ended.body == b""

    click(qtbot, tab.sign_in_button)
    qtbot.waitUntil(lambda: len(control.requests_to("/Session", "POST")) == 2, timeout=5000)
    close_window(qtbot, main)
    assert len(control.requests_to("/Session", "DELETE")) == 2


def test_a_local_list_that_cannot_be_saved_does_not_turn_a_placed_order_into_a_failure(qtbot, window):
    # Folders where the files belong: nothing can replace them, so every save fails.
    (config_dir() / "oneoffice-orders-sandbox.json").mkdir(parents=True)
    (config_dir() / "recent.json").mkdir()
    tab = tab_of(window, "oneoffice")
    place_first_order(qtbot, tab)  # the vendor's answer is shown as a success
    orders = orders_panel(tab)
    note = orders.note.text()
    assert "OneOffice has done it, but the local list of orders could not be saved" in note
    assert orders.model.record(0)["id"] == "SB-ORDER-1"  # still listed for this session
    lookup = window.open_lookup("SB-ORDER-1")  # and found by the quick lookup: the same book answers
    # Once, though both this computer's index and the order book know it.
    qtbot.waitUntil(lambda: [i.text(0) for i in lookup.hit_items()] == ["Order SB-ORDER-1"], timeout=5000)
    lookup.reject()


def test_products_and_terms_are_chosen_by_name_and_sent_as_codes(qtbot, window, sandbox):
    tab = tab_of(window, "oneoffice")
    panel = tab.show_operation("order.create_first")
    product = panel.form.editors["product"].input
    # Nothing is chosen for the person: a billable order starts at "Choose…" (refused until chosen).
    assert [product.itemText(i) for i in range(product.count())][:3] == [
        "Choose…",
        "OneOffice Lite (oo-lite)",
        "OneOffice Standard (oo-std)",
    ]
    term = panel.form.editors["duration"].input
    assert "Yearly (365 days)" in [term.itemText(i) for i in range(term.count())]
    product.setCurrentIndex(product.findText("ERP Limited (erp-lim)"))
    term.setCurrentIndex(term.findText("Yearly (365 days)"))
    for name, value in {"customer": "ACME", "id": "NAMED-1", "licenses": "2"}.items():
        panel.form.editors[name].set_value(value)
    sent_before = len(oneoffice_bodies(sandbox))
    click_run(qtbot, panel)
    box = confirmation_box(qtbot, tab)
    # Billable: it asks first, naming the customer, the product, the licences and the term.
    assert box.text().startswith(
        "Place order NAMED-1 for customer ACME: 2 licences of ERP Limited (erp-lim), Yearly (365 days)? "
        "OneOffice bills the customer for it."
    )
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert len(oneoffice_bodies(sandbox)) == sent_before  # nothing was sent
    click_run(qtbot, panel)
    confirmation_box(qtbot, tab).confirm_button.click()
    wait_for_outcome(qtbot, panel, "Order NAMED-1 is placed")
    sent = oneoffice_bodies(sandbox)[-1]["params"]
    assert (sent["product"], sent["duration"]) == ("erp-lim", "yearly")
