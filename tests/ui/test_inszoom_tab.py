"""The INSZoom tab as an immigration coordinator uses it: records, drop-downs, the overview, downloads."""

from __future__ import annotations

import json

import pytest

from app.sandbox.registry import build_sandbox
from app.ui.dialogs import ConfirmationBox
from app.ui.flows.inszoom.document import DocumentDownloadPanel
from app.ui.flows.inszoom.overview import ClientOverviewPanel
from app.ui.vendor_tab import VendorTab
from tests.ui.helpers import (
    click,
    click_run,
    confirmation_box,
    type_into,
    vendor_tab_shown,
    wait_for_outcome,
)


@pytest.fixture
def sandbox():
    return build_sandbox(["inszoom"])


@pytest.fixture
def tab(qtbot, qt_loop, sandbox):
    with vendor_tab_shown(qtbot, sandbox, "inszoom") as shown:
        yield shown


def sent(sandbox, suffix: str, method: str | None = None):
    return sandbox.control("inszoom").requests_to(suffix, method)


def new_id(panel) -> str:
    return str(json.loads(panel.result.raw.toPlainText())["Id"])


def create_client(qtbot, tab: VendorTab, first: str, last: str, **more: str) -> str:
    add = type_into(qtbot, tab, "client.create", {"FirstName": first, "LastName": last, **more})
    click_run(qtbot, add)
    wait_for_outcome(qtbot, add, first)
    return new_id(add)


def test_navigator_lists_record_types(tab):
    headings = [
        tab.task_list.item(i).text()
        for i in range(tab.task_list.count())
        if not tab.task_list.item(i).data(256)
    ]
    assert headings == [
        "Clients", "Dependents", "Passports", "Visas", "Cases", "Corporations", "Headquarters",
        "Corporation users", "Look-ups", "Documents",
    ]  # fmt: skip


def test_create_update_and_delete_a_client(qtbot, tab, sandbox):
    add = type_into(
        qtbot, tab, "client.create", {"FirstName": "Amara", "LastName": "Okoye", "Email": "amara@x.example"}
    )
    click_run(qtbot, add)
    wait_for_outcome(qtbot, add, "Amara")
    client_id = new_id(add)
    assert json.loads(sent(sandbox, "/Client/Create")[-1].body)["FirstName"] == "Amara"

    look = type_into(qtbot, tab, "client.get", {"clientId": client_id})
    click_run(qtbot, look)
    qtbot.waitUntil(lambda: look.result.value_text("First name") == "Amara", timeout=5000)
    change = tab.show_operation("client.update")
    assert change.form.editors["clientId"].value() == client_id  # the looked-up client, ready to edit
    assert change.form.editors["LastName"].value() == "Okoye"
    change.form.editors["JobTitle"].set_value("Site Reliability Engineer")
    click_run(qtbot, change)
    wait_for_outcome(qtbot, change, "is updated")
    update = sent(sandbox, f"/Client/Update/{client_id}", "PUT")[-1]
    assert json.loads(update.body)["JobTitle"] == "Site Reliability Engineer"

    delete = type_into(qtbot, tab, "client.delete", {"clientId": client_id})
    click_run(qtbot, delete)
    box = confirmation_box(qtbot, tab)
    assert f"{client_id} (Amara Okoye)" in box.text()
    box.confirm_button.click()
    wait_for_outcome(qtbot, delete, "is deleted")
    assert sent(sandbox, f"/Client/Delete/{client_id}", "DELETE")


def test_create_update_and_delete_a_dependent(qtbot, tab, sandbox):
    add = type_into(
        qtbot,
        tab,
        "dependent.create",
        {"MainClientId": "CL-10001", "FirstName": "Meera", "LastName": "Raman"},
    )
    add.form.editors["Relationship"].set_value("Child")
    click_run(qtbot, add)
    wait_for_outcome(qtbot, add, "Meera")
    dependent_id = new_id(add)

    change = type_into(
        qtbot, tab, "dependent.update", {"DependentId": dependent_id, "Relationship": "Daughter"}
    )
    click_run(qtbot, change)
    wait_for_outcome(qtbot, change, "is updated")
    body = json.loads(sent(sandbox, "/Dependent/Update", "PUT")[-1].body)
    assert body == {
        "DependentId": dependent_id,
        "Relationship": "Daughter",
    }  # a partial merge: only what changed

    delete = type_into(
        qtbot, tab, "dependent.delete", {"mainClientId": "CL-10001", "dependentId": dependent_id}
    )
    click_run(qtbot, delete)
    box = confirmation_box(qtbot, tab)
    assert dependent_id in box.text() and "Meera Raman" in box.text()
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert not sent(sandbox, "/Dependent/Delete", "DELETE")
    click_run(qtbot, delete)
    confirmation_box(qtbot, tab).confirm_button.click()
    wait_for_outcome(qtbot, delete, "is deleted")


