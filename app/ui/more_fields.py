"""More fields: name and value rows under a record form whose vendor takes keys beyond those declared.

INSZoom's document lists no fields at all, and a firm's INSZoom has many more than the catalog
names (its own EmployeeGrade, a PreferredName): the person adds them here, spelt as INSZoom spells
them, and they go to INSZoom as typed, with the document's rules still checked.  The names used for
a record type come back, empty, the next time its form opens (``remembered``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.contract.spec import Field, Operation
from app.ui.field_widgets import PairsInput

TITLE = "More fields"
# The key a form's problems use for this box as a whole (a value given no name, a name twice).
MORE_FIELDS = "more fields"


class MoreFields(QGroupBox):
    def __init__(
        self, operation: Operation, declared: set[str], remembered: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(TITLE, parent)
        assert operation.open_body is not None
        self._declared = {name.lower() for name in declared}
        layout = QVBoxLayout(self)
        said = operation.open_body.form_help or operation.open_body.help
        hint = QLabel(said[:1].upper() + said[1:])
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.rows = PairsInput(
            Field("more", TITLE), self, words=("field", "field name, e.g. PreferredName", "value")
        )
        self.rows.setAccessibleName(TITLE)
        layout.addWidget(self.rows)
        # Under the last of the form's boxes: showing it moves no field under the pointer.
        self.error = QLabel()
        self.error.setObjectName("error:more fields")
        self.error.setProperty("role", "field-error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        if remembered:
            self.rows.set_value([[name, ""] for name in remembered])

    def values(self) -> dict[str, str]:
        """The rows with a name and a value; a remembered name left empty sends nothing."""
        return {name: value for name, value in self.rows.value() if name and value}

    def names(self) -> list[str]:
        """The names given a value, to offer again next time."""
        return list(self.values())

    def problems(self) -> dict[str, str]:
        """What must be put right before anything is sent (nothing typed is dropped unsaid)."""
        seen: set[str] = set()
        for name, value in self.rows.value():
            if value and not name:
                return {MORE_FIELDS: f"Give the value “{value}” the name of its field."}
            if name.lower() in self._declared:
                return {MORE_FIELDS: f"{name} is one of the form's own fields: fill it in above."}
            if name.lower() in seen:
                return {MORE_FIELDS: f"{name} is given twice: keep one row for it."}
            seen.add(name.lower())
        return {}

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setAccessibleDescription(message)
        self.error.setVisible(bool(message))
