"""File › Settings: how long to wait for vendors, how many pages to fetch at once, extra trusted
certificates, and how much goes into the log file.  Every vendor uses them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.api import ca_bundle_problem
from app.services.settings import Settings

# Every choice of Settings.log_level, in the words shown for it.
LOG_LEVEL_WORDS = {
    "INFO": "Normal",
    "DEBUG": "Detailed (when support asks for it)",
    "WARNING": "Warnings and errors only",
    "ERROR": "Errors only",
}
assert set(LOG_LEVEL_WORDS) == set(Settings.log_level.choices), "a log level without words"


class SettingsDialog(QDialog):
    sig_saved = Signal(set)  # the names of the options whose value changed

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel("These apply to every vendor.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()

        self.timeout = QSpinBox()
        self.timeout.setRange(round(Settings.timeout_s.minimum), round(Settings.timeout_s.maximum))
        self.timeout.setSuffix(" seconds")
        self.timeout.setValue(round(settings.timeout_s))
        self.timeout.setAccessibleName("Wait for an answer")
        form.addRow("Wait for an answer:", self.timeout)
        form.addRow("", _hint("How long to wait for a vendor before saying it did not answer."))

        self.concurrency = QSpinBox()
        self.concurrency.setRange(Settings.concurrency.minimum, Settings.concurrency.maximum)
        self.concurrency.setValue(settings.concurrency)
        self.concurrency.setAccessibleName("Pages fetched at once")
        form.addRow("Pages fetched at once:", self.concurrency)
        form.addRow("", _hint("For “Load all pages”. 4 is quick without straining the vendor."))

        self.ca_error = QLabel()
        self.ca_error.setProperty("role", "field-error")
        self.ca_error.setWordWrap(True)
        self.ca_error.hide()
        self.ca_bundle = QLineEdit(settings.ca_bundle)
        self.ca_bundle.setAccessibleName("Extra trusted certificates")
        self.ca_bundle.setPlaceholderText("None: the usual certificates only")
        self.ca_bundle.textEdited.connect(lambda _text: self.ca_error.hide())
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose a certificate file")
        choose.clicked.connect(self._choose_certificates)
        row = QHBoxLayout()
        row.addWidget(self.ca_bundle, 1)
        row.addWidget(choose)
        form.addRow("Extra trusted certificates:", row)
        form.addRow("", self.ca_error)
        form.addRow(
            "",
            _hint(
                "A certificate file (.pem) from your IT department, needed where your organisation "
                "inspects web traffic. The usual certificates stay trusted either way."
            ),
        )

        self.log_level = QComboBox()
        for level, words in LOG_LEVEL_WORDS.items():
            self.log_level.addItem(words, level)
        self.log_level.setCurrentIndex(self.log_level.findData(settings.log_level))
        self.log_level.setAccessibleName("Detail in the log file")
        form.addRow("Detail in the log file:", self.log_level)
        layout.addLayout(form)

        self.save_error = QLabel()
        self.save_error.setProperty("role", "field-error")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        layout.addWidget(self.save_error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose_certificates(self) -> None:
        # open(), not exec(): a nested event loop must not run inside the app's qasync loop.
        chooser = QFileDialog(self, "Choose a certificate file", str(Path(self.ca_bundle.text()).parent))
        chooser.setNameFilters(["Certificates (*.pem *.crt *.cer)", "All files (*)"])
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(self._certificates_chosen)
        chooser.open()

    def _certificates_chosen(self, path: str) -> None:
        self.ca_bundle.setText(path)
        self.ca_error.hide()

    def save(self) -> None:
        """Check, store and close; a problem is shown next to its field and nothing is stored."""
        ca_bundle = self.ca_bundle.text().strip()
        problem = _certificates_problem(ca_bundle)
        if problem:
            self.ca_error.setText(problem)
            self.ca_error.show()
            self.ca_bundle.setFocus()
            return
        chosen = {
            Settings.timeout_s.name: float(self.timeout.value()),
            Settings.concurrency.name: self.concurrency.value(),
            Settings.ca_bundle.name: ca_bundle,
            Settings.log_level.name: str(self.log_level.currentData()),
        }
        changed = {name for name, value in chosen.items() if getattr(self._settings, name) != value}
        for name in changed:
            setattr(self._settings, name, chosen[name])  # each value is checked against its declaration
        try:
            self._settings.save()
        except OSError as exc:
            # Kept open with every choice as made; the new values still apply to this session.
            self.save_error.setText(
                f"The settings could not be saved ({exc.strerror or exc}): they apply until Switchboard "
                "closes. Press Save to try again."
            )
            self.save_error.show()
            self.sig_saved.emit(changed)
            return
        self.accept()
        self.sig_saved.emit(changed)


def _certificates_problem(path: str) -> str:
    if not path:
        return ""
    if not Path(path).is_file():
        return "There is no file at this place. Choose the certificate file again."
    if ca_bundle_problem(path):
        return "This file holds no certificate Switchboard can read (a .pem file is expected)."
    return ""


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label