def test_missing_names_are_explained_and_nothing_is_sent(qtbot, tab, sandbox):
    add = tab.show_operation("client.create")
    click_run(qtbot, add)
    wait_for_outcome(qtbot, add, "highlighted")
    assert add.form.editors["FirstName"].error.isVisible()
    assert add.form.editors["LastName"].error.isVisible()
    assert not sent(sandbox, "/Client/Create")


def test_departments_and_petitions_fill_drop_downs_from_the_look_ups(qtbot, tab, sandbox):
    add = type_into(qtbot, tab, "client.create", {"CorporationId": "CORP-2001"})
    departments = add.form.editors["DepartmentId"].input
    qtbot.waitUntil(lambda: departments.combo.count() > 0, timeout=5000)
    names = [departments.combo.itemText(i) for i in range(departments.combo.count())]
    assert all("(DEPT-" in name for name in names)
    departments.combo.setCurrentIndex(0)
    assert departments.value().startswith("DEPT-")
    assert sent(sandbox, "/GetDepartmentList/CORP-2001")

    case = type_into(qtbot, tab, "case.create", {"CountryId": "GB"})
    petitions = case.form.editors["PetitionId"].input
    qtbot.waitUntil(lambda: petitions.combo.count() > 0, timeout=5000)
    assert sent(sandbox, "/GetPetitionList/GB")
    calls = len(sent(sandbox, "/GetPetitionList/GB"))
    petitions.load()  # cached for the session: no second request
    qtbot.wait(100)
    assert len(sent(sandbox, "/GetPetitionList/GB")) == calls
    click(qtbot, petitions.refresh_button)
    qtbot.waitUntil(lambda: len(sent(sandbox, "/GetPetitionList/GB")) == calls + 1, timeout=5000)


def test_client_overview_loads_passports_and_visas_together(qtbot, tab, sandbox):
    overview = tab.show_task("client_overview")
    assert isinstance(overview, ClientOverviewPanel)
    sandbox.control("inszoom").latency_s = 0.2
    overview.id_box.setText("CL-10001")
    click(qtbot, overview.open_button)
    qtbot.waitUntil(lambda: overview.status.text().startswith("Priya Raman"), timeout=5000)
    assert overview.passport_model.total_count() >= 1
    assert overview.visa_model.total_count() >= 1
    assert overview.summary.value_text("First name") == "Priya"
    journal = list(sandbox.control("inszoom").journal)
    data_calls = [r for r in journal if "/Get/CL-10001" in r.path]
    assert len(data_calls) == 3
    assert overview.document_model.record(0)["DocumentId"] == "DOC-8001"
    overview.dependent_id.setText("DEP-4001")
    overview.dependent_id.returnPressed.emit()
    qtbot.waitUntil(lambda: overview.dependent_model.total_count() == 1, timeout=5000)


def test_document_download_saves_the_pdf_and_cancel_leaves_nothing(qtbot, tab, sandbox, tmp_path):
    panel = tab.show_task("document_download")
    assert isinstance(panel, DocumentDownloadPanel)
    target = tmp_path / "passport.pdf"
    task = tab.tasks.start(panel.bar.download_to("DOC-8001", target))
    qtbot.waitUntil(task.done, timeout=5000)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Saved Passport_Priya_Raman.pdf" in panel.bar.message.text()
    assert not panel.bar.open_button.isHidden()
    file_request = [r for r in sandbox.control("inszoom").journal if "/files/" in r.path][-1]
    assert "authorization" not in file_request.headers
    assert "ocp-apim-subscription-key" not in file_request.headers

    sandbox.control("inszoom").latency_s = 0.5
    second = tmp_path / "second.pdf"
    task = tab.tasks.start(panel.bar.download_to("DOC-8002", second))
    qtbot.waitUntil(lambda: not panel.bar.cancel_button.isHidden(), timeout=5000)
    click(qtbot, panel.bar.cancel_button)
    qtbot.waitUntil(task.done, timeout=5000)
    assert "cancelled" in panel.bar.message.text()
    assert not second.exists()
    assert not list(tmp_path.glob("*.part"))


def test_several_ids_are_typed_with_commas_and_answered_as_a_table(qtbot, tab, sandbox):
    look = type_into(qtbot, tab, "lookup.corporation_ids", {"ids": "CORP-2001, CORP-2002, CORP-9999"})
    assert look.form.editors["ids"].input.placeholderText() == "e.g. CORP-2001, CORP-2002"
    click_run(qtbot, look)
    qtbot.waitUntil(lambda: look.result.table.isVisible(), timeout=5000)
    body = json.loads(sent(sandbox, "/GetCorporationId", "GET")[-1].body)
    assert body == ["CORP-2001", "CORP-2002", "CORP-9999"]
    model = look.result.table.model()
    ids = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert ids == {"CORP-2001", "CORP-2002"}  # the unknown id is left out, as the document says


