"""Credentials in a real keyring, and what happens when there is none at all.

Everywhere else the tests use a memory keyring (tests/conftest.py).  Here, when
``SWITCHBOARD_REAL_KEYRING=1``, the same CredentialStore talks to a real Secret
Service: .ci/run starts gnome-keyring, unlocked, inside a private D-Bus session
with a throw-away HOME, and runs this module there (QT-NOTES.md, "keyring").  In
that run the real-keyring tests must run — a missing Secret Service fails them,
it does not skip them.  In the ordinary run they are skipped, and the tests of a
machine with no keyring at all run as usual.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from app.core.credentials import SERVICE_NAME, CredentialStore, Source
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace

# Read at import, before tests/conftest.py's autouse fixture clears every SWITCHBOARD_* variable.
REAL_KEYRING = os.environ.get("SWITCHBOARD_REAL_KEYRING") == "1"
real_only = pytest.mark.skipif(
    not REAL_KEYRING, reason="needs a real Secret Service: .ci/run sets SWITCHBOARD_REAL_KEYRING=1"
)


@pytest.fixture
def real_keyring() -> Iterator[keyring.backend.KeyringBackend]:
    """The Secret Service, in place of the memory keyring (the autouse fixture restores that after)."""
    from keyring.backends.SecretService import Keyring as SecretService

    try:
        backend = SecretService()
        if backend.priority <= 0:
            raise RuntimeError("not usable")
    except Exception as exc:  # must run, not skip, when CI asked for it
        pytest.fail(f"SWITCHBOARD_REAL_KEYRING=1 but no Secret Service answers ({type(exc).__name__})")
    keyring.set_keyring(backend)
    yield backend


@pytest.fixture
def vendor_env() -> Iterator[str]:
    """An environment name of our own, so nothing else in the keyring is touched; removed afterwards."""
    environment = f"reliability-{uuid.uuid4().hex[:8]}"
    yield environment
    store = CredentialStore()
    for field in ("api_key", "username", "password"):
        for vendor in ("pgi", "iinsight"):
            store.delete(vendor, environment, field)


@real_only
def test_the_secret_service_is_what_the_store_uses(real_keyring):
    store = CredentialStore()
    assert store.persistent, store.problem
    assert store.problem == ""
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"


@real_only
def test_saved_credentials_outlive_the_store_that_saved_them(real_keyring, vendor_env):
    secret = f"key-{uuid.uuid4().hex}"
    assert CredentialStore().set("pgi", vendor_env, "api_key", secret) is Source.KEYRING
    # A new store is what the next start of the app has: the value comes back from the Secret Service.
    value, source = CredentialStore().lookup("pgi", vendor_env, "api_key")
    assert source is Source.KEYRING
    if value != secret:
        pytest.fail("the Secret Service answered another value than the one saved")
    # Under the service name and user name the README promises, for other tools and for IT.
    if keyring.get_password(SERVICE_NAME, f"pgi/{vendor_env}/api_key") != secret:
        pytest.fail(f"not stored under service {SERVICE_NAME!r} and user 'pgi/<environment>/api_key'")


@real_only
def test_long_and_non_ascii_secrets_round_trip(real_keyring, vendor_env):
    store = CredentialStore()
    for value in ("pässwörd-ü€-密码-" + uuid.uuid4().hex, "x" * 2000):
        store.set("iinsight", vendor_env, "password", value)
        if CredentialStore().get("iinsight", vendor_env, "password") != value:
            pytest.fail("a long or non-ASCII secret did not come back unchanged")


@real_only
def test_deleted_credentials_are_gone_and_deleting_twice_is_harmless(real_keyring, vendor_env):
    store = CredentialStore()
    store.set("pgi", vendor_env, "api_key", "to-be-deleted-" + uuid.uuid4().hex)
    store.delete("pgi", vendor_env, "api_key")
    store.delete("pgi", vendor_env, "api_key")
    assert CredentialStore().get("pgi", vendor_env, "api_key") is None
    assert keyring.get_password(SERVICE_NAME, f"pgi/{vendor_env}/api_key") is None


@real_only
@pytest.mark.anyio
async def test_the_app_signs_in_with_credentials_from_the_secret_service(real_keyring):
    sandbox = build_sandbox(["iinsight"])
    store = CredentialStore()
    for field, value in demo_credentials("iinsight").items():
        assert store.set("iinsight", "sandbox", field, value) is Source.KEYRING
    try:
        workspace = Workspace(Settings(), CredentialStore(), sandbox=sandbox)
        service = workspace.service("iinsight")
        assert not service.uses_demo_credentials  # the saved ones, not the built-in fallback
        await service.sign_in()
        assert service.session.token is not None
        await workspace.aclose()
    finally:
        for field in demo_credentials("iinsight"):
            store.delete("iinsight", "sandbox", field)


@real_only
def test_the_keyring_file_does_not_hold_the_secret_in_clear(real_keyring, vendor_env):
    secret = f"clear-text-check-{uuid.uuid4().hex}"
    CredentialStore().set("pgi", vendor_env, "api_key", secret)
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    files = [p for p in (data_home / "keyrings").rglob("*") if p.is_file()]
    assert files, "gnome-keyring keeps its collection under XDG_DATA_HOME/keyrings"
    for path in files:
        if secret.encode() in path.read_bytes():
            pytest.fail(f"the secret is readable in {path.name}")


# --- no keyring at all: said, and secrets kept for this session only (runs everywhere) -------------------


def test_without_any_backend_the_store_says_so_and_keeps_secrets_for_the_session():
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    assert not store.persistent
    assert "this session only" in store.problem
    assert store.set("pgi", "test", "api_key", "session-only-key") is Source.MEMORY
    assert store.lookup("pgi", "test", "api_key") == ("session-only-key", Source.MEMORY)
    assert CredentialStore().get("pgi", "test", "api_key") is None  # gone with the session


def test_without_any_backend_the_window_says_credentials_are_kept_for_this_session_only(qt_loop, qtbot):
    from tests.ui.helpers import close_window, open_window

    keyring.set_keyring(keyring.backends.fail.Keyring())
    main = open_window(build_sandbox(["pgi"]), sign_in_as_demo=False)
    main.show_keyring_problem()
    assert "this session only" in main.keyring_note.text()
    assert "this session only" in main.keyring_note.toolTip()
    close_window(qtbot, main)


def test_a_keyring_that_fails_while_reading_is_reported_not_raised():
    class Broken(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.PasswordSetError("refused")

        def delete_password(self, service: str, username: str) -> None:
            raise keyring.errors.PasswordDeleteError("refused")

    keyring.set_keyring(Broken())
    store = CredentialStore()
    assert store.get("pgi", "test", "api_key") is None
    assert "could not be read" in store.problem
    assert store.set("pgi", "test", "api_key", "k-1234") is Source.MEMORY
    assert store.get("pgi", "test", "api_key") == "k-1234"
