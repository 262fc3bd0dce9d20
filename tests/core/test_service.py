"""The service layer's own work around each request."""

from __future__ import annotations

import pytest

from app.core.credentials import CredentialStore
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from tests.memory_keyring import MemoryKeyring


@pytest.mark.anyio
async def test_requests_do_not_read_the_keyring_again_after_signing_in(memory_keyring, monkeypatch):
    """Each keyring read is a call to the operating system (a D-Bus round trip on Linux)."""
    reads: list[str] = []

    def get_password(service: str, username: str) -> str | None:
        reads.append(username)
        return MemoryKeyring.get_password(memory_keyring, service, username)

    monkeypatch.setattr(memory_keyring, "get_password", get_password)
    workspace = Workspace(Settings(), CredentialStore(), sandbox=build_sandbox(["iinsight"]))
    service = workspace.service("iinsight")  # nothing saved: the sandbox's demo credentials sign in
    await service.sign_in()
    assert reads  # signing in looked for saved credentials (there are none)
    reads.clear()
    for _ in range(3):
        await service.run("contacts.details", {"case_id": 1, "contact_id": 101})
    await workspace.known.settled()
    # The credentials are not read again; the record index's key is read once, when it is opened.
    assert [read for read in reads if not read.endswith("/record_index_key")] == []
    assert reads.count("iinsight/sandbox/record_index_key") <= 1
    await workspace.aclose()