def test_a_detail_is_emptied_only_when_chosen_and_never_while_also_filled_in(qtbot, tab, sandbox):
    client_id = create_client(qtbot, tab, "Ines", "Moreau", JobTitle="Paralegal")
    change = type_into(qtbot, tab, "client.update", {"clientId": client_id, "JobTitle": "Partner"})
    chooser = change.form.editors["empty"].input
    assert chooser.text() == "None chosen"
    chooser.set_checked("JobTitle", True)
    assert chooser.text() == "Job title"  # the button names what will be emptied
    click_run(qtbot, change)
    qtbot.waitUntil(lambda: change.form.editors["empty"].error.isVisible(), timeout=3000)
    message = change.form.editors["empty"].error.text()
    assert "Job title: filled in above and also chosen to be emptied" in message
    assert sent(sandbox, f"/Client/Update/{client_id}", "PUT") == []  # nothing sent

    change.form.editors["JobTitle"].set_value("")
    click_run(qtbot, change)
    wait_for_outcome(qtbot, change, "is updated")
    body = json.loads(sent(sandbox, f"/Client/Update/{client_id}", "PUT")[-1].body)
    assert body == {"JobTitle": ""}  # emptied; nothing else touched

    look = type_into(qtbot, tab, "client.get", {"clientId": client_id})
    click_run(qtbot, look)
    qtbot.waitUntil(lambda: look.result.value_text("First name") == "Ines", timeout=5000)
    assert look.result.value_text("Job title") == "—"  # what the window shows for an empty detail
    # The looked-up client fills the update form afresh: the earlier choice to empty is gone.
    assert change.form.editors["empty"].value() == []


# --- what a person typed and did not send is never replaced without asking ---------------------------


def lookups_sent(sandbox) -> int:
    return len([r for r in sandbox.control("inszoom").journal if r.method == "GET" and "/Client" in r.path])


def headquarters_lookups_sent(sandbox) -> int:
    journal = sandbox.control("inszoom").journal
    return len([r for r in journal if r.method == "GET" and "/Headquarter" in r.path])


def test_opening_a_record_over_typed_values_asks_first_and_keeps_them_on_cancel(qtbot, tab, sandbox):
    # A headquarters has no page of its own: it opens in its look-up task (a client opens on its page).
    look = type_into(qtbot, tab, "headquarter.get", {"headquarterId": "HQ-9999"})  # typed, not sent
    before = headquarters_lookups_sent(sandbox)

    tab.open_record("headquarter.get", {"headquarterId": "HQ-1001"})  # as Recent or the quick lookup does
    box = confirmation_box(qtbot, tab)
    assert "Look up a headquarters" in box.text() and "HQ-1001" in box.text()
    box.reject()
    qtbot.waitUntil(lambda: "kept what you typed" in tab.window().statusBar().currentMessage(), timeout=3000)
    assert look.form.editors["headquarterId"].value() == "HQ-9999"
    assert headquarters_lookups_sent(sandbox) == before  # nothing was sent

    tab.open_record("headquarter.get", {"headquarterId": "HQ-1001"})
    box = confirmation_box(qtbot, tab)
    click(qtbot, box.confirm_button)
    qtbot.waitUntil(lambda: look.result.value_text("Headquarters id") == "HQ-1001", timeout=5000)
    assert look.form.editors["headquarterId"].value() == "HQ-1001"
    assert headquarters_lookups_sent(sandbox) == before + 1


def test_opening_a_record_over_an_untouched_form_asks_nothing(qtbot, tab):
    tab.open_record("headquarter.get", {"headquarterId": "HQ-1001"})
    look = tab.panels["headquarter.get"]
    qtbot.waitUntil(lambda: look.result.value_text("Headquarters id") == "HQ-1001", timeout=5000)


def test_a_look_up_does_not_overwrite_changes_typed_into_the_update_form(qtbot, tab):
    client_id = create_client(qtbot, tab, "Chen", "Wu")
    change = type_into(qtbot, tab, "client.update", {"clientId": client_id, "JobTitle": "Paralegal"})
    look = type_into(qtbot, tab, "client.get", {"clientId": client_id})
    click_run(qtbot, look)
    qtbot.waitUntil(lambda: look.result.value_text("First name") == "Chen", timeout=5000)
    assert change.form.editors["JobTitle"].value() == "Paralegal"
    assert change.form.editors["LastName"].value() == ""  # not filled over their edits either
    assert "still holds what you typed" in tab.window().statusBar().currentMessage()


@pytest.mark.parametrize("typed", ["..", "."])
def test_a_dot_id_is_refused_under_its_field_without_asking_or_sending(qtbot, tab, sandbox, typed):
    delete = type_into(qtbot, tab, "client.delete", {"clientId": typed})
    click_run(qtbot, delete)
    wait_for_outcome(qtbot, delete, "highlighted field")
    editor = delete.form.editors["clientId"]
    assert editor.error.isVisible() and "Client" in editor.error.text()
    assert not [box for box in tab.findChildren(ConfirmationBox) if box.isVisible()]
    assert "deleted" not in delete.result.outcome.text()
    assert not sent(sandbox, "", "DELETE")
