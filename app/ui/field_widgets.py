"""Inputs for the field kinds a plain line edit cannot serve well: dates, column choices, searches.

Each offers ``value()``, ``set_value()`` and a ``sig_changed`` signal, so the form
treats them like any other input.  None of them ever shows the user raw JSON.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.contract.spec import Field, Lookup
from app.ui import dates
from app.ui.attempt import attempt
from app.ui.resources import icon


class DateInput(QWidget):
    """A date typed in the computer's format or picked from a calendar; optionally "All".

    The vendor's wire format (``Field.date_format``) is what value() answers; the person never
    has to know it (ISO dates typed or pasted are understood too)."""

    sig_changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setPlaceholderText(f"e.g. {dates.example()}")
        self.line.setAccessibleName(spec.label)
        self.line.textEdited.connect(lambda _text: self.sig_changed.emit())
        layout.addWidget(self.line, 1)
        self.pick = QToolButton()
        self.pick.setIcon(icon("calendar"))
        self.pick.setToolTip("Pick the date from a calendar")
        self.pick.setAccessibleName(f"Pick {spec.label} from a calendar")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._picked)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.pick.setMenu(menu)
        layout.addWidget(self.pick)
        self.all_box: QCheckBox | None = None
        if spec.all_value is not None:
            self.all_box = QCheckBox("All")
            self.all_box.setToolTip(f"Every record, whatever its date (sends {spec.all_value})")
            self.all_box.toggled.connect(self._all_toggled)
            layout.addWidget(self.all_box)
        if spec.default:
            self.set_value(spec.default)

    def _picked(self, date: QDate) -> None:
        self.line.setText(date.toString(dates.local_format()))
        self.pick.menu().hide()
        self.sig_changed.emit()

    def _all_toggled(self, on: bool) -> None:
        self.line.setEnabled(not on)
        self.pick.setEnabled(not on)
        self.sig_changed.emit()

    def value(self) -> str:
        if self.all_box is not None and self.all_box.isChecked():
            return self._spec.all_value or ""
        text = self.line.text()
        wire = dates.to_wire(text, self._spec.date_format) if text.strip() else None
        # Not a date: answered as typed, so that the form's check refuses it next to the field.
        return text if wire is None else wire

    def problem(self) -> str:
        """Why the text typed is not a date, in the format the person types; "" when it is one."""
        text = self.line.text()
        if not text.strip() or (self.all_box is not None and self.all_box.isChecked()):
            return ""
        if dates.parse(text, self._spec.date_format) is None:
            return f"Enter a date such as {dates.example()}."
        return ""

    def set_value(self, value: Any) -> None:
        """A date in the vendor's format (a record, a default), shown in the computer's."""
        text = "" if value is None else str(value)
        if self.all_box is not None:
            self.all_box.setChecked(text == self._spec.all_value)
            if text == self._spec.all_value:
                return
        self.line.setText(dates.shown(text, self._spec.date_format))
        parsed = dates.parse(text, self._spec.date_format)
        if parsed is not None:
            self.calendar.setSelectedDate(parsed)


class ChoicesInput(QPushButton):
    """A button that opens a checklist ("Columns: 8 of 19 ▾")."""

    sig_changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self._menu = QMenu(self)
        self._actions = {}
        for choice in spec.choices:
            action = self._menu.addAction(spec.choice_labels.get(choice, choice))
            action.setCheckable(True)
            action.toggled.connect(self._toggled)
            self._actions[choice] = action
        self.setMenu(self._menu)
        self.setAccessibleName(spec.label)
        self.set_value(spec.default or "")

    def _toggled(self, _on: bool) -> None:
        self._show_count()
        self.sig_changed.emit()

    def _show_count(self) -> None:
        labels = self._spec.choice_labels
        chosen = [labels.get(c, c) for c in self.value()]
        # A few are named, so the button itself says what will happen; many are counted.
        if not chosen:
            self.setText("None chosen")
        elif len(chosen) <= 3:
            self.setText(", ".join(chosen))
        else:
            self.setText(f"{len(chosen)} of {len(self._actions)} chosen")
        self.setToolTip(", ".join(chosen) or "Nothing chosen")

    def value(self) -> list[str]:
        return [choice for choice, action in self._actions.items() if action.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = value if isinstance(value, list | tuple) else [v.strip() for v in str(value).split(",")]
        for choice, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(choice in chosen)
            action.blockSignals(False)
        self._show_count()

    def set_checked(self, choice: str, on: bool) -> None:
        self._actions[choice].setChecked(on)


class CriteriaInput(QWidget):
    """Search rows: a field to look in and the text to look for; "+ Add condition" adds a row."""

    sig_changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self._rows: list[tuple[QWidget, QComboBox, QLineEdit]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout = QVBoxLayout()
        layout.addLayout(self._rows_layout)
        self.add_button = QPushButton("+ Add condition")
        self.add_button.setToolTip("Narrow the search by another field")
        self.add_button.clicked.connect(lambda: self.add_row())
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_row()

    def add_row(self, field_name: str = "", text: str = "") -> None:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        choice = QComboBox()
        for name in self._spec.choices:
            choice.addItem(self._spec.choice_labels.get(name, name), name)
        choice.setAccessibleName("Search in")
        choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        choice.setMinimumContentsLength(9)
        if field_name:
            choice.setCurrentIndex(max(0, choice.findData(field_name)))
        value = QLineEdit(text)
        value.setMinimumWidth(120)
        value.setPlaceholderText("contains… (a,b for either)")
        value.setAccessibleName("Search for")
        value.textEdited.connect(lambda _t: self.sig_changed.emit())
        choice.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("Remove this condition")
        remove.clicked.connect(lambda: self._remove(host))
        row.addWidget(choice)
        row.addWidget(value, 1)
        row.addWidget(remove)
        self._rows.append((host, choice, value))
        self._rows_layout.addWidget(host)

    def _remove(self, host: QWidget) -> None:
        self._rows = [r for r in self._rows if r[0] is not host]
        host.deleteLater()
        if not self._rows:
            self.add_row()
        self.sig_changed.emit()

    def value(self) -> dict[str, str]:
        return {c.currentData(): v.text().strip() for _h, c, v in self._rows if v.text().strip()}

    def set_value(self, value: Any) -> None:
        for host, _c, _v in self._rows:
            host.deleteLater()
        self._rows = []
        for name, text in (value or {}).items() if isinstance(value, dict) else ():
            self.add_row(name, str(text))
        if not self._rows:
            self.add_row()


class PairsInput(QWidget):
    """Name and value rows (query parameters), kept in the order typed; "+ Add parameter" adds one."""

    sig_changed = Signal()

    def __init__(
        self,
        spec: Field,
        parent: QWidget | None = None,
        *,
        words: tuple[str, str, str] = ("parameter", "name, e.g. Page", "value, e.g. 0"),
    ) -> None:
        """``words``: what a row is called, and the hints in its name and value boxes."""
        super().__init__(parent)
        self._spec = spec
        self._row_word, self._name_hint, self._value_hint = words
        self.rows: list[tuple[QWidget, QLineEdit, QLineEdit]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout = QVBoxLayout()
        layout.addLayout(self._rows_layout)
        self.add_button = QPushButton(f"+ Add {self._row_word}")
        self.add_button.setToolTip(f"Add a row to {spec.label}")
        self.add_button.clicked.connect(lambda: self.add_row())
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_row()

    def add_row(self, name: str = "", text: str = "") -> None:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        name_line = QLineEdit(name)
        name_line.setPlaceholderText(self._name_hint)
        name_line.setAccessibleName(f"{self._row_word.capitalize()} name")
        value_line = QLineEdit(text)
        value_line.setPlaceholderText(self._value_hint)
        value_line.setAccessibleName(f"{self._row_word.capitalize()} value")
        for line in (name_line, value_line):
            line.textEdited.connect(lambda _t: self.sig_changed.emit())
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(f"Remove this {self._row_word}")
        remove.clicked.connect(lambda: self._remove(host))
        row.addWidget(name_line, 1)
        row.addWidget(value_line, 1)
        row.addWidget(remove)
        self.rows.append((host, name_line, value_line))
        self._rows_layout.addWidget(host)

    def _remove(self, host: QWidget) -> None:
        self.rows = [r for r in self.rows if r[0] is not host]
        host.deleteLater()
        if not self.rows:
            self.add_row()
        self.sig_changed.emit()

    def value(self) -> list[list[str]]:
        # A list, not a mapping: a name typed twice reaches the check and is refused, never merged.
        return [
            [name.text().strip(), value.text().strip()]
            for _h, name, value in self.rows
            if name.text().strip() or value.text().strip()
        ]

    def set_value(self, value: Any) -> None:
        for host, _n, _v in self.rows:
            host.deleteLater()
        self.rows = []
        pairs = value.items() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for name, text in pairs:
            self.add_row(str(name), str(text))
        if not self.rows:
            self.add_row()


# Loads a look-up's rows: (look-up, its parameters, force a refresh) -> rows.
LookupLoader = Callable[[Lookup, dict[str, str], bool], Awaitable[list[dict[str, Any]]]]
TaskStarter = Callable[[Coroutine[Any, Any, Any]], Any]


class LookupInput(QWidget):
    """A drop-down filled from the vendor's look-up (names shown, ids sent) that still takes a typed id."""

    sig_changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert spec.lookup is not None
        self._spec = spec
        self._lookup = spec.lookup
        self._loader: LookupLoader | None = None
        self._start: TaskStarter | None = None
        self._params_of: Callable[[], dict[str, str]] = dict
        self._loaded_for: dict[str, str] | None = None
        self._labels: dict[str, str] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName(spec.label)
        self._line_edit().setPlaceholderText(spec.placeholder or "Choose, or type an id")
        self.combo.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        self._line_edit().textEdited.connect(lambda _t: self.sig_changed.emit())
        layout.addWidget(self.combo, 1)
        self.refresh_button = QToolButton()
        self.refresh_button.setText("↻")
        self.refresh_button.setToolTip("Fetch the choices again from the vendor")
        self.refresh_button.setAccessibleName(f"Refresh the choices for {spec.label}")
        self.refresh_button.clicked.connect(lambda: self.load(force=True))
        layout.addWidget(self.refresh_button)
        # Typing a corporation id fires on every key: wait for a pause before fetching its choices.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.load)

    def attach(
        self,
        loader: LookupLoader,
        start: TaskStarter,
        params_of: Callable[[], dict[str, str]],
        labels: dict[str, str],
    ) -> None:
        """``labels``: what the form calls each field the choices depend on."""
        self._loader = loader
        self._start = start
        self._params_of = params_of
        self._labels = labels

    def schedule_load(self) -> None:
        self._debounce.start()

    def showEvent(self, event: QShowEvent) -> None:
        # Choices are fetched when the form is first seen, never at start-up.
        self.load()
        super().showEvent(event)

    def missing_params(self) -> list[str]:
        params = self._params_of()
        return [self._labels.get(f, f) for name, f in self._lookup.params.items() if not params.get(name)]

    def load(self, force: bool = False) -> None:
        """Fetch the choices for the current parameters (once per parameters unless forced)."""
        if self._loader is None or self._start is None:
            return
        if not force and self._params_of() == self._loaded_for:
            return
        self._start(self._fill(force))

    async def _fill(self, force: bool) -> None:
        assert self._loader is not None
        # Read the fields now, not when the load was asked for: they may have changed since.
        params = self._params_of()
        typed = self.value()
        if self.missing_params():
            self._set_items([], f"Fill in {', '.join(self.missing_params())} first")
            self._loaded_for = None
            return
        loaded = await attempt(self._loader(self._lookup, params, force))
        if loaded.error is not None:
            self._set_items([], "Choices not available")
            self.setToolTip(loaded.error.message)
            return
        self._loaded_for = params
        self._set_items(loaded.value or [], "")
        # Putting back what was there is not an edit: the form must not count as typed into.
        self.combo.blockSignals(True)
        self.set_value(typed)
        self.combo.blockSignals(False)

    def _set_items(self, rows: list[dict[str, Any]], placeholder: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for row in rows:
            value = str(row.get(self._lookup.value_key, ""))
            self.combo.addItem(f"{row.get(self._lookup.label_key, value)} ({value})", value)
        self.combo.setCurrentIndex(-1)
        self.combo.blockSignals(False)
        self._line_edit().setPlaceholderText(placeholder or self._spec.placeholder or "Choose, or type an id")

    def _line_edit(self) -> QLineEdit:
        line = self.combo.lineEdit()
        assert line is not None, "an editable combo box has a line edit"
        return line

    def value(self) -> str:
        text = self.combo.currentText().strip()
        index = self.combo.findText(text)
        if index >= 0:
            return str(self.combo.itemData(index))
        return text

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        index = self.combo.findData(text)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(text)
