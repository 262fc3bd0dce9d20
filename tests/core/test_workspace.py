"""The workspace's warm-up: what the first request needs is ready before anyone clicks."""

from __future__ import annotations

import pytest

from app import vendors
from app.core.credentials import CredentialStore
from app.services.settings import Settings
from app.services.workspace import Workspace


def workspace(settings: Settings) -> Workspace:
    return Workspace(settings, CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}))


@pytest.mark.anyio
async def test_warm_up_builds_the_in_process_sandbox_when_a_vendor_is_on_it():
    ready = workspace(Settings())  # a first start: every vendor opens on its sandbox
    assert ready.in_process._sandbox is None  # nothing built by merely starting
    await ready.warm_up()
    assert ready.in_process._sandbox is not None
    assert sorted(ready.in_process._sandbox.simulators) == sorted(e.id for e in vendors.available())


@pytest.mark.anyio
async def test_warm_up_leaves_the_sandbox_alone_when_no_vendor_uses_it():
    settings = Settings()
    for entry in vendors.available():
        definition = vendors.load(entry.id)
        real = next(e for e in definition.environments if not e.sandbox)
        settings.set_environment(entry.id, real.id)
    cold = workspace(settings)
    await cold.warm_up()
    assert cold.in_process._sandbox is None


@pytest.mark.anyio
async def test_new_connection_settings_reach_every_service_without_signing_out():
    from app.sandbox.registry import build_sandbox

    settings = Settings()
    credentials = CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"})
    working = Workspace(settings, credentials, sandbox=build_sandbox(["iinsight"]))
    service = working.service("iinsight")
    await service.sign_in()
    old_client = service.client
    settings.timeout_s = 75.0
    working.reconnect()
    assert service.client is not old_client
    assert service.client.timeout.read == 75.0
    await service.run("contacts.details", {"case_id": 1, "contact_id": 101})  # through the new client
    assert service.session.sign_in_count == 1  # the session went on as it was
    await working.aclose()
    assert old_client.is_closed and service.client.is_closed
