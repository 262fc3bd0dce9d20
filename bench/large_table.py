"""Large table: 100,000 iinsight company contacts in the records table — memory, sorting, filtering.

The table is the real ``RecordsTable`` widget (model, view, filter box), styled as
the app styles it and shown offscreen.  The contacts are what the vendor would send:
the iinsight simulator's store grown to 100,000, each page rendered by the
simulator's own view code, encoded to JSON and decoded again, so every record is a
fresh dict of fresh strings as httpx would hand it over.  Pages of 100 are decoded and
handed to the table one at a time through what *Load all pages* calls with each page
(one ``append_rows``, the columns fitted to the first page): a page's decoded dicts
are dropped once the table has taken it.

- memory: resident memory before the first page is decoded and after the table holds
  them all (everything the model keeps of the records included);
- sorting: what a click on a column title does (the header's sort indicator
  changes, the view asks the model to sort) until the view has repainted, for every
  column; the slowest column is the figure.  (``QTableView.sortByColumn`` is not
  used: with sorting enabled, Qt 6 sorts twice through it, once for the indicator's
  signal and once more itself; a click sorts once.);
- filtering: one key at a time into the filter box until the view has repainted;
  the slowest keystroke is the figure.

"Until the view has repainted" means until no event is left: a view lays its rows out
on a zero-delay timer and paints only after that, so one pass of processEvents()
would count a keystroke's repaint in the next keystroke.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

if not __package__:  # run as ``python bench/large_table.py``: bench/ is on sys.path, the repository is not
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import Figure, Outcome, arguments, isolate_environment, rss_mb

TOTAL = 100_000
PAGE_SIZE = 100
TARGET_MEMORY_MB = 150.0
TARGET_SORT_MS = 300.0
TARGET_KEYSTROKE_MS = 50.0
# What an agent might type: a suburb, a surname and first name, a phone prefix; then erasing it.
TYPED = ("parramatta", "nguyen olivia", "5550 12")


def encoded_pages() -> list[bytes]:
    """100,000 contacts as the vendor's pages of JSON."""
    from app.sandbox.iinsight import views
    from app.sandbox.iinsight.seed import build_store
    from bench._data import grow_contacts

    store = build_store()
    grow_contacts(store, TOTAL)
    contacts = sorted(store.contacts.values(), key=lambda contact: contact.contact_id)[:TOTAL]
    return [
        json.dumps([views.company_contact(store, c) for c in contacts[start : start + PAGE_SIZE]]).encode()
        for start in range(0, TOTAL, PAGE_SIZE)
    ]


def settled_rss() -> float:
    gc.collect()
    return rss_mb()


def settle(app: Any) -> None:
    """Process events until none is left (a bounded number of passes, in case a timer keeps firing)."""
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop

    app.processEvents()
    dispatcher = QAbstractEventDispatcher.instance()
    for _ in range(100):
        if not dispatcher.processEvents(QEventLoop.ProcessEventsFlag.AllEvents):
            return


def timed_ms(action: Any, app: Any) -> float:
    """How long ``action`` and the layout and repaint it causes take."""
    started = time.perf_counter()
    action()
    settle(app)
    return (time.perf_counter() - started) * 1000


def hand_over(table: Any, page: int, rows: list[dict[str, Any]]) -> None:
    """A page as Load all hands it to the table, put in at once: Load all's insertion timer gathers
    the pages of up to 150 ms into one insertion, so one per page is the most it ever makes."""
    table._on_page_arrived(page, rows)
    table._insert_arrived()


