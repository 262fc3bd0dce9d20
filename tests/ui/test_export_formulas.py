"""Exports and copies never hand a spreadsheet a formula to run (OWASP's CSV injection).

Contacts whose names a spreadsheet would run are made through the app's own form (iinsight) or
held by the simulator (IQ Reseller's CVs), then exported and copied as a person would.
"""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.sandbox.registry import build_sandbox
from app.ui.duplicate_dialog import DuplicateDialog
from app.ui.list_panel import ListPanel
from tests.ui.helpers import click, click_run, type_into, vendor_tab_shown, wait_for_outcome

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1"]
INERT = ["'" + name for name in FORMULAS]
COMPANY = "Formula Testing Pty"


def read_csv(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def sandbox():
    return build_sandbox(["iinsight", "iqreseller"])


@pytest.fixture
def iinsight_contacts(qtbot, qt_loop, sandbox):
    """The company contacts table, filtered to the four contacts just made with the New contact form."""
    with vendor_tab_shown(qtbot, sandbox, "iinsight") as tab:
        for number, name in enumerate(FORMULAS):
            panel = type_into(
                qtbot,
                tab,
                "contacts.create",
                {"company_name": COMPANY, "first_name": f"Person{number}", "last_name": name},
            )
            click_run(qtbot, panel)
            wait_for_outcome(qtbot, panel, f"Person{number} {name} was added")
        panel = tab.show_task("company_contacts.list")
        assert isinstance(panel, ListPanel)
        with qtbot.waitSignal(panel.table.sig_loaded, timeout=20_000):
            click(qtbot, panel.table.load_all_button)
        panel.table.filter_edit.setText(COMPANY)
        qtbot.waitUntil(lambda: panel.table.model.visible_count() == len(FORMULAS), timeout=5000)
        yield panel.table


def last_names(table) -> list[str]:
    return [table.model.record(row)["last_name"] for row in range(table.model.visible_count())]


def test_export_csv_writes_formula_names_as_text(iinsight_contacts, tmp_path):
    table = iinsight_contacts
    assert sorted(last_names(table)) == sorted(FORMULAS)  # the table shows them as they were typed
    target = tmp_path / "contacts.csv"
    assert table.export_csv(target) == len(FORMULAS)
    rows = read_csv(target)
    column = rows[0].index("Last name")
    assert sorted(row[column] for row in rows[1:]) == sorted(INERT)
    assert all(row[rows[0].index("First name")].startswith("Person") for row in rows[1:])


def test_copy_rows_puts_formula_names_on_the_clipboard_as_text(qtbot, iinsight_contacts):
    table = iinsight_contacts
    table.view.selectAll()
    click(qtbot, table.copy_button)
    lines = QApplication.clipboard().text().splitlines()
    column = lines[0].split("\t").index("Last name")
    assert sorted(line.split("\t")[column] for line in lines[1:]) == sorted(INERT)
    QApplication.clipboard().clear()
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert len(QApplication.clipboard().text().splitlines()) == 1 + len(FORMULAS)
    assert QApplication.clipboard().text() == "\n".join(lines) + "\n"


def test_ctrl_c_on_a_cell_of_the_duplicates_copies_it_as_text(qtbot, qt_loop, sandbox):
    on_case = {
        "case_id": "1",
        "created_on": "01-02-2026",
        "company_name": COMPANY,
        "first_name": "Dup",
        "last_name": FORMULAS[1],
        "phone1": "(02) 5550 1234",
    }
    with vendor_tab_shown(qtbot, sandbox, "iinsight") as tab:
        panel = type_into(qtbot, tab, "contacts.associate_to_case", on_case)
        click_run(qtbot, panel)
        wait_for_outcome(qtbot, panel, "is now on case 1")
        click_run(qtbot, panel)  # the same contact again: iinsight asks whether it is a duplicate
        qtbot.waitUntil(lambda: any(d.isVisible() for d in tab.findChildren(DuplicateDialog)), timeout=5000)
        dialog = next(d for d in tab.findChildren(DuplicateDialog) if d.isVisible())
        model = dialog.table.model()
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        cell = model.index(0, headers.index("Last name"))
        assert cell.data() == FORMULAS[1]  # shown as typed
        dialog.table.setCurrentIndex(cell)
        qtbot.keyClick(dialog.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.clipboard().text() == INERT[1]
        dialog.table.setCurrentIndex(model.index(0, headers.index("Record id")))
        qtbot.keyClick(dialog.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.clipboard().text() == cell.siblingAtColumn(0).data()  # an id stays as it is
        dialog.cancel_button.click()


def test_numbers_stay_numbers_and_cv_names_are_made_inert(qtbot, qt_loop, sandbox, tmp_path):
    store = sandbox.simulators["iqreseller"].state
    template = dict(store.cvs[0])
    for number, name in enumerate([*FORMULAS, "-1", "-3.5"]):
        store.cvs.insert(0, {**template, "CVID": 9000 + number, "Name": name, "Phone": -1 - number})
    with vendor_tab_shown(qtbot, sandbox, "iqreseller") as tab:
        panel = tab.show_task("cv.list")
        click(qtbot, panel.show_button)
        qtbot.waitUntil(lambda: panel.table.model.total_count() > 0, timeout=10_000)
        target = tmp_path / "cvs.csv"
        panel.table.export_csv(target)
    rows = read_csv(target)
    header = rows[0]
    by_id = {row[header.index("CV id")]: row for row in rows[1:]}
    names = [by_id[str(9000 + number)][header.index("Name")] for number in range(6)]
    assert names == [*INERT, "-1", "-3.5"]
    phones = [by_id[str(9000 + number)][header.index("Phone")] for number in range(6)]
    assert phones == [str(-1 - number) for number in range(6)]
