"""Operations the organisation declared, in the window like the catalog's own: a task in the list, its
form, its table with pages and Load all, and its result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from app.sandbox.registry import build_sandbox
from app.services.declared import USER_FILE
from app.services.settings import config_dir
from app.ui.list_panel import ListPanel
from tests.ui.helpers import click, click_run, close_window, open_window, type_into, wait_for_outcome

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iqreseller-operations.json"


@pytest.fixture
def sandbox():
    return build_sandbox(["iqreseller"])


@pytest.fixture
def tab(qtbot, qt_loop, sandbox):
    config_dir().mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE, config_dir() / USER_FILE)
    main = open_window(sandbox)
    shown = main.vendor_tabs["iqreseller"]
    main.tabs.setCurrentWidget(shown)
    yield shown
    close_window(qtbot, main)


def test_sales_orders_are_a_task_with_a_table_pages_from_zero_and_load_all(qtbot, tab, sandbox):
    panel = tab.show_task("so.list")
    assert isinstance(panel, ListPanel)
    assert "Page" not in panel.form.editors or not panel.form.editors["Page"].isVisible()
    click(qtbot, panel.show_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() == 100, timeout=5000)
    first = [dict(parse_qsl(r.query)) for r in sandbox.control("iqreseller").requests_to("/GetSOs")]
    assert first == [{"Page": "0", "PageSize": "100", "SortBy": "0"}]
    assert panel.table.model.headers()[:4] == ["Order id", "Order", "Customer (CV)", "Customer's PO"]
    assert panel.table.page_label.text() == "Page 1"  # as a person counts, though IQ Reseller's is 0
    click(qtbot, panel.table.load_all_button)
    qtbot.waitUntil(lambda: panel.table.model.total_count() == 236, timeout=10000)


def test_an_orders_own_fields_are_updated_from_its_form(qtbot, tab, sandbox):
    panel = type_into(qtbot, tab, "so.update_fields", {"soid": "1813", "userdefined2": "UPS"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Order 1813 is updated.")
    sent = sandbox.control("iqreseller").requests_to("/SO/UDFS/JSON")[-1]
    assert json.loads(sent.body) == {"sos": [{"soid": 1813, "userdefined2": "UPS"}]}
