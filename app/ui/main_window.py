"""The main window: one tab per vendor, a status bar, and a clean shutdown."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMessageBox, QTabWidget, QWidget

from app import APP_NAME, __version__, vendors
from app.core.session import SessionStatus
from app.core.workspace import Workspace
from app.ui.activity_dock import ActivityDock
from app.ui.appearance import apply_appearance, follow_system_changes
from app.ui.dialogs import confirm
from app.ui.placeholder_tab import PlaceholderTab
from app.ui.quick_lookup import QuickLookupDialog
from app.ui.resources import icon, light_icon
from app.ui.status_light import COLOURS
from app.ui.tasks import UiTasks
from app.ui.vendor_tab import VendorTab


class MainWindow(QMainWindow):
    sig_closed = Signal()  # emitted once everything is shut down

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        # Before any widget exists: a style sheet set afterwards re-polishes every one of them.
        apply_appearance(workspace.settings.get("appearance"))
        self.workspace = workspace
        self.tasks = UiTasks()
        self._closing = False
        self._closed = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("switchboard"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.vendor_tabs: dict[str, VendorTab] = {}
        for index, entry in enumerate(vendors.VENDORS):
            if entry.module is None:
                self.tabs.addTab(PlaceholderTab(entry), entry.name)
                self.tabs.setTabToolTip(index, f"{entry.name}: not available yet")
                continue
            tab = VendorTab(workspace, entry.id)
            tab.sig_message.connect(self.statusBar().showMessage)
            tab.sig_status_changed.connect(lambda status, i=index, e=entry: self._light_tab(i, e, status))
            self.vendor_tabs[entry.id] = tab
            self.tabs.addTab(tab, entry.name)
        self.activity = ActivityDock(workspace.activity, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.activity)
        self.activity.hide()
        self._build_menu()
        self._build_toolbar()
        follow_system_changes()
        self.keyring_note = QLabel()
        self.statusBar().addPermanentWidget(self.keyring_note)
        self._restore_layout()
        self.statusBar().showMessage("Ready. Every vendor starts on its built-in sandbox.")

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        show_activity = self.activity.toggleViewAction()
        show_activity.setText("&Activity")
        show_activity.setShortcut(QKeySequence("Ctrl+Shift+A"))
        show_activity.setToolTip("Every request sent, with secrets hidden")
        view_menu.addAction(show_activity)
        appearance = view_menu.addMenu("A&ppearance")
        group = QActionGroup(self)
        chosen = self.workspace.settings.get("appearance")
        for key, text in (("system", "Like the &computer"), ("light", "&Light"), ("dark", "&Dark")):
            action = QAction(text, self, checkable=True)
            action.setChecked(key == chosen)
            action.triggered.connect(lambda _=False, k=key: self.set_appearance(k))
            group.addAction(action)
            appearance.addAction(action)
        vendor_menu = self.menuBar().addMenu("&Vendor")
        credentials = QAction("&Credentials…", self)
        credentials.triggered.connect(self._open_current_credentials)
        vendor_menu.addAction(credentials)
        keyboard = (
            ("&Quick lookup…", "Ctrl+K", lambda: self.open_lookup()),
            ("&Sign in", "Ctrl+Shift+S", lambda: self._on_current(lambda t: t.tasks.start(t.sign_in()))),
            ("Send the &form", "Ctrl+S", lambda: self._on_current(VendorTab.run_current)),
            ("&Refresh", "F5", lambda: self._on_current(VendorTab.refresh_current)),
            ("&Next page", "Alt+Right", lambda: self._on_current(lambda t: t.turn_page(1))),
            ("&Previous page", "Alt+Left", lambda: self._on_current(lambda t: t.turn_page(-1))),
        )
        for text, keys, slot in keyboard:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            vendor_menu.addAction(action)
        send_again = QAction(self)
        send_again.setShortcut(QKeySequence("Ctrl+Return"))
        send_again.triggered.connect(lambda: self._on_current(VendorTab.run_current))
        self.addAction(send_again)
        for index in range(len(vendors.VENDORS)):
            switch = QAction(self)
            switch.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            switch.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(switch)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("Quick lookup")
        toolbar.setObjectName("lookup-toolbar")
        toolbar.setMovable(False)
        self.lookup_field = QLineEdit()
        self.lookup_field.setPlaceholderText("Quick lookup: an id, a name or an email (Ctrl+K)")
        self.lookup_field.setAccessibleName("Quick lookup")
        self.lookup_field.setToolTip("Search every vendor at once (Ctrl+K)")
        self.lookup_field.setMaximumWidth(460)
        self.lookup_field.returnPressed.connect(lambda: self.open_lookup(self.lookup_field.text()))
        toolbar.addWidget(self.lookup_field)

    def set_appearance(self, choice: str) -> None:
        apply_appearance(choice)
        self.workspace.settings.set("appearance", choice)

    def open_lookup(self, text: str = "") -> QuickLookupDialog:
        dialog = QuickLookupDialog(self.workspace, self.open_record, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if text:
            dialog.query.setText(text)
            dialog.start_search()
        self.lookup_field.clear()
        dialog.open()
        dialog.query.setFocus()
        self.lookup_dialog = dialog
        return dialog

    def open_record(self, vendor_id: str, operation_id: str, values: dict) -> None:
        tab = self.vendor_tabs.get(vendor_id)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            tab.open_record(operation_id, values)

    def _current_vendor_tab(self) -> VendorTab | None:
        tab = self.tabs.currentWidget()
        return tab if isinstance(tab, VendorTab) else None

    def _on_current(self, act: Callable[[VendorTab], object]) -> None:
        tab = self._current_vendor_tab()
        if tab is not None:
            act(tab)

    def _open_current_credentials(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, VendorTab):
            tab.tasks.start(tab.edit_credentials())

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setText(
            f"<b>{APP_NAME}</b> {__version__}<br>Forms and tables for your vendors' web APIs. "
            "Keys are kept in your system's keychain."
        )
        box.open()

    def _light_tab(self, index: int, entry: vendors.VendorEntry, status: SessionStatus) -> None:
        self.tabs.setTabIcon(index, light_icon(COLOURS[status.state]))
        self.tabs.setTabToolTip(index, f"{entry.name}: {status.state.value}")

    def show_keyring_problem(self) -> None:
        problem = self.workspace.credentials.problem
        self.keyring_note.setText("⚠ Credentials kept for this session only" if problem else "")
        self.keyring_note.setToolTip(problem)

    # --- layout memory ---------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self.workspace.settings
        geometry = settings.get("window_geometry")
        if geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
        else:
            self.resize(1180, 760)
        window_state = settings.get("window_state")
        if window_state:
            self.restoreState(QByteArray(base64.b64decode(window_state)))
        for vendor_id, state in settings.get("splitter_state").items():
            if vendor_id in self.vendor_tabs:
                self.vendor_tabs[vendor_id].splitter.restoreState(QByteArray(base64.b64decode(state)))
        last = settings.get("last_tab")
        for index, entry in enumerate(vendors.VENDORS):
            if entry.id == last:
                self.tabs.setCurrentIndex(index)
                return
        self.tabs.setCurrentIndex(list(e.id for e in vendors.VENDORS).index("pgi"))

    def _save_layout(self) -> None:
        settings = self.workspace.settings
        settings.set("window_geometry", base64.b64encode(bytes(self.saveGeometry())).decode())
        settings.set("window_state", base64.b64encode(bytes(self.saveState())).decode())
        settings.set(
            "splitter_state",
            {
                v: base64.b64encode(bytes(t.splitter.saveState())).decode()
                for v, t in self.vendor_tabs.items()
            },
        )
        settings.set("last_tab", vendors.VENDORS[self.tabs.currentIndex()].id)
        settings.save()

    # --- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        event.ignore()
        if not self._closing:
            self._closing = True
            self.tasks.start(self._shutdown())

    async def _shutdown(self) -> None:
        """Ask about unsaved input, then cancel work, end sessions, close clients, and close."""
        unsaved = [
            f"{t.definition.name} › {label}" for t in self.vendor_tabs.values() for label in t.unsaved_forms()
        ]
        if unsaved:
            text = "You have typed into forms that were not sent:\n\n• " + "\n• ".join(unsaved)
            text += "\n\nQuit anyway and lose what you typed?"
            if not await confirm(self, "Quit Switchboard?", text, "Quit"):
                self._closing = False
                return
        self.statusBar().showMessage("Signing out and closing…")
        self._save_layout()
        for tab in self.vendor_tabs.values():
            tab.shutdown()
        await asyncio.sleep(0)
        await self.workspace.aclose()
        self._closed = True
        self.close()
        self.sig_closed.emit()

    def tab_for(self, vendor_id: str) -> QWidget:
        return self.tabs.widget([e.id for e in vendors.VENDORS].index(vendor_id))
