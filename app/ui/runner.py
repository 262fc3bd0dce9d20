"""The one way the window runs a vendor operation, in the spirit of Anki's ``CollectionOp``.

``OperationRunner.run()`` asks first when the catalog says the operation is destructive (with the
catalog's own wording, naming the record and the environment), sends it on the qasync loop, asks
again when the vendor answers "possible duplicate", and reports the outcome: success, failure (under
the fields concerned when the vendor or the checks name them), or "outcome unknown" with a way to
look whether it was done.  Every panel and flow goes through it, so no other widget decides what a
failure looks like; :func:`attempt` is the same failure path for work that is not one operation
(a page of a table, a drop-down's choices, a download).

Don't call UI routines from inside the awaited work: the callbacks and the report do that.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from app.contract.errors import (
    ConfirmationRequired,
    OutcomeUnknown,
    RemoteError,
    SwitchboardError,
    ValidationError,
)
from app.contract.pages import duplicate_page, page_key
from app.contract.records import NO_FACTS, RecordFacts
from app.contract.spec import Operation, ResultKind, carry_key_of, fill
from app.contract.vendor import VendorDefinition
from app.services.api import Result, VendorService
from app.ui.attempt import Attempt, attempt
from app.ui.dialogs import confirm, wait_finished
from app.ui.duplicate_dialog import USE_EXISTING, DuplicateDialog
from app.ui.operation_form import OperationForm
from app.ui.tasks import UiTasks

T = TypeVar("T")
log = logging.getLogger(__name__)


async def run_long(
    tasks: UiTasks, work: Awaitable[T], *, progress: QProgressBar, cancel: QPushButton
) -> Attempt[T] | None:
    """Long work (a download, a bulk read) with its progress bar and its Cancel button shown while it
    runs.  None when the person pressed Cancel (the work is stopped); the typed failure in the
    :class:`Attempt` otherwise.  When the window closes, the cancellation goes on up."""
    progress.setRange(0, 0)  # busy until the work says how much there is
    progress.setValue(0)
    progress.show()
    cancel.show()
    task = tasks.start(attempt(work))
    stop = cancel.clicked.connect(lambda: task.cancel())
    try:
        return await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # the window is closing: stop quietly
        return None
    finally:
        cancel.clicked.disconnect(stop)
        progress.hide()
        cancel.hide()


class TabSignals(QObject):
    """What a panel may tell the rest of the window."""

    sig_message = Signal(str)  # one sentence for the status bar
    sig_succeeded = Signal(str, object, object)  # operation id, values sent, the vendor's answer


class RecordMemory:
    """What one vendor environment remembers while the window is open: the ids carried from one task
    to the next, the names of records seen (for confirmations), and drop-down choices fetched."""

    def __init__(self) -> None:
        self.carried: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        self.lookups: dict[tuple[str, tuple[tuple[str, str], ...]], list[dict[str, Any]]] = {}

    def carry(self, operation: Operation, values: dict[str, Any], answered: RecordFacts = NO_FACTS) -> None:
        """Keep the values sent, each under its field's meaning (see ``Field.holds``), and the id of a
        record the answer names alone of its kind (the client just created) under that kind, unless
        the values sent one of that kind (a renewal's first order stays the order carried)."""
        sent: set[str] = set()
        for spec in operation.fields:
            value = values.get(spec.name)
            if value not in ("", None):
                self.carried[spec.carry_key] = value
                sent.add(spec.carry_key)
        by_kind: dict[str, list[str]] = {}
        for record in answered.seen:
            by_kind.setdefault(record.ref.kind, []).append(record.ref.id)
        for kind, ids in by_kind.items():
            key = carry_key_of(kind)
            if len(set(ids)) == 1 and key not in sent:
                self.carried[key] = ids[0]

    def name(self, record_id: object, title: str) -> None:
        if title:
            self.names[str(record_id)] = title


class CheckButton(QPushButton):
    """Offered when a change was sent but its answer was lost: opens the look-up that shows whether it
    happened, so that nobody sends it again blindly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Check whether it was done…", parent)
        self.setToolTip("Open the look-up for this kind of record, with the ids you sent")
        self.hide()
        self._open: Callable[[], None] | None = None
        self.clicked.connect(lambda: self._open() if self._open is not None else None)

    def offer(self, label: str, open_check: Callable[[], None]) -> None:
        self.setText(f"Check whether it was done: {label.lower()}…")
        self._open = open_check
        self.show()


class Report:
    """Where a run's outcome is shown: a sentence (``say(text, ok)``) and, for a lost answer, the check
    button.  The generic task panel overrides the hooks to show the answer in its result view."""

    def __init__(
        self, say: Callable[[str, bool], None] | None = None, check: CheckButton | None = None
    ) -> None:
        self._say = say
        self.check = check

    def working(self, text: str) -> None:
        """The run has started (after any confirmation)."""

    def finished(self) -> None:
        """The run has ended, whatever its outcome."""

    def succeeded(self, sentence: str, result: Result) -> None:
        if self._say is not None:
            self._say(sentence, True)

    def failed(self, sentence: str) -> None:
        if self.check is not None:
            self.check.hide()
        if self._say is not None:
            self._say(sentence, False)

    def offer_check(self, label: str, open_check: Callable[[], None]) -> None:
        if self.check is not None:
            self.check.offer(label, open_check)


class OperationRunner:
    """Runs one vendor environment's operations for its panels and flows."""

    def __init__(
        self,
        definition: VendorDefinition,
        service: VendorService,
        memory: RecordMemory,
        signals: TabSignals,
        open_task: Callable[[str, dict[str, Any]], object],
    ) -> None:
        self.definition = definition
        self.service = service
        self.memory = memory
        self.signals = signals
        self._open_task = open_task

    # --- the one path -----------------------------------------------------------------------------

    async def run(
        self,
        operation_id: str,
        values: dict[str, Any],
        *,
        parent: QWidget,
        report: Report,
        form: OperationForm | None = None,
        buttons: Sequence[QWidget] = (),
        done: str = "",
        on_success: Callable[[Result], None] | None = None,
    ) -> Result | None:
        """Check, confirm, send and report; the vendor's answer, or None when nothing was done or it
        failed (the report has said why)."""
        operation = self.definition.operation(operation_id)
        if form is not None:
            form.clear_errors()
            if problems := form.problems():
                self._show_invalid(ValidationError(problems), report, form)
                return None
        try:
            self.service.prepare(operation_id, values)
        except ValidationError as exc:
            self._show_invalid(exc, report, form)
            return None
        if (operation.destructive or operation.asks_first) and not await self.confirm(
            parent, operation, values
        ):
            self.signals.sig_message.emit("Nothing was changed.")
            return None
        for button in buttons:
            button.setEnabled(False)
        report.working("Working…")
        self.signals.sig_message.emit(f"{self.definition.name}: {operation.label.lower()}…")
        try:
            outcome = await self._send(operation, values, parent)
        finally:
            for button in buttons:
                button.setEnabled(True)
            report.finished()
        if outcome is None:
            report.failed("Nothing was created. Your form is kept as it was.")
            self.signals.sig_message.emit(f"{self.definition.name}: nothing was created.")
            return None
        if isinstance(outcome, _UseExisting):
            self._use_existing(outcome, report)
            return None
        if not outcome.ok:
            assert outcome.error is not None
            self._show_failure(operation, values, outcome.error, report, form)
            return None
        result = outcome.value
        assert result is not None
        self._succeeded(operation, values, result, report, done, form)
        if on_success is not None:
            on_success(result)
        return result

    async def confirm(self, parent: QWidget, operation: Operation, values: dict[str, Any]) -> bool:
        return await confirm(
            parent, f"{operation.label}?", self.confirmation_text(operation, values), operation.label
        )

    def confirmation_text(self, operation: Operation, values: dict[str, Any]) -> str:
        """The catalog's question, each id followed by the name the session knows it by, then where."""
        named = {}
        labels = {spec.name: spec.choice_labels for spec in operation.fields if spec.choice_labels}
        for key, value in values.items():
            name = self.memory.names.get(str(value))
            shown = labels.get(key, {}).get(str(value), value)  # a product by its name, not its code
            named[key] = f"{shown} ({name})" if name else shown
        question = fill(operation.confirm_text or f"{operation.label}?", named)
        environment = self.service.environment
        if environment.production:
            where = f"PRODUCTION: this changes live records in {self.definition.name} ({environment.label})."
        else:
            where = f"This is {self.definition.name}'s {environment.label}, not live records."
        return f"{question}\n\n{where}"

    # --- steps ----------------------------------------------------------------------------------------

    async def _send(
        self, operation: Operation, values: dict[str, Any], parent: QWidget
    ) -> Attempt[Result] | _UseExisting | None:
        """Send; when the vendor asks to confirm (a possible duplicate), ask and maybe send again.
        None when the person chose not to create it; the existing record when they chose one."""
        answers: dict[str, str] = {}
        while True:
            sent = await attempt(self.service.run(operation.id, {**values, **answers}))
            question = sent.error
            if not isinstance(question, ConfirmationRequired):
                return sent
            if answers:
                return None
            answer = await self._create_anyway(question, parent)
            if answer is not True:
                return answer or None
            answers[question.confirm_param] = "Yes"

    async def _create_anyway(self, question: ConfirmationRequired, parent: QWidget) -> bool | _UseExisting:
        """True: create anyway; False: cancel; or the existing record the person chose to use."""
        page = duplicate_page(self.definition.record_pages)
        dialog = DuplicateDialog(
            question.message,
            question.candidates,
            self.definition.result_labels,
            parent,
            columns=self.definition.duplicate_columns,
            existing_id=page.duplicate_id if page is not None else None,
        )
        answer = await wait_finished(dialog)
        dialog.deleteLater()
        if answer == USE_EXISTING and page is not None and (chosen := dialog.chosen_id()):
            title = self.definition.record_title.of(dialog.chosen or {})
            said = {k: v for k, v in (dialog.chosen or {}).items() if isinstance(v, str | int | float)}
            return _UseExisting(page.kind, page.noun, chosen, title, said)
        return answer == DuplicateDialog.DialogCode.Accepted

    def _use_existing(self, chosen: _UseExisting, report: Report) -> None:
        """Nothing was created: the record the person chose instead opens on its page."""
        named = f"{chosen.record_id} ({chosen.title})" if chosen.title else chosen.record_id
        sentence = (
            f"Nothing was created: you chose the existing {chosen.noun} {named}, "
            "whose page is now open. Your form is kept as it was."
        )
        report.failed(sentence)
        self.signals.sig_message.emit(f"{self.definition.name}: {sentence}")
        self._open_task(page_key(chosen.kind), {**chosen.said, "id": chosen.record_id})

    def _show_invalid(self, exc: ValidationError, report: Report, form: OperationForm | None) -> None:
        unmatched = form.show_errors(exc.fields) if form is not None else list(_field_lines(exc.fields))
        report.failed(" ".join([exc.message, *unmatched]))
        self.signals.sig_message.emit(exc.message)

    def _show_failure(
        self,
        operation: Operation,
        values: dict[str, Any],
        exc: SwitchboardError,
        report: Report,
        form: OperationForm | None,
    ) -> None:
        if isinstance(exc, ValidationError):
            self._show_invalid(exc, report, form)
            return
        unmatched: list[str] = []
        if isinstance(exc, RemoteError) and exc.fields:
            unmatched = form.show_errors(exc.fields) if form is not None else list(_field_lines(exc.fields))
        report.failed(" ".join([exc.message, *unmatched]))
        self.signals.sig_message.emit(f"{self.definition.name}: {exc.message}")
        if isinstance(exc, OutcomeUnknown):
            check = self.check_task_for(operation)
            if check is not None:
                self.memory.carry(operation, values)
                check_id = check.id

                def open_check() -> None:
                    self._open_task(check_id, {})

                report.offer_check(check.label, open_check)

    def _succeeded(
        self,
        operation: Operation,
        values: dict[str, Any],
        result: Result,
        report: Report,
        done: str,
        form: OperationForm | None,
    ) -> None:
        if form is not None:
            form.mark_clean()
        self.memory.carry(operation, values, self._answered(operation, values, result))
        named = self.definition.record_name(operation.id, values, result.data)
        if named is not None:
            self.memory.name(*named)
        sentence = done or fill(operation.done_text or f"Done: {operation.label.lower()}.", values)
        report.succeeded(sentence, result)
        self.signals.sig_message.emit(f"{self.definition.name}: {sentence}")
        self.signals.sig_succeeded.emit(operation.id, values, result.data)

    def _answered(self, operation: Operation, values: dict[str, Any], result: Result) -> RecordFacts:
        """The records the answer names, as the vendor reads them (a page of a list carries nothing)."""
        if operation.result is ResultKind.PAGINATED:
            return NO_FACTS
        try:
            return self.definition.record_facts(operation.id, values, result.data)
        except Exception:  # a vendor's reading of an odd answer must never fail a success
            log.exception("Could not read records from %s %s", self.definition.id, operation.id)
            return NO_FACTS

    def check_task_for(self, operation: Operation) -> Operation | None:
        """The look-up that shows whether ``operation`` happened (a client's get for a client's create)."""
        readers = [o for o in self.definition.operations if o.listed and o.reads]
        same_record = [o for o in readers if o.record == operation.record]
        same_category = [o for o in readers if o.category == operation.category]
        found = same_record or same_category
        return found[0] if found else None


@dataclass(frozen=True)
class _UseExisting:
    """The possible duplicate the person chose to use instead of creating another."""

    kind: str
    noun: str
    record_id: str
    title: str
    said: dict[str, Any]  # what the vendor's question said of it (its name, its phone)


def _field_lines(fields: dict[str, str]) -> list[str]:
    return [f"{name}: {message}" for name, message in fields.items()]
