"""The paginated records table as an agent uses it: pages, Load all, Cancel, filter, sort, copy, export.

A fake vendor list serves numbered records in pages; clicks only schedule
coroutines, so every test waits for what the table shows.
"""

from __future__ import annotations

import asyncio
import csv
import random
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QTableView

from app.contract.errors import RemoteError
from app.ui.records_model import RecordsTableModel, display_text
from app.ui.records_table import MAX_FITTED_COLUMN_WIDTH, RecordsTable

COLUMNS = [("id", "Contact id"), ("name", "Name"), ("city", "City"), ("active", "Active"), ("note", "Note")]
CITIES = ["Vienna", "Boston", "Lagos"]
FAILURE = "The vendor's server had a problem (500)."


def contact(number: int) -> dict[str, Any]:
    return {
        "id": number,
        "name": f"Contact {number:05d}",
        "city": CITIES[number % 3],
        "active": number % 2 == 0,
        "note": None,
    }


class FakeVendorList:
    """Serves ``total`` contacts ``page_size`` at a time, counting the pages asked for."""

    def __init__(
        self,
        total: int,
        page_size: int = 10,
        delay: float = 0.0,
        page_delays: dict[int, float] | None = None,
        failing_page: int | None = None,
    ) -> None:
        self.total = total
        self.page_size = page_size
        self.delay = delay
        self.page_delays = page_delays or {}
        self.failing_page = failing_page
        self.requested: list[int] = []

    async def fetch_page(self, page: int) -> list[dict[str, Any]]:
        self.requested.append(page)
        await asyncio.sleep(self.page_delays.get(page, self.delay))
        if page == self.failing_page:
            raise RemoteError(FAILURE, 500)
        start = (page - 1) * self.page_size
        return [contact(number) for number in range(start, min(start + self.page_size, self.total))]


@pytest.fixture
def make_table(qtbot, qt_loop):
    tables: list[RecordsTable] = []

    def make(vendor: FakeVendorList, **options: Any) -> RecordsTable:
        options.setdefault("page_size", vendor.page_size)
        table = RecordsTable(COLUMNS, vendor.fetch_page, title="Company contacts", **options)
        qtbot.addWidget(table)
        table.resize(1000, 500)
        table.show()
        tables.append(table)
        return table

    yield make
    for table in tables:
        table.shutdown()


def ids_shown(table: RecordsTable) -> list[int]:
    return [int(table.model.row_texts(row)[0]) for row in range(table.model.visible_count())]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def load_first_page(qtbot, table: RecordsTable) -> None:
    with qtbot.waitSignal(table.sig_loaded, timeout=3000):
        table.reload()


def wait_until_idle(qtbot, table: RecordsTable) -> None:
    qtbot.waitUntil(lambda: table.load_all_button.isEnabled(), timeout=5000)


# --- pages ---------------------------------------------------------------------------------------


def test_next_and_previous_show_one_page_at_a_time_until_the_empty_page(qtbot, make_table):
    table = make_table(FakeVendorList(total=25))
    assert table.page_label.text() == "Not loaded"
    load_first_page(qtbot, table)
    assert ids_shown(table) == list(range(10))
    assert table.page_label.text() == "Page 1"
    assert table.status.text() == "Page 1 — 10 records"
    assert not table.previous_button.isEnabled()

    for page, expected in ((2, list(range(10, 20))), (3, list(range(20, 25))), (4, [])):
        with qtbot.waitSignal(table.sig_loaded, timeout=3000) as loaded:
            click(qtbot, table.next_button)
        assert loaded.args == [len(expected)]
        assert ids_shown(table) == expected
        assert table.page_label.text() == f"Page {page}"

    assert table.status.text() == "No more records"
    assert not table.next_button.isEnabled()
    with qtbot.waitSignal(table.sig_loaded, timeout=3000):
        click(qtbot, table.previous_button)
    assert table.page_label.text() == "Page 3"
    assert ids_shown(table) == list(range(20, 25))
    assert not table.next_button.isEnabled(), "page 4 is known to be empty"


def test_with_the_short_rule_a_short_page_is_the_last(qtbot, make_table):
    table = make_table(FakeVendorList(total=25), end_rule="short")
    load_first_page(qtbot, table)
    for _ in range(2):
        with qtbot.waitSignal(table.sig_loaded, timeout=3000):
            click(qtbot, table.next_button)
    assert table.status.text() == "Page 3 — 5 records"
    assert not table.next_button.isEnabled()


