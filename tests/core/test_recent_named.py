"""Recent names its records as the record index knows them: one owner of each name."""

from __future__ import annotations

import asyncio
import json

import pytest

from app.sandbox.registry import build_sandbox
from app.services.recent import Remembered
from app.services.settings import config_dir
from tests.conftest import make_workspace
from tests.pgi.test_pgi_service import PROVISION


async def provision_maya(sandbox) -> str:
    """A PGi client set up from this computer: the index knows her name; PGi's Get never says it."""
    workspace = make_workspace(sandbox)
    answer = (await workspace.service("pgi").run("client.provision", PROVISION)).data
    await workspace.aclose()
    return str(answer["data"]["clientId"])


def recent_file_of_an_earlier_version(client_id: str) -> None:
    """What an earlier Switchboard wrote: the bare id as the title."""
    config_dir().mkdir(parents=True, exist_ok=True)
    row = {
        "vendor": "pgi", "environment": "sandbox", "title": client_id, "detail": client_id,
        "operation": "client.get", "values": {"clientId": client_id}, "pinned": True, "seen_at": 1.0,
    }  # fmt: skip
    (config_dir() / "recent.json").write_text(json.dumps({"version": 1, "records": [row]}), encoding="utf-8")


@pytest.mark.anyio
async def test_a_recent_record_kept_by_its_id_is_shown_by_the_name_the_index_knows():
    sandbox = build_sandbox(["pgi"])
    client_id = await provision_maya(sandbox)
    recent_file_of_an_earlier_version(client_id)
    workspace = make_workspace(sandbox)  # the next start: the same files, read again
    try:
        remembered = workspace.recent.all()
        assert [item.title for item in remembered] == [client_id]  # nothing the person had is lost
        (named,) = await workspace.recent.named(remembered)
        assert (named.title, named.pinned, named.values) == ("Maya Okafor", True, {"clientId": client_id})
        assert "Northwind Dental Group" in named.detail
        # Turned off: the index is not asked, and the title kept in the file is shown.
        workspace.settings.set_keeps_records("pgi", False)
        assert [item.title for item in await workspace.recent.named(remembered)] == [client_id]
    finally:
        await workspace.aclose()


@pytest.mark.anyio
async def test_a_record_the_index_does_not_know_keeps_its_own_title():
    workspace = make_workspace(build_sandbox(["pgi"]))
    try:
        item = Remembered("pgi", "sandbox", "Client 42", "42", "client.get", {"clientId": "42"})
        workspace.recent.remember(item)
        assert [i.title for i in await workspace.recent.named(workspace.recent.all())] == ["Client 42"]
    finally:
        await workspace.aclose()


def test_the_recent_list_of_a_tab_shows_the_name(qtbot, qt_loop):
    from tests.ui.helpers import vendor_tab_shown

    sandbox = build_sandbox(["pgi"])
    task = asyncio.ensure_future(provision_maya(sandbox))
    qtbot.waitUntil(task.done, timeout=10_000)
    client_id = task.result()
    recent_file_of_an_earlier_version(client_id)
    with vendor_tab_shown(qtbot, sandbox, "pgi") as tab:
        items = tab.recent_box.items
        qtbot.waitUntil(lambda: items.count() == 1 and items.item(0).text() == "★ Maya Okafor", timeout=5000)
