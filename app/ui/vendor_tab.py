"""The generic vendor tab: environment, session light, tasks on the left, form and result on the right.

Everything here is built from the vendor's declaration; the tab awaits the
service layer on the qasync loop and never builds a URL itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.contract.errors import (
    ConfirmationRequired,
    OutcomeUnknown,
    RemoteError,
    SwitchboardError,
    ValidationError,
)
from app.contract.spec import Lookup, Operation, ResultKind, fill
from app.core.executor import Result
from app.core.service import VendorService
from app.core.session import SessionStatus
from app.services.recent import Remembered
from app.services.workspace import Workspace
from app.ui.credentials_dialog import CredentialsDialog
from app.ui.dialogs import confirm, wait_finished
from app.ui.duplicate_dialog import DuplicateDialog
from app.ui.flows import Flow, flows_for
from app.ui.headings import add_heading
from app.ui.list_panel import ListPanel
from app.ui.operation_form import OperationForm
from app.ui.recent_list import RecentList, record_title
from app.ui.result_view import ResultView
from app.ui.status_light import StatusLight
from app.ui.tasks import UiTasks

OPERATION_ROLE = Qt.ItemDataRole.UserRole


class OperationPanel(QSplitter):
    """One task: its title, explanation, form and run button on the left; the result on the right."""

    def __init__(
        self,
        operation: Operation,
        labels: dict[str, str],
        timestamps: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.operation = operation
        form_host = QWidget()
        layout = QVBoxLayout(form_host)
        add_heading(layout, operation.label, operation.description)
        self.form = OperationForm(operation)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.run_button = QPushButton(operation.label)
        self.run_button.setObjectName("run")
        self.run_button.setDefault(True)
        self.run_button.setProperty("destructive", operation.destructive)
        row.addWidget(self.run_button)
        self.busy = QLabel()
        self.busy.setProperty("role", "hint")
        row.addWidget(self.busy, 1)
        layout.addLayout(row)
        # Offered when a change was sent but its answer was lost: look before sending it again.
        self.check_button = QPushButton("Check whether it was done…")
        self.check_button.setToolTip("Open the look-up for this kind of record, with the ids you typed")
        self.check_button.hide()
        self.check_target: str | None = None  # the look-up the check button opens
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        result_host = QWidget()
        result_layout = QVBoxLayout(result_host)
        add_heading(result_layout, "Result")
        self.result = ResultView(labels, timestamps)
        result_layout.addWidget(self.result)
        result_layout.addStretch(1)

        self.addWidget(_scrolling(form_host))
        self.addWidget(_scrolling(result_host))
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        result_host.setMinimumWidth(340)
        self.setSizes([560, 420])


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class VendorTab(QWidget):
    sig_message = Signal(str)  # one sentence for the status bar
    sig_status_changed = Signal(object)  # SessionStatus, for the tab title's light
    sig_succeeded = Signal(str, object, object)  # operation id, values sent, the vendor's answer

    def __init__(self, workspace: Workspace, vendor_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.definition = workspace.definition(vendor_id)
        self.service: VendorService = workspace.service(vendor_id)
        self.tasks = UiTasks()
        self._context: dict[str, Any] = {}
        self._names: dict[str, str] = {}
        self.panels: dict[str, OperationPanel] = {}
        self.list_panels: dict[str, ListPanel] = {}
        self.flow_panels: dict[str, QWidget] = {}
        self._task_widgets: dict[str, QWidget] = {}
        self._categories: list[str] = []
        self._lookups: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[dict[str, Any]]] = {}

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        self.production_band = QLabel("PRODUCTION — changes here affect live records")
        self.production_band.setObjectName("production-band")
        self.production_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.production_band)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.task_list = QListWidget()
        self.task_list.setObjectName("tasks")
        self.task_list.setAccessibleName(f"{self.definition.name} tasks")
        self.task_list.setMinimumWidth(250)
        self.stack = QStackedWidget()
        self._build_operations()
        self.recent_box = RecentList(self)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.task_list)
        left.addWidget(self.recent_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 930])
        layout.addWidget(self.splitter, 1)

        self.task_list.currentItemChanged.connect(self._on_task_chosen)
        self._bind_session(at_start=True)
        self._select_first_task()

    # --- building ------------------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.addWidget(QLabel("Environment:"))
        self.environment_box = QComboBox()
        self.environment_box.setAccessibleName("Environment")
        self.environment_box.setToolTip("Which of the vendor's systems to work with")
        for environment in self.definition.environments:
            self.environment_box.addItem(environment.label, environment.id)
        self.environment_box.setCurrentIndex(self.environment_box.findData(self.service.environment.id))
        self.environment_box.currentIndexChanged.connect(self._on_environment_chosen)
        header.addWidget(self.environment_box)
        header.addSpacing(12)
        self.light = StatusLight(self.service.session.status, self.service.session.strategy.signs_in)
        header.addWidget(self.light)
        self.demo_note = QLabel("(sandbox demo credentials)")
        self.demo_note.setProperty("role", "hint")
        self.demo_note.setToolTip("The sandbox's public demo credentials are used until you save your own.")
        header.addWidget(self.demo_note)
        header.addStretch(1)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setToolTip("Sign in now (also happens by itself on the first request)")
        self.sign_in_button.clicked.connect(lambda: self.tasks.start(self.sign_in()))
        self.sign_out_button = QPushButton("Sign out")
        self.sign_out_button.clicked.connect(lambda: self.tasks.start(self.sign_out()))
        self.credentials_button = QPushButton("Credentials…")
        self.credentials_button.setToolTip("Enter, test and save this vendor's keys")
        self.credentials_button.clicked.connect(lambda: self.tasks.start(self.edit_credentials()))
        for button in (self.sign_in_button, self.sign_out_button, self.credentials_button):
            header.addWidget(button)
        return header

    def _build_operations(self) -> None:
        """One task per listed operation (a table for paginated lists) and the vendor's guided flows,
        grouped under their categories in the order each category first appears.

        An operation's panel is built the first time its task is shown: INSZoom alone has forty,
        and building them all would slow the window's start for forms nobody opened yet.
        """
        tasks: list[tuple[str, str, str, str]] = []
        flows = flows_for(self.definition.id)
        for flow in (f for f in flows if f.first):
            tasks.append(self._flow_task(flow))
        for operation in self.definition.operations:
            if operation.listed:
                tasks.append((operation.category, operation.label, operation.description, operation.id))
        for flow in (f for f in flows if not f.first):
            tasks.append(self._flow_task(flow))
        order = list(dict.fromkeys(category for category, *_ in tasks))
        for task in sorted(tasks, key=lambda t: order.index(t[0])):
            self._add_task(*task)

    def _flow_task(self, flow: Flow) -> tuple[str, str, str, str]:
        # Flows are built at once: they listen for what the other tasks open (the client overview).
        panel = flow.build(self)
        self.flow_panels[flow.key] = panel
        self._task_widgets[flow.key] = panel
        self.stack.addWidget(panel)
        return (flow.category, flow.label, flow.description, flow.key)

    def _task_widget(self, key: str) -> QWidget:
        """The task's panel, built now if it was never shown."""
        if key not in self._task_widgets:
            operation = self.definition.operation(key)
            if operation.paging is not None:
                panel: QWidget = ListPanel(operation, self)
                self.list_panels[key] = panel
            else:
                panel = OperationPanel(
                    operation, self.definition.result_labels, self.definition.timestamp_keys
                )
                panel.run_button.clicked.connect(lambda _=False, op=key: self.tasks.start(self.run(op)))
                panel.form.attach_lookups(self.load_lookup, self.tasks.start)
                self.panels[key] = panel
            self._task_widgets[key] = panel
            self.stack.addWidget(panel)
        return self._task_widgets[key]

    def _add_task(self, category: str, label: str, description: str, key: str) -> None:
        if category and category not in self._categories:
            self._categories.append(category)
            heading = QListWidgetItem(category)
            # Enabled but not selectable: drawn in the palette's text colour, light or dark.
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.task_list.addItem(heading)
        item = QListWidgetItem(label)
        item.setData(OPERATION_ROLE, key)
        item.setToolTip(description)
        self.task_list.addItem(item)

    def _select_first_task(self) -> None:
        for row in range(self.task_list.count()):
            if self.task_list.item(row).data(OPERATION_ROLE):
                self.task_list.setCurrentRow(row)
                return

    # --- environment and session -----------------------------------------------------------------

    def _bind_session(self, at_start: bool = False) -> None:
        session = self.service.session
        session.add_listener(self._on_session_changed)
        self.light.rebind(session.status, session.strategy.signs_in, refresh=not at_start)
        environment = self.service.environment
        self.production_band.setVisible(environment.production)
        self.setProperty("production", environment.production)
        if at_start:
            # Reading the session's state asks the keyring: after the window is painted, not before.
            QTimer.singleShot(0, lambda: self._on_session_changed(self.service.session.status()))
        else:
            self._on_session_changed(session.status())

    def _on_session_changed(self, status: SessionStatus) -> None:
        self.light.refresh()
        self.demo_note.setVisible(self.service.uses_demo_credentials)
        self.sig_status_changed.emit(status)

    def _on_environment_chosen(self, index: int) -> None:
        environment_id = self.environment_box.itemData(index)
        self.service.session.remove_listener(self._on_session_changed)
        self.workspace.settings.set_environment(self.definition.id, environment_id)
        self.service = self.workspace.service(self.definition.id, environment_id)
        self._bind_session()
        self.sig_message.emit(f"{self.definition.name}: now using {self.service.environment.label}.")

    async def sign_in(self) -> None:
        self.sig_message.emit(f"{self.definition.name}: signing in…")
        try:
            await self.service.sign_in()
        except SwitchboardError as exc:
            self.sig_message.emit(f"{self.definition.name}: {exc.message}")
        else:
            self.sig_message.emit(f"{self.definition.name}: signed in ({self.service.environment.label}).")
        self.light.refresh()

    async def sign_out(self) -> None:
        try:
            await self.service.sign_out()
        except SwitchboardError as exc:  # signed out here; the vendor could not be told
            self.sig_message.emit(f"{self.definition.name}: {exc.message}")
        else:
            self.sig_message.emit(f"{self.definition.name}: signed out.")

    async def edit_credentials(self) -> None:
        dialog = CredentialsDialog(self.service, self.workspace.credentials, self)
        self.credentials_dialog = dialog
        if await wait_finished(dialog):
            dialog.save()
            self.sig_message.emit(f"{self.definition.name}: credentials saved.")
        self.light.refresh()
        self.credentials_dialog = None

    async def load_lookup(self, lookup: Lookup, params: dict[str, str], force: bool) -> list[dict[str, Any]]:
        """A look-up's rows, fetched once per environment and parameters (Refresh fetches again)."""
        key = (self.service.environment.id, lookup.operation, tuple(sorted(params.items())))
        if force or key not in self._lookups:
            data = (await self.service.run(lookup.operation, params)).data
            self._lookups[key] = (
                [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []
            )
        return self._lookups[key]

    # --- tasks ---------------------------------------------------------------------------------------

    def _on_task_chosen(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None or not current.data(OPERATION_ROLE):
            return
        key = current.data(OPERATION_ROLE)
        widget = self._task_widget(key)
        if key in self.panels:
            self.panels[key].form.prefill(self._context)
        self.stack.setCurrentWidget(widget)

    def show_task(self, key: str) -> QWidget:
        for row in range(self.task_list.count()):
            if self.task_list.item(row).data(OPERATION_ROLE) == key:
                self.task_list.setCurrentRow(row)
        return self._task_widget(key)

    def show_operation(self, operation_id: str) -> OperationPanel:
        self.show_task(operation_id)
        return self.panels[operation_id]

    def _confirmation_text(self, operation: Operation, values: dict[str, Any]) -> str:
        named = {}
        for key, value in values.items():
            name = self._names.get(str(value))
            named[key] = f"{value} ({name})" if name else value
        return fill(operation.confirm_text, named)

    async def run(self, operation_id: str) -> None:
        panel = self.panels[operation_id]
        operation = panel.operation
        values = panel.form.values()
        panel.form.clear_errors()
        panel.check_button.hide()
        try:
            self.service.prepare(operation_id, values)
        except ValidationError as exc:
            self._show_validation(panel, exc)
            return
        if operation.destructive:
            text = self._confirmation_text(operation, values)
            if not await confirm(self, f"{operation.label}?", text, operation.label):
                self.sig_message.emit("Nothing was changed.")
                return
        panel.run_button.setEnabled(False)
        panel.busy.setText("Working…")
        self.sig_message.emit(f"{self.definition.name}: {operation.label.lower()}…")
        try:
            await self._send(panel, values)
        finally:
            panel.run_button.setEnabled(True)
            panel.busy.setText("")
            self.light.refresh()

    async def _send(self, panel: OperationPanel, values: dict[str, Any]) -> None:
        """Send; when the vendor asks to confirm (a possible duplicate), ask the user and maybe repeat."""
        answers: dict[str, str] = {}
        while True:
            try:
                result = await self.service.run(panel.operation.id, {**values, **answers})
            except ConfirmationRequired as exc:
                if answers or not await self._confirm_anyway(exc):
                    panel.result.clear()
                    panel.result.show_outcome("Nothing was created. Your form is kept as it was.", ok=False)
                    self.sig_message.emit(f"{self.definition.name}: nothing was created.")
                    return
                answers[exc.confirm_param] = "Yes"
            except ValidationError as exc:
                self._show_validation(panel, exc)
                return
            except SwitchboardError as exc:
                self._show_failure(panel, exc)
                return
            else:
                self._show_success(panel, values, result)
                return

    async def _confirm_anyway(self, question: ConfirmationRequired) -> bool:
        dialog = DuplicateDialog(question.message, question.candidates, self.definition.result_labels, self)
        answer = await wait_finished(dialog)
        dialog.deleteLater()
        return answer == DuplicateDialog.DialogCode.Accepted

    def _remember(self, operation: Operation, values: dict[str, Any], record: dict[str, Any]) -> None:
        """A record looked up joins "Recent", to be reopened in one click (only look-ups: reopening
        a record must never send a change again)."""
        if operation.result is not ResultKind.RECORD or not operation.reads:
            return
        sent = {k: v for k, v in values.items() if v not in ("", None)}
        named = self.definition.record_name(operation.id, values, record)
        title = named[1] if named else record_title(record) or operation.label
        detail = " · ".join(str(v) for v in sent.values())
        environment = self.service.environment.id
        self.workspace.recent.remember(
            Remembered(self.definition.id, environment, title, detail, operation.id, sent)
        )
        self.recent_box.refresh()

    # --- keyboard: the current task -------------------------------------------------------------

    def current_task(self) -> QWidget | None:
        return self.stack.currentWidget()

    def run_current(self) -> None:
        """Ctrl+S / Ctrl+Enter: send the form shown (or show the list with its filters)."""
        task = self.current_task()
        if isinstance(task, OperationPanel):
            self.tasks.start(self.run(task.operation.id))
        elif isinstance(task, ListPanel):
            task.show_first_page()

    def refresh_current(self) -> None:
        """F5: fetch the shown list again, or send the shown lookup again."""
        task = self.current_task()
        if isinstance(task, ListPanel):
            task.table.reload()
        elif isinstance(task, OperationPanel) and task.operation.idempotent:
            self.run_current()

    def turn_page(self, step: int) -> None:
        task = self.current_task()
        if isinstance(task, ListPanel):
            button = task.table.next_button if step > 0 else task.table.previous_button
            if button.isEnabled():
                button.click()

    def open_record(self, operation_id: str, values: dict[str, Any]) -> None:
        """Open a record found by the quick lookup or chosen in Recent: fill its task and run it.

        A form holding values the person typed and did not send is not overwritten without asking."""
        if operation_id in {o.id for o in self.definition.operations if o.listed}:
            self._task_widget(operation_id)
        # Only task forms count: a table's search fields hold criteria, not a record being written.
        panel = self.panels.get(operation_id)
        if panel is not None and panel.form.is_dirty:
            self.show_task(operation_id)  # the question is about the form in front of them
            self.tasks.start(self._ask_then_open(operation_id, values))
            return
        self._open_record_now(operation_id, values)

    async def _ask_then_open(self, operation_id: str, values: dict[str, Any]) -> None:
        task = self.definition.operation(operation_id).label
        title = record_title(values) or ", ".join(str(v) for v in values.values() if v) or "this record"
        replace = await confirm(
            self,
            "Replace what you typed?",
            f"“{task}” holds values you typed and did not send.\n\n"
            f"Replace them with {title}? What you typed will be lost.",
            "Replace",
        )
        if replace:
            self._open_record_now(operation_id, values)
        else:
            self.sig_message.emit(f"{self.definition.name}: kept what you typed in “{task}”.")

    def _open_record_now(self, operation_id: str, values: dict[str, Any]) -> None:
        if operation_id in self.panels:
            panel = self.show_operation(operation_id)
            panel.form.clear_errors()
            for name, editor in panel.form.editors.items():
                editor.set_value(values.get(name, editor.spec.default or ""))
            panel.form.mark_clean()
            self.tasks.start(self.run(operation_id))
        elif operation_id in self.list_panels:
            panel = self.show_task(operation_id)
            for name, value in values.items():
                if name in panel.form.editors:
                    panel.form.editors[name].set_value(value)
            panel.show_first_page()
        elif operation_id in self.flow_panels:
            flow = self.show_task(operation_id)
            opener = getattr(flow, "open_record", None)
            if opener is not None:
                opener(values)

    def _load_into_update_form(self, operation: Operation, record: dict[str, Any]) -> None:
        """After "Look up a client", "Change a client's details" holds that client, ready to edit."""
        update_id = f"{operation.record}.update"
        if not operation.reads or update_id not in {o.id for o in self.definition.operations if o.listed}:
            return
        self._task_widget(update_id)
        update = self.panels[update_id]
        if update.form.is_dirty:
            # Their unsent edits stay; the record they looked up is on screen beside its answer.
            self.sig_message.emit(
                f"{self.definition.name}: “{update.operation.label}” still holds what you typed; "
                "it was not replaced by the record you looked up."
            )
            return
        by_lower = {key.lower(): value for key, value in record.items() if not isinstance(value, dict | list)}
        # Every box: one the record lacks must not keep the previous record's value (nor its choice
        # of details to empty), or the next update would write it into this record.
        for name, editor in update.form.editors.items():
            editor.set_value(by_lower.get(name.lower(), ""))
        update.form.mark_clean()

    def _show_validation(self, panel: OperationPanel, exc: ValidationError) -> None:
        unmatched = panel.form.show_errors(exc.fields)
        panel.result.clear()
        panel.result.show_outcome(" ".join([exc.message, *unmatched]), ok=False)
        self.sig_message.emit(exc.message)

    def _check_task_for(self, operation: Operation) -> Operation | None:
        """The look-up that shows whether ``operation`` happened (a client's get for a client's create)."""
        readers = [o for o in self.definition.operations if o.listed and o.reads]
        same_record = [o for o in readers if o.record == operation.record]
        same_category = [o for o in readers if o.category == operation.category]
        return (same_record or same_category or [None])[0]

    def _offer_check(self, panel: OperationPanel, values: dict[str, Any]) -> None:
        target = self._check_task_for(panel.operation)
        if target is None:
            return
        self._context.update({k: v for k, v in values.items() if v not in ("", None)})
        panel.check_button.setText(f"Check whether it was done: {target.label.lower()}…")
        if panel.check_target is None:  # connected once; the task it opens is read when clicked
            panel.check_button.clicked.connect(lambda: self.show_task(panel.check_target or ""))
        panel.check_target = target.id
        panel.check_button.show()

    def _show_failure(self, panel: OperationPanel, exc: SwitchboardError) -> None:
        unmatched: list[str] = []
        if isinstance(exc, RemoteError) and exc.fields:
            unmatched = panel.form.show_errors(exc.fields)
        panel.result.clear()
        panel.result.show_outcome(" ".join([exc.message, *unmatched]), ok=False)
        self.sig_message.emit(f"{self.definition.name}: {exc.message}")
        if isinstance(exc, OutcomeUnknown):
            self._offer_check(panel, panel.form.values())

    def _show_success(self, panel: OperationPanel, values: dict[str, Any], result: Result) -> None:
        operation = panel.operation
        panel.form.mark_clean()
        self._context.update({k: v for k, v in values.items() if v not in ("", None)})
        named = self.definition.record_name(operation.id, values, result.data)
        if named is not None:
            self._names[named[0]] = named[1]
        template = operation.done_text or f"Done: {operation.label.lower()}."
        sentence = fill(template, values)
        panel.result.show_outcome(sentence, ok=True)
        panel.result.show_data(None if operation.result is ResultKind.EMPTY else result.data)
        self.sig_message.emit(f"{self.definition.name}: {sentence}")
        if isinstance(result.data, dict):
            self._load_into_update_form(operation, result.data)
            self._remember(operation, values, result.data)
        self.sig_succeeded.emit(operation.id, values, result.data)

    # --- closing ---------------------------------------------------------------------------------------

    def unsaved_forms(self) -> list[str]:
        return [panel.operation.label for panel in self.panels.values() if panel.form.is_dirty]

    def shutdown(self) -> None:
        self.service.session.remove_listener(self._on_session_changed)
        self.tasks.cancel_all()
        for panel in self.list_panels.values():
            panel.shutdown()
