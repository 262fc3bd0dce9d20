"""The generic vendor tab: environment and session light across the top, one page per environment below.

Everything here is built from the vendor's declaration; the tab awaits the service layer on the qasync
loop and never builds a URL itself.  What a page shows belongs to its environment (environment_page.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.api import SessionState, SessionStatus, VendorService
from app.services.record_sync import RecordSync, SyncProgress
from app.services.workspace import Workspace
from app.ui.attempt import attempt
from app.ui.context import TabContext
from app.ui.credentials_dialog import CredentialsDialog
from app.ui.dialogs import wait_finished
from app.ui.environment_page import EnvironmentPage
from app.ui.list_panel import ListPanel
from app.ui.operation_panel import OperationPanel
from app.ui.recent_list import RecentList
from app.ui.runner import OperationRunner, RecordMemory, TabSignals
from app.ui.status_light import StatusLight
from app.ui.tasks import UiTasks


class VendorTab(QWidget):
    sig_message = Signal(str)  # one sentence for the status bar
    sig_status_changed = Signal(object)  # SessionStatus, for the tab title's light
    sig_succeeded = Signal(str, object, object)  # operation id, values sent, the vendor's answer
    sig_environment_changed = Signal(object)  # the Environment now shown, for the tab title

    def __init__(self, workspace: Workspace, vendor_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.definition = workspace.definition(vendor_id)
        self.service: VendorService = workspace.service(vendor_id)
        self.tasks = UiTasks()
        self.pages: dict[str, EnvironmentPage] = {}
        self._record_sync = RecordSync(workspace)
        self._synced: set[str] = set()  # the environments synced since the window opened

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        # What this computer knows of the vendor's records, and since when (background sync): its own
        # line, its height kept when empty, so nothing moves when it speaks and no width is added.
        self.sync_note = QLabel()
        self.sync_note.setObjectName("sync-note")
        self.sync_note.setProperty("role", "hint")
        self.sync_note.setWordWrap(True)
        self.sync_note.setMinimumHeight(self.sync_note.fontMetrics().height())
        # Stops a sync that is running: what arrived is kept, and the note says so.
        self.sync_cancel = QPushButton("Stop learning")
        self.sync_cancel.setAccessibleName(f"Stop learning {self.definition.name}'s records")
        self.sync_cancel.setToolTip("What has arrived is kept; the next sync asks again for the rest")
        keep_place = self.sync_cancel.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # the line keeps its height whether it shows or not
        self.sync_cancel.setSizePolicy(keep_place)
        self.sync_cancel.hide()
        self._sync_task: asyncio.Task[Any] | None = None
        self._sync_environment = ""  # the environment the running sync learns
        self.sync_cancel.clicked.connect(self.stop_sync)
        self.sync_line = QWidget()
        sync_row = QHBoxLayout(self.sync_line)
        sync_row.setContentsMargins(0, 0, 0, 0)
        sync_row.addWidget(self.sync_note, 1)
        sync_row.addWidget(self.sync_cancel)
        self.sync_line.setVisible(bool(self.definition.sync_lists))  # only where a vendor can list
        layout.addWidget(self.sync_line)
        self.production_band = QLabel("PRODUCTION — changes here affect live records")
        self.production_band.setObjectName("production-band")
        self.production_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.production_band)
        # An address from settings.json that may not carry keys (plain http to another computer).
        self.address_note = QLabel()
        self.address_note.setObjectName("address-note")
        self.address_note.setProperty("role", "warning")
        self.address_note.setWordWrap(True)
        layout.addWidget(self.address_note)
        self.page_stack = QStackedWidget()
        layout.addWidget(self.page_stack, 1)
        self._show_page()
        self._bind_session(at_start=True)

    # --- building ------------------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.addWidget(QLabel("Environment:"))
        self.environment_box = QComboBox()
        self.environment_box.setAccessibleName("Environment")
        self.environment_box.setToolTip("Which of the vendor's systems to work with")
        for environment in self.definition.environments:
            label = environment.label + (" — live records" if environment.production else "")
            self.environment_box.addItem(label, environment.id)
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

    def _context(self, service: VendorService) -> TabContext:
        """What the panels of one environment are given (and nothing of another)."""
        memory = RecordMemory()
        signals = TabSignals(self)
        signals.sig_message.connect(self.sig_message)
        signals.sig_succeeded.connect(self.sig_succeeded)
        environment_id = service.environment.id

        def open_task(key: str, values: dict[str, Any]) -> QWidget | None:
            return self.pages[environment_id].open_task(key, values)

        runner = OperationRunner(self.definition, service, memory, signals, open_task)
        settings = self.workspace.settings
        return TabContext(
            definition=self.definition,
            service=service,
            runner=runner,
            memory=memory,
            signals=signals,
            tasks=self.tasks,
            recent=self.workspace.recent,
            concurrency=lambda: settings.concurrency,
            open_task=open_task,
            kept=lambda name, make: self.workspace.kept(self.definition.id, environment_id, name, make),
            known=self.workspace.known,
            more_field_names=lambda record: settings.more_field_names(self.definition.id, record),
            remember_more_fields=lambda record, names: settings.remember_more_fields(
                self.definition.id, record, names
            ),
        )

    def _show_page(self) -> None:
        """The current environment's page, built the first time that environment is shown."""
        environment_id = self.service.environment.id
        page = self.pages.get(environment_id)
        if page is None:
            shown = self.page_stack.currentWidget()
            page = EnvironmentPage(self._context(self.service))
            if isinstance(shown, EnvironmentPage):
                page.splitter.setSizes(shown.splitter.sizes())
            self.pages[environment_id] = page
            self.page_stack.addWidget(page)
        self.page_stack.setCurrentWidget(page)

    # --- the page shown -------------------------------------------------------------------------

    @property
    def page(self) -> EnvironmentPage:
        return self.pages[self.service.environment.id]

    @property
    def splitter(self) -> QSplitter:
        return self.page.splitter

    @property
    def panels(self) -> dict[str, OperationPanel]:
        return self.page.panels

    @property
    def list_panels(self) -> dict[str, ListPanel]:
        return self.page.list_panels

    @property
    def flow_panels(self) -> dict[str, QWidget]:
        return self.page.flow_panels

    @property
    def recent_box(self) -> RecentList:
        return self.page.recent_box

    @property
    def task_list(self) -> QWidget:
        return self.page.task_list

    @property
    def context(self) -> TabContext:
        return self.page.context

    def all_list_panels(self) -> list[ListPanel]:
        return [panel for page in self.pages.values() for panel in page.list_panels.values()]

    def show_task(self, key: str) -> QWidget:
        return self.page.show_task(key)

    def show_operation(self, operation_id: str) -> OperationPanel:
        self.page.show_task(operation_id)
        return self.page.panels[operation_id]

    def current_task(self) -> QWidget | None:
        return self.page.current_task()

    def run_current(self) -> None:
        self.page.run_current()

    def refresh_current(self) -> None:
        self.page.refresh_current()

    def turn_page(self, step: int) -> None:
        self.page.turn_page(step)

    def open_record(self, operation_id: str, values: dict[str, Any]) -> None:
        self.page.open_record(operation_id, values)

    async def run(self, operation_id: str) -> None:
        await self.show_operation(operation_id).run()

    # --- environment and session -----------------------------------------------------------------

    def _bind_session(self, at_start: bool = False) -> None:
        session = self.service.session
        session.add_listener(self._on_session_changed)
        self.light.rebind(session.status, session.strategy.signs_in, refresh=not at_start)
        environment = self.service.environment
        self.production_band.setVisible(environment.production)
        self.setProperty("production", environment.production)
        refused = self.workspace.address_problems_for(self.definition.id, environment.id)
        self.address_note.setText(" ".join(refused))
        self.address_note.setVisible(bool(refused))
        self.sig_environment_changed.emit(environment)
        if at_start:
            # Reading the session's state asks the keyring: after the window is painted, not before.
            QTimer.singleShot(0, lambda: self._on_session_changed(self.service.session.status()))
        else:
            self._on_session_changed(session.status())

    def _on_session_changed(self, status: SessionStatus) -> None:
        self.light.refresh()
        self.demo_note.setVisible(self.service.uses_demo_credentials)
        self.sig_status_changed.emit(status)
        environment = self.service.environment.id
        if status.state is SessionState.ACTIVE and environment not in self._synced:
            sync = self._record_sync
            if sync.automatic and sync.lists(self.definition.id):
                self._synced.add(environment)  # once a session: later changes come as they are seen
                self.tasks.start(self.sync_records(environment))

    async def sync_records(self, environment_id: str) -> dict[str, int] | None:
        """Walk the vendor's lists in the background; the note says how far it got while it runs and
        how it went, in words, and "Stop learning" stops it.  The rows each list gave, or None when it
        failed or was stopped."""
        sync = self._record_sync
        progress = SyncProgress(self.definition.name)

        def heard(now: SyncProgress) -> None:
            if environment_id == self.service.environment.id:
                self.sync_note.setText(now.sentence)

        self.sync_note.setText(f"Learning {self.definition.name}'s records…")
        task = self.tasks.start(attempt(sync.sync(self.definition.id, environment_id, heard, progress)))
        self._sync_task, self._sync_environment = task, environment_id
        self.sync_cancel.show()
        try:
            synced = await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the window is closing: stop quietly
            if environment_id == self.service.environment.id:
                self.sync_note.setText(progress.stopped)
            return None
        finally:
            self._sync_task = None
            self.sync_cancel.hide()
        if environment_id != self.service.environment.id:
            return synced.value  # the tab shows another environment now; its own note is its own
        if synced.error is not None:
            self.sync_note.setText(f"Could not update what this computer knows: {synced.error.message}")
            return None
        said = await attempt(sync.state(self.definition.id, environment_id))
        self.sync_note.setText(said.value or "")
        return synced.value

    def stop_sync(self) -> None:
        if self._sync_task is not None:
            self._sync_task.cancel()

    def _on_environment_chosen(self, index: int) -> None:
        environment_id = self.environment_box.itemData(index)
        self.service.session.remove_listener(self._on_session_changed)
        self.workspace.settings.set_environment(self.definition.id, environment_id)
        self.service = self.workspace.service(self.definition.id, environment_id)
        self.sync_note.clear()  # what was said of the other environment's records
        # "Stop learning" is there only on the page whose records are being learned.
        self.sync_cancel.setVisible(self._sync_task is not None and self._sync_environment == environment_id)
        self._show_page()
        self._bind_session()
        self.sig_message.emit(f"{self.definition.name}: now using {self.service.environment.label}.")

    async def sign_in(self) -> None:
        name = self.definition.name
        self.sig_message.emit(f"{name}: signing in…")
        signed_in = await attempt(self.service.sign_in())
        if signed_in.error is not None:
            self.sig_message.emit(f"{name}: {signed_in.error.message}")
        else:
            self.sig_message.emit(f"{name}: signed in ({self.service.environment.label}).")
        self.light.refresh()

    async def sign_out(self) -> None:
        signed_out = await attempt(self.service.sign_out())
        if signed_out.error is not None:  # signed out here; the vendor could not be told
            self.sig_message.emit(f"{self.definition.name}: {signed_out.error.message}")
        else:
            self.sig_message.emit(f"{self.definition.name}: signed out.")
        self.light.refresh()

    async def edit_credentials(self) -> None:
        dialog = CredentialsDialog(self.service, self.workspace.credentials, self)
        self.credentials_dialog: CredentialsDialog | None = dialog
        if await wait_finished(dialog):
            dialog.save()
            self.sig_message.emit(f"{self.definition.name}: credentials saved.")
        self.light.refresh()
        self.credentials_dialog = None

    # --- closing ---------------------------------------------------------------------------------------

    def unsaved_forms(self) -> list[str]:
        labels: list[str] = []
        for page in self.pages.values():
            suffix = "" if page is self.page else f" ({page.context.environment.label})"
            labels += [label + suffix for label in page.unsaved_forms()]
        return labels

    def shutdown(self) -> None:
        self.service.session.remove_listener(self._on_session_changed)
        self.tasks.cancel_all()
        for page in self.pages.values():
            page.shutdown()
