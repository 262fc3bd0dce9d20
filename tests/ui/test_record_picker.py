"""Id fields as a person fills them: a name typed, a record chosen, its id in the field and its name
under it; ids carried from one task land in the next task's field of the same meaning; and a field's
error line never moves the fields around it."""

from __future__ import annotations

import asyncio
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from app.contract.records import IndexedRecord, RecordRef
from app.contract.spec import Field, FieldKind
from app.sandbox.registry import build_sandbox
from app.ui.operation_form import FieldEditor, OperationForm
from app.ui.record_picker import PAUSE_MS, RecordPicker
from app.ui.tasks import UiTasks
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import click_run, close_window, open_window, type_into, wait_for_outcome

NEW_CLIENT = {"FirstName": "Zofia", "LastName": "Kowalczyk", "Email": "zofia.k@example.org"}


@pytest.fixture
def sandbox():
    return build_sandbox(["inszoom", "pgi", "iinsight"])


@pytest.fixture
def window(qtbot, qt_loop, sandbox):
    main = open_window(sandbox)
    yield main
    close_window(qtbot, main)


def tab_of(window, vendor: str) -> VendorTab:
    tab = window.vendor_tabs[vendor]
    window.tabs.setCurrentWidget(tab)
    return tab


def answer_of(panel) -> dict:
    return json.loads(panel.result.raw.toPlainText())


