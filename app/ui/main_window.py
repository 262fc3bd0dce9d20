"""The main window: one tab per vendor, a status bar, and a clean shutdown.

It is built in two steps so that it is on screen as soon as Qt is: the shell (title,
menus, the quick lookup field, one tab per vendor saying it is opening) needs nothing
but Qt and the settings file; ``attach()`` then brings the workspace (httpx, the
session layer, the vendor catalogs) and builds the vendor tabs.  The tab shown is
built at once; the others in the event loop's idle turns, or when first chosen.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QTabWidget, QWidget

from app import APP_NAME, vendors
from app.services.layout import WindowLayout
from app.services.settings import Settings
from app.ui.appearance import apply_appearance, follow_system_changes
from app.ui.opening_tab import OpeningTab
from app.ui.paint import after_next_paint
from app.ui.resources import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from app.services.api import SessionStatus
    from app.services.workspace import Workspace
    from app.ui.activity_dock import ActivityDock
    from app.ui.quick_lookup import QuickLookupDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.tasks import UiTasks
    from app.ui.vendor_tab import VendorTab

VENDOR_IDS = [entry.id for entry in vendors.VENDORS]


class MainWindow(QMainWindow):
    sig_closed = Signal()  # emitted once everything is shut down
    sig_all_tabs_built = Signal()  # every vendor tab exists: start-up is over

    def __init__(self, workspace: Workspace | None = None, *, settings: Settings | None = None) -> None:
        """The shell; with a workspace, also every vendor tab at once (what tests and the smoke check
        want).  The app passes only ``settings`` and calls ``attach()`` after the first paint."""
        super().__init__()
        self.settings = workspace.settings if workspace is not None else settings or Settings()
        # Before any widget exists: a style sheet set afterwards re-polishes every one of them.
        apply_appearance(self.settings.appearance)
        self.workspace: Workspace | None = None
        self.tasks: UiTasks | None = None
        self.activity: ActivityDock | None = None
        self.vendor_tabs: dict[str, VendorTab] = {}
        self._last_said: dict[str, str] = {}  # each tab's last sentence for the status bar
        self._close_requested = False
        self._building_tabs = False
        self._closing = False
        self._closed = False
        self.setWindowTitle(APP_NAME)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        for entry in vendors.VENDORS:
            self.tabs.addTab(OpeningTab(entry), entry.name)
        self.tabs.currentChanged.connect(self._on_tab_chosen)
        self._build_menu()
        self._build_toolbar()
        self.keyring_note = QLabel()
        self.statusBar().addPermanentWidget(self.keyring_note)
        self.production_note = QLabel()
        self.production_note.setObjectName("production-note")
        self.statusBar().addPermanentWidget(self.production_note)
        self._restore_geometry()
        self.statusBar().showMessage("Starting…")
        if workspace is not None:
            self.attach(workspace, build_all_now=True)

    # --- the second step: the workspace and the vendor tabs ----------------------------------------

    def attach(self, workspace: Workspace, build_all_now: bool = False) -> None:
        # Qt's enums cost ~20 ms to load, QKeySequence's dozens more: after the first frame.
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence

        from app.ui.activity_dock import ActivityDock
        from app.ui.tasks import UiTasks

        self.workspace = workspace
        self.setWindowIcon(icon("switchboard"))  # reading the SVG can wait for the first frame
        self.tasks = UiTasks()
        self.activity = ActivityDock(workspace.activity, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.activity)
        self.activity.hide()
        show_activity = self.activity.toggleViewAction()
        show_activity.setText("&Activity")
        show_activity.setShortcut(QKeySequence("Ctrl+Shift+A"))
        show_activity.setToolTip("Every request sent, with secrets hidden")
        self.view_menu.insertAction(self.view_menu.actions()[0], show_activity)
        for action, keys in self._shortcuts:
            action.setShortcut(QKeySequence(keys) if keys else QKeySequence.StandardKey.Quit)
        follow_system_changes()
        self.restoreState(_qt_state(self.window_layout.window_state))
        self.vendor_tab(VENDOR_IDS[self.tabs.currentIndex()])
        self.statusBar().showMessage("Ready.")
        if build_all_now:
            while self._build_next_tab():
                pass
        else:
            # Once the front tab is on screen: a zero-delay timer alone would run before its paint.  The
            # timer is for a window that is not painted (started minimised).
            after_next_paint(self.tabs.currentWidget(), self._start_building_tabs)
            QTimer.singleShot(1000, self._start_building_tabs)
        if self._close_requested:  # the window was closed while it was starting
            QTimer.singleShot(0, self.close)

    def vendor_tab(self, vendor_id: str) -> VendorTab:
        """The vendor's tab, built now if it was not yet."""
        tab = self.vendor_tabs.get(vendor_id)
        if tab is not None:
            return tab
        from app.ui.vendor_tab import VendorTab

        assert self.workspace is not None, "attach() comes before any vendor tab"
        index = VENDOR_IDS.index(vendor_id)
        entry = vendors.VENDORS[index]
        tab = VendorTab(self.workspace, vendor_id)
        tab.sig_message.connect(lambda sentence, v=vendor_id: self._tab_said(v, sentence))
        tab.sig_status_changed.connect(lambda status, i=index, e=entry: self._light_tab(i, e, status))
        tab.sig_environment_changed.connect(lambda _environment: self._show_environments())
        tab.splitter.restoreState(_qt_state(self.window_layout.splitter_state.get(vendor_id, "")))
        self.vendor_tabs[vendor_id] = tab
        opening = self.tabs.widget(index)
        assert opening is not None, "every vendor has a page, its opening page until the tab is built"
        current = self.tabs.currentIndex()
        # Swapping the page must not look like the user chose another tab.
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, tab, entry.name)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        opening.deleteLater()
        self._show_environments()
        if len(self.vendor_tabs) == len(VENDOR_IDS):
            self.sig_all_tabs_built.emit()
            # Next, off the GUI thread: what the first Sign in would otherwise load at the click.
            assert self.tasks is not None, "attach() comes before any vendor tab"
            self.tasks.start(self.workspace.warm_up())
        return tab

    def _build_next_tab(self) -> bool:
        """Build one tab not built yet; False when there is none left."""
        for vendor_id in VENDOR_IDS:
            if vendor_id not in self.vendor_tabs:
                self.vendor_tab(vendor_id)
                return True
        return False

    def _start_building_tabs(self) -> None:
        if not self._building_tabs:
            self._building_tabs = True
            self._build_tabs_when_idle()

    def _build_tabs_when_idle(self) -> None:
        # One tab per event-loop turn: clicks and paints in between are served at once.
        if not self._closing and self._build_next_tab():
            QTimer.singleShot(0, self._build_tabs_when_idle)

    def _on_tab_chosen(self, index: int) -> None:
        if self.workspace is not None and index >= 0:
            self.vendor_tab(VENDOR_IDS[index])
            # The status bar speaks of the tab in front: its own last sentence, not another vendor's.
            self.statusBar().showMessage(self._last_said.get(VENDOR_IDS[index], ""))

    def _tab_said(self, vendor_id: str, sentence: str) -> None:
        self._last_said[vendor_id] = sentence
        index = self.tabs.currentIndex()
        if index >= 0 and VENDOR_IDS[index] == vendor_id:
            self.statusBar().showMessage(sentence)

    # --- menus and the toolbar -------------------------------------------------------------------

    def _build_menu(self) -> None:
        # Shortcuts are given in attach(): setting one loads Qt's namespace of enums (~20 ms), and none
        # could be used before then anyway.
        self._shortcuts: list[tuple[QAction, str | None]] = []
        file_menu = self.menuBar().addMenu("&File")
        settings_action = QAction("&Settings…", self)
        self._shortcuts.append((settings_action, "Ctrl+,"))
        settings_action.triggered.connect(lambda: self.open_settings())
        file_menu.addAction(settings_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        self._shortcuts.append((quit_action, None))  # the platform's own Quit keys
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.view_menu = self.menuBar().addMenu("&View")
        appearance = self.view_menu.addMenu("A&ppearance")
        group = QActionGroup(self)
        chosen = self.settings.appearance
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
        self.forget_action = QAction("&Forget what this computer knows about this vendor…", self)
        self.forget_action.triggered.connect(self.forget_current_vendor)
        vendor_menu.addAction(self.forget_action)
        vendor_menu.aboutToShow.connect(self._name_forget_action)
        keyboard: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("&Quick lookup…", "Ctrl+K", lambda: self.open_lookup()),
            ("&Sign in", "Ctrl+Shift+S", lambda: self._on_current(lambda t: t.tasks.start(t.sign_in()))),
            ("Send the &form", "Ctrl+S", lambda: self._on_current(lambda t: t.run_current())),
            ("&Refresh", "F5", lambda: self._on_current(lambda t: t.refresh_current())),
            ("&Next page", "Alt+Right", lambda: self._on_current(lambda t: t.turn_page(1))),
            ("&Previous page", "Alt+Left", lambda: self._on_current(lambda t: t.turn_page(-1))),
        )
        for text, keys, slot in keyboard:
            action = QAction(text, self)
            self._shortcuts.append((action, keys))
            action.triggered.connect(slot)
            vendor_menu.addAction(action)
        send_again = QAction(self)
        self._shortcuts.append((send_again, "Ctrl+Return"))
        send_again.triggered.connect(lambda: self._on_current(lambda t: t.run_current()))
        self.addAction(send_again)
        for index in range(len(vendors.VENDORS)):
            switch = QAction(self)
            self._shortcuts.append((switch, f"Ctrl+{index + 1}"))
            switch.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(switch)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _name_forget_action(self) -> None:
        index = self.tabs.currentIndex()
        if index >= 0:
            name = vendors.VENDORS[index].name
            self.forget_action.setText(f"&Forget what this computer knows about {name}…")

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
        self.settings.appearance = choice

    def open_lookup(self, text: str = "") -> QuickLookupDialog | None:
        if self.workspace is None:  # still starting: the search has nothing to search with yet
            return None
        from PySide6.QtCore import Qt

        from app.ui.quick_lookup import QuickLookupDialog

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

    def open_settings(self) -> SettingsDialog | None:
        if self.workspace is None:  # still starting
            return None
        from PySide6.QtCore import Qt

        from app.ui.forget_records import forget_vendor_records
        from app.ui.settings_dialog import SettingsDialog

        workspace = self.workspace

        async def forget(vendor_id: str) -> bool:
            forgotten = await forget_vendor_records(dialog, workspace, vendor_id)
            if forgotten:
                self._after_forgetting(vendor_id)
            return forgotten

        named = [(entry.id, entry.name) for entry in vendors.VENDORS]
        dialog = SettingsDialog(self.settings, self, vendors=named, forget=forget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(self._apply_settings)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _apply_settings(self, changed: set[str]) -> None:
        """What was changed in Settings takes effect now, not at the next start."""
        from app.services.api import set_log_level

        assert self.workspace is not None
        if changed & {"timeout_s", "ca_bundle", "answer_limit_mb"}:
            self.workspace.reconnect()
        if "log_level" in changed:
            set_log_level(self.settings.log_level)
        if "concurrency" in changed:
            for tab in self.vendor_tabs.values():
                for panel in tab.all_list_panels():
                    panel.table.concurrency = self.settings.concurrency
        self.statusBar().showMessage("Settings saved.", 10_000)

    def forget_current_vendor(self) -> None:
        """Vendor › Forget what this computer knows about <vendor>…, for the tab in front."""
        tab = self._current_vendor_tab()
        if tab is None or self.workspace is None or self.tasks is None:
            return
        from app.ui.forget_records import forget_vendor_records

        async def forget(workspace: Workspace, vendor_id: str) -> None:
            if await forget_vendor_records(self, workspace, vendor_id):
                self._after_forgetting(vendor_id)

        self.tasks.start(forget(self.workspace, tab.definition.id))

    def _after_forgetting(self, vendor_id: str) -> None:
        name = vendors.entry(vendor_id).name
        tab = self.vendor_tabs.get(vendor_id)
        if tab is not None:
            for page in tab.pages.values():
                page.recent_box.refresh()
        self.statusBar().showMessage(f"{name}: what this computer knew of its records was forgotten.", 10_000)

    def open_record(self, vendor_id: str, operation_id: str, values: dict) -> None:
        tab = self.vendor_tab(vendor_id)
        self.tabs.setCurrentWidget(tab)
        tab.open_record(operation_id, values)

    def _current_vendor_tab(self) -> VendorTab | None:
        index = self.tabs.currentIndex()
        return self.vendor_tabs.get(VENDOR_IDS[index]) if index >= 0 else None

    def _on_current(self, act: Callable[[VendorTab], object]) -> None:
        tab = self._current_vendor_tab()
        if tab is not None:
            act(tab)

    def _open_current_credentials(self) -> None:
        self._on_current(lambda tab: tab.tasks.start(tab.edit_credentials()))

    def _about(self) -> None:
        from PySide6.QtCore import Qt

        from app.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_production(self) -> list[str]:
        """The vendors whose tab is on a production environment (a tab not built yet shows nothing
        and sends nothing; it is counted once built, a moment after the first frame)."""
        return [
            entry.name
            for entry in vendors.VENDORS
            if (tab := self.vendor_tabs.get(entry.id)) is not None and tab.service.environment.production
        ]

    def _show_environments(self) -> None:
        """Each tab's title says PRODUCTION when its vendor is on it, and so does the window's."""
        live = self._on_production()
        for index, entry in enumerate(vendors.VENDORS):
            self.tabs.setTabText(index, f"{entry.name} — PRODUCTION" if entry.name in live else entry.name)
        self.setWindowTitle(f"{APP_NAME} — PRODUCTION: {', '.join(live)}" if live else APP_NAME)
        self.production_note.setText(f"On PRODUCTION: {', '.join(live)}" if live else "")
        self.production_note.setToolTip("These vendors' tabs work on live records" if live else "")

    def _light_tab(self, index: int, entry: vendors.VendorEntry, status: SessionStatus) -> None:
        from app.ui.resources import light_icon
        from app.ui.status_light import COLOURS

        self.tabs.setTabIcon(index, light_icon(COLOURS[status.state]))
        tab = self.vendor_tabs.get(entry.id)
        where = tab.service.environment.label if tab is not None else ""
        live = " (PRODUCTION, live records)" if tab is not None and tab.service.environment.production else ""
        self.tabs.setTabToolTip(index, f"{entry.name}, {where}{live}: {status.state.value}")

    def show_keyring_problem(self) -> None:
        problem = self.workspace.credentials.problem if self.workspace is not None else ""
        self.keyring_note.setText("⚠ Credentials kept for this session only" if problem else "")
        self.keyring_note.setToolTip(problem)

    # --- layout memory ---------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        # Kept apart from the settings (app/services/layout.py), in a file beside them.
        self.window_layout = WindowLayout(self.settings.layout_path())
        if not self.restoreGeometry(_qt_state(self.window_layout.window_geometry)):
            self.resize(1180, 760)
        last = self.window_layout.last_tab
        self.tabs.setCurrentIndex(VENDOR_IDS.index(last if last in VENDOR_IDS else vendors.FIRST_TAB))

    def _save_layout(self) -> None:
        layout = self.window_layout
        layout.window_geometry = base64.b64encode(self.saveGeometry().data()).decode()
        layout.window_state = base64.b64encode(self.saveState().data()).decode()
        # A tab never opened this time keeps the splitter it had.
        splitters = layout.splitter_state
        for vendor_id, tab in self.vendor_tabs.items():
            splitters[vendor_id] = base64.b64encode(tab.splitter.saveState().data()).decode()
        layout.splitter_state = splitters
        layout.last_tab = VENDOR_IDS[self.tabs.currentIndex()]
        # Also the choices made in the window since the start (environment per vendor, appearance).
        for what, file in (("window layout", layout), ("settings", self.settings)):
            try:
                file.save()
            except OSError as exc:  # closing must never be stopped by a file that was not saved
                logging.getLogger(__name__).warning("The %s could not be saved: %s", what, exc)

    # --- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        event.ignore()
        if self.tasks is None:  # closed while starting: shut down as soon as there is something to shut
            self._close_requested = True
        elif not self._closing:
            self._closing = True
            self.tasks.start(self._shutdown())

    def end_without_asking(self) -> None:
        """Close as the window's close button does, without asking about unsaved forms: SIGTERM,
        Ctrl+C in a terminal or the computer logging off, where nobody is there to answer."""
        if self.tasks is None:
            self._close_requested = True
        elif not self._closing:
            self._closing = True
            self.tasks.start(self._shutdown(ask=False))

    async def _shutdown(self, ask: bool = True) -> None:
        """Ask about unsaved input, then cancel work, end sessions, close clients, and close."""
        import asyncio

        from app.ui.dialogs import confirm

        assert self.workspace is not None
        unsaved = ask and [
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
        page = self.tabs.widget(VENDOR_IDS.index(vendor_id))
        assert page is not None, "every vendor has a page"
        return page


def _qt_state(saved: str) -> QByteArray:
    """A state Qt saved, from its base64 text; empty (which Qt's restore* ignore) for text that is not."""
    try:
        return QByteArray(base64.b64decode(saved, validate=True))
    except ValueError:
        return QByteArray()
