"""What this computer knows: every answer feeds the record index of its own vendor environment."""

from __future__ import annotations

import pytest

from app.core.credentials import CredentialStore
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace

NEW_CLIENT = {"FirstName": "Zofia", "LastName": "Kowalczyk", "Email": "zofia.k@northwind.example"}


def workspace_on(sandbox) -> Workspace:
    return Workspace(Settings(), CredentialStore(), sandbox=sandbox)


async def titles(workspace: Workspace, text: str, environment: str = "sandbox") -> list[str]:
    hits = await workspace.known.search("inszoom", environment, text)
    return [hit.record.title for hit in hits]


@pytest.mark.anyio
async def test_a_record_created_is_found_after_a_restart_and_a_deleted_one_is_gone(memory_keyring):
    sandbox = build_sandbox(["inszoom"])
    first = workspace_on(sandbox)
    service = first.service("inszoom")
    created = (await service.run("client.create", NEW_CLIENT)).data
    await first.known.settled()
    assert await titles(first, "kowalcz") == ["Zofia Kowalczyk"]
    await first.aclose()

    again = workspace_on(sandbox)  # a restart: the same file, opened with the key in the keyring
    assert await titles(again, "zofia kowalczyk") == ["Zofia Kowalczyk"]
    assert await titles(again, "kowalcz", environment="production") == []  # never mixed
    await again.service("inszoom").run("client.delete", {"clientId": created["Id"]})
    await again.known.settled()
    assert await titles(again, "kowalcz") == []
    await again.aclose()


@pytest.mark.anyio
async def test_indexing_turned_off_for_a_vendor_keeps_nothing(memory_keyring):
    workspace = workspace_on(build_sandbox(["inszoom"]))
    workspace.settings.record_index = {"inszoom": "off"}
    await workspace.service("inszoom").run("client.get", {"clientId": "CL-10001"})
    await workspace.known.settled()
    assert await workspace.known.search("inszoom", "sandbox", "priya") == []
    assert await workspace.known.count("inszoom", "sandbox") == 0
    await workspace.aclose()


@pytest.mark.anyio
async def test_with_no_keyring_the_index_lives_in_memory_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("SWITCHBOARD_NO_KEYRING", "1")
    workspace = workspace_on(build_sandbox(["inszoom"]))
    await workspace.service("inszoom").run("client.get", {"clientId": "CL-10001"})
    await workspace.known.settled()
    assert "Priya Raman" in await titles(workspace, "priya")
    assert "in memory" in workspace.known.problems[("inszoom", "sandbox")]
    await workspace.aclose()
    assert not list(tmp_path.rglob("*.db"))  # nothing written


@pytest.mark.anyio
async def test_an_index_whose_key_is_lost_starts_afresh(memory_keyring):
    sandbox = build_sandbox(["inszoom"])
    first = workspace_on(sandbox)
    await first.service("inszoom").run("client.get", {"clientId": "CL-10001"})
    await first.aclose()
    memory_keyring.entries.pop(("Switchboard", "inszoom/sandbox/record_index_key"))
    again = workspace_on(sandbox)
    assert await again.known.count("inszoom", "sandbox") == 0  # unreadable without its key: a new one
    await again.service("inszoom").run("client.get", {"clientId": "CL-10001"})
    await again.known.settled()
    assert "Priya Raman" in await titles(again, "priya")
    await again.aclose()


@pytest.mark.anyio
async def test_a_search_of_some_kinds_answers_records_of_those_kinds_only(memory_keyring):
    """What a client-id picker asks: the client, not her passports filed under the same words."""
    workspace = workspace_on(build_sandbox(["inszoom"]))
    service = workspace.service("inszoom")
    await service.run("client.get", {"clientId": "CL-10001"})
    await service.run("passport.create", {"ClientId": "CL-10001", "PassportNumber": "PRIYA-1"})
    await workspace.known.settled()
    known = workspace.known
    everything = await known.search("inszoom", "sandbox", "pri")
    assert {h.record.ref.kind for h in everything} >= {"client", "passport"}

    clients = await known.search("inszoom", "sandbox", "pri", kinds=("client",))
    assert [(h.record.ref.id, h.record.title) for h in clients] == [("CL-10001", "Priya Raman")]
    passports = await known.search("inszoom", "sandbox", "pri", kinds=("passport",))
    assert [h.record.title for h in passports] == ["Passport PRIYA-1"]
    await workspace.aclose()


@pytest.mark.anyio
async def test_answers_that_queue_up_are_kept_together_in_the_order_they_came(memory_keyring):
    """A sync's pages arrive faster than the index keeps them one commit each: the writer keeps
    those waiting together, still in order (the last word on a record wins), and one answer it cannot
    read keeps none of the others out."""
    import dataclasses
    import threading

    from app.services.known_records import ANSWERS_PER_COMMIT

    workspace = workspace_on(build_sandbox(["inszoom"]))
    known = workspace.known
    inszoom = workspace.definition("inszoom")

    def reading(operation_id, values, data):
        if data == "an answer its reading fails on":
            raise ValueError(data)
        return inszoom.record_facts(operation_id, values, data)

    learn = known.listener(dataclasses.replace(inszoom, record_facts=reading), "sandbox")
    await known.count("inszoom", "sandbox")  # opened before the writer is held
    busy = threading.Event()
    known._writer.submit(busy.wait)  # the writer is busy while the answers arrive
    renamed = [f"Zofia Kowalczyk{'-Nowak' * n}" for n in range(ANSWERS_PER_COMMIT * 2 + 1)]

    def client(client_id: str, name: str) -> dict[str, str]:
        first, _, last = name.partition(" ")
        return {"ClientId": client_id, "FirstName": first, "LastName": last}

    for title in renamed:
        learn("client.get", {"clientId": "CL-77001"}, client("CL-77001", title))
    learn("client.get", {"clientId": "CL-77002"}, "an answer its reading fails on")
    learn("client.get", {"clientId": "CL-77003"}, client("CL-77003", "Ada Lund"))
    learn("client.delete", {"clientId": "CL-77003"}, {})
    learn("client.get", {"clientId": "CL-77004"}, client("CL-77004", "Ines Costa"))
    busy.set()
    await known.settled()
    assert await titles(workspace, "kowalczyk") == [renamed[-1]]
    assert await titles(workspace, "lund") == []  # deleted after it was seen
    assert await titles(workspace, "costa") == ["Ines Costa"]
    await workspace.aclose()
