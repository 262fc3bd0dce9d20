"""A form built from an operation's declared fields, with each error under its field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.contract.spec import Field, FieldKind, Location, Operation
from app.services.api import coerce, is_blank
from app.ui.choice_inputs import ChoiceInput, DependentChoiceInput
from app.ui.field_widgets import (
    ChoicesInput,
    CriteriaInput,
    DateInput,
    LookupInput,
    LookupLoader,
    PairsInput,
    TaskStarter,
)
from app.ui.more_fields import MORE_FIELDS, MoreFields
from app.ui.record_picker import NameKeeper, RecordFinder, RecordPicker

CustomInput = (
    DateInput | ChoicesInput | CriteriaInput | PairsInput | LookupInput | ChoiceInput | DependentChoiceInput
)
CUSTOM_INPUTS: dict[FieldKind, type[CustomInput]] = {
    FieldKind.DATE: DateInput,
    FieldKind.MULTI_CHOICE: ChoicesInput,
    FieldKind.CRITERIA: CriteriaInput,
    FieldKind.PAIRS: PairsInput,
    FieldKind.CHOICE: ChoiceInput,
}
# Kinds of id fields that carry over between tasks.
PREFILLED_KINDS = (FieldKind.INTEGER, FieldKind.TEXT, FieldKind.EMAIL)


def is_check_box(spec: Field) -> bool:
    """A yes/no question that must be answered is a check box; an optional one keeps "Not set"
    (a drop-down), so that nothing the person did not choose is sent."""
    return spec.kind is FieldKind.BOOLEAN or (spec.kind is FieldKind.YES_NO and spec.required)


def picks_a_record(operation: Operation, spec: Field) -> bool:
    """Whether the field is an id chosen among known records: it holds a kind of record, is typed (not
    a drop-down), and is not the id a create gives its own new record (OneOffice's customer and order
    ids, which we choose): there is nothing to pick for that."""
    if not spec.holds or spec.kind not in (FieldKind.TEXT, FieldKind.INTEGER):
        return False
    if spec.lookup is not None or spec.choices or spec.choices_by is not None:
        return False
    return not names_new_record(operation, spec)


def names_new_record(operation: Operation, spec: Field) -> bool:
    """Whether the field is the id a create gives the record it creates.  That is the field holding the
    operation's own kind ("order" in order.create_first), or a kind of it ("renewal order"); when one
    holds a kind of it, a field holding the plain kind names the record the new one belongs to (the
    first order a renewal renews)."""
    if not operation.id.rpartition(".")[2].startswith("create") or not spec.holds:
        return False
    record = operation.record
    if spec.holds.endswith(f" {record}"):
        return True
    qualified = any(other.holds.endswith(f" {record}") for other in operation.fields)
    return spec.holds == record and not qualified


class OneLineNote(QLabel):
    """A line under a field that never moves the form: one line high, its space kept while it is
    hidden, its text cut with an ellipsis where too long for the field (the whole of it in the
    tooltip, and in ``text()``)."""

    def __init__(self, name: str, role: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", role)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def sizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(
            painter, self.rect(), align, self.palette(), self.isEnabled(), shown, self.foregroundRole()
        )


# The longest one-line value a form sends (Qt's own default limit for a line, which it applies by
# cutting), and how far past it a line still holds text, so that a longer paste is seen and refused.
LONGEST_LINE = 32_767
PAST_THE_LIMIT = 1_000_000


class FieldEditor(QWidget):
    """One field: its input widget and, on the line kept under it, the sentence saying what is wrong
    with it or, for an id, the name of the record it holds."""

    sig_edited = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None, *, picker: bool = False) -> None:
        super().__init__(parent)
        self.spec = spec
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(1)
        self.input = self._make_input(picker)
        self.input.setObjectName(f"field:{spec.name}")
        self.input.setAccessibleName(spec.label)
        tip = spec.help or spec.label
        self.input.setToolTip(tip + (" (required)" if spec.required else ""))
        self.error = OneLineNote(f"error:{spec.name}", "field-error")
        # The name of the record an id names, on the same line as the error (never both at once).
        self.named = OneLineNote(f"named:{spec.name}", "hint")
        self.named.setAccessibleName(f"{spec.label}: the record chosen")
        layout.addWidget(self.input, 0, 0)
        layout.addWidget(self.error, 1, 0)
        layout.addWidget(self.named, 1, 0)
        if isinstance(self.input, RecordPicker):
            self.input.sig_named.connect(self._show_name)

    def _make_input(self, picker: bool) -> QWidget:
        spec = self.spec
        if picker:
            chooser = RecordPicker(spec)
            if spec.default:
                chooser.setText(spec.default)
            chooser.textEdited.connect(self._edited)
            chooser.sig_chosen.connect(self._edited)
            chooser.editingFinished.connect(self.check)
            return chooser
        custom: type[CustomInput] | None = CUSTOM_INPUTS.get(spec.kind)
        if spec.lookup is not None:
            custom = LookupInput
        elif spec.choices_by is not None:
            custom = DependentChoiceInput
        elif spec.kind is FieldKind.YES_NO and not is_check_box(spec):
            custom = ChoiceInput  # an optional yes/no keeps "—": nothing is sent unless chosen
        if custom is not None:
            widget = custom(spec)
            widget.sig_changed.connect(self._edited)
            if isinstance(widget, DateInput):
                widget.line.editingFinished.connect(self.check)
            return widget
        if is_check_box(spec):
            box = QCheckBox(spec.label + (" *" if spec.required and spec.kind is FieldKind.YES_NO else ""))
            box.setToolTip(spec.help)
            box.setChecked(str(spec.default).lower() in {"true", "yes", "1"})
            box.toggled.connect(self._edited)
            return box
        if spec.kind is FieldKind.JSON:
            editor = QPlainTextEdit()
            editor.setPlaceholderText(spec.placeholder or "JSON")
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(80)
            editor.textChanged.connect(self._edited)
            return editor
        line = QLineEdit()
        # Qt cuts a longer text at 32,767 characters without a word: the field takes more, and
        # its check refuses what is past LONGEST_LINE, so nothing pasted is silently dropped.
        line.setMaxLength(LONGEST_LINE + PAST_THE_LIMIT)
        line.setPlaceholderText(spec.placeholder or _placeholder_for(spec))
        if spec.default:
            line.setText(spec.default)
        line.textEdited.connect(self._edited)
        line.editingFinished.connect(self.check)
        return line

    def _edited(self, *_: object) -> None:
        self.show_error("")
        self.sig_edited.emit()

    def value(self) -> object:
        widget = self.input
        if isinstance(widget, CustomInput):
            return widget.value()
        if isinstance(widget, QCheckBox):
            if self.spec.kind is FieldKind.YES_NO:  # the vendor's words for it
                return "Yes" if widget.isChecked() else "No"
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def set_value(self, value: object) -> None:
        widget = self.input
        if isinstance(widget, CustomInput):
            widget.set_value(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value is True or str(value).lower() in {"true", "yes", "1"})
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText("" if value is None else str(value))

    def too_long(self) -> str:
        """Why a one-line value is refused for its length ("" when it is not)."""
        raw = self.value()
        if isinstance(self.input, QLineEdit) and isinstance(raw, str) and len(raw) > LONGEST_LINE:
            shown = f"{len(raw):,}" if len(raw) < self.input.maxLength() else f"over {LONGEST_LINE:,}"
            return f"This is {shown} characters long; a field takes at most {LONGEST_LINE:,}."
        return ""

    def check(self) -> None:
        """Check this field alone as soon as the user leaves it (blank is judged on submit)."""
        raw = self.value()
        if is_blank(raw):
            return
        if problem := self.too_long():
            self.show_error(problem)
            return
        try:
            coerce(self.spec, raw)
        except ValueError as exc:
            self.show_error(str(exc))

    def show_error(self, message: str) -> None:
        if message and isinstance(self.input, DateInput):
            message = self.input.problem() or message  # in the format the person types, not the wire's
        self.error.say(message)
        self.error.setVisible(bool(message))
        self.named.setVisible(not message and bool(self.named.text()))
        self.input.setProperty("invalid", bool(message))
        self.input.style().unpolish(self.input)
        self.input.style().polish(self.input)

    def _show_name(self, name: str) -> None:
        self.named.say(name)
        self.named.setVisible(bool(name) and not self.error.isVisible())


def takes_more_fields(operation: Operation) -> bool:
    """A record form whose vendor takes keys it does not declare (INSZoom's create and update): not
    an operation whose whole body the person writes as JSON already."""
    return operation.open_body is not None and not any(
        spec.location is Location.BODY_ROOT for spec in operation.fields
    )


def _placeholder_for(spec: Field) -> str:
    if spec.kind is FieldKind.DATE:
        return spec.date_format
    if spec.kind is FieldKind.EMAIL:
        return "name@example.com"
    if spec.kind is FieldKind.INTEGER:
        return "a whole number"
    return ""


class OperationForm(QWidget):
    """Every field of one operation, grouped as the vendor document groups them."""

    sig_edited = Signal()

    def __init__(
        self,
        operation: Operation,
        parent: QWidget | None = None,
        hidden: tuple[str, ...] = (),
        more_names: Sequence[str] = (),
    ) -> None:
        """``more_names``: for a vendor that takes keys beyond the declared fields, the ones the
        person added for this record type before, offered again in "More fields"."""
        super().__init__(parent)
        self.operation = operation
        self.editors: dict[str, FieldEditor] = {}
        self.more: MoreFields | None = None
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        groups: dict[str, QFormLayout] = {}
        for spec in operation.fields:
            if not spec.in_form or spec.name in hidden:
                continue
            form = groups.get(spec.group)
            if form is None:
                form = QFormLayout()
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
                form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                groups[spec.group] = form
                if spec.group:
                    box = QGroupBox(spec.group)
                    box.setLayout(form)
                    layout.addWidget(box)
                else:
                    layout.addLayout(form)
            editor = FieldEditor(spec, self, picker=picks_a_record(operation, spec))
            editor.sig_edited.connect(self._on_edited)
            self.editors[spec.name] = editor
            label_text = "" if is_check_box(spec) else spec.label + (" *" if spec.required else "")
            label = QLabel(label_text)
            label.setBuddy(editor.input)
            label.setToolTip(spec.help)
            form.addRow(label, editor)
        if takes_more_fields(operation):
            declared = {spec.name for spec in operation.fields}
            self.more = MoreFields(operation, declared, list(more_names), self)
            self.more.rows.sig_changed.connect(self._on_edited)
            layout.addWidget(self.more)
        self._follow_choices()
        self._follow_conditions()
        if any(spec.required for spec in operation.fields):
            note = QLabel("* required")
            note.setProperty("role", "hint")
            layout.addWidget(note)

    def _follow_choices(self) -> None:
        """A field whose choices follow another (a state after its country) follows it as it changes."""
        for editor in self.editors.values():
            widget = editor.input
            depends = editor.spec.choices_by
            if not isinstance(widget, DependentChoiceInput) or depends is None:
                continue
            other = self.editors.get(depends.field)
            if other is None:
                continue

            def follow(widget: DependentChoiceInput = widget, other: FieldEditor = other) -> None:
                widget.follow(str(other.value() or ""))

            other.sig_edited.connect(follow)
            follow()

    def _follow_conditions(self) -> None:
        """A field offered only with some values of another (a body only for POST) is disabled while
        the other holds none of them, unless it holds something: then it stays editable, so that the
        sentence its check gives can be acted on (nothing typed is hidden or silently left out)."""
        for editor in self.editors.values():
            condition = editor.spec.only_when
            other = self.editors.get(condition[0]) if condition else None
            if condition is None or other is None:
                continue

            def follow(
                editor: FieldEditor = editor,
                other: FieldEditor = other,
                values: tuple[str, ...] = condition[1],
            ) -> None:
                chosen = str(other.value() or other.spec.default or "")
                editor.input.setEnabled(chosen in values or not is_blank(editor.value()))

            other.sig_edited.connect(follow)
            editor.sig_edited.connect(follow)
            follow()

    def attach_lookups(self, loader: LookupLoader, start: TaskStarter) -> None:
        """Let drop-downs fetch their choices; each reloads when a field it depends on changes."""
        for editor in self.editors.values():
            widget = editor.input
            if not isinstance(widget, LookupInput) or editor.spec.lookup is None:
                continue
            params = editor.spec.lookup.params

            def params_of(params: Mapping[str, str] = params) -> dict[str, str]:
                return {
                    name: str(self.editors[f].value() or "").strip()
                    for name, f in params.items()
                    if f in self.editors
                }

            labels = {name: e.spec.label for name, e in self.editors.items()}
            widget.attach(loader, start, params_of, labels)
            for field_name in params.values():
                if field_name in self.editors:
                    self.editors[field_name].sig_edited.connect(widget.schedule_load)

    def attach_pickers(self, find: RecordFinder, start: TaskStarter, keep_name: NameKeeper) -> None:
        """Let id fields suggest the environment's records of their kind as the person types."""
        for editor in self.editors.values():
            if isinstance(editor.input, RecordPicker):
                editor.input.attach(find, start, keep_name)

    def _on_edited(self) -> None:
        self._dirty = True
        self.sig_edited.emit()

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def mark_clean(self) -> None:
        self._dirty = False

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {name: editor.value() for name, editor in self.editors.items()}
        if self.more is not None:
            values.update(self.more.values())
        return values

    def problems(self) -> dict[str, str]:
        """What the form itself can tell is wrong before anything is checked or sent."""
        found = {name: problem for name, editor in self.editors.items() if (problem := editor.too_long())}
        return {**found, **(self.more.problems() if self.more is not None else {})}

    def prefill(self, known: dict[str, object]) -> None:
        """Fill blank id fields from ids used elsewhere in this tab (e.g. the client id just looked up),
        each into the field of the same meaning (``Field.holds``), or of the same name when undeclared.

        Only ids carry over: a name typed for one record must never land in another record's update.
        """
        for name, editor in self.editors.items():
            spec = editor.spec
            is_id = bool(spec.holds) or (name.lower().endswith("id") and spec.kind in PREFILLED_KINDS)
            # A create's id for its own new record is ours to choose: never one already used.
            if names_new_record(self.operation, spec):
                continue
            if is_id and spec.carry_key in known and is_blank(editor.value()):
                editor.set_value(known[spec.carry_key])

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Put each message under its field; answer the messages that match no field."""
        unmatched: list[str] = []
        by_lower = {name.lower(): editor for name, editor in self.editors.items()}
        more = {name.lower() for name in self.more.values()} if self.more is not None else set()
        about_more: list[str] = []
        for name, message in errors.items():
            editor = by_lower.get(name.lower())
            if editor is not None:
                editor.show_error(message)
            elif name == MORE_FIELDS or name.lower() in more:
                about_more.append(message if name == MORE_FIELDS or name in message else f"{name}: {message}")
            else:
                unmatched.append(f"{name}: {message}")
        if self.more is not None:
            self.more.show_error(" ".join(about_more))
        first = next((e for e in self.editors.values() if e.error.isVisible()), None)
        if first is not None:
            first.input.setFocus()
        return unmatched

    def clear_errors(self) -> None:
        for editor in self.editors.values():
            editor.show_error("")
        if self.more is not None:
            self.more.show_error("")