def test_a_failed_page_shows_the_message_and_keeps_the_rows_shown(qtbot, make_table):
    table = make_table(FakeVendorList(total=25, failing_page=2))
    load_first_page(qtbot, table)
    click(qtbot, table.next_button)
    qtbot.waitUntil(lambda: table.status.text() == FAILURE, timeout=3000)
    assert table.status.property("role") == "failure"
    assert ids_shown(table) == list(range(10))
    assert table.page_label.text() == "Page 1"
    wait_until_idle(qtbot, table)
    assert table.next_button.isEnabled(), "the user can try again"


def test_set_fetch_page_reads_the_new_list_from_its_first_page(qtbot, make_table):
    table = make_table(FakeVendorList(total=25))
    load_first_page(qtbot, table)
    narrower = FakeVendorList(total=3)
    table.set_fetch_page(narrower.fetch_page)
    assert ids_shown(table) == list(range(10)), "the rows shown stay until the table is reloaded"
    load_first_page(qtbot, table)
    assert narrower.requested == [1]
    assert ids_shown(table) == [0, 1, 2]


def test_a_new_page_size_applies_to_the_next_load(qtbot, make_table):
    vendor = FakeVendorList(total=25, page_size=5)
    table = make_table(vendor, page_size=10, end_rule="short")
    table.page_size = 5
    with qtbot.waitSignal(table.sig_loaded, timeout=3000):
        click(qtbot, table.load_all_button)
    assert vendor.requested[:6] == [1, 2, 3, 4, 5, 6]
    assert ids_shown(table) == list(range(25))


# --- Load all ------------------------------------------------------------------------------------


def test_pages_arriving_over_time_go_in_together_at_most_every_interval(qtbot, make_table):
    """Each insertion costs the view a relayout and repaint: not one for every page of a Load all."""
    vendor = FakeVendorList(total=95, page_delays={page: 0.03 * page for page in range(1, 12)})
    table = make_table(vendor)
    batches: list[tuple[int, int]] = []
    table.model.rowsInserted.connect(lambda _parent, first, last: batches.append((first, last)))
    with qtbot.waitSignal(table.sig_loaded, timeout=5000):
        click(qtbot, table.load_all_button)
    assert batches[0] == (0, 9)  # the first page is shown at once
    assert 2 <= len(batches) < 10  # ten pages, fewer insertions
    assert all(first == previous_last + 1 for (_, previous_last), (first, _) in pairwise(batches))
    assert batches[-1][1] == 94 and all((last + 1) % 10 == 0 for _, last in batches[:-1])  # whole pages
    assert ids_shown(table) == list(range(95))


def test_cancelling_load_all_keeps_every_page_that_had_arrived(qtbot, make_table):
    vendor = FakeVendorList(total=200, page_delays={page: 0.02 * page for page in range(1, 30)})
    table = make_table(vendor, concurrency=8)
    click(qtbot, table.load_all_button)
    qtbot.waitUntil(lambda: table.model.total_count() >= 10, timeout=3000)
    qtbot.wait(60)  # more pages arrive, waiting to go in with the next insertion
    click(qtbot, table.cancel_button)
    qtbot.waitUntil(lambda: "cancelled" in table.status.text().lower(), timeout=3000)
    kept = table.model.total_count()
    assert kept > 10 and kept % 10 == 0
    assert ids_shown(table) == list(range(kept))
    assert table.status.text() == f"Loading cancelled — {kept} records kept"


def test_load_all_reads_until_the_empty_page_and_inserts_whole_pages_in_batches(qtbot, make_table):
    # Page 1 answers last, so pages arrive out of order; the table still fills in page order.
    vendor = FakeVendorList(total=25, page_delays={1: 0.15, 2: 0.05})
    table = make_table(vendor)
    batches: list[tuple[int, int]] = []
    table.model.rowsInserted.connect(lambda _parent, first, last: batches.append((first, last)))
    with qtbot.waitSignal(table.sig_loaded, timeout=3000) as loaded:
        click(qtbot, table.load_all_button)
    assert loaded.args == [25]
    # The first page at once; the pages after it together (they arrived within one insertion interval).
    assert batches == [(0, 9), (10, 24)]
    assert ids_shown(table) == list(range(25))
    assert 4 in vendor.requested, "a short page is not the end under the empty-page rule"
    assert table.status.text() == "All 25 records loaded (3 pages)"
    assert table.page_label.text() == "All pages"
    assert table.progress.isHidden() and table.cancel_button.isHidden()


