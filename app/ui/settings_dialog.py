"""File › Settings: how long to wait for vendors, how many pages to fetch at once, extra trusted
certificates, how much goes into the log file, and which vendors' records this computer keeps (with
"Forget…" for each, and how long a record not seen again is kept)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
from app.ui.tasks import UiTasks

# Empties what this computer knows of a vendor, once the person said yes; True when it was done.
Forget = Callable[[str], Awaitable[bool]]

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

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        vendors: Sequence[tuple[str, str]] = (),
        forget: Forget | None = None,
    ) -> None:
        """``vendors``: (id, name) of each vendor, in tab order, for the records kept per vendor."""
        super().__init__(parent)
        self._settings = settings
        self._forget = forget
        self._tasks = UiTasks()
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

        self.answer_limit = QSpinBox()
        self.answer_limit.setRange(Settings.answer_limit_mb.minimum, Settings.answer_limit_mb.maximum)
        self.answer_limit.setSuffix(" MB")
        self.answer_limit.setValue(settings.answer_limit_mb)
        self.answer_limit.setAccessibleName("Largest answer")
        form.addRow("Largest answer:", self.answer_limit)
        form.addRow("", _hint("An answer larger than this is not read (downloaded files excepted)."))

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
        layout.addWidget(self._records_section(vendors))

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

    def _records_section(self, vendors: Sequence[tuple[str, str]]) -> QWidget:
        """One check box per vendor (off and locked when the organisation said so) and its Forget…"""
        section = QWidget()
        box = QVBoxLayout(section)
        box.setContentsMargins(0, 8, 0, 0)
        heading = QLabel("Records kept on this computer")
        heading.setProperty("role", "section")
        box.addWidget(heading)
        box.addWidget(
            _hint(
                "So the quick lookup finds people by name, Switchboard keeps a list of the records it "
                "has seen: names, ids, emails and phone numbers, in an encrypted file. Never a password."
            )
        )
        self.keep_records: dict[str, QCheckBox] = {}
        self.forget_buttons: dict[str, QPushButton] = {}
        self.locked_notes: dict[str, QLabel] = {}
        grid = QFormLayout()
        for vendor_id, name in vendors:
            check = QCheckBox(f"Keep a list of {name}'s records on this computer")
            check.setAccessibleName(f"Keep a list of {name}'s records on this computer")
            locked = self._settings.records_locked(vendor_id)
            check.setChecked(self._settings.keeps_records(vendor_id))
            check.setEnabled(not locked)
            forget = QPushButton("Forget…")
            forget.setAccessibleName(f"Forget what this computer knows about {name}")
            forget.setToolTip(f"Empty the list of {name} records kept on this computer (asks first)")
            forget.setEnabled(self._forget is not None)
            forget.clicked.connect(lambda _=False, v=vendor_id, n=name: self._ask_to_forget(v, n))
            row = QHBoxLayout()
            row.addWidget(check, 1)
            row.addWidget(forget)
            grid.addRow(row)
            if locked:  # said from the start, so nothing moves later
                why = f"Your organisation keeps {name}'s records off this computer, so this stays off."
                self.locked_notes[vendor_id] = _hint(why)
                self.locked_notes[vendor_id].setIndent(check.iconSize().width() + 8)  # under its words
                grid.addRow(self.locked_notes[vendor_id])
            self.keep_records[vendor_id] = check
            self.forget_buttons[vendor_id] = forget
        self.record_days = QSpinBox()
        self.record_days.setRange(Settings.record_index_days.minimum, Settings.record_index_days.maximum)
        self.record_days.setSuffix(" days")
        self.record_days.setValue(self._settings.record_index_days)
        self.record_days.setAccessibleName("Forget a record not seen for")
        grid.addRow("Forget a record not seen for:", self.record_days)
        grid.addRow("", _hint("Checked each time Switchboard starts."))
        box.addLayout(grid)
        # What Forget… did; one line kept for it, so the buttons do not move when it speaks.
        self.forget_note = QLabel()
        self.forget_note.setWordWrap(True)
        self.forget_note.setMinimumHeight(self.forget_note.fontMetrics().height())
        box.addWidget(self.forget_note)
        return section

    def _ask_to_forget(self, vendor_id: str, name: str) -> None:
        assert self._forget is not None, "the button is enabled only with something to forget with"
        forget = self._forget

        async def ask() -> None:
            if await forget(vendor_id):
                self.forget_note.setText(f"Forgotten: this computer knows nothing of {name} now.")

        self._tasks.start(ask())

    def done(self, result: int) -> None:
        self._tasks.cancel_all()
        super().done(result)

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
            Settings.answer_limit_mb.name: self.answer_limit.value(),
            Settings.concurrency.name: self.concurrency.value(),
            Settings.ca_bundle.name: ca_bundle,
            Settings.log_level.name: str(self.log_level.currentData()),
        }
        changed = {name for name, value in chosen.items() if getattr(self._settings, name) != value}
        for name in changed:
            setattr(self._settings, name, chosen[name])  # each value is checked against its declaration
        if self.record_days.value() != self._settings.record_index_days:
            self._settings.record_index_days = self.record_days.value()
            changed.add(Settings.record_index_days.name)
        for vendor_id, check in self.keep_records.items():
            if check.isEnabled() and check.isChecked() != self._settings.keeps_records(vendor_id):
                self._settings.set_keeps_records(vendor_id, check.isChecked())
                changed.add(Settings.record_index.name)
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
