"""One date format for a person (the computer's), the vendor's own on the wire."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from app.ui import dates
from app.ui.field_widgets import DateInput
from app.ui.operation_form import FieldEditor
from app.ui.result_view import ResultView
from app.vendors.iinsight.catalog import VENDOR as IINSIGHT
from app.vendors.inszoom.catalog import VENDOR as INSZOOM


def computer_set_to(country: QLocale.Country) -> Iterator[None]:
    """The computer's language set to English of ``country`` for one test."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, country))
    dates.local_format.cache_clear()
    yield
    QLocale.setDefault(previous)
    dates.local_format.cache_clear()


@pytest.fixture
def british(qapp) -> Iterator[None]:
    """Dates read day/month/year."""
    yield from computer_set_to(QLocale.Country.UnitedKingdom)


@pytest.fixture
def american(qapp) -> Iterator[None]:
    """Dates read month/day/year."""
    yield from computer_set_to(QLocale.Country.UnitedStates)


def editor_for(vendor, operation_id: str, field_name: str) -> FieldEditor:
    return FieldEditor(vendor.operation(operation_id).field(field_name))


def test_the_computers_format_has_a_four_digit_year(american):
    assert dates.local_format() == "M/d/yyyy"  # the locale's own is M/d/yy: a year of two digits misleads
    assert dates.example() == "12/31/2026"


def test_a_date_typed_the_british_way_goes_to_inszoom_as_iso(qtbot, british):
    editor = editor_for(INSZOOM, "passport.create", "ExpiryDate")
    qtbot.addWidget(editor)
    assert isinstance(editor.input, DateInput)
    assert editor.input.line.placeholderText() == "e.g. 31/12/2026"
    qtbot.keyClicks(editor.input.line, "14/01/2030")
    assert editor.value() == "2030-01-14"


def test_the_same_date_goes_to_iinsight_in_its_own_day_first_format(qtbot, american):
    editor = editor_for(IINSIGHT, "contacts.associate_to_case", "created_on")
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.input.line, "1/14/2030")
    assert editor.value() == "14-01-2030"


def test_an_iso_date_pasted_is_understood_whatever_the_computer(qtbot, british):
    editor = editor_for(IINSIGHT, "contacts.associate_to_case", "created_on")
    qtbot.addWidget(editor)
    editor.input.line.setText("2030-01-14")
    assert editor.value() == "14-01-2030"


def test_a_record_date_is_shown_in_the_computers_format(qtbot, british):
    editor = editor_for(INSZOOM, "passport.update", "ExpiryDate")
    qtbot.addWidget(editor)
    editor.set_value("2030-01-14")
    assert editor.input.line.text() == "14/01/2030"
    assert editor.value() == "2030-01-14"


def test_not_a_date_is_explained_in_the_format_the_person_types(qtbot, british):
    editor = editor_for(INSZOOM, "passport.create", "ExpiryDate")
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.input.line, "next tuesday")
    editor.check()
    assert editor.error.text() == "Enter a date such as 31/12/2026."
    assert editor.input.line.text() == "next tuesday"  # nothing typed is lost


def test_answers_show_dates_in_the_computers_format(qtbot, british):
    view = ResultView({"ExpiryDate": "Expires on", "created_on": "Added on", "PassportNumber": "Number"})
    qtbot.addWidget(view)
    view.show()
    view.show_data({"ExpiryDate": "2030-01-14", "created_on": "02-03-2025", "PassportNumber": "2030-01"})
    assert view.value_text("Expires on") == "14/01/2030"
    assert view.value_text("Added on") == "02/03/2025"
    assert view.value_text("Number") == "2030-01"  # not a date: as the vendor wrote it


def test_table_cells_show_dates_in_the_computers_format_and_sort_by_the_date(qtbot, british):
    from PySide6.QtCore import Qt

    from app.ui.records_model import RecordsTableModel

    model = RecordsTableModel()
    model.set_columns([("name", "Name"), ("modified", "Changed on"), ("expiry", "Expires")])
    model.append_rows(
        [
            {"name": "Ada", "modified": "02-03-2025", "expiry": "2030-01-14"},
            {"name": "Bo", "modified": "28-02-2024", "expiry": "2031"},
        ]
    )
    shown = [[model.data(model.index(row, column)) for column in range(3)] for row in range(2)]
    assert shown == [["Ada", "02/03/2025", "14/01/2030"], ["Bo", "28/02/2024", "2031"]]
    model.sort(1, Qt.SortOrder.AscendingOrder)  # by the date, not by the day's number
    assert [model.data(model.index(row, 1)) for row in range(2)] == ["28/02/2024", "02/03/2025"]


def test_a_date_at_midnight_is_shown_as_that_day(british):
    assert dates.shown_if_date("2025-01-07T00:00:00") == "07/01/2025"
    assert dates.shown_if_date("2025-01-07T00:00:00Z") == "07/01/2025"
    assert dates.shown_if_date("2025-01-07T09:30:00") == "2025-01-07T09:30:00"  # a time of day is kept