def test_load_all_with_the_short_rule_stops_at_the_short_page(qtbot, make_table):
    vendor = FakeVendorList(total=25)
    table = make_table(vendor, end_rule="short", concurrency=1)
    with qtbot.waitSignal(table.sig_loaded, timeout=3000):
        click(qtbot, table.load_all_button)
    assert vendor.requested == [1, 2, 3]
    assert ids_shown(table) == list(range(25))


def test_load_all_with_the_empty_rule_asks_for_the_page_after_a_short_one(qtbot, make_table):
    vendor = FakeVendorList(total=25)
    table = make_table(vendor, concurrency=1)
    with qtbot.waitSignal(table.sig_loaded, timeout=3000):
        click(qtbot, table.load_all_button)
    assert vendor.requested == [1, 2, 3, 4]


def test_load_all_shows_progress_and_cancel_stops_further_requests(qtbot, make_table):
    vendor = FakeVendorList(total=10_000, delay=0.03)
    table = make_table(vendor, concurrency=2)
    click(qtbot, table.load_all_button)
    qtbot.waitUntil(lambda: table.model.total_count() >= 30, timeout=5000)
    assert table.progress.isVisible() and table.cancel_button.isVisible()
    assert table.progress.text().startswith("Loaded ")
    assert not table.load_all_button.isEnabled()

    click(qtbot, table.cancel_button)
    qtbot.waitUntil(lambda: table.status.text().startswith("Loading cancelled"), timeout=3000)
    requested = len(vendor.requested)
    kept = table.model.total_count()
    qtbot.wait(200)
    assert len(vendor.requested) == requested
    assert table.model.total_count() == kept
    assert ids_shown(table) == list(range(kept))
    assert table.status.text() == f"Loading cancelled — {kept} records kept"
    assert table.progress.isHidden() and table.cancel_button.isHidden()


def test_an_error_during_load_all_keeps_the_pages_already_loaded(qtbot, make_table):
    table = make_table(FakeVendorList(total=100, failing_page=3), concurrency=1)
    click(qtbot, table.load_all_button)
    qtbot.waitUntil(lambda: table.status.text() == FAILURE, timeout=3000)
    assert ids_shown(table) == list(range(20))
    wait_until_idle(qtbot, table)


def test_a_new_load_replaces_the_running_one_without_reporting_it_cancelled(qtbot, make_table):
    vendor = FakeVendorList(total=10_000, delay=0.03)
    table = make_table(vendor)
    messages: list[str] = []
    table.sig_message.connect(messages.append)
    click(qtbot, table.load_all_button)
    qtbot.waitUntil(lambda: table.model.total_count() > 0, timeout=3000)
    with qtbot.waitSignal(table.sig_loaded, timeout=3000):
        table.reload()
    assert table.status.text() == "Page 1 — 10 records"
    assert ids_shown(table) == list(range(10))
    assert not any(message.startswith("Loading cancelled") for message in messages)


# --- working with the rows -----------------------------------------------------------------------


def test_the_filter_hides_rows_without_every_word(qtbot, make_table):
    table = make_table(FakeVendorList(total=30, page_size=30))
    load_first_page(qtbot, table)
    qtbot.keyClicks(table.filter_edit, "VIENNA yes")
    shown = [table.model.record(row) for row in range(table.model.visible_count())]
    assert shown and all(record["city"] == "Vienna" and record["active"] for record in shown)
    assert len(shown) == len([n for n in range(30) if n % 3 == 0 and n % 2 == 0])
    assert table.shown_label.text() == f"{len(shown)} of 30 shown"
    table.filter_edit.clear()
    assert table.model.visible_count() == 30
    assert table.shown_label.isHidden()


def test_a_filter_every_row_passes_still_says_how_many_are_shown(qtbot, make_table):
    table = make_table(FakeVendorList(total=30, page_size=30))
    load_first_page(qtbot, table)
    qtbot.keyClicks(table.filter_edit, "contact")
    assert table.model.visible_count() == 30
    assert table.shown_label.isVisible() and table.shown_label.text() == "30 of 30 shown"