def look_up_priya(qtbot, tab: VendorTab) -> None:
    """The client is read once, so this computer knows her."""
    panel = type_into(qtbot, tab, "client.get", {"clientId": "CL-10001"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Found client")
    kept = asyncio.ensure_future(tab.workspace.known.settled())
    qtbot.waitUntil(kept.done, timeout=5000)


def listed(picker: RecordPicker) -> bool:
    return picker.suggestions is not None and picker.suggestions.isVisible()


def shown_rows(picker: RecordPicker) -> list[str]:
    assert picker.suggestions is not None
    rows = picker.suggestions.rows
    return [rows.item(row).text() for row in range(rows.count())]


# --- choosing a record -----------------------------------------------------------------------------


def test_a_name_typed_in_add_a_passport_offers_clients_and_the_one_chosen_fills_the_client_id(qtbot, window):
    tab = tab_of(window, "inszoom")
    look_up_priya(qtbot, tab)
    add = tab.show_operation("passport.create")
    editor = add.form.editors["ClientId"]
    picker = editor.input
    assert isinstance(picker, RecordPicker)
    picker.clear()  # carried from the look-up; the person starts over
    picker.setFocus()
    qtbot.keyClicks(picker, "pri")

    qtbot.waitUntil(lambda: listed(picker), timeout=3000)
    rows = shown_rows(picker)
    assert rows and rows[0].startswith("Priya Raman — CL-10001")
    assert all("Passport" not in row for row in rows)  # only clients: the field holds a client's id
    assert picker.text() == "pri" and picker.hasFocus()  # typing was not interrupted

    qtbot.keyClick(picker, Qt.Key.Key_Down)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert not listed(picker)
    assert editor.value() == "CL-10001"
    assert editor.named.isVisible() and editor.named.text().startswith("Priya Raman")
    assert add.form.editors["PassportNumber"].value() == ""  # no other field was touched
    assert add.form.is_dirty


def test_escape_closes_the_list_and_keeps_what_was_typed_and_a_raw_id_still_goes(qtbot, window, sandbox):
    tab = tab_of(window, "inszoom")
    look_up_priya(qtbot, tab)
    add = tab.show_operation("passport.create")
    picker = add.form.editors["ClientId"].input
    picker.clear()
    picker.setFocus()
    qtbot.keyClicks(picker, "Priya")
    qtbot.waitUntil(lambda: listed(picker), timeout=3000)
    qtbot.keyClick(picker, Qt.Key.Key_Escape)
    assert not listed(picker) and picker.text() == "Priya"
    qtbot.keyClick(picker, Qt.Key.Key_Down)  # opens it again
    qtbot.waitUntil(lambda: listed(picker), timeout=3000)
    qtbot.keyClick(picker, Qt.Key.Key_Escape)

    picker.clear()
    qtbot.keyClicks(picker, "CL-10002")  # an id the index has not seen: it is simply the id
    add.form.editors["PassportNumber"].set_value("X1234567")
    click_run(qtbot, add)
    wait_for_outcome(qtbot, add, "was added for client CL-10002")
    sent = [json.loads(r.body) for r in sandbox.control("inszoom").journal if r.method == "POST"]
    assert sent[-1]["ClientId"] == "CL-10002"


def test_an_id_the_index_knows_shows_its_name_whether_typed_or_carried(qtbot, window):
    tab = tab_of(window, "inszoom")
    look_up_priya(qtbot, tab)
    visa = tab.show_operation("visa.create")
    editor = visa.form.editors["ClientId"]
    assert editor.value() == "CL-10001"  # carried from the look-up
    qtbot.waitUntil(lambda: editor.named.text().startswith("Priya Raman"), timeout=3000)

    editor.input.clear()
    assert not editor.named.isVisible()
    qtbot.keyClicks(editor.input, "cl-10001")
    qtbot.waitUntil(lambda: editor.named.text().startswith("Priya Raman"), timeout=3000)
    assert editor.value() == "cl-10001"  # what was typed stays as typed


def test_a_stale_answer_is_dropped_and_only_the_newest_text_is_listed(qtbot, qt_loop):
    asked: list[tuple[str, asyncio.Future]] = []

    async def find(kind: str, text: str, limit: int) -> list[IndexedRecord]:
        answer: asyncio.Future = asyncio.get_running_loop().create_future()
        asked.append((text, answer))
        return await answer

    host = QWidget()
    layout = QVBoxLayout(host)
    editor = FieldEditor(Field("clientId", "Client id", holds="client"), picker=True)
    layout.addWidget(editor)
    host.resize(500, 300)
    host.show()
    qtbot.waitExposed(host)
    picker = editor.input
    assert isinstance(picker, RecordPicker)
    tasks = UiTasks()
    picker.attach(find, tasks.start)
    picker.setFocus()
    qtbot.keyClicks(picker, "ma")
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=2000)
    qtbot.keyClicks(picker, "ya")
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=2000)
    assert [text for text, _ in asked] == ["ma", "maya"]

    newest = IndexedRecord(RecordRef("client", "30619403"), "Maya Okafor", detail="Client 30619403")
    asked[1][1].set_result([newest])
    qtbot.waitUntil(lambda: listed(picker), timeout=2000)
    stale = IndexedRecord(RecordRef("client", "1"), "Mark Adams")
    asked[0][1].set_result([stale])
    qtbot.wait(PAUSE_MS)
    assert shown_rows(picker) == ["Maya Okafor — 30619403 · Client 30619403"]
    picker.suggestions.rows.itemClicked.emit(picker.suggestions.rows.item(0))  # a click on the row
    assert editor.value() == "30619403" and editor.named.text() == "Maya Okafor · Client 30619403"
    host.close()


def test_an_id_field_is_a_picker_unless_it_is_a_drop_down_or_the_new_records_own_id(qtbot, window):
    inszoom = tab_of(window, "inszoom")
    case = inszoom.show_operation("case.create")
    assert isinstance(case.form.editors["ClientId"].input, RecordPicker)
    assert case.form.editors["ClientId"].input.kind == "client"
    assert case.form.editors["CorporationId"].input.kind == "corporation"
    assert not isinstance(case.form.editors["PetitionId"].input, RecordPicker)  # the vendor's list
    pgi = tab_of(window, "pgi")
    assert pgi.show_operation("client.deactivate").form.editors["clientId"].input.kind == "client"
    provision = pgi.show_operation("client.provision")
    assert not isinstance(provision.form.editors["company.externalId"].input, RecordPicker)
    iinsight = tab_of(window, "iinsight")
    details = iinsight.show_operation("contacts.details")
    assert [details.form.editors[n].input.kind for n in ("case_id", "contact_id")] == ["case", "contact"]
    assert details.form.editors["contact_id"].input.accessibleName() == "Contact id"


# --- carried values --------------------------------------------------------------------------------


