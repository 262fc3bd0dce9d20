"""Vendor records as table rows, kept fast for 100,000 of them.

Each row's display strings are built once, when the row is appended, so painting,
sorting, filtering, copying and exporting never look at the raw records again.
Sorting and filtering work on plain lists of record numbers: Qt never compares
cells one by one (a QSortFilterProxyModel would call back into Python for every
comparison and every row it filters).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Columns = list[tuple[str, str]]
ModelIndex = QModelIndex | QPersistentModelIndex
SortKey = float | str
LayoutHint = QAbstractItemModel.LayoutChangeHint
# PySide6 emits the argument-less overload unless the one carrying a hint is named; the sort hint
# lets the selection model keep a selection as whole rows instead of one entry per cell.
_LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", LayoutHint)

# One date cell per line: YYYY-MM-DD or DD-MM-YYYY, optionally followed by a time.
_DATE_LINES = re.compile(r"(?:\d\d(?:\d\d-\d\d-\d\d|-\d\d-\d\d\d\d)(?:[T ].*)?\n)*")


def display_text(value: Any) -> str:
    """What a cell shows: empty for nothing, Yes/No for flags, the plain text otherwise."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _number_keys(texts: list[str]) -> list[SortKey] | None:
    try:
        keys = [float(text) for text in texts]
    except ValueError:
        return None
    # "NaN" parses as a number but cannot be ordered, so such a column sorts as text.
    return keys if all(map(math.isfinite, keys)) else None


def _date_keys(texts: list[str]) -> list[SortKey] | None:
    # One regular-expression pass over all cells at once is far faster than a match per cell.
    if not _DATE_LINES.fullmatch("\n".join(texts) + "\n"):
        return None
    # YYYY-MM-DD sorts as text already; DD-MM-YYYY is rewritten into it.
    return [text if text[4] == "-" else f"{text[6:10]}-{text[3:5]}-{text[:2]}{text[10:]}" for text in texts]


def _text_keys(texts: list[str]) -> list[SortKey]:
    return [text.casefold() for text in texts]


_STRICT_KEY_MAKERS: dict[str, Callable[[list[str]], list[SortKey] | None]] = {
    "number": _number_keys,
    "date": _date_keys,
}


def detect_sort_keys(texts: list[str]) -> tuple[str | None, list[SortKey]]:
    """The first kind (number, date, else text) that fits every non-empty text, and their keys in it.

    The kind is None when there is no text to tell it from.
    """
    if not texts:
        return None, []
    for kind, make_keys in _STRICT_KEY_MAKERS.items():
        keys = make_keys(texts)
        if keys is not None:
            return kind, keys
    return "text", _text_keys(texts)


def keys_of_kind(texts: list[str], kind: str) -> list[SortKey] | None:
    """The texts' keys in ``kind``, or None when one of them does not fit it."""
    return _STRICT_KEY_MAKERS.get(kind, _text_keys)(texts)


def _spread(cells: list[str], filled_keys: list[SortKey]) -> list[SortKey | None]:
    """One key per cell, None for the empty ones, from the keys of the non-empty cells in order."""
    next_key = iter(filled_keys)
    return [next(next_key) if cell else None for cell in cells]


class _Descending:
    """Reverses a key's order, so bisect can search a column sorted from high to low."""

    __slots__ = ("key",)

    def __init__(self, key: SortKey) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return other.key < self.key