def test_the_first_page_fits_each_column_to_its_widest_text_as_qt_would(qtbot, make_table):
    # Proportional text: the texts with the most letters are not the widest.
    names = ["i" * 60, "l" * 58, "W" * 20, "Anna"]
    records = [
        {**contact(number), "name": names[number % 4], "note": "x" * (number % 90)} for number in range(40)
    ]

    async def fetch_page(page: int) -> list[dict[str, Any]]:
        return records if page == 1 else []

    table = make_table(FakeVendorList(total=0))
    table.set_fetch_page(fetch_page)
    load_first_page(qtbot, table)

    reference = QTableView()  # set up as the table's own view, Qt fitting every cell itself
    qtbot.addWidget(reference)
    reference.setWordWrap(False)
    reference.horizontalHeader().setSortIndicatorShown(True)
    reference.setModel(table.model)
    reference.resizeColumnsToContents()
    # The last column stretches to the table's edge.
    fitted = [table.view.columnWidth(column) for column in range(len(COLUMNS) - 1)]
    expected = [
        min(reference.columnWidth(column), MAX_FITTED_COLUMN_WIDTH) for column in range(len(COLUMNS) - 1)
    ]
    assert fitted == expected


def test_clicking_a_column_title_sorts_numbers_as_numbers(qtbot, make_table):
    numbers = [5, 100, 20, 3, 1000]

    async def fetch_page(page: int) -> list[dict[str, Any]]:
        return [contact(number) for number in numbers] if page == 1 else []

    table = make_table(FakeVendorList(total=0))
    table.set_fetch_page(fetch_page)
    load_first_page(qtbot, table)
    header = table.view.horizontalHeader()
    title = QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=title)
    assert ids_shown(table) == [3, 5, 20, 100, 1000]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=title)
    assert ids_shown(table) == [1000, 100, 20, 5, 3]


def test_copy_puts_the_selected_rows_on_the_clipboard_as_tab_separated_text(qtbot, make_table):
    table = make_table(FakeVendorList(total=25))
    load_first_page(qtbot, table)
    selection = table.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (3, 1):
        selection.select(table.model.index(row, 0), flags)
    expected = (
        "Contact id\tName\tCity\tActive\tNote\n"
        "1\tContact 00001\tBoston\tNo\t\n"
        "3\tContact 00003\tVienna\tNo\t\n"
    )

    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == expected

    QGuiApplication.clipboard().clear()
    click(qtbot, table.copy_button)
    assert QGuiApplication.clipboard().text() == expected
    assert table.status.text() == "Copied 2 rows to the clipboard"


def test_double_click_or_enter_gives_the_rows_record(qtbot, make_table):
    table = make_table(FakeVendorList(total=25))
    load_first_page(qtbot, table)
    with qtbot.waitSignal(table.sig_row_activated, timeout=1000) as activated:
        table.view.setCurrentIndex(table.model.index(4, 1))
        qtbot.keyClick(table.view, Qt.Key.Key_Return)
    assert activated.args == [contact(4)]
    cell = table.view.visualRect(table.model.index(2, 1)).center()
    with qtbot.waitSignal(table.sig_row_activated, timeout=1000) as activated:
        # A real double-click starts with a click; QTest's sends the second half only.
        qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert activated.args == [contact(2)]


def test_export_csv_writes_the_column_names_and_the_rows_shown(qtbot, make_table, tmp_path):
    table = make_table(FakeVendorList(total=30, page_size=30))
    load_first_page(qtbot, table)
    table.filter_edit.setText("lagos")
    table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    path = tmp_path / "contacts.csv"

    assert table.export_csv(path) == 10
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark to read UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Contact id", "Name", "City", "Active", "Note"]
    expected_ids = [n for n in range(29, -1, -1) if n % 3 == 2]
    assert [int(row[0]) for row in rows[1:]] == expected_ids
    assert rows[1] == ["29", "Contact 00029", "Lagos", "No", ""]