def test_a_client_just_added_fills_every_client_id_and_no_other_id(qtbot, window):
    tab = tab_of(window, "inszoom")
    add = type_into(qtbot, tab, "client.create", NEW_CLIENT)
    click_run(qtbot, add)
    wait_for_outcome(qtbot, add, "was added as a client")
    new_id = answer_of(add)["Id"]

    assert tab.show_operation("passport.create").form.editors["ClientId"].value() == new_id
    assert tab.show_operation("visa.create").form.editors["ClientId"].value() == new_id
    assert tab.show_operation("dependent.create").form.editors["MainClientId"].value() == new_id
    assert tab.show_operation("client.get").form.editors["clientId"].value() == new_id
    case = tab.show_operation("case.create")
    assert case.form.editors["ClientId"].value() == new_id
    assert case.form.editors["CorporationId"].value() == ""  # an individual client: no employer

    passport = type_into(qtbot, tab, "passport.create", {"PassportNumber": "Z7654321"})
    click_run(qtbot, passport)
    wait_for_outcome(qtbot, passport, f"was added for client {new_id}")
    passport_id = answer_of(passport)["Id"]
    delete = tab.show_operation("passport.delete")
    assert delete.form.editors["clientId"].value() == new_id
    assert delete.form.editors["passportId"].value() == passport_id
    assert tab.show_operation("visa.delete").form.editors["VisaId"].value() == ""  # a passport is no visa


def test_a_pgi_client_provisioned_fills_the_client_id_not_our_own_ids(qtbot, window):
    tab = tab_of(window, "pgi")
    typed = {
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
    provision = type_into(qtbot, tab, "client.provision", typed)
    click_run(qtbot, provision)
    wait_for_outcome(qtbot, provision, "is ready")
    client_id = str(answer_of(provision)["data"]["clientId"])
    deactivate = tab.show_operation("client.deactivate")
    assert deactivate.form.editors["clientId"].value() == client_id
    named = deactivate.form.editors["clientId"].named
    qtbot.waitUntil(lambda: named.text().startswith("Maya Okafor"), timeout=3000)


def test_an_iinsight_contact_on_a_case_carries_the_case_and_the_contact_to_their_own_fields(qtbot, window):
    tab = tab_of(window, "iinsight")
    details = type_into(qtbot, tab, "contacts.details", {"case_id": "1", "contact_id": "101"})
    click_run(qtbot, details)
    qtbot.waitUntil(lambda: "Olivia" in details.result.raw.toPlainText(), timeout=5000)
    on_case = tab.show_operation("contacts.associate_to_case")
    assert on_case.form.editors["case_id"].value() == "1"
    assert on_case.form.editors["contact_id"].value() == "101"
    # Her company, as iinsight answered it, goes to the company field: not the contact's id.
    assert tab.show_operation("contacts.create").form.editors["company_id"].value() == "1"


# --- a stable layout -------------------------------------------------------------------------------


def test_a_fields_position_does_not_change_when_its_neighbours_error_appears(qtbot, window):
    tab = tab_of(window, "inszoom")
    add = tab.show_operation("passport.create")
    form: OperationForm = add.form
    below = form.editors["PassportNumber"].input
    QApplication.processEvents()
    where = below.mapTo(form, QPoint(0, 0))
    size = form.size()

    long = "This is not a client INSZoom knows; choose one from the list or check the id you typed. " * 2
    form.show_errors({"ClientId": long})
    QApplication.processEvents()
    error = form.editors["ClientId"].error
    assert error.isVisible() and error.text() == long and error.toolTip() == long
    assert below.mapTo(form, QPoint(0, 0)) == where
    assert form.size() == size

    form.clear_errors()
    QApplication.processEvents()
    assert below.mapTo(form, QPoint(0, 0)) == where


def test_an_error_line_is_one_line_high_and_kept_while_hidden(qtbot):
    editor = FieldEditor(Field("PassportNumber", "Passport number", FieldKind.TEXT))
    editor.resize(300, editor.sizeHint().height())
    editor.show()
    qtbot.waitExposed(editor)
    height = editor.sizeHint().height()
    editor.show_error("Enter a passport number. " * 10)
    assert editor.sizeHint().height() == height
    assert editor.error.height() <= editor.error.fontMetrics().height() + 1
    editor.close()