class RecordsTableModel(QAbstractTableModel):
    """A list of dict records shown as rows, with model-side sorting and a word filter.

    Row numbers given to and returned by the public methods are the rows the view
    shows (after sorting and filtering).
    """

    def __init__(self, columns: Columns | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: Columns = list(columns or [])
        self._records: list[dict[str, Any]] = []
        self._texts: list[tuple[str, ...]] = []
        self._haystacks: list[str] = []  # per record: its texts joined and casefolded
        self._words: list[str] = []
        self._matches: list[bool] = []  # per record: holds every filter word
        # Matches of the last few filters, so Backspace does not search every row again.
        self._recent_matches: dict[tuple[str, ...], list[bool]] = {}
        self._order: list[int] = []  # every record number, in display order
        self._visible: list[int] = []  # the records of _order that the filter lets through
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sort_kind: str | None = None
        self._sort_keys: list[SortKey | None] = []  # per record, for the sorted column; None = empty cell

    # --- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self._texts[self._visible[index.row()]][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Qt may ask for a section that a new, narrower set of columns no longer has.
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns)
        if role == Qt.ItemDataRole.DisplayRole and horizontal:
            return self._columns[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (-1: the order the records arrived in); empty cells always come last."""
        self._relayout(lambda: self._sort_everything(column, order), LayoutHint.VerticalSortHint)

    # --- contents ------------------------------------------------------------------------------

    def set_columns(self, columns: Columns) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._texts = [self._row_texts(record) for record in self._records]
        self._haystacks = [self._haystack(texts) for texts in self._texts]
        self._matches = self._matches_of(self._haystacks)
        # Column numbers now mean other columns: the old sort no longer applies.
        self._sort_everything(-1, Qt.SortOrder.AscendingOrder)
        self.endResetModel()

    def clear(self) -> None:
        """Remove every record; the sort column and the filter stay for the next records."""
        self.beginResetModel()
        self._records, self._texts, self._haystacks, self._matches = [], [], [], []
        self._recent_matches = {}
        self._order, self._visible = [], []
        self._sort_kind, self._sort_keys = None, []
        self.endResetModel()

    def append_rows(self, rows: list[dict[str, Any]]) -> None:
        """Add a batch of records with a single row insertion (a page at a time, never row by row).

        The batch is inserted below the shown rows; when a column is sorted, one
        layout change then moves the new rows to their places.
        """
        if not rows:
            return
        first_new = len(self._records)
        new_records = list(range(first_new, first_new + len(rows)))
        self._records.extend(rows)
        self._texts.extend(self._row_texts(record) for record in rows)
        self._haystacks.extend(self._haystack(texts) for texts in self._texts[first_new:])
        self._matches.extend(self._matches_of(self._haystacks[first_new:]))
        self._recent_matches = {}  # they do not cover the new rows
        shown = [record for record in new_records if self._matches[record]]
        if shown:
            first_row = len(self._visible)
            self.beginInsertRows(QModelIndex(), first_row, first_row + len(shown) - 1)
            self._visible.extend(shown)
            self.endInsertRows()
        if self._sort_column < 0:
            self._order.extend(new_records)
        else:
            self._sort_in(first_new, new_records, shown)

    def set_filter(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (in any column, in any case)."""
        words = text.casefold().split()
        if words == self._words:
            return
        previous_words, previous = self._words, self._matches
        self._recent_matches[tuple(previous_words)] = previous
        self._words = words
        # Typing on narrows: a row that did not hold an old word cannot hold a word that contains it,
        # so only the rows still shown are searched (a keystroke on 100,000 rows stays well under 50 ms).
        narrowing = bool(previous_words) and all(any(old in new for new in words) for old in previous_words)
        remembered = self._recent_matches.get(tuple(words))
        if remembered is not None:
            self._matches = remembered
        elif narrowing:
            self._matches = self._narrowed(previous)
        else:
            self._matches = self._matches_of(self._haystacks)
        if len(self._recent_matches) > 32:
            self._recent_matches.pop(next(iter(self._recent_matches)))
        self._relayout(self._refilter, LayoutHint.NoLayoutChangeHint)

    # --- reading -------------------------------------------------------------------------------

    def headers(self) -> list[str]:
        return [label for _, label in self._columns]

    def records(self) -> list[dict[str, Any]]:
        """Every record, in the order it arrived, whether the filter shows it or not."""
        return list(self._records)

    def record(self, row: int) -> dict[str, Any]:
        return self._records[self._visible[row]]

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._texts[self._visible[row]]

    def visible_texts(self) -> Iterator[tuple[str, ...]]:
        """The shown rows' cell texts, top to bottom."""
        texts = self._texts
        return (texts[record] for record in self._visible)

    def visible_count(self) -> int:
        return len(self._visible)

    def total_count(self) -> int:
        return len(self._records)

    # --- rows and the filter -------------------------------------------------------------------

    def _row_texts(self, record: dict[str, Any]) -> tuple[str, ...]:
        return tuple([display_text(record.get(key)) for key, _ in self._columns])

    @staticmethod
    def _haystack(texts: tuple[str, ...]) -> str:
        # A tab never occurs inside a filter word, so no word can match across two cells.
        return "\t".join(texts).casefold()

    def _matches_of(self, haystacks: list[str]) -> list[bool]:
        # Scanned in record order (the order the strings sit in memory), not in display order.
        matches = [True] * len(haystacks)
        for word in self._words:
            matches = [
                matched and word in haystack for matched, haystack in zip(matches, haystacks, strict=True)
            ]
        return matches

    def _narrowed(self, previous: list[bool]) -> list[bool]:
        matches = [False] * len(previous)
        haystacks, words = self._haystacks, self._words
        for record, matched in enumerate(previous):
            if matched and all(word in haystacks[record] for word in words):
                matches[record] = True
        return matches

    def _refilter(self) -> None:
        if not self._words:
            self._visible = list(self._order)
            return
        matches = self._matches
        self._visible = [record for record in self._order if matches[record]]

    # --- sorting -------------------------------------------------------------------------------

    def _sort_everything(self, column: int, order: Qt.SortOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._sort_kind, self._sort_keys = None, []
        if column >= 0:
            self._key_every_record()
        self._order = self._sorted(range(len(self._records)))
        self._refilter()

    def _key_every_record(self) -> None:
        cells = self._sort_cells(0)
        self._sort_kind, keys = detect_sort_keys([cell for cell in cells if cell])
        self._sort_keys = _spread(cells, keys)

    def _sort_in(self, first_new: int, new_records: list[int], shown: list[int]) -> None:
        """Move freshly appended records to their sorted places (already shown at the bottom)."""
        if not self._extend_sort_keys(first_new):
            # A word among numbers turns the whole column into text: key and sort everything again.
            self.sort(self._sort_column, self._sort_order)
            return
        self._order = self._merged(self._order, new_records)
        if shown:
            self._relayout(lambda: self._place_shown(shown), LayoutHint.VerticalSortHint)

    def _place_shown(self, shown: list[int]) -> None:
        """Move ``shown``, the last rows of the view, to their sorted places among the others."""
        self._visible = self._merged(self._visible[: -len(shown)], shown)

    def _extend_sort_keys(self, first_new: int) -> bool:
        """Key the new records' cells in the column's kind; False when one of them does not fit it."""
        cells = self._sort_cells(first_new)
        filled = [cell for cell in cells if cell]
        keys: list[SortKey] | None
        if self._sort_kind is None:
            self._sort_kind, keys = detect_sort_keys(filled)
        else:
            keys = keys_of_kind(filled, self._sort_kind)
        if keys is None:
            return False
        self._sort_keys.extend(_spread(cells, keys))
        return True

    def _sort_cells(self, first_record: int) -> list[str]:
        column = self._sort_column
        return [texts[column] for texts in self._texts[first_record:]]

    def _sorted(self, records: Iterable[int]) -> list[int]:
        """``records`` in display order: by key (equal keys keep arrival order), empty cells last."""
        if self._sort_column < 0:
            return sorted(records)
        keys = self._sort_keys
        records = list(records)
        filled = [record for record in records if keys[record] is not None]
        empty = [record for record in records if keys[record] is None]
        filled.sort(key=keys.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return filled + empty

    def _merged(self, ordered: list[int], new_records: list[int]) -> list[int]:
        """``ordered`` (in display order) with ``new_records`` (newer than all of them) in their places.

        A binary search per new record and slice copies: a page joins 100,000 sorted
        rows without comparing them all again.
        """
        keys = self._sort_keys
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        filled_end = bisect_left(ordered, True, key=lambda record: keys[record] is None)
        merged: list[int] = []
        start = 0
        for record in self._sorted(new_records):
            key = keys[record]
            if key is None:
                point = len(ordered)
            elif descending:
                point = bisect_right(
                    ordered, _Descending(key), start, filled_end, key=lambda old: _Descending(keys[old])
                )
            else:
                point = bisect_right(ordered, key, start, filled_end, key=keys.__getitem__)
            merged.extend(ordered[start:point])
            merged.append(record)
            start = point
        merged.extend(ordered[start:])
        return merged

    # --- keeping the view's selection through a re-order ---------------------------------------

    def _relayout(self, change: Callable[[], None], hint: QAbstractItemModel.LayoutChangeHint) -> None:
        """Apply ``change`` to the shown rows; selected and current cells follow their records."""
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], hint)
        persistent = self.persistentIndexList()
        held = [(self._visible[index.row()], index.column()) for index in persistent]
        change()
        if persistent:
            wanted = {record for record, _ in held}
            position = {record: row for row, record in enumerate(self._visible) if record in wanted}
            moved = [
                self.index(position[record], column) if record in position else QModelIndex()
                for record, column in held
            ]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], hint)
