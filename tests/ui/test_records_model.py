"""The records model with many rows: the rows shown after filtering, sorting and appending, and the
record a row gives back.

Every expectation is worked out the plain way, from the dicts appended: a search of every cell's
text and a sort of those texts.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from app.ui.records_model import RecordsTableModel, display_text

COLUMNS = [("id", "Id"), ("name", "Name"), ("city", "City"), ("code", "Code"), ("note", "Note")]
CITIES = ["Vienna", "Boston", "Lagos", "São Paulo", "Straße"]


def contact(number: int, generator: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": number,
        "name": f"{generator.choice(['Ana', 'Bo', 'Cy', 'Dee'])} {generator.choice(['Ng', 'Nguyen', 'Oli'])}",
        "city": generator.choice(CITIES),
        # More different codes than a byte can number, the later ones appearing only in later pages.
        "code": f"C{generator.randrange(number // 4 + 1):04d}",
        "note": generator.choice([None, "", "call back", True, False, 12.5]),
    }
    if number % 7 == 0:
        del record["note"]  # records of another shape, with fewer keys
    if number % 11 == 0:
        record["extra"] = {"nested": [number]}  # a key no column shows
    return record


def contacts(count: int, seed: int = 7) -> list[dict[str, Any]]:
    generator = random.Random(seed)
    return [contact(number, generator) for number in range(count)]


def filled(records: list[dict[str, Any]], page: int = 100) -> RecordsTableModel:
    model = RecordsTableModel(COLUMNS)
    for start in range(0, len(records), page):
        model.append_rows(records[start : start + page])
    return model


def cells(record: dict[str, Any]) -> tuple[str, ...]:
    return tuple(display_text(record.get(key)) for key, _ in COLUMNS)


def searched(records: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The records holding every word of ``text`` within one cell's text, in any case."""
    words = text.casefold().split()
    return [
        record
        for record in records
        if all(any(word in cell.casefold() for cell in cells(record)) for word in words)
    ]


def sorted_by_text(records: list[dict[str, Any]], column: int, descending: bool) -> list[dict[str, Any]]:
    """Case-insensitive, equal texts in arrival order, empty cells last."""
    with_text = [record for record in records if cells(record)[column]]
    with_text.sort(key=lambda record: cells(record)[column].casefold(), reverse=descending)
    return with_text + [record for record in records if not cells(record)[column]]


def rows_shown(model: RecordsTableModel) -> list[tuple[str, ...]]:
    return [model.row_texts(row) for row in range(model.visible_count())]


def test_a_rows_record_is_the_dict_that_was_appended_keys_in_the_same_order(qapp):
    entry = object()  # a value only the app understands (the activity panel keeps its entries this way)
    records = [*contacts(300), {"note": "keys in another order", "id": 300, "entry": entry}]
    model = filled(records)

    read_back = [model.record(row) for row in range(model.visible_count())]  # unsorted, unfiltered
    assert read_back == records
    assert [list(record) for record in read_back] == [list(record) for record in records]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter("o")
    for row in range(model.visible_count()):
        record = model.record(row)
        original = records[record["id"]]
        assert record == original and list(record) == list(original)
        assert all(type(record[key]) is type(original[key]) for key in original)
    model.set_filter("another")
    assert model.record(0)["entry"] is entry


def test_changing_a_record_read_back_changes_nothing_shown(qapp):
    model = filled(contacts(10))
    record = model.record(3)
    record["name"] = "Somebody else"
    assert model.row_texts(3)[1] != "Somebody else"
    assert model.record(3)["name"] != "Somebody else"


def test_a_key_a_record_lacks_shows_an_empty_cell_that_sorts_last(qapp):
    model = RecordsTableModel(COLUMNS)
    model.append_rows([{"id": 1, "note": "b"}, {"id": 2}, {"note": "a", "id": 3}])
    assert rows_shown(model) == [("1", "", "", "", "b"), ("2", "", "", "", ""), ("3", "", "", "", "a")]
    model.sort(4, Qt.SortOrder.AscendingOrder)
    assert [texts[0] for texts in rows_shown(model)] == ["3", "1", "2"]


