"""Shared test set-up: a memory keyring, a temporary config directory, no internet.

GUI tests get a qasync loop that pytest-qt's waits drive (see QT-NOTES.md:
``already_running=True``; never ``loop.stop()`` in teardown).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

# Before any QApplication exists: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import keyring
import pytest

from app.core.credentials import CredentialStore
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import Sandbox, build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch) -> Iterator[MemoryKeyring]:
    """Every test: its own config directory, a fresh memory keyring, no SWITCHBOARD_* variables."""
    for name in list(os.environ):
        if name.startswith("SWITCHBOARD_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SWITCHBOARD_CONFIG_DIR", str(tmp_path / "config"))
    # No background sync unless a test asks for it: tests count the requests they cause.
    monkeypatch.setenv("SWITCHBOARD_NO_SYNC", "1")
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(isolated_environment: MemoryKeyring) -> MemoryKeyring:
    return isolated_environment


@pytest.fixture
def pgi_sandbox() -> Sandbox:
    return build_sandbox(["pgi"])


def make_workspace(sandbox: Sandbox, sign_in_as_demo: bool = True) -> Workspace:
    credentials = CredentialStore()
    if sign_in_as_demo:
        for vendor in sandbox.simulators:
            for field, value in demo_credentials(vendor).items():
                credentials.set(vendor, "sandbox", field, value)
    return Workspace(Settings(), credentials, sandbox=sandbox)


@pytest.fixture
def qt_loop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + 5
    while any(not task.done() for task in pending) and time.monotonic() < deadline:
        qapp.processEvents()
    qapp.aboutToQuit.disconnect(loop._after_run_forever)
    loop._QEventLoop__is_running = False  # the loop never ran "forever": mark it stopped by hand
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)
