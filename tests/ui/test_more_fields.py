"""More fields on INSZoom's record forms: fields the catalog does not list reach INSZoom exactly as
typed, with the document's rules checked next to them, and their names are offered again."""

from __future__ import annotations

import json

import pytest

from app.sandbox.registry import build_sandbox
from tests.ui.helpers import click_run, type_into, vendor_tab_shown


@pytest.fixture
def sandbox():
    return build_sandbox(["inszoom"])


@pytest.fixture
def tab(qtbot, qt_loop, sandbox):
    with vendor_tab_shown(qtbot, sandbox, "inszoom") as shown:
        yield shown


def more_rows(panel, rows: list[tuple[str, str]]) -> None:
    more = panel.form.more
    more.rows.set_value([list(row) for row in rows])


def sent(sandbox, path: str) -> dict:
    return json.loads(sandbox.control("inszoom").requests_to(path)[-1].body)


def test_more_fields_reach_inszoom_as_typed_and_come_back_next_time(qtbot, tab, sandbox):
    panel = type_into(qtbot, tab, "headquarter.create", {"HeadquarterName": "Leeds office"})
    assert panel.form.more is not None and panel.form.more.title() == "More fields"
    rows = [("Email", "leeds@northwind.example"), ("EstablishedDate", "2019-04-01"), ("Floor", "")]
    more_rows(panel, rows)
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: bool(sandbox.control("inszoom").requests_to("/Headquarter/Create")), timeout=5000)
    body = sent(sandbox, "/Headquarter/Create")
    assert body["Email"] == "leeds@northwind.example" and body["EstablishedDate"] == "2019-04-01"
    assert "Floor" not in body  # a name given no value sends nothing
    settings = tab.workspace.settings
    qtbot.waitUntil(lambda: settings.more_field_names("inszoom", "headquarter") != [], timeout=5000)
    assert settings.more_field_names("inszoom", "headquarter") == ["Email", "EstablishedDate"]
    panel.form.mark_clean()
    # The next form of that record type offers the names used, empty: nothing is sent unless filled.
    update = tab.show_operation("headquarter.update")
    assert update.form.more.rows.value() == [["Email", ""], ["EstablishedDate", ""]]
    assert update.form.more.values() == {}


def test_a_more_field_breaking_the_documents_rule_is_refused_next_to_the_rows(qtbot, tab, sandbox):
    panel = type_into(qtbot, tab, "passport.create", {"ClientId": "CL-10001", "PassportNumber": "P123"})
    more_rows(panel, [("RenewalDate", "next spring")])
    click_run(qtbot, panel)
    error = panel.form.more.error
    qtbot.waitUntil(lambda: error.isVisible(), timeout=3000)
    assert "RenewalDate" in error.text() and "YYYY-MM-DD" in error.text()
    assert not sandbox.control("inszoom").requests_to("/Passport/Create")
    assert panel.form.more.values() == {"RenewalDate": "next spring"}  # kept as typed
    panel.form.mark_clean()


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([("", "orphan value")], "Give the value “orphan value” the name of its field."),
        ([("FirstName", "Ada")], "FirstName is one of the form's own fields: fill it in above."),
        ([("Grade", "A"), ("grade", "B")], "grade is given twice: keep one row for it."),
        ([("grade level", "A")], "PascalCase"),
    ],
)
def test_rows_that_cannot_be_sent_say_why_and_nothing_is_sent(qtbot, tab, sandbox, rows, said):
    panel = type_into(qtbot, tab, "client.create", {"FirstName": "Ada", "LastName": "Lund"})
    more_rows(panel, rows)
    click_run(qtbot, panel)
    error = panel.form.more.error
    qtbot.waitUntil(lambda: said in error.text(), timeout=3000)
    assert not sandbox.control("inszoom").requests_to("/Client/Create")
    panel.form.mark_clean()


def test_forms_of_vendors_with_a_closed_body_have_no_more_fields(qtbot, qt_loop):
    with vendor_tab_shown(qtbot, build_sandbox(["pgi"]), "pgi") as pgi:
        panel = pgi.show_operation("client.provision")
        assert panel.form.more is None
