"""Acme Notes without a window: ``python -m app call`` (in-process), the quick lookup, the self-check."""

from __future__ import annotations

import json

import pytest

from app import cli, smoke
from app.core.credentials import CredentialStore
from app.sandbox.registry import build_sandbox
from app.services.lookup import QuickLookup
from app.services.settings import Settings
from app.services.workspace import Workspace
from tests.conftest import make_workspace


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = cli.main(list(args))
    return code, json.loads(capsys.readouterr().out)


def test_the_cli_lists_acme_notes_operations(capsys):
    assert cli.main(["--list"]) == 0
    listed = capsys.readouterr().out
    assert "acme  notes.list" in listed and "acme  note.delete" in listed and "noteId*" in listed


def test_the_cli_looks_up_a_note_in_the_sandbox_with_the_demo_login(capsys):
    code, note = call(capsys, "acme", "note.get", "-p", "noteId=3")
    assert code == 0
    assert note == {"id": 3, "title": "Shopping list", "notebook": "Home", "body": "Text of note 3."}


def test_the_cli_walks_every_page_of_the_list(capsys):
    code, notes = call(capsys, "acme", "notes.list", "--all-pages")
    assert code == 0
    assert [note["id"] for note in notes] == list(range(1, 24))  # three pages of at most 10


def test_the_cli_reports_the_vendors_refusal_in_its_words(capsys):
    code, answer = call(capsys, "acme", "note.get", "-p", "noteId=99")
    assert code == 1
    assert answer["error"]["status"] == 404
    assert "Note 99 not found" in answer["error"]["message"]


def test_the_cli_refuses_a_field_the_catalog_marks_wrong_before_sending(capsys):
    code, answer = call(capsys, "acme", "notes.list", "-p", "per_page=50")
    assert code == 2
    assert "per_page" in answer["error"]["message"]


@pytest.mark.anyio
async def test_the_quick_lookup_asks_acme_notes_as_it_declares():
    sandbox = build_sandbox(["pgi", "acme"])
    workspace = make_workspace(sandbox)
    try:
        await workspace.service("acme").sign_in()
        outcomes = {o.vendor: o for o in await QuickLookup(workspace).search("shopping", lambda o: None)}
    finally:
        await workspace.aclose()
    hits = outcomes["acme"].hits
    assert [(h.kind, h.title, h.operation, h.values) for h in hits] == [
        ("Note", "Shopping list", "note.get", {"noteId": 3})
    ]
    sent = sandbox.control("acme").requests_to("/notes")[-1]
    assert sent.query == "q=shopping&page=1&per_page=10"


@pytest.mark.anyio
async def test_the_self_check_makes_acme_notes_declared_read():
    workspace = Workspace(Settings(), CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}))
    try:
        line = await smoke.vendor_call(workspace, "acme")
    finally:
        await workspace.aclose()
    assert line.startswith("acme note.get (") and line.endswith("HTTP 200)")
