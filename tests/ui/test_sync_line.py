"""The sync line while a background sync runs: how far it got, in words, and a Stop that keeps what came."""

from __future__ import annotations

import re

from app.sandbox.registry import build_sandbox
from app.services.record_sync import SINCE_KEY
from tests.ui.helpers import click, vendor_tab_shown

PROGRESS = re.compile(r"^iinsight: learning company contacts… ([\d,]+) so far$")


def arrived(tab) -> int:
    found = PROGRESS.match(tab.sync_note.text())
    return int(found.group(1).replace(",", "")) if found else 0


def test_the_sync_line_counts_what_arrived_and_stop_keeps_it(qtbot, qt_loop):
    sandbox = build_sandbox(["iinsight"])
    sandbox.control("iinsight").latency_s = 0.15  # a page at a time, slowly enough to stop halfway
    with vendor_tab_shown(qtbot, sandbox, "iinsight") as tab:
        assert not tab.sync_cancel.isVisible()
        syncing = tab.tasks.start(tab.sync_records("sandbox"))
        qtbot.waitUntil(lambda: arrived(tab) >= 200, timeout=10_000)
        assert tab.sync_cancel.isVisible() and tab.sync_cancel.text() == "Stop learning"
        click(qtbot, tab.sync_cancel)
        qtbot.waitUntil(syncing.done, timeout=5000)
        assert syncing.result() is None
        note = tab.sync_note.text()
        found = re.fullmatch(
            r"iinsight: learning records was stopped; the ([\d,]+) records that arrived are kept\. "
            r"The next sync asks again for the rest\.",
            note,
        )
        assert found, note
        kept = int(found.group(1).replace(",", ""))
        assert 200 <= kept < 1151  # stopped before the 1,151 company contacts were all there
        assert not tab.sync_cancel.isVisible()
        known = tab.workspace.known

        async def after_stop() -> tuple[int, str | None]:
            await known.settled()
            since = await known.run("iinsight", "sandbox", lambda i: i.meta(SINCE_KEY.format(
                operation="company_contacts.list")))  # fmt: skip
            return await known.count("iinsight", "sandbox", "contact"), since

        task = tab.tasks.start(after_stop())
        qtbot.waitUntil(task.done, timeout=5000)
        count, since = task.result()
        assert count >= kept  # what arrived stays on this computer
        assert since is None  # not finished: the next sync asks again from the beginning
