"""Background sync fills the record index from the lists a vendor can walk, asking only for what
changed since the previous sync where the vendor allows it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs

import pytest

from app.core.credentials import CredentialStore
from app.sandbox.registry import build_sandbox
from app.services.record_sync import RecordSync
from app.services.settings import Settings
from app.services.workspace import Workspace

DAY = 86_400.0


def sent_since(sandbox, path: str) -> list[str]:
    return [
        parse_qs(request.query)["modified_since"][0]
        for request in sandbox.control("iinsight").requests_to(path)
    ]


@pytest.mark.anyio
async def test_the_first_sync_asks_for_everything_and_the_next_for_what_changed_since(memory_keyring):
    sandbox = build_sandbox(["iinsight"])
    clock = [date(2026, 11, 30).toordinal()]

    def now() -> float:
        return float((date.fromordinal(clock[0]) - date(1970, 1, 1)).days * DAY + 12 * 3600)

    workspace = Workspace(Settings(), CredentialStore(), sandbox=sandbox)
    sync = RecordSync(workspace, clock=now)
    assert await sync.state("iinsight") == ""  # never synced: nothing to say
    rows = await sync.sync("iinsight")
    assert set(rows) == {"company_contacts.list", "case_contacts.list"}
    assert rows["company_contacts.list"] >= 1151
    assert set(sent_since(sandbox, "/company_contacts")) == {"1900-01-01"}
    assert await workspace.known.count("iinsight", "sandbox") >= 1151
    state = await sync.state("iinsight")
    assert state.startswith("iinsight: ") and "records on this computer, updated just now" in state

    sandbox.control("iinsight").journal.clear()
    clock[0] += 2  # two days later
    await sync.sync("iinsight")
    # Only what changed since the day the previous sync started.
    assert set(sent_since(sandbox, "/company_contacts")) == {"2026-11-30"}
    assert set(sent_since(sandbox, "/case_contacts")) == {"2026-11-30"}
    assert "updated just now" in await sync.state("iinsight")
    await workspace.aclose()


@pytest.mark.anyio
async def test_a_vendor_that_cannot_ask_for_changes_is_walked_whole_and_found_by_name(memory_keyring):
    sandbox = build_sandbox(["iqreseller"])
    workspace = Workspace(Settings(), CredentialStore(), sandbox=sandbox)
    await workspace.service("iqreseller").sign_in()
    rows = await RecordSync(workspace).sync("iqreseller")
    assert rows == {"cv.list": 340}
    first = (await workspace.service("iqreseller").run("cv.list", {"Page": 1, "PageSize": 1})).data[0]
    hits = await workspace.known.search("iqreseller", "sandbox", first["Name"].split()[-1][:5])
    assert first["Name"] in [hit.record.title for hit in hits]
    await workspace.aclose()
