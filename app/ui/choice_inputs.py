"""Drop-downs for closed lists: a person chooses among names, the wire carries the vendor's value.

Each offers ``value()``, ``set_value()`` and ``sig_changed`` like the other custom inputs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QStackedWidget, QWidget

from app.contract.spec import Field

NOT_SET = "—"
CHOOSE = "Choose…"


class ChoiceInput(QComboBox):
    """One of a field's choices, shown by its label.

    Nothing is chosen for the person: an optional field starts at "—" (not sent), a required one
    without a default at "Choose…" (refused as missing until a choice is made).  A value the vendor
    holds that is not among the choices (an old spelling in a record) is kept as an extra item, so
    loading a record into a form never silently changes it."""

    sig_changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        # Many choices (countries): the popup scrolls instead of covering the screen; typing the
        # first letters of a name jumps to it, as in any closed drop-down.
        self.setMaxVisibleItems(15)
        if spec.others_allowed:
            # Suggestions: typed text that is no choice is the value, as typed (never added to the list).
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = self.lineEdit()
            assert line is not None  # an editable combo box always has its line
            line.setPlaceholderText(spec.placeholder or "Choose or type")
            line.textEdited.connect(lambda _t: self.sig_changed.emit())
        self.set_choices(spec.choices or ("Yes", "No"))
        if spec.default:
            self.set_value(spec.default)
        self.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())

    def set_choices(self, choices: tuple[str, ...]) -> None:
        """Offer these choices, keeping the one chosen when it is still among them."""
        kept = self.value()
        self.blockSignals(True)
        self.clear()
        spec = self._spec
        if spec.others_allowed:
            self.addItem("", "")  # nothing typed or chosen: nothing sent (or refused when required)
        elif not spec.required:
            self.addItem(NOT_SET, "")
        elif not spec.default:
            self.addItem(CHOOSE, "")
        for choice in choices:
            self.addItem(spec.choice_labels.get(choice, choice), choice)
        self.blockSignals(False)
        index = self.index_of(kept) if kept else -1
        self.setCurrentIndex(max(index, 0))

    def value(self) -> str:
        if self.isEditable():
            text = self.currentText().strip()
            index = self.findText(text)
            return str(self.itemData(index) or "") if index >= 0 else text
        return str(self.currentData() or "")

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        index = self.index_of(text)
        if index < 0 and self.isEditable():
            self.setCurrentIndex(0)
            self.setEditText(text)
            return
        if index < 0 and text.strip():
            self.addItem(text, text)  # the vendor's own value, shown as it is
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def index_of(self, text: str) -> int:
        index = self.findData(text)
        if index >= 0:
            return index
        wanted = text.strip().lower()  # typed in any case ("yes", "us"): the choice ignoring case
        return next((i for i in range(self.count()) if str(self.itemData(i)).lower() == wanted), -1)


class DependentChoiceInput(QStackedWidget):
    """A drop-down whose choices follow another field (states once the country is the United States),
    and a plain text field when that field's value has no list (a region of another country).

    Text typed into the plain field is kept while the list is shown, and is back when it is not."""

    sig_changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert spec.choices_by is not None
        self._spec = spec
        self.line = QLineEdit()
        self.line.setPlaceholderText(spec.placeholder)
        self.line.setAccessibleName(spec.label)
        self.line.textEdited.connect(lambda _t: self.sig_changed.emit())
        self.combo = ChoiceInput(_optional(spec))
        self.combo.setAccessibleName(spec.label)
        self.combo.sig_changed.connect(self.sig_changed.emit)
        self.addWidget(self.line)
        self.addWidget(self.combo)
        self.setFocusProxy(self.line)
        self._listed = False

    @property
    def listed(self) -> bool:
        """Whether the choices are shown (the other field names a place whose list is kept)."""
        return self._listed

    def follow(self, other_value: str) -> None:
        """The field this one depends on now holds ``other_value``."""
        assert self._spec.choices_by is not None
        choices = self._spec.choices_by.choices(other_value)
        if choices:
            # Typed text is kept as typed, even when the list spells it otherwise; a state chosen
            # from another country's list is kept only where this list has it (set_choices).
            typed = "" if self._listed else self.line.text()
            self.combo.set_choices(choices)
            if typed:
                self.combo.set_value(typed)
            self.setCurrentWidget(self.combo)
            self.setFocusProxy(self.combo)
        else:
            self.setCurrentWidget(self.line)
            self.setFocusProxy(self.line)
        self._listed = bool(choices)

    def value(self) -> str:
        return self.combo.value() if self._listed else self.line.text()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        self.line.setText(text)
        if self._listed:
            self.combo.set_value(text)


def _optional(spec: Field) -> Field:
    """The list inside a dependent field starts at "—": whether it is required is the catalog's rule
    (PGi: only for the United States), judged with the form's other values."""
    return replace(spec, required=False, default=None)
