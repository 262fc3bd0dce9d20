"""Vendor records as table rows, kept fast and small for 100,000 of them.

A record is kept as a tuple of its values against one tuple of keys shared by every
record with the same keys, and equal strings are kept once: decoded JSON gives every
value its own string, while company names, suburbs or Yes/No repeat across thousands
of rows. ``record(row)`` builds the dict again when it is asked for. A cell's text is
made from the value when Qt paints it.

The filter looks for each word in text kept for it when the rows were appended:
a column whose cells hold few different texts (a state, a company, Yes/No) is kept
as one byte per row, so a word is looked for once per different text and a byte
translation in C marks every row holding it; only the rows not marked that way have
the rest of their texts (joined per row) searched. What a filter lets through is a
byte per record, so that masks combine in C.

Sorting and filtering work on arrays of record numbers: Qt never compares cells one
by one (a QSortFilterProxyModel would call back into Python for every comparison and
every row it filters).
"""

from __future__ import annotations

import json
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from itertools import compress, islice
from operator import itemgetter
from typing import Any, Protocol, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.ui import dates

Columns = list[tuple[str, str]]
ModelIndex = QModelIndex | QPersistentModelIndex
SortKey = float | str
# A column's keys are all of one kind, so that any two of them can be compared.
SortKeys = list[float] | list[str]
LayoutHint = QAbstractItemModel.LayoutChangeHint
# PySide6 emits the argument-less overload unless the one carrying a hint is named; the sort hint
# lets the selection model keep a selection as whole rows instead of one entry per cell.
_LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", LayoutHint)
# Looked up once: Qt asks data() for seven roles per cell painted, and the lookup costs more than the rest.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole

# How many earlier filters are remembered, so that Backspace finds their rows without a search.
_REMEMBERED_FILTERS = 16
# Filter matches fewer than one record in this many are sorted on their own, not found in the order.
_FEW_MATCHES = 100
# Up to this many rows held by the view (selected, current) are looked for one by one after a change;
# more are found in one pass over every row shown.
_FEW_HELD_ROWS = 8

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


def _number_keys(texts: list[str]) -> list[float] | None:
    try:
        keys = [float(text) for text in texts]
    except ValueError:
        return None
    # "NaN" parses as a number but cannot be ordered, so such a column sorts as text.
    return keys if all(map(math.isfinite, keys)) else None


def _date_keys(texts: list[str]) -> list[str] | None:
    # One regular-expression pass over all cells at once is far faster than a match per cell.
    if not _DATE_LINES.fullmatch("\n".join(texts) + "\n"):
        return None
    # YYYY-MM-DD sorts as text already; DD-MM-YYYY is rewritten into it.
    return [text if text[4] == "-" else f"{text[6:10]}-{text[3:5]}-{text[:2]}{text[10:]}" for text in texts]


def _text_keys(texts: list[str]) -> list[str]:
    return [text.casefold() for text in texts]


_STRICT_KEY_MAKERS: dict[str, Callable[[list[str]], SortKeys | None]] = {
    "number": _number_keys,
    "date": _date_keys,
}


def detect_sort_keys(texts: list[str]) -> tuple[str | None, SortKeys]:
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


def keys_of_kind(texts: list[str], kind: str) -> SortKeys | None:
    """The texts' keys in ``kind``, or None when one of them does not fit it."""
    return _STRICT_KEY_MAKERS.get(kind, _text_keys)(texts)


def _spread(cells: list[str], filled_keys: SortKeys) -> list[SortKey | None]:
    """One key per cell, None for the empty ones, from the keys of the non-empty cells in order."""
    next_key: Iterator[SortKey] = iter(filled_keys)
    return [next(next_key) if cell else None for cell in cells]


class _Ordered(Protocol):
    """What ``<`` orders: the keys of one column (all numbers, or all text)."""

    def __lt__(self, other: Any, /) -> bool: ...


