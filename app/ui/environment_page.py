"""Everything a vendor tab shows for one of its environments: the tasks, Recent and pinned, the forms,
tables and flows with what was typed into them, the results, the values carried between tasks.

A tab keeps one page per environment it has shown.  Switching environment shows another page, so no
form, result, carried id or record name of the sandbox can appear under a PRODUCTION band.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from app.contract.pages import PageAction, RecordPage, page_for, page_key
from app.contract.records import IndexedRecord, RecordFacts, RecordRef
from app.contract.spec import Operation, ResultKind, fill
from app.services.api import Result
from app.services.recent import Remembered
from app.ui.cell_copy import copy_cells_inertly
from app.ui.context import TabContext
from app.ui.dialogs import confirm
from app.ui.flows import Flow, flows_for
from app.ui.list_panel import ListPanel
from app.ui.operation_panel import OperationPanel
from app.ui.recent_list import RecentList
from app.ui.record_page import RecordPageView

OPERATION_ROLE = Qt.ItemDataRole.UserRole


class EnvironmentPage(QWidget):
    def __init__(self, context: TabContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.definition = context.definition
        self.panels: dict[str, OperationPanel] = {}
        self.list_panels: dict[str, ListPanel] = {}
        self.flow_panels: dict[str, QWidget] = {}
        self._task_widgets: dict[str, QWidget] = {}
        self._categories: list[str] = []
        self.record_pages: dict[tuple[str, str], RecordPageView] = {}
        # What this session's changes taught of records (PGi's look-up names nobody, nor its status).
        self.learnt: dict[RecordRef, IndexedRecord] = {}
        # Tasks an action of a record page opened: after their success, back to that page.
        self._return_to: dict[str, RecordPageView] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.task_list = QListWidget()
        copy_cells_inertly(self.task_list)
        self.task_list.setObjectName("tasks")
        self.task_list.setAccessibleName(f"{self.definition.name} tasks")
        self.task_list.setMinimumWidth(250)
        self.stack = QStackedWidget()
        self._build_tasks()
        self.recent_box = RecentList(context, self.open_record)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.task_list)
        left.addWidget(self.recent_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 930])
        layout.addWidget(self.splitter)
        self.task_list.currentItemChanged.connect(self._on_task_chosen)
        context.signals.sig_succeeded.connect(self._on_succeeded)
        self._select_first_task()

    # --- building ------------------------------------------------------------------------------

    def _build_tasks(self) -> None:
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
        panel = flow.build(self.context)
        self.flow_panels[flow.key] = panel
        self._task_widgets[flow.key] = panel
        self.stack.addWidget(panel)
        return (flow.category, flow.label, flow.description, flow.key)

    def task_widget(self, key: str) -> QWidget:
        """The task's panel, built now if it was never shown."""
        if key not in self._task_widgets:
            operation = self.definition.operation(key)
            panel: QWidget
            if operation.paging is not None:
                self.list_panels[key] = panel = ListPanel(operation, self.context)
            else:
                operation_panel = OperationPanel(operation, self.context)
                operation_panel.on_success = lambda values, result, op=operation: self._after_success(
                    op, values, result
                )
                operation_panel.result.sig_row_opened.connect(
                    lambda row, op=operation: self.open_result_row(op, row)
                )
                self.panels[key] = panel = operation_panel
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

    def _items(self) -> list[QListWidgetItem]:
        return [item for row in range(self.task_list.count()) if (item := self.task_list.item(row))]

    def _select_first_task(self) -> None:
        for row, item in enumerate(self._items()):
            if item.data(OPERATION_ROLE):
                self.task_list.setCurrentRow(row)
                return

    # --- tasks ---------------------------------------------------------------------------------------

    def _on_task_chosen(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None or not current.data(OPERATION_ROLE):
            return
        key = current.data(OPERATION_ROLE)
        widget = self.task_widget(key)
        if key in self.panels:
            self.panels[key].form.prefill(self.context.memory.carried)
        self.stack.setCurrentWidget(widget)

    def show_task(self, key: str) -> QWidget:
        for row, item in enumerate(self._items()):
            if item.data(OPERATION_ROLE) == key:
                self.task_list.setCurrentRow(row)
        return self.task_widget(key)

    def current_task(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _after_success(self, operation: Operation, values: dict[str, Any], result: Result) -> None:
        if isinstance(result.data, dict):
            self._load_into_update_form(operation, result.data)
            self._remember(operation, values, result.data)

    def _remember(self, operation: Operation, values: dict[str, Any], record: dict[str, Any]) -> None:
        """A record looked up joins "Recent", to be reopened in one click (only look-ups: reopening
        a record must never send a change again)."""
        if operation.result is not ResultKind.RECORD or not operation.reads:
            return
        sent = {k: v for k, v in values.items() if v not in ("", None)}
        named = self.definition.record_name(operation.id, values, record)
        title = named[1] if named else self.definition.record_title.of(record) or operation.label
        detail = " · ".join(str(v) for v in sent.values())
        self.context.recent.remember(
            Remembered(self.definition.id, self.context.environment.id, title, detail, operation.id, sent)
        )
        self.recent_box.refresh()

    def _load_into_update_form(self, operation: Operation, record: dict[str, Any]) -> None:
        """After "Look up a client", "Change a client's details" holds that client, ready to edit."""
        update_id = f"{operation.record}.update"
        if not operation.reads or update_id not in {o.id for o in self.definition.operations if o.listed}:
            return
        self.task_widget(update_id)
        update = self.panels[update_id]
        if update.form.is_dirty:
            # Their unsent edits stay; the record they looked up is on screen beside its answer.
            self.context.signals.sig_message.emit(
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

    # --- opening a record ---------------------------------------------------------------------------

    def open_task(self, key: str, values: dict[str, Any]) -> QWidget | None:
        """Show a task of this environment; with values, opened as a record would be."""
        if values:
            self.open_record(key, values)
            return self._task_widgets.get(key)
        return self.show_task(key)

    def open_record(self, operation_id: str, values: dict[str, Any]) -> None:
        """Open a record found by the quick lookup or chosen in Recent: its page where the vendor
        declares one for this opening, otherwise fill its task and run it.

        A form holding values the person typed and did not send is not overwritten without asking."""
        found = page_for(self.definition.record_pages, operation_id, values)
        if found is not None:
            self.show_record_page(*found, values)
            return
        if operation_id in {o.id for o in self.definition.operations if o.listed}:
            self.task_widget(operation_id)
        # Only task forms count: a table's search fields hold criteria, not a record being written.
        panel = self.panels.get(operation_id)
        if panel is not None and panel.form.is_dirty:
            self.show_task(operation_id)  # the question is about the form in front of them
            self.context.tasks.start(self._ask_then_open(operation_id, values))
            return
        self._open_record_now(operation_id, values)

    async def _ask_then_open(self, operation_id: str, values: dict[str, Any]) -> None:
        task = self.definition.operation(operation_id).label
        title = self.definition.record_title.of(values)
        title = title or ", ".join(str(v) for v in values.values() if v) or "this record"
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
            self.context.signals.sig_message.emit(f"{self.definition.name}: kept what you typed in “{task}”.")

    def _open_record_now(self, operation_id: str, values: dict[str, Any]) -> None:
        with contextlib.suppress(KeyError):  # a flow or a page is no operation
            values = self.definition.operation(operation_id).by_field_names(values)
        if operation_id in self.panels and not self.panels[operation_id].operation.reads:
            # Opening a record never sends a change: "Change a passport's details" is filled in.
            self.fill_task(operation_id, values)
        elif operation_id in self.panels:
            self.show_task(operation_id)
            panel = self.panels[operation_id]
            panel.form.clear_errors()
            for name, editor in panel.form.editors.items():
                editor.set_value(values.get(name, editor.spec.default or ""))
            panel.form.mark_clean()
            self.context.tasks.start(panel.run())
        elif operation_id in self.list_panels:
            self.show_task(operation_id)
            table_panel = self.list_panels[operation_id]
            for name, value in values.items():
                if name in table_panel.form.editors:
                    table_panel.form.editors[name].set_value(value)
            table_panel.show_first_page()
        elif operation_id in self.flow_panels:
            flow = self.show_task(operation_id)
            opener = getattr(flow, "open_record", None)
            if opener is not None:
                opener(values)

    # --- record pages -----------------------------------------------------------------------------

    def show_record_page(
        self, page: RecordPage, record_id: str, values: dict[str, Any] | None = None
    ) -> RecordPageView:
        """The record's page, read afresh each time it is opened."""
        key = (page.kind, record_id)
        view = self.record_pages.get(key)
        if view is None:
            view = RecordPageView(
                self.context,
                page,
                record_id,
                learnt=self.learnt,
                open_row=self.open_related,
                fill_task=self.fill_action_task,
                loaded=self._remember_page,
            )
            self.record_pages[key] = view
            self.stack.addWidget(view)
        view.opened_with(values or {})
        self.task_list.setCurrentRow(-1)  # no task is shown: the record is
        self.stack.setCurrentWidget(view)
        self.context.tasks.start(view.reload())
        return view

    def _remember_page(self, view: RecordPageView) -> None:
        """A record opened on its page joins "Recent", reopened on its page in one click."""
        page = view.page
        if view.data is None:
            return
        operation_id = page.opened_by[0] if page.opened_by else page_key(page.kind)
        values = page.opening(view.record_id) if page.opened_by else {"id": view.record_id}
        detail = f"{page.noun.capitalize()} {view.record_id}"
        self.context.recent.remember(
            Remembered(
                self.definition.id, self.context.environment.id, view.data.title, detail, operation_id, values
            )
        )
        self.recent_box.refresh()

    def open_related(self, operation_id: str, values: dict[str, Any]) -> None:
        """A related row chosen on a record page: its page, its look-up run, or — for a record that
        only a change opens (a passport) — that task filled in and not sent."""
        if page_for(self.definition.record_pages, operation_id, values) is not None:
            self.open_record(operation_id, values)
            return
        listed = {o.id: o for o in self.definition.operations if o.listed}
        if operation_id in listed and not listed[operation_id].reads:
            self.fill_task(operation_id, values)
        else:
            self.open_task(operation_id, values)

    def open_result_row(self, operation: Operation, row: dict[str, Any]) -> None:
        """Enter or a double-click on a row of an answer's table: that row's record, as the vendor
        declares it opens (its page when it has one, else the record it belongs to, else its task)."""
        facts: RecordFacts = self.definition.record_facts(operation.id, {}, [row])
        pages = {page.kind for page in self.definition.record_pages}
        for seen in facts.seen:
            if seen.opens and page_for(self.definition.record_pages, seen.opens, seen.opens_with):
                self.open_record(seen.opens, dict(seen.opens_with))
                return
        for seen in facts.seen:
            for ref in seen.related:
                if ref.kind in pages:
                    self.open_record(page_key(ref.kind), {"id": ref.id})
                    return
        opener = next((seen for seen in facts.seen if seen.opens), None)
        if opener is None:
            self.context.signals.sig_message.emit(
                f"{self.definition.name}: this row has no page of its own to open."
            )
            return
        self.open_task(opener.opens, dict(opener.opens_with))

    def fill_task(self, operation_id: str, values: dict[str, Any]) -> OperationPanel:
        """Show a task with these values filled in, not sent.  A form holding unsent typing keeps it,
        and only the given values are put in (the person is told)."""
        self.show_task(operation_id)
        panel = self.panels[operation_id]
        values = panel.operation.by_field_names(values)
        panel.form.clear_errors()
        if panel.form.is_dirty:
            self.context.signals.sig_message.emit(
                f"{self.definition.name}: “{panel.operation.label}” kept what you typed; "
                "the record's ids were put in."
            )
            for name, value in values.items():
                if name in panel.form.editors:
                    panel.form.editors[name].set_value(value)
            return panel
        for name, editor in panel.form.editors.items():
            editor.set_value(values.get(name, editor.spec.default or ""))
        panel.form.mark_clean()
        return panel

    def fill_action_task(self, view: RecordPageView, action: PageAction, values: dict[str, Any]) -> None:
        self.fill_task(action.operation, values)
        self._return_to[action.operation] = view

    def _on_succeeded(self, operation_id: str, values: dict[str, Any], data: Any) -> None:
        operation = self.definition.operation(operation_id)
        if operation.paging is None and not operation.reads:
            # A change's answer is small; what it says of its records is read here, on the spot.
            for seen in self.definition.record_facts(operation_id, values, data).seen:
                before = self.learnt.get(seen.ref)
                if before is not None:  # an answer that does not tell a name keeps the one known
                    seen = replace(
                        seen,
                        title=seen.title or before.title,
                        company=seen.company or before.company,
                        status=seen.status or before.status,
                    )
                self.learnt[seen.ref] = seen
        view = self._return_to.pop(operation_id, None)
        sent = {str(v) for v in values.values() if v not in (None, "")}
        if view is not None and view.record_id in sent:
            self.task_list.setCurrentRow(-1)
            self.stack.setCurrentWidget(view)
            view.say(fill(operation.done_text or f"Done: {operation.label.lower()}.", values), True)

    # --- keyboard and closing ------------------------------------------------------------------------

    def run_current(self) -> None:
        """Ctrl+S / Ctrl+Enter: send the form shown (or show the list with its filters)."""
        task = self.current_task()
        if isinstance(task, OperationPanel):
            self.context.tasks.start(task.run())
        elif isinstance(task, ListPanel):
            task.show_first_page()

    def refresh_current(self) -> None:
        """F5: fetch the shown list or record page again, or send the shown lookup again."""
        task = self.current_task()
        if isinstance(task, ListPanel):
            task.table.reload()
        elif isinstance(task, RecordPageView):
            self.context.tasks.start(task.reload())
        elif isinstance(task, OperationPanel) and task.operation.idempotent:
            self.run_current()

    def turn_page(self, step: int) -> None:
        task = self.current_task()
        if isinstance(task, ListPanel):
            button = task.table.next_button if step > 0 else task.table.previous_button
            if button.isEnabled():
                button.click()

    def unsaved_forms(self) -> list[str]:
        return [panel.operation.label for panel in self.panels.values() if panel.form.is_dirty]

    def shutdown(self) -> None:
        for panel in self.list_panels.values():
            panel.shutdown()