def decoded_mb(pages: list[bytes]) -> float:
    """What the pages take as decoded dicts, all at once (Python's own allocations, by tracemalloc)."""
    tracemalloc.start()
    decoded = [json.loads(page) for page in pages]
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del decoded
    return size / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__.splitlines()[0])
    options = parser.parse_args(argv)
    isolate_environment()

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app import vendors
    from app.ui.records_table import RecordsTable
    from app.ui.resources import style_sheet

    outcome = Outcome("large_table", "100,000 contacts in the records table")
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(style_sheet())
    columns = list(vendors.load("iinsight").operation("company_contacts.list").columns)

    async def never(page: int) -> list[dict[str, Any]]:
        raise AssertionError("the table is filled directly")

    table = RecordsTable(columns, never, title="Company contacts")
    table.resize(1180, 640)
    table.show()
    settle(app)
    model, view = table.model, table.view

    pages = encoded_pages()
    before = settled_rss()
    append_s = 0.0
    for number, page in enumerate(pages, start=1):
        rows = json.loads(page)
        started = time.perf_counter()
        hand_over(table, number, rows)
        append_s += time.perf_counter() - started
    del rows  # the last page's dicts: the model holds what it keeps of the records, as after a real load
    settle(app)
    after = settled_rss()
    assert model.total_count() == TOTAL

    outcome.add(
        Figure(
            "memory added by 100,000 contacts in the table",
            after - before,
            "MB",
            TARGET_MEMORY_MB,
            "pages decoded and appended one at a time, as Load all does",
        )
    )
    outcome.add(
        Figure(
            "appending 1,000 pages of 100 (as Load all does)",
            append_s * 1000 / len(pages),
            "ms",
            detail=f"per page; {append_s:.2f} s in all",
        )
    )

    header = view.horizontalHeader()

    def click_title(column: int, order: Qt.SortOrder) -> float:
        return timed_ms(lambda: header.setSortIndicator(column, order), app)

    sorts = {
        label: click_title(column, Qt.SortOrder.AscendingOrder) for column, (_, label) in enumerate(columns)
    }
    slowest = max(sorts, key=sorts.__getitem__)
    again = click_title([label for _, label in columns].index(slowest), Qt.SortOrder.DescendingOrder)
    outcome.add(
        Figure(
            "sort by a column (the slowest of all columns)",
            sorts[slowest],
            "ms",
            TARGET_SORT_MS,
            f"{slowest}; median over the {len(columns)} columns {statistics.median(sorts.values()):.0f} ms; "
            f"the same column descending {again:.0f} ms",
        )
    )
    sort_label = "Last name"
    click_title([label for _, label in columns].index(sort_label), Qt.SortOrder.AscendingOrder)

    keystrokes: list[float] = []
    cpu: list[float] = []  # the GUI thread's own CPU time in each keystroke (the rest: another process ran)
    filters: list[str] = []  # the filter text after each keystroke
    box = table.filter_edit
    box.setFocus()

    def keystroke(press: Any) -> None:
        started = time.thread_time()
        keystrokes.append(timed_ms(press, app))
        cpu.append((time.thread_time() - started) * 1000)
        filters.append(box.text())

    for text in TYPED:
        for character in text:
            keystroke(lambda ch=character: QTest.keyClicks(box, ch))
        shown = model.visible_count()
        for _ in text:
            keystroke(lambda: QTest.keyClick(box, Qt.Key.Key_Backspace))
        outcome.note(f"Filter {text!r}: {shown:,} of {model.total_count():,} rows shown.")
    # The model's share of a keystroke: the same filter texts set directly, with no repaint after them.
    model_only = []
    for text in filters:
        started = time.perf_counter()
        model.set_filter(text)
        model_only.append((time.perf_counter() - started) * 1000)
    outcome.add(
        Figure(
            "filter keystroke (the slowest of all typed and erased)",
            max(keystrokes),
            "ms",
            TARGET_KEYSTROKE_MS,
            f"{len(keystrokes)} keystrokes, median {statistics.median(keystrokes):.0f} ms, "
            f"sorted by {sort_label} meanwhile; the model's set_filter alone: slowest "
            f"{max(model_only):.0f} ms, median {statistics.median(model_only):.0f} ms",
        )
    )
    slowest = keystrokes.index(max(keystrokes))
    outcome.note(
        f"The slowest keystroke left {filters[slowest]!r} in the box; the GUI thread computed for "
        f"{cpu[slowest]:.0f} ms of its {keystrokes[slowest]:.0f} ms (the rest another process had the "
        f"core). The most any keystroke computed: {max(cpu):.0f} ms."
    )
    one_page, another_page = json.loads(pages[0]), json.loads(pages[1])
    sorted_in = timed_ms(lambda: hand_over(table, len(pages) + 1, one_page), app)
    # The same without a sort, for comparison: the view lays out and repaints after any page.
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    settle(app)
    unsorted_in = timed_ms(lambda: hand_over(table, len(pages) + 2, another_page), app)
    outcome.add(
        Figure(
            f"appending a page of 100 to the 100,000 while sorted by {sort_label}",
            sorted_in,
            "ms",
            detail=f"what each page of a Load all costs once a column is sorted, the view's repaint "
            f"included; a page appended to the unsorted table: {unsorted_in:.0f} ms",
        )
    )
    # Last: tracemalloc's bookkeeping for millions of objects leaves the allocator slow for a while.
    outcome.note(
        f"The same {TOTAL:,} records as decoded dicts, all at once, take {decoded_mb(pages):.0f} MB "
        "(Python's own allocations, by tracemalloc)."
    )
    outcome.write(options.json)
    table.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