def test_the_export_button_asks_for_a_file_without_blocking(qtbot, make_table, tmp_path):
    table = make_table(FakeVendorList(total=25))
    load_first_page(qtbot, table)
    click(qtbot, table.export_button)
    dialog = table.findChild(QFileDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    path = tmp_path / "chosen.csv"
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(path.exists, timeout=3000)
    assert table.status.text() == "Saved 10 rows to chosen.csv"


def test_every_control_has_a_name_and_a_tooltip(make_table):
    table = make_table(FakeVendorList(total=0))
    controls = [
        table.previous_button,
        table.page_label,
        table.next_button,
        table.load_all_button,
        table.progress,
        table.cancel_button,
        table.filter_edit,
        table.shown_label,
        table.copy_button,
        table.export_button,
        table.view,
        table.status,
    ]
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control


# --- the model on its own ------------------------------------------------------------------------


def test_display_text_shows_nothing_for_missing_values_and_yes_no_for_flags():
    assert [display_text(value) for value in (None, "", True, False, 0, 2.5, "x")] == [
        "",
        "",
        "Yes",
        "No",
        "0",
        "2.5",
        "x",
    ]


def model_with(values: list[Any], key: str = "value") -> RecordsTableModel:
    model = RecordsTableModel([(key, "Value")])
    model.append_rows([{key: value} for value in values])
    return model


def column_texts(model: RecordsTableModel, column: int = 0) -> list[str]:
    return [model.row_texts(row)[column] for row in range(model.visible_count())]


def test_sorting_is_case_insensitive_keeps_dates_in_date_order_and_puts_empty_cells_last():
    names = model_with(["bob", None, "Alice", "carol"])
    names.sort(0, Qt.SortOrder.AscendingOrder)
    assert column_texts(names) == ["Alice", "bob", "carol", ""]
    names.sort(0, Qt.SortOrder.DescendingOrder)
    assert column_texts(names) == ["carol", "bob", "Alice", ""]

    dates = model_with(["02-01-2024", "31-12-2023", "", "2023-06-15"])
    dates.sort(0, Qt.SortOrder.AscendingOrder)
    assert column_texts(dates) == ["2023-06-15", "31-12-2023", "02-01-2024", ""]


def test_rows_appended_to_a_sorted_table_join_it_in_order():
    model = model_with([30, 10, 20])
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.append_rows([{"value": 25}, {"value": 5}])
    assert column_texts(model) == ["30", "25", "20", "10", "5"]
    model.append_rows([{"value": "n/a"}])  # a word among numbers: the column now sorts as text
    assert column_texts(model) == ["n/a", "5", "30", "25", "20", "10"]


def test_equal_values_keep_their_arrival_order_in_both_directions():
    model = RecordsTableModel([("city", "City"), ("id", "Id")])
    model.append_rows([{"city": "Oslo", "id": n} for n in range(3)])
    model.append_rows([{"city": "Lima", "id": 3}, {"city": "Oslo", "id": 4}])
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(0, order)
        oslo = [text for city, text in map(model.row_texts, range(5)) if city == "Oslo"]
        assert oslo == ["0", "1", "2", "4"]


def test_a_hundred_thousand_rows_sort_and_filter_correctly():
    generator = random.Random(7)
    numbers = [generator.randrange(1_000_000) for _ in range(100_000)]
    model = RecordsTableModel(COLUMNS)
    model.append_rows([{**contact(index), "id": number} for index, number in enumerate(numbers)])
    assert model.total_count() == 100_000

    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [int(text) for text in column_texts(model)] == sorted(numbers)

    model.set_filter("vienna yes")
    expected = sorted(number for index, number in enumerate(numbers) if index % 6 == 0)
    assert [int(text) for text in column_texts(model)] == expected
    assert model.visible_count() == len(expected)

    model.set_filter("")
    every_record = [model.record(row) for row in range(model.visible_count())]
    model.set_filter("0999 CONTACT")
    words = ("0999", "contact")
    assert model.visible_count() == sum(
        all(word in "\t".join(map(display_text, record.values())).lower() for word in words)
        for record in every_record
    )
    model.set_filter("")
    assert model.visible_count() == 100_000
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.row_texts(0)[1] == "Contact 99999"


def test_typing_on_narrows_to_exactly_what_a_fresh_filter_finds(qapp):
    """The filter searches only the shown rows while the text grows; the result must not differ."""
    import random

    rng = random.Random(7)
    names = ["Nguyen", "Nguyenova", "Ng", "Olivia", "Oliver", "Kowalski", "Kowal", "Citizen"]
    rows = [{"id": n, "name": f"{rng.choice(names)} {rng.choice(names)}"} for n in range(2000)]
    typed = ["n", "ng", "ngu", "nguyen", "nguyen o", "nguyen olivia", "nguyen o", "ng", "", "kow"]
    incremental = RecordsTableModel([("id", "Id"), ("name", "Name")])
    incremental.append_rows(rows)
    for text in typed:
        incremental.set_filter(text)
        fresh = RecordsTableModel([("id", "Id"), ("name", "Name")])
        fresh.append_rows(rows)
        fresh.set_filter(text)
        assert list(incremental.visible_texts()) == list(fresh.visible_texts()), text