class _Descending:
    """Reverses a key's order, so bisect can search a column sorted from high to low."""

    __slots__ = ("key",)

    def __init__(self, key: _Ordered) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return other.key < self.key


def _numbers(records: Iterable[int] = ()) -> array[int]:
    """Record numbers in an array: sliced and copied in C without touching an object per number, and
    never walked by the garbage collector (a list of 100,000 numbers is, several ms each time)."""
    return array("i", records)


def _picker(slots: tuple[int, ...]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """What gives a record's values at ``slots``; slot -1 is a key the record lacks (None)."""
    if len(slots) > 1 and min(slots) >= 0:
        return itemgetter(*slots)  # a record holding every column, the usual case: picked in C
    return lambda values: tuple(values[slot] if slot >= 0 else None for slot in slots)


class _Shape:
    """The keys that records share, in their order, and where each column's value sits among them."""

    __slots__ = ("keys", "pick", "slots")

    def __init__(self, keys: tuple[Any, ...], columns: Columns) -> None:
        self.keys = keys
        self.place(columns)

    def place(self, columns: Columns) -> None:
        where = {key: slot for slot, key in enumerate(self.keys)}
        self.slots = tuple(where.get(key, -1) for key, _ in columns)
        self.pick = _picker(self.slots)

    def text(self, values: tuple[Any, ...], column: int) -> str:
        slot = self.slots[column]
        return display_text(values[slot]) if slot >= 0 else ""

    def texts(self, values: tuple[Any, ...]) -> tuple[str, ...]:
        # display_text() inlined for strings, most cells: this runs for every row appended or exported.
        return tuple([value if type(value) is str else display_text(value) for value in self.pick(values)])


class _FewTexts:
    """A column's cells numbered by their text, one byte per record, while a byte can number them.

    Once a column has more different texts than a byte can number, it stops: the
    cells of later records are searched with the rest of their row's text.
    """

    __slots__ = ("codes", "number_of", "open", "texts")

    def __init__(self) -> None:
        self.codes = bytearray()  # per record numbered so far: its text's number
        self.number_of: dict[str, int] = {}
        self.texts: list[str] = []  # casefolded, by number
        self.open = True

    def take(self, texts: list[str]) -> int:
        """Number the cells of the next records; how many it could (the rest would need a 257th number)."""
        if not self.open:
            return 0
        number_of, codes = self.number_of, self.codes
        try:
            codes.extend(map(number_of.__getitem__, texts))  # the usual page: every text seen before
            return len(texts)
        except KeyError:
            pass  # nothing was added
        for taken, text in enumerate(texts):
            number = number_of.get(text)
            if number is None:
                if len(self.texts) == 256:
                    self.open = False
                    return taken
                number = number_of[text] = len(self.texts)
                self.texts.append(text.casefold())
            codes.append(number)
        return len(texts)

    def holding(self, word: str, first_record: int) -> int:
        """Records from ``first_record`` on whose cell holds ``word``: byte n of the result is 1 for record n.

        (Bytes as one number, so that the columns combine with one OR each.)
        """
        marks = bytes([word in text for text in self.texts])
        if 1 not in marks:
            return 0
        found = self.codes[first_record:].translate(marks.ljust(256, b"\0"))
        return int.from_bytes(found, "little") << (8 * first_record)


class _Shown:
    """The records shown, in display order, worked out only as far as rows are read.

    In a sorted table the rows a filter lets through are found by walking every
    record in display order (several ms for 100,000); the view reads only the rows
    on screen, so the walk goes no further than they are until more is asked for.
    """

    __slots__ = ("_count", "_known", "_rest")

    def __init__(self, known: array[int], rest: Iterator[int] | None = None, count: int = 0) -> None:
        self._known = known
        self._rest = rest  # yields the shown records after those known
        self._count = len(known) if rest is None else count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, row: int) -> int:
        """The record shown at ``row`` (0 or more)."""
        if row >= len(self._known):
            self._work_out(row + 1)
        return self._known[row]

    def every(self) -> array[int]:
        """Every record shown, in display order."""
        if self._rest is not None:
            self._known.extend(self._rest)
            self._rest = None
        return self._known

    def row_of(self, record: int) -> int:
        """The row ``record`` is shown at: rows are worked out only as far as it (ValueError if not shown)."""
        searched = 0
        while True:
            with suppress(ValueError):
                return self._known.index(record, searched)
            if self._rest is None:
                raise ValueError(f"record {record} is not shown")
            searched = len(self._known)
            self._work_out(searched + 1)

    def extend(self, records: list[int]) -> None:
        self.every().extend(records)
        self._count += len(records)

    def _work_out(self, count: int) -> None:
        """Know at least the first ``count`` rows (or every row, if there are fewer)."""
        if self._rest is not None:
            known = self._known
            # Well past the row asked for: a view reads row after row.
            known.extend(islice(self._rest, max(count - len(known), len(known), 256)))
            if len(known) >= self._count:
                self._rest = None


