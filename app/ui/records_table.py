"""A vendor's paginated list as a table: a page at a time or every page, filtered, copied, exported.

Pages are fetched on the qasync loop through the ``fetch_page`` coroutine the
owner gives; the table never knows which vendor or URL is behind it.  Only one
load runs at a time: starting another cancels the one before.
"""

from __future__ import annotations

import asyncio
import csv
import heapq
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.contract.spec import Paging
from app.services.api import as_rows, fetch_all_pages, inert_cell, inert_cells, is_last_page
from app.ui.attempt import attempt
from app.ui.records_model import Columns, RecordsTableModel
from app.ui.tasks import UiTasks

PageFetcher = Callable[[int], Awaitable[list[dict[str, Any]]]]
END_RULES = ("empty", "short")
# Load all puts the pages that arrived into the table at most this often (a person sees no difference;
# the window is spared a relayout and repaint for every page).
INSERT_EVERY_MS = 150
# Widest a column is made when fitted to its contents; the user can still widen it.
MAX_FITTED_COLUMN_WIDTH = 320
# Columns are fitted to the first rows that arrive, up to as many as Qt's own fitting reads.
FIT_ROWS = 1000
# A tab or line break inside a cell would split it into two cells or rows when pasted.
_CELL_BREAKS = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def count_of(count: int, noun: str) -> str:
    """'1 record', '1,151 records'."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


class _BusyBar(QProgressBar):
    """A progress bar for work of unknown length that still shows its sentence.

    Qt draws no text while the total is unknown (minimum == maximum == 0), but
    the sentence is the only progress there is to show.
    """

    def text(self) -> str:
        return self.format()


class _RecordsView(QTableView):
    """The table itself: Ctrl+C copies whole rows, Enter opens the current row."""

    sig_copy_requested = Signal()
    sig_row_chosen = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.sig_copy_requested.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_row_chosen.emit(self.currentIndex().row())
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class RecordsTable(QWidget):
    """Page controls, Load all with progress and Cancel, a filter, Copy and Export over one table."""

    sig_loaded = Signal(int)  # how many records are in the table after a load finished
    sig_message = Signal(str)  # one sentence for the status bar
    sig_row_activated = Signal(dict)  # the record of a double-clicked row, or of the row Enter was pressed on

    def __init__(
        self,
        columns: Columns,
        fetch_page: PageFetcher,
        *,
        end_rule: str = "empty",
        page_size: int = 100,
        first_page: int = 1,
        concurrency: int = 4,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if end_rule not in END_RULES:
            raise ValueError(f"end_rule must be one of {END_RULES}, not {end_rule!r}")
        self._fetch_page = fetch_page
        self._paging = Paging(page_field="page", first_page=first_page, max_size=page_size, end_rule=end_rule)
        self.concurrency = concurrency  # pages fetched at once by Load all (File › Settings)
        self._title = title
        self.tasks = UiTasks()
        self._load_task: asyncio.Task[Any] | None = None
        self._page: int | None = None  # the page shown alone; None before the first one and after Load all
        self._all_pages = False  # the table holds (or is receiving) every page
        self._last_page: int | None = None  # the last page worth showing, once an end page was met
        self._pages_with_rows = 0
        self._columns_fitted = False
        self._export_dialog: QFileDialog | None = None
        # Load all's pages, in page order, waiting to go into the table together (see _on_page_arrived).
        self._arrived: list[dict[str, Any]] = []
        self._arrived_page = 0
        self._insert_timer = QTimer(self)
        self._insert_timer.setSingleShot(True)
        self._insert_timer.setInterval(INSERT_EVERY_MS)
        self._insert_timer.timeout.connect(self._insert_arrived)

        self.model = RecordsTableModel(columns, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if title:
            heading = QLabel(title)
            heading.setProperty("role", "section")
            layout.addWidget(heading)
            self.setAccessibleName(title)
        # Two rows, so that a narrow tab still has room for the progress sentence:
        # which records to load, then what to do with the rows loaded.
        layout.addLayout(self._build_paging_tools())
        layout.addLayout(self._build_row_tools())
        self.view = self._build_view()
        layout.addWidget(self.view, 1)
        self.status = QLabel("Nothing loaded yet")
        self.status.setObjectName("table-status")
        self.status.setWordWrap(True)
        self.status.setProperty("role", "hint")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName("Table status")
        self.status.setToolTip("What happened last in this table")
        layout.addWidget(self.status)
        find = QShortcut(QKeySequence.StandardKey.Find, self, self.filter_edit.setFocus)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_controls()

    # --- building ------------------------------------------------------------------------------

    def _build_paging_tools(self) -> QHBoxLayout:
        toolbar = QHBoxLayout()
        self.previous_button = self._button("◀ Previous", "Previous page", "Show the page before this one")
        self.previous_button.clicked.connect(lambda: self.tasks.start(self.load_page(self._previous_page())))
        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page shown")
        self.page_label.setToolTip("Which page of the list the table shows")
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance("Page 9,999") + 8)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = self._button("Next ▶", "Next page", "Show the next page")
        self.next_button.clicked.connect(lambda: self.tasks.start(self.load_page(self._next_page())))
        self.load_all_button = self._button(
            "Load all pages", "Load all pages", "Fetch every page of this list into the table"
        )
        self.load_all_button.clicked.connect(lambda: self.tasks.start(self.load_all()))
        self.progress = _BusyBar()
        self.progress.setRange(0, 0)
        # While loading, the bar takes the place of "Load all pages" and its words are in the status
        # line below: a wider toolbar would widen the table's minimum and so the window itself.
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(self.load_all_button.sizeHint().width())
        self.progress.setAccessibleName("Loading progress")
        self.progress.setToolTip("How many records have arrived so far")
        self.progress.hide()
        self.cancel_button = self._button(
            "Cancel", "Cancel loading", "Stop loading; the records already loaded stay in the table"
        )
        self.cancel_button.clicked.connect(self.cancel_load)
        self.cancel_button.hide()
        widget: QWidget
        for widget in (self.previous_button, self.page_label, self.next_button):
            toolbar.addWidget(widget)
        toolbar.addSpacing(12)
        for widget in (self.load_all_button, self.progress, self.cancel_button):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)
        return toolbar

    def _build_row_tools(self) -> QHBoxLayout:
        tools = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter these rows…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(200)
        self.filter_edit.setMaximumWidth(420)
        self.filter_edit.setAccessibleName("Filter rows")
        self.filter_edit.setToolTip(
            "Show only the rows that contain all of these words, in any column (Ctrl+F)"
        )
        self.filter_edit.textChanged.connect(self.model.set_filter)
        # After the model: a filter that keeps the same rows changes nothing the view would signal.
        self.filter_edit.textChanged.connect(self._update_controls)
        self.shown_label = QLabel()
        self.shown_label.setProperty("role", "hint")
        self.shown_label.setAccessibleName("Rows shown")
        self.shown_label.setToolTip("How many of the loaded rows the filter lets through")
        self.copy_button = self._button(
            "Copy",
            "Copy selected rows",
            "Copy the selected rows, with the column names, to paste elsewhere (Ctrl+C)",
        )
        self.copy_button.clicked.connect(self.copy_selected_rows)
        self.export_button = self._button(
            "Export CSV…", "Export to a CSV file", "Save the rows shown to a CSV file that Excel can open"
        )
        self.export_button.clicked.connect(self._choose_export_file)
        tools.addWidget(self.filter_edit, 1)
        tools.addWidget(self.shown_label)
        tools.addStretch(1)
        tools.addWidget(self.copy_button)
        tools.addWidget(self.export_button)
        return tools

    @staticmethod
    def _button(text: str, accessible_name: str, tooltip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible_name)
        button.setToolTip(tooltip)
        return button

    def _build_view(self) -> _RecordsView:
        view = _RecordsView()
        view.setModel(self.model)
        view.setAccessibleName(f"{self._title} table" if self._title else "Records table")
        view.setToolTip("Click a column title to sort; double-click a row (or press Enter) to open it")
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        rows = view.verticalHeader()
        rows.hide()
        # Every row as high as one line of text: Qt need not measure 100,000 rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSortIndicatorClearable(True)  # a third click goes back to the order the pages came in
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # unsorted until the user asks
        view.setSortingEnabled(True)
        view.doubleClicked.connect(lambda index: self._activate_row(index.row()))
        view.sig_row_chosen.connect(self._activate_row)
        view.sig_copy_requested.connect(self.copy_selected_rows)
        view.selectionModel().selectionChanged.connect(self._update_controls)
        for signal in (self.model.rowsInserted, self.model.modelReset, self.model.layoutChanged):
            signal.connect(self._update_controls)
        return view

    # --- public interface ----------------------------------------------------------------------

    async def load_page(self, page: int) -> None:
        """Show ``page`` alone.  The rows shown stay until it has arrived, and stay if it fails."""
        page = max(page, self._paging.first_page)
        await self._run_load(lambda: self._fetch_one_page(page), f"Loading page {page:,}…")

    async def load_all(self) -> None:
        """Empty the table, then fill it with every page, in page order, as the pages arrive."""
        await self._run_load(self._fetch_every_page, "Loading all pages…")

    def cancel_load(self) -> None:
        """Stop the running load: no further page is requested and the rows loaded so far stay."""
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()

    def reload(self) -> asyncio.Task[Any]:
        """Show the first page again, forgetting where the list ended (it may have changed)."""
        self._last_page = None
        return self.tasks.start(self.load_page(self._paging.first_page))

    def set_fetch_page(self, fetch_page: PageFetcher) -> None:
        """Read the list through ``fetch_page`` from the next load on (say, with new search criteria).

        A load still reading the old list is cancelled; the rows shown stay until
        the owner calls ``reload()``.
        """
        self.cancel_load()
        self._fetch_page = fetch_page
        self._last_page = None

    @property
    def page_size(self) -> int:
        return self._paging.max_size

    @page_size.setter
    def page_size(self, size: int) -> None:
        """Pages of ``size`` records from the next load on (page numbers then mean other records)."""
        self._paging = replace(self._paging, max_size=size)
        self._last_page = None

    def set_columns(self, columns: Columns) -> None:
        self.model.set_columns(columns)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._columns_fitted = False
        self._fit_columns_once()

    def shutdown(self) -> None:
        """Cancel every coroutine this table started (call when its tab or window closes)."""
        self.cancel_load()
        self.tasks.cancel_all()

    def copy_selected_rows(self) -> int:
        """Put the selected rows on the clipboard as tab-separated text under a line of column names."""
        rows = self._selected_rows()
        if not rows:
            return 0
        # Made inert before the breaks become spaces: a cell starting with a tab is still caught.
        lines = ["\t".join(inert_cell(cell).translate(_CELL_BREAKS) for cell in self.model.headers())]
        lines.extend(
            "\t".join(inert_cell(cell).translate(_CELL_BREAKS) for cell in self.model.row_texts(row))
            for row in rows
        )
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
        self._show_status(f"Copied {count_of(len(rows), 'row')} to the clipboard")
        return len(rows)

    def _counted(self, page: int) -> int:
        """A page as a person counts it, from 1, whatever number the vendor starts at (IQ Reseller's
        sales orders start at 0)."""
        return page - self._paging.first_page + 1

    def export_csv(self, path: Path) -> int:
        """Write the rows shown (filtered and sorted as on screen) under a row of column names.

        UTF-8 with a byte-order mark, so Excel reads accented names correctly; a cell that
        Excel would run as a formula is written as text.
        Returns how many rows were written.
        """
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(inert_cells(self.model.headers()))
            writer.writerows(map(inert_cells, self.model.visible_texts()))
        return self.model.visible_count()

    # --- loading -------------------------------------------------------------------------------

    async def _run_load(self, work: Callable[[], Awaitable[None]], sentence: str) -> None:
        """Run ``work`` as the table's only load, reporting its end, failure or cancellation."""
        previous, self._load_task = self._load_task, asyncio.current_task()
        try:
            if previous is not None and not previous.done():
                previous.cancel()
                # The superseded load finishes (silently) before this one changes anything.
                await asyncio.wait([previous])
            self._show_loading(sentence)
            loaded = await attempt(work())
            if loaded.error is not None:
                self._show_status(loaded.error.message, failed=True)
        except asyncio.CancelledError:
            if self._is_current_load():
                self._show_status(f"Loading cancelled — {count_of(self.model.total_count(), 'record')} kept")
            raise
        finally:
            if self._is_current_load():
                self._load_task = None
                self.progress.hide()
                self.cancel_button.hide()
                self.load_all_button.show()
                self._update_controls()

    def _is_current_load(self) -> bool:
        return self._load_task is not None and self._load_task is asyncio.current_task()

    async def _fetch_one_page(self, page: int) -> None:
        rows = as_rows(await self._fetch_page(page), page)
        self.model.clear()
        self.model.append_rows(rows)
        self._page, self._all_pages = page, False
        self._learn_end(page, rows)
        self._fit_columns_once()
        if rows:
            self._show_status(f"Page {self._counted(page):,} — {count_of(len(rows), 'record')}")
        elif page == self._paging.first_page:
            self._show_status("No records found")
        else:
            self._show_status("No more records")
        self.sig_loaded.emit(len(rows))

    async def _fetch_every_page(self) -> None:
        self.model.clear()
        self._page, self._all_pages = None, True
        self._pages_with_rows = 0
        try:
            await fetch_all_pages(
                self._fetch_page,
                self._paging,
                self._paging.max_size,
                self.concurrency,
                on_page=self._on_page_arrived,
            )
        finally:
            self._insert_arrived()  # ended, failed or cancelled: every page received is shown
        total = self.model.total_count()
        if total:
            pages = count_of(self._pages_with_rows, "page")
            self._show_status(f"All {count_of(total, 'record')} loaded ({pages})")
        else:
            self._show_status("No records found")
        self.sig_loaded.emit(total)

    def _on_page_arrived(self, page: int, rows: list[dict[str, Any]]) -> None:
        """Pages arrive in page order; they go into the table together, at most every INSERT_EVERY_MS.

        Each insertion costs the view a relayout and a repaint (~10 ms for a screenful of cells); at
        four pages every 100 ms that was 40 repaints a second, a stall at every page.  The first page
        goes in at once, so the table fills as soon as there is something to show."""
        self._arrived.extend(rows)
        self._arrived_page = page
        self._pages_with_rows += bool(rows)
        self._learn_end(page, rows)
        if not self.model.total_count():
            self._insert_arrived()
        elif not self._insert_timer.isActive():
            self._insert_timer.start()

    def _insert_arrived(self) -> None:
        self._insert_timer.stop()
        if not self._arrived:
            return
        rows, self._arrived = self._arrived, []
        self.model.append_rows(rows)
        self._fit_columns_once()
        sentence = f"Loaded {count_of(self.model.total_count(), 'record')} (page {self._arrived_page:,}…)"
        self.progress.setFormat(sentence)
        self.sig_message.emit(sentence)

    def _learn_end(self, page: int, rows: list[dict[str, Any]]) -> None:
        if is_last_page(self._paging, rows, self._paging.max_size):
            self._last_page = page if rows else page - 1
        elif self._last_page is not None and page > self._last_page:
            self._last_page = None  # the list has grown since its end was seen

    # --- what the controls show ----------------------------------------------------------------

    def _show_loading(self, sentence: str) -> None:
        self.progress.setFormat(sentence)
        self.load_all_button.hide()
        self.progress.show()
        self.cancel_button.show()
        self._show_status(sentence)
        self._update_controls()

    def _show_status(self, sentence: str, failed: bool = False) -> None:
        self.status.setText(sentence)
        self.status.setProperty("role", "failure" if failed else "hint")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.sig_message.emit(sentence)

    def _update_controls(self) -> None:
        idle = self._load_task is None
        self.previous_button.setEnabled(
            idle and self._page is not None and self._page > self._paging.first_page
        )
        self.next_button.setEnabled(idle and self._has_next_page())
        self.load_all_button.setEnabled(idle)
        if self._all_pages:
            self.page_label.setText("All pages")
        else:
            where = "Not loaded" if self._page is None else f"Page {self._counted(self._page):,}"
            self.page_label.setText(where)
        self.copy_button.setEnabled(self.view.selectionModel().hasSelection())
        self.export_button.setEnabled(self.model.visible_count() > 0)
        shown, total = self.model.visible_count(), self.model.total_count()
        self.shown_label.setText(f"{shown:,} of {total:,} shown")
        self.shown_label.setVisible(bool(self.filter_edit.text().strip()))

    def _has_next_page(self) -> bool:
        if self._all_pages:
            return False
        return self._page is None or self._last_page is None or self._page < self._last_page

    def _previous_page(self) -> int:
        return self._paging.first_page if self._page is None else self._page - 1

    def _next_page(self) -> int:
        return self._paging.first_page if self._page is None else self._page + 1

    def _fit_columns_once(self) -> None:
        """Size the columns to the first rows that arrive; after that the user's widths are kept.

        Qt's resizeColumnsToContents() lays out the text of every cell (30-80 ms for a
        page of 100 rows of 18 columns, on the GUI thread). The width comes from the
        widest text alone, so each column's texts are only measured with the font here,
        and Qt sizes the cells of the two widest, exactly as it would have.
        """
        if self._columns_fitted or not self.model.total_count():
            return
        self._columns_fitted = True
        texts = [self.model.row_texts(row) for row in range(min(self.model.visible_count(), FIT_ROWS))]
        metrics = QFontMetricsF(self.view.font())
        grid_line = 1 if self.view.showGrid() else 0  # Qt counts it in a column's width too
        header = self.view.horizontalHeader()
        last = self.model.columnCount() - 1  # it stretches to the edge: never narrowed
        for column in range(last + 1):
            first_row_of: dict[str, int] = {}
            for row, cells in enumerate(texts):
                first_row_of.setdefault(cells[column], row)
            widest = heapq.nlargest(
                2, first_row_of.items(), key=lambda text_row: metrics.horizontalAdvance(text_row[0])
            )
            content = max(
                (self.view.sizeHintForIndex(self.model.index(row, column)).width() for _, row in widest),
                default=0,
            )
            width = max(content + grid_line, header.sectionSizeHint(column))
            header.resizeSection(column, width if column == last else min(width, MAX_FITTED_COLUMN_WIDTH))

    # --- rows ----------------------------------------------------------------------------------

    def _selected_rows(self) -> list[int]:
        rows = {
            row
            # A QItemSelection is a list of ranges; PySide6's stubs miss its __iter__.
            for selected in self.view.selectionModel().selection()  # type: ignore[attr-defined]
            for row in range(selected.top(), selected.bottom() + 1)
        }
        return sorted(rows)

    def _activate_row(self, row: int) -> None:
        if 0 <= row < self.model.visible_count():
            self.sig_row_activated.emit(self.model.record(row))

    # --- export --------------------------------------------------------------------------------

    def _choose_export_file(self) -> None:
        """Ask where to save without blocking the event loop (``open()``, never ``exec()``)."""
        if self._export_dialog is None:
            dialog = QFileDialog(self, "Export the rows shown to a CSV file")
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter("CSV files (*.csv)")
            dialog.setDefaultSuffix("csv")
            dialog.fileSelected.connect(self._on_export_file_chosen)
            self._export_dialog = dialog
        self._export_dialog.selectFile(self._suggested_file_name())
        self._export_dialog.open()

    def _suggested_file_name(self) -> str:
        words = re.findall(r"\w+", self._title.lower())
        return ("-".join(words) or "records") + ".csv"

    def _on_export_file_chosen(self, chosen: str) -> None:
        path = Path(chosen)
        try:
            written = self.export_csv(path)
        except OSError as exc:
            self._show_status(f"Could not save {path.name}: {exc.strerror or exc}", failed=True)
        else:
            self._show_status(f"Saved {count_of(written, 'row')} to {path.name}")
