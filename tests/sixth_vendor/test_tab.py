"""Acme Notes in the generic vendor tab: its tasks, a form, a labelled result, pages, a confirmation."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from app.sandbox.registry import Sandbox, build_sandbox
from app.ui.list_panel import ListPanel
from app.ui.vendor_tab import VendorTab
from tests.conftest import make_workspace
from tests.ui.helpers import click, click_run, confirmation_box, type_into, wait_for_outcome


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["acme"])


@pytest.fixture
def tab(qtbot, qt_loop, sandbox) -> Iterator[VendorTab]:
    workspace = make_workspace(sandbox)
    tab = VendorTab(workspace, "acme")
    qtbot.addWidget(tab)
    tab.show()
    yield tab
    tab.shutdown()
    closing = asyncio.ensure_future(workspace.aclose())  # sessions ended, clients closed
    qtbot.waitUntil(closing.done, timeout=5000)


def test_the_tab_lists_the_catalogs_tasks_in_plain_words(tab):
    items = [tab.task_list.item(i).text() for i in range(tab.task_list.count())]
    assert items == ["Notes", "Browse notes", "Look up a note", "Delete a note"]
    assert tab.environment_box.currentText() == "Sandbox (built-in)"


def test_a_note_looked_up_shows_labelled_fields_and_joins_recent(qtbot, tab):
    panel = type_into(qtbot, tab, "note.get", {"noteId": "3"})
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result.value_text("Title") == "Shopping list", timeout=5000)
    assert panel.result.value_text("Notebook") == "Home"
    assert panel.result.value_text("Text") == "Text of note 3."
    assert [tab.recent_box.items.item(i).text() for i in range(tab.recent_box.items.count())] == [
        "Shopping list"  # titled as the catalog declares
    ]


def test_the_table_loads_a_page_then_the_next(qtbot, tab, sandbox):
    tab.show_task("notes.list")
    panel = tab.list_panels["notes.list"]
    assert isinstance(panel, ListPanel)
    click(qtbot, panel.show_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() == 10, timeout=5000)
    assert panel.table.model.headers()[:3] == ["Note id", "Title", "Notebook"]
    click(qtbot, panel.table.next_button)
    qtbot.waitUntil(lambda: panel.table.model.record(0)["title"] == "Note 11", timeout=5000)
    assert panel.table.model.total_count() == 10  # page 2 alone, in place of page 1
    pages = [parse_qs(r.query)["page"] for r in sandbox.control("acme").requests_to("/notes")]
    assert pages == [["1"], ["2"]]


def test_deleting_asks_first_naming_the_note_and_only_then_deletes(qtbot, tab, sandbox):
    notes = sandbox.simulators["acme"].state
    look_up = type_into(qtbot, tab, "note.get", {"noteId": "3"})
    click_run(qtbot, look_up)
    qtbot.waitUntil(lambda: look_up.result.value_text("Title") == "Shopping list", timeout=5000)

    panel = type_into(qtbot, tab, "note.delete", {"noteId": "3"})
    click_run(qtbot, panel)
    box = confirmation_box(qtbot, tab)
    assert "Delete note 3 (Shopping list) from Acme Notes?" in box.text()
    box.escapeButton().click()
    qtbot.waitUntil(lambda: not tab.tasks.busy, timeout=3000)
    assert 3 in notes and not sandbox.control("acme").requests_to("/notes/3", "DELETE")

    click_run(qtbot, panel)
    confirmation_box(qtbot, tab).confirm_button.click()
    wait_for_outcome(qtbot, panel, "Note 3 is deleted.")
    assert 3 not in notes