class RecordsTableModel(QAbstractTableModel):
    """A list of dict records shown as rows, with model-side sorting and a word filter.

    Row numbers given to and returned by the public methods are the rows the view
    shows (after sorting and filtering). Records are numbered in the order they arrived.
    """

    def __init__(self, columns: Columns | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: Columns = list(columns or [])
        self._shapes: dict[tuple[Any, ...], _Shape] = {}  # by their keys
        self._shared: dict[str, str] = {}  # one object for each distinct string value
        self._shape_of: list[_Shape] = []  # per record
        self._values: list[tuple[Any, ...]] = []  # per record, in its shape's key order
        self._few = [_FewTexts() for _ in self._columns]  # per column
        # Per record: its texts that no _FewTexts numbers, joined and casefolded.
        self._haystacks: list[str] = []
        self._words: list[str] = []
        # Per record, 1 if it holds every filter word; None while there is no filter.
        self._matched: bytearray | None = None
        # The matches of earlier filters, so that Backspace does not search every row again.
        self._recent: dict[tuple[str, ...], bytearray] = {}
        self._order = _numbers()  # every record, in display order
        self._visible = _Shown(_numbers())  # the records of _order that the filter lets through
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sort_kind: str | None = None
        self._sort_keys: list[SortKey | None] = []  # per record, for the sorted column; None = empty cell

    # --- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        # The tooltip is the whole text: a cell too narrow for it shows "…" and the rest on hover.
        if (role != _DISPLAY and role != _TOOLTIP) or not index.isValid():
            return None
        record = self._visible[index.row()]
        # A date in the computer's format, as forms take it; sorting and the filter read the wire's.
        return dates.shown_if_date(self._shape_of[record].text(self._values[record], index.column()))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        # Qt may ask for a section that a new, narrower set of columns no longer has.
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns)
        if role == _DISPLAY and horizontal:
            return self._columns[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (-1: the order the records arrived in); empty cells always come last."""
        self._relayout(lambda: self._sort_everything(column, order), LayoutHint.VerticalSortHint)

    # --- contents ------------------------------------------------------------------------------

    def set_columns(self, columns: Columns) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        for shape in self._shapes.values():
            shape.place(self._columns)
        self._few = [_FewTexts() for _ in self._columns]
        self._haystacks = []
        self._index(0)
        self._recent = {}
        if self._matched is not None:
            self._matched = self._holding(self._words)
        # Column numbers now mean other columns: the old sort no longer applies.
        self._sort_everything(-1, Qt.SortOrder.AscendingOrder)
        self.endResetModel()

    def clear(self) -> None:
        """Remove every record; the sort column and the filter stay for the next records."""
        self.beginResetModel()
        self._shapes, self._shared = {}, {}
        self._shape_of, self._values, self._haystacks = [], [], []
        self._few = [_FewTexts() for _ in self._columns]
        self._matched = None if self._matched is None else bytearray()
        self._recent = {}
        self._order, self._visible = _numbers(), _Shown(_numbers())
        self._sort_kind, self._sort_keys = None, []
        self.endResetModel()

    def append_rows(self, rows: list[dict[str, Any]]) -> None:
        """Add a batch of records with a single change of the view (a page at a time, never row by row).

        Unsorted, the records the filter lets through are inserted below the shown rows;
        sorted, one layout change puts them in their places.
        """
        if not rows:
            return
        # Remembered matches do not cover the new records. Dropped first: the garbage collector need
        # not walk their lists when storing the records sets it off.
        self._recent = {}
        first_new = len(self._values)
        self._keep(rows)
        self._index(first_new)
        new_records = list(range(first_new, len(self._values)))
        if self._matched is None:
            shown = new_records
        else:
            holding = self._holding(self._words, first_record=first_new)[first_new:]
            self._matched.extend(holding)
            shown = list(compress(new_records, holding))
        if self._sort_column >= 0:
            self._sort_in(first_new, new_records, shown)
            return
        self._order.extend(new_records)
        if shown:
            first_row = len(self._visible)
            self.beginInsertRows(QModelIndex(), first_row, first_row + len(shown) - 1)
            self._visible.extend(shown)
            self.endInsertRows()

    def set_filter(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (in any column, in any case)."""
        words = text.casefold().split()
        if words == self._words:
            return
        previous_words, previous = self._words, self._matched
        if previous is not None:
            self._recent[tuple(previous_words)] = previous
            if len(self._recent) > _REMEMBERED_FILTERS:
                self._recent.pop(next(iter(self._recent)))
        self._words = words
        remembered = self._recent.pop(tuple(words), None)
        if not words:
            self._matched = None
        elif remembered is not None:
            self._matched = remembered
        elif previous is not None and all(any(old in new for new in words) for old in previous_words):
            # Typing on narrows: a row that did not hold an old word cannot hold a word containing it,
            # so only the rows matched so far are searched, and only for the words that are new.
            self._matched = self._holding([word for word in words if word not in previous_words], previous)
        else:
            self._matched = self._holding(words)
        if self._same_records(previous, self._matched):
            return  # the same rows stay: the view need not lay out and paint them again
        self._relayout(self._refilter, LayoutHint.NoLayoutChangeHint)

    # --- reading -------------------------------------------------------------------------------

    def headers(self) -> list[str]:
        return [label for _, label in self._columns]

    def record(self, row: int) -> dict[str, Any]:
        """The record shown at ``row``: a dict equal to the one appended, keys in the same order."""
        return self._record(self._visible[row])

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._texts(self._visible[row])

    def visible_texts(self) -> Iterator[tuple[str, ...]]:
        """The shown rows' cell texts, top to bottom."""
        return map(self._texts, self._visible.every())

    def visible_count(self) -> int:
        return len(self._visible)

    def total_count(self) -> int:
        return len(self._values)

    # --- records -------------------------------------------------------------------------------

    def _keep(self, rows: list[dict[str, Any]]) -> None:
        shapes, shared = self._shapes, self._shared
        for row in rows:
            keys = tuple(row)
            shape = shapes.get(keys)
            if shape is None:
                shape = shapes[keys] = _Shape(keys, self._columns)
            values = tuple(
                [shared.setdefault(value, value) if type(value) is str else value for value in row.values()]
            )
            self._shape_of.append(shape)
            self._values.append(values)

    def _record(self, record: int) -> dict[str, Any]:
        return dict(zip(self._shape_of[record].keys, self._values[record], strict=True))

    def _texts(self, record: int) -> tuple[str, ...]:
        return self._shape_of[record].texts(self._values[record])

    def _index(self, first_record: int) -> None:
        """Keep the filter's text of every record from ``first_record`` on (the newest ones)."""
        rows = [self._texts(record) for record in range(first_record, len(self._values))]
        # Per column, how many of these records it numbered (the first ones): the rest are searched.
        numbered = [few.take([row[column] for row in rows]) for column, few in enumerate(self._few)]
        rest = [column for column, count in enumerate(numbered) if count < len(rows)]
        for index, row in enumerate(rows):
            texts = [row[column] for column in rest if index >= numbered[column]]
            # A tab never occurs inside a filter word, so no word can match across two cells.
            self._haystacks.append("\t".join(texts).casefold())

    def _column_texts(self, column: int, first_record: int = 0) -> list[str]:
        """The texts of ``column`` for every record from ``first_record`` on, in arrival order."""
        values = self._values[first_record:]
        if len(self._shapes) == 1:
            # Every record has the same keys, as in most vendor lists: one slot for all, read in C.
            (shape,) = self._shapes.values()
            slot = shape.slots[column]
            if slot < 0:
                return [""] * len(values)
            return [
                value if type(value) is str else display_text(value)
                for value in map(itemgetter(slot), values)
            ]
        shapes = self._shape_of[first_record:]
        return [shape.text(each, column) for shape, each in zip(shapes, values, strict=True)]

    # --- the filter ----------------------------------------------------------------------------

    def _holding(
        self, words: list[str], within: bytes | bytearray | None = None, first_record: int = 0
    ) -> bytearray:
        """Per record, 1 if it holds every one of ``words`` (looking only at the records ``within``
        marks, when given, and from ``first_record`` on).

        A word is looked for in the numbered cells first, by byte translation; only the
        records it is not found in that way have their other texts searched, in arrival
        order, the order those lie in memory (display order would be several times slower).
        """
        haystacks, count = self._haystacks, len(self._haystacks)
        if within is None:
            within = bytes(first_record) + b"\1" * (count - first_record)
        held = int.from_bytes(within, "little")  # byte n is 1 for record n, so masks combine in C
        # The longest word first: it leaves the fewest records for the others to search.
        for word in sorted(words, key=len, reverse=True):
            found = self._found_in_few(word, first_record)
            unfound = (held & ~found).to_bytes(count, "little")
            holding = bytearray((held & found).to_bytes(count, "little"))
            for record in compress(range(count), unfound):
                if word in haystacks[record]:
                    holding[record] = 1
            held = int.from_bytes(holding, "little")
        return bytearray(held.to_bytes(count, "little"))

    def _found_in_few(self, word: str, first_record: int) -> int:
        """Records from ``first_record`` on with a numbered cell holding ``word`` (byte n: record n)."""
        found = 0
        for few in self._few:
            found |= few.holding(word, first_record)
        return found

    def _same_records(self, before: bytearray | None, after: bytearray | None) -> bool:
        """Whether two filters' matches (None: every record) are the same records."""
        if before is None or after is None:
            matched = after if before is None else before
            return matched is None or 0 not in matched
        return before == after

    def _refilter(self) -> None:
        """The shown rows again, from the order and the filter's matches."""
        matched = self._matched
        shown = len(self._values) if matched is None else matched.count(1)
        if matched is None or shown == len(self._values):
            self._visible = _Shown(self._order[:])
        elif self._sort_column < 0:
            # Unsorted, the display order is the records' order.
            self._visible = _Shown(_numbers(compress(range(len(matched)), matched)))
        elif shown * _FEW_MATCHES < len(self._values):
            # Few rows (spread over the whole order): sorting them beats walking every record.
            self._visible = _Shown(_numbers(self._sorted(compress(range(len(matched)), matched))))
        else:
            order = self._order
            self._visible = _Shown(_numbers(), (record for record in order if matched[record]), shown)

    # --- sorting -------------------------------------------------------------------------------

    def _sort_everything(self, column: int, order: Qt.SortOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._sort_kind, self._sort_keys = None, []
        if column >= 0:
            self._key_every_record()
        self._order = _numbers(self._sorted(range(len(self._values))))
        self._refilter()

    def _key_every_record(self) -> None:
        cells = self._column_texts(self._sort_column)
        self._sort_kind, keys = detect_sort_keys([cell for cell in cells if cell])
        self._sort_keys = _spread(cells, keys)

    def _sort_in(self, first_new: int, new_records: list[int], shown: list[int]) -> None:
        """Put freshly appended records in their sorted places."""
        if not self._extend_sort_keys(first_new):
            # A word among numbers turns the whole column into text: key and sort everything again.
            self.sort(self._sort_column, self._sort_order)
            return
        self._order = self._merged(self._order, new_records)
        if shown:
            # One layout change both adds the rows and puts them in place: one relayout of the view.
            self._relayout(self._refilter, LayoutHint.VerticalSortHint)

    def _extend_sort_keys(self, first_new: int) -> bool:
        """Key the new records' cells in the column's kind; False when one of them does not fit it."""
        cells = self._column_texts(self._sort_column, first_new)
        filled = [cell for cell in cells if cell]
        keys: SortKeys | None
        if self._sort_kind is None:
            self._sort_kind, keys = detect_sort_keys(filled)
        else:
            keys = keys_of_kind(filled, self._sort_kind)
        if keys is None:
            return False
        self._sort_keys.extend(_spread(cells, keys))
        return True

    def _sorted(self, records: Iterable[int]) -> list[int]:
        """``records`` in display order: by key (equal keys keep arrival order), empty cells last."""
        if self._sort_column < 0:
            return sorted(records)
        keys = self._sort_keys
        records = list(records)
        filled = [record for record in records if keys[record] is not None]
        empty = [record for record in records if keys[record] is None]
        keyed = cast("list[SortKey]", keys)  # read only for the records in filled, which have a key
        filled.sort(key=keyed.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return filled + empty

    def _merged(self, ordered: array[int], new_records: list[int]) -> array[int]:
        """``ordered`` (in display order) with ``new_records`` (newer than all of them) in their places.

        A binary search per new record and slice copies: a page joins 100,000 sorted
        rows without comparing them all again.
        """
        keys = self._sort_keys
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        filled_end = bisect_left(ordered, True, key=lambda record: keys[record] is None)
        keyed = cast("list[SortKey]", keys)  # read only before filled_end, where records have a key
        merged = _numbers()
        start = 0
        for record in self._sorted(new_records):
            key = keys[record]
            if key is None:
                point = len(ordered)
            elif descending:
                point = bisect_right(
                    ordered, _Descending(key), start, filled_end, key=lambda old: _Descending(keyed[old])
                )
            else:
                point = bisect_right(ordered, key, start, filled_end, key=keyed.__getitem__)
            merged.extend(ordered[start:point])
            merged.append(record)
            start = point
        merged.extend(ordered[start:])
        return merged

    # --- keeping the view's selection through a change -----------------------------------------

    def _relayout(self, change: Callable[[], None], hint: QAbstractItemModel.LayoutChangeHint) -> None:
        """Apply ``change`` to the shown rows; selected and current cells follow their records."""
        # PySide6's stubs lack SignalInstance.__getitem__, which picks an overload at run time.
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]
        persistent = self.persistentIndexList()
        held = [(self._visible[index.row()], index.column()) for index in persistent]
        change()
        if persistent:
            position = self._rows_now({record for record, _ in held})
            moved = [
                self.index(position[record], column) if record in position else QModelIndex()
                for record, column in held
            ]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], hint)  # type: ignore[index]  # as above

    def _lets_through(self, record: int) -> bool:
        return self._matched is None or self._matched[record] == 1

    def _rows_now(self, records: set[int]) -> dict[int, int]:
        """The rows ``records`` are shown at now; those the filter hides have none."""
        shown = [record for record in records if self._lets_through(record)]
        if len(shown) > _FEW_HELD_ROWS:
            # Many (a large selection): one walk over every row shown.
            return {record: row for row, record in enumerate(self._visible.every()) if record in records}
        # Few (the current cell; a header keeps one cell of row 0 per resized column): each searched in C.
        return {record: self._visible.row_of(record) for record in shown}
