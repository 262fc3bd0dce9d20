"""Large table: 100,000 iinsight company contacts in the records table — memory, sorting, filtering.

The table is the real ``RecordsTable`` widget (model, view, filter box), styled as
the app styles it and shown offscreen.  The contacts are what the vendor would send:
the iinsight simulator's store grown to 100,000, each page rendered by the
simulator's own view code, encoded to JSON and decoded again, so every record is a
fresh dict of fresh strings as httpx would hand it over.  Pages of 100 go in one
``append_rows`` at a time, as *Load all pages* does.

- memory: resident memory before decoding the pages and after the table holds them
  all (the records themselves included: the model keeps them for row details);
- sorting: what a click on a column title does (the header's sort indicator
  changes, the view asks the model to sort) until the view has repainted, for every
  column; the slowest column is the figure.  (``QTableView.sortByColumn`` is not
  used: with sorting enabled, Qt 6 sorts twice through it, once for the indicator's
  signal and once more itself; a click sorts once.);
- filtering: one key at a time into the filter box until the view has repainted;
  the slowest keystroke is the figure.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
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


def timed_ms(action: Any, app: Any) -> float:
    """How long ``action`` and the repaint it causes take (events processed until none is left)."""
    started = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - started) * 1000


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
    app.processEvents()
    model, view = table.model, table.view

    pages = encoded_pages()
    before = settled_rss()
    decoded = [json.loads(page) for page in pages]
    with_records = settled_rss()
    started = time.perf_counter()
    for rows in decoded:
        model.append_rows(rows)
    append_s = time.perf_counter() - started
    app.processEvents()
    del decoded  # the model holds the records now, as after a real load
    after = settled_rss()
    assert model.total_count() == TOTAL

    outcome.add(
        Figure(
            "memory added by 100,000 contacts in the table",
            after - before,
            "MB",
            TARGET_MEMORY_MB,
            f"the decoded records {with_records - before:.0f} MB, the model's display texts, "
            f"filter text and order {after - with_records:.0f} MB",
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
    filters: list[str] = []  # the filter text after each keystroke
    box = table.filter_edit
    box.setFocus()
    for text in TYPED:
        for character in text:
            keystrokes.append(timed_ms(lambda ch=character: QTest.keyClicks(box, ch), app))
            filters.append(box.text())
        shown = model.visible_count()
        for _ in text:
            keystrokes.append(timed_ms(lambda: QTest.keyClick(box, Qt.Key.Key_Backspace), app))
            filters.append(box.text())
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
    one_page = json.loads(pages[0])
    outcome.add(
        Figure(
            f"appending a page of 100 to the 100,000 while sorted by {sort_label}",
            timed_ms(lambda: model.append_rows(one_page), app),
            "ms",
            detail="what each page of a Load all costs once a column is sorted",
        )
    )
    outcome.write(options.json)
    table.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
