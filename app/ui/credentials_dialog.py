"""Enter, test and save one vendor environment's credentials (to the OS keyring)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.contract.vendor import VendorDefinition
from app.services.api import (
    CredentialStore,
    Source,
    VendorService,
    check_connection,
    credential_problems,
    demo_credentials,
    remember,
)
from app.ui.attempt import attempt
from app.ui.tasks import UiTasks


class CredentialsDialog(QDialog):
    def __init__(self, service: VendorService, store: CredentialStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._store = store
        self._tasks = UiTasks()
        definition, environment = service.definition, service.environment
        self.setWindowTitle(f"{definition.name} credentials — {environment.label}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        intro = QLabel(
            f"These are used for {definition.name} in the <b>{environment.label}</b> environment only."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        # Each label above its field: the vendors' labels are long ("Authorization key (the encrypted
        # string INSZoom gave you)"), and beside the field they left it a few pixels wide.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.inputs: dict[str, QLineEdit] = {}
        # Under each field, why its value cannot be sent (a line break pasted inside a key).
        self.errors: dict[str, QLabel] = {}
        for spec in definition.credential_fields:
            line = QLineEdit()
            line.setObjectName(f"credential:{spec.name}")
            line.setAccessibleName(spec.label)
            line.setToolTip(spec.help)
            value, source = store.lookup(definition.id, environment.id, spec.name)
            line.setText(value or "")
            if source is Source.ENVIRONMENT:
                line.setToolTip(f"{spec.help} Currently set by an environment variable.".strip())
            row: QWidget = line
            if spec.secret:
                line.setEchoMode(QLineEdit.EchoMode.Password)
                row = _with_show_button(line)
            self.inputs[spec.name] = line
            error = QLabel()
            error.setObjectName(f"credential-error:{spec.name}")
            error.setProperty("role", "field-error")  # the forms' own style for a field's error
            error.setWordWrap(True)
            error.hide()
            line.textEdited.connect(lambda _text, error=error: error.hide())
            line.textChanged.connect(lambda _text, error=error: error.hide())
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(row)
            column.addWidget(error)
            self.errors[spec.name] = error
            form.addRow(spec.label + ":", column)
        layout.addLayout(form)

        self.storage_note = QLabel(self._storage_sentence())
        self.storage_note.setWordWrap(True)
        self.storage_note.setProperty("role", "hint" if store.persistent else "warning")
        layout.addWidget(self.storage_note)

        self._demo = demo_credentials(definition.id) if environment.sandbox else {}
        if self._demo:
            shown = ", ".join(f"{_label(definition, k)}: {v}" for k, v in self._demo.items())
            demo = QLabel(f"Sandbox demo credentials — {shown}")
            demo.setObjectName("demo-credentials")
            demo.setWordWrap(True)
            demo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            use_demo = QPushButton("Use demo credentials")
            use_demo.clicked.connect(self._fill_demo)
            demo_row = QHBoxLayout()
            demo_row.addWidget(demo, 1)
            demo_row.addWidget(use_demo)
            layout.addLayout(demo_row)

        test_row = QHBoxLayout()
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(lambda: self._tasks.start(self._test()))
        self.test_result = QLabel()
        self.test_result.setObjectName("test-result")
        self.test_result.setWordWrap(True)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout.addLayout(test_row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._remember_secrets()  # the saved values just shown

    def _storage_sentence(self) -> str:
        if self._store.persistent:
            return "Saved in your system's keychain (never in a file)."
        return self._store.problem

    def _fill_demo(self) -> None:
        for name, value in self._demo.items():
            if name in self.inputs:
                self.inputs[name].setText(value)

    def values(self) -> dict[str, str]:
        return {name: line.text().strip() for name, line in self.inputs.items()}

    def _remember_secrets(self) -> None:
        """What is in the secret fields now, typed or saved, is redacted wherever text leaves the app."""
        fields = self._service.definition.credential_fields
        remember(*(self.inputs[spec.name].text() for spec in fields if spec.secret))

    def _refuse_unsendable(self) -> bool:
        """Show, under its field, each value that cannot be sent; True when there was one."""
        self._remember_secrets()
        fields = self._service.definition.credential_fields
        problems = credential_problems(fields, self._service.session.strategy.header_fields, self.values())
        for name, error in self.errors.items():
            error.setText(f"{problems[name]}: paste or type it again without it." if name in problems else "")
            error.setVisible(name in problems)
        if problems:
            self.inputs[next(iter(problems))].setFocus()
        return bool(problems)

    def accept(self) -> None:
        if not self._refuse_unsendable():
            super().accept()

    async def _test(self) -> None:
        if self._refuse_unsendable():
            self.test_result.setText("")
            return
        self.test_button.setEnabled(False)
        self.test_result.setText("Testing…")
        try:
            checked = await attempt(check_connection(self._service, self.values()))
        finally:
            self.test_button.setEnabled(True)
        self.test_result.setProperty("role", "success" if checked.ok else "failure")
        self.test_result.setText(checked.error.message if checked.error else checked.value or "")
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)

    def save(self) -> None:
        definition, environment = self._service.definition, self._service.environment
        for name, value in self.values().items():
            if value:
                self._store.set(definition.id, environment.id, name, value)
            else:
                self._store.delete(definition.id, environment.id, name)
        self._service.session.forget()

    def done(self, result: int) -> None:
        self._tasks.cancel_all()
        super().done(result)


def _label(definition: VendorDefinition, name: str) -> str:
    return next((f.label for f in definition.credential_fields if f.name == name), name)


def _with_show_button(line: QLineEdit) -> QWidget:
    host = QWidget()
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(line, 1)
    show = QPushButton("Show")
    show.setCheckable(True)
    show.setToolTip("Show or hide what you typed")

    def on_toggled(on: bool) -> None:
        line.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        show.setText("Hide" if on else "Show")

    show.toggled.connect(on_toggled)
    row.addWidget(show)
    return host
