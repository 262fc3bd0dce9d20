"""The workspace's warm-up: what the first request needs is ready before anyone clicks."""

from __future__ import annotations

from app import vendors
from app.core.credentials import CredentialStore
from app.core.settings import Settings
from app.core.workspace import Workspace


def workspace(settings: Settings) -> Workspace:
    return Workspace(settings, CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}))


def test_warm_up_builds_the_in_process_sandbox_when_a_vendor_is_on_it():
    ready = workspace(Settings())  # a first start: every vendor opens on its sandbox
    assert ready.in_process._sandbox is None  # nothing built by merely starting
    ready.warm_up()
    assert ready.in_process._sandbox is not None
    assert sorted(ready.in_process._sandbox.simulators) == sorted(e.id for e in vendors.available())


def test_warm_up_leaves_the_sandbox_alone_when_no_vendor_uses_it():
    settings = Settings()
    for entry in vendors.available():
        definition = vendors.load(entry.id)
        real = next(e for e in definition.environments if not e.sandbox)
        settings.set_environment(entry.id, real.id)
    cold = workspace(settings)
    cold.warm_up()
    assert cold.in_process._sandbox is None