@pytest.mark.parametrize("descending", [False, True])
def test_typing_and_erasing_shows_what_a_search_of_every_cell_finds(qapp, descending):
    records = contacts(5000)
    model = filled(records)
    model.sort(1, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    typed = ["n", "ng", "ngu", "nguyen", "nguyen ", "nguyen b", "nguyen bo", "nguyen bos"]
    rare = ["c0003", "c0003 bo", "c0003 b"]  # a few rows of 5,000
    texts = (
        typed + typed[-2::-1] + ["c0", "c01", "c012", "", "ss", "straße", "SÃO", "yes", "12.5", "e t", *rare]
    )
    for text in texts:
        model.set_filter(text)
        expected = sorted_by_text(searched(records, text), 1, descending)
        assert rows_shown(model) == [cells(record) for record in expected], text


def test_a_filter_typed_before_the_rows_arrive_applies_to_them(qapp):
    records = contacts(400)
    for sort_column in (-1, 1):
        model = filled(records)
        model.sort(sort_column, Qt.SortOrder.AscendingOrder)
        model.set_filter("lagos")
        model.clear()
        assert model.visible_count() == 0
        for start in range(0, len(records), 100):
            model.append_rows(records[start : start + 100])
        expected = searched(records, "lagos")
        if sort_column >= 0:
            expected = sorted_by_text(expected, sort_column, descending=False)
        assert rows_shown(model) == [cells(record) for record in expected]


def test_a_word_never_matches_across_two_cells(qapp):
    model = RecordsTableModel(COLUMNS)
    model.append_rows([{"id": 1, "name": "Ana", "city": "Lagos"}, {"id": 2, "name": "Analagos"}])
    model.set_filter("analagos")
    assert [texts[0] for texts in rows_shown(model)] == ["2"]


def test_pages_appended_while_sorted_and_filtered_join_in_their_places(qapp):
    records = contacts(3000, seed=11)
    model = RecordsTableModel(COLUMNS)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    model.set_filter("a")
    for start in range(0, len(records), 100):
        model.append_rows(records[start : start + 100])
        expected = sorted_by_text(searched(records[: start + 100], "a"), 2, descending=True)
        assert rows_shown(model) == [cells(record) for record in expected]
    model.set_filter("")
    assert rows_shown(model) == [cells(record) for record in sorted_by_text(records, 2, descending=True)]


def test_new_columns_show_and_filter_on_the_new_columns_only(qapp):
    records = contacts(600)
    model = filled(records)
    model.set_filter("lagos")
    model.set_columns([("code", "Code"), ("name", "Name")])
    assert model.visible_count() == 0, "the city is no longer a column"
    model.set_filter("c0001")
    expected = [record for record in records if "c0001" in record["code"].casefold()]
    assert rows_shown(model) == [(record["code"], record["name"]) for record in expected]


@pytest.mark.parametrize("chosen", [3, 12])  # a few rows are looked for one by one, more in one pass
def test_the_selection_follows_its_records_through_the_filter_and_sorting(qapp, chosen):
    model = filled(contacts(20_000, seed=3))
    view = QTableView()
    view.setModel(model)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    selection = view.selectionModel()
    rows = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows

    def ids(rows: list[int]) -> set[str]:
        return {model.row_texts(row)[0] for row in rows}

    def selected_ids() -> set[str]:
        return ids([index.row() for index in selection.selectedRows()])

    def current_id() -> str:
        return model.row_texts(view.currentIndex().row())[0]

    lagos = [row for row in range(model.visible_count()) if model.row_texts(row)[2] == "Lagos"]
    vienna = [row for row in range(model.visible_count()) if model.row_texts(row)[2] == "Vienna"]
    kept, dropped = lagos[:: len(lagos) // chosen][:chosen], vienna[:: len(vienna) // 2][:2]
    for row in kept + dropped:
        selection.select(model.index(row, 0), rows)
    selection.setCurrentIndex(model.index(kept[-1], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    kept_ids, current = ids(kept), current_id()

    model.set_filter("lagos")
    assert selected_ids() == kept_ids
    assert current_id() == current
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert selected_ids() == kept_ids
    assert current_id() == current
    model.append_rows(contacts(20_100, seed=3)[20_000:])  # a page joining the sorted rows
    assert selected_ids() == kept_ids
    assert current_id() == current
    model.set_filter("")
    assert selected_ids() == kept_ids
    assert current_id() == current


def test_a_cell_too_narrow_for_its_text_shows_the_whole_text_on_hover(qapp):
    model = RecordsTableModel([("note", "Note")])
    long_note = "Called back about the renewal; the customer wants twelve more licences from March"
    model.append_rows([{"note": long_note}])
    view = QTableView()
    view.setModel(model)
    view.setColumnWidth(0, 40)
    assert view.textElideMode() == Qt.TextElideMode.ElideRight  # drawn with "…", never cut silently
    index = model.index(0, 0)
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == long_note
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == long_note
