"""``python -m app --smoke``: one line per check, exit 0 only when all pass, no keyring, no settings."""

from __future__ import annotations

import asyncio
import importlib
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app import smoke, vendors
from app.contract.vendor import HarmlessRead
from app.core.credentials import CredentialStore
from app.core.prepare import prepare
from app.services.profile import PROFILE_NAME, ProfileOutcome, ProfileState
from app.services.settings import Settings
from app.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
AVAILABLE = [entry.id for entry in vendors.available()]


def run_smoke(tmp_path: Path, profile: dict | None = None) -> subprocess.CompletedProcess[str]:
    """The smoke run as IT starts it, with a keyring that marks any use and a stray credential set."""
    config = tmp_path / "config"
    config.mkdir()
    if profile is not None:
        (config / PROFILE_NAME).write_text(json.dumps(profile), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "QT_QPA"))}
    env.update(
        LANG="C.UTF-8",
        PYTHONPATH=str(ROOT),
        SWITCHBOARD_CONFIG_DIR=str(config),
        PYTHON_KEYRING_BACKEND="tests.packaging.tripwire_keyring.Tripwire",
        SWITCHBOARD_TRIPWIRE=str(tmp_path / "tripwire"),
        # Must not be used: the smoke run signs in with the sandbox's demo credentials only.
        SWITCHBOARD_PGI_API_KEY="not-the-demo-key",
    )
    return subprocess.run(
        [sys.executable, "-m", "app", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_smoke_passes_and_prints_one_line_per_check(tmp_path: Path) -> None:
    profile = {
        "format": 1,
        "organisation": "Example Ltd",
        "vendors": {"iinsight": {"default_environment": "uat"}},
    }
    done = run_smoke(tmp_path, profile)

    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert all(line.startswith("ok   ") for line in lines[:-1]), done.stdout
    assert lines[-1] == f"{len(lines) - 1} checks passed"
    assert f"ok   main window built ({len(vendors.VENDORS)} tabs)" in lines
    assert any(line.startswith("ok   organisation profile valid: Example Ltd") for line in lines)
    for vendor in AVAILABLE:
        assert any(line.startswith(f"ok   {vendor} ") and " ms" in line for line in lines), vendor
    # It did not apply the profile, write settings, or ask the keyring for anything.
    assert list((tmp_path / "config").iterdir()) == [tmp_path / "config" / PROFILE_NAME]
    assert not (tmp_path / "tripwire").exists()


def test_smoke_fails_when_the_installed_profile_is_invalid(tmp_path: Path) -> None:
    done = run_smoke(tmp_path, {"format": 1, "vendors": {"pgi": {"api_key": "k"}}})

    assert done.returncode == 1
    assert "FAIL organisation profile: " in done.stdout and "vendors.pgi.api_key" in done.stdout
    assert done.stdout.splitlines()[-1] == f"{len(done.stdout.splitlines()) - 1} checks FAILED (1 failed)"


def test_the_tripwire_keyring_does_notice_keyring_use(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SWITCHBOARD_TRIPWIRE": str(tmp_path / "tripwire")}
    env["PYTHON_KEYRING_BACKEND"] = "tests.packaging.tripwire_keyring.Tripwire"
    code = "import keyring; keyring.get_password('Switchboard', 'x')"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)
    assert (tmp_path / "tripwire").exists()


# --- in-process pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", AVAILABLE)
def test_each_declared_smoke_read_is_a_valid_read_of_the_catalog(vendor: str) -> None:
    definition = vendors.load(vendor)
    if definition.smoke_read is None:
        # OneOffice alone has no call that only reads: the self-check proves its key with the probe.
        assert vendor == "oneoffice" and definition.probe is not None
        return
    read = smoke.smoke_read(definition)
    assert read is not None, f"{vendor}'s smoke_read names an operation or field the catalog lacks"
    operation = definition.operation(read.operation)
    assert operation.idempotent and not operation.destructive and operation.method in ("GET", "POST")
    prepare(operation, read.values)  # raises if a value is refused


@pytest.mark.parametrize("vendor", AVAILABLE)
def test_each_available_vendor_answers_its_smoke_call(vendor: str) -> None:
    async def call() -> str:
        workspace = Workspace(Settings(), CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}))
        try:
            return await smoke.vendor_call(workspace, vendor)
        finally:
            await workspace.aclose()

    line = asyncio.run(call())
    assert line.startswith(f"{vendor} ") and line.endswith(")")


def test_a_renamed_operation_falls_back_to_signing_in(monkeypatch: pytest.MonkeyPatch) -> None:
    renamed = replace(vendors.load("pgi"), smoke_read=HarmlessRead("client.fetch", {"clientId": 1}))
    monkeypatch.setattr(importlib.import_module("app.vendors.pgi"), "VENDOR", renamed)
    assert smoke.smoke_read(vendors.load("pgi")) is None

    async def call() -> str:
        workspace = Workspace(Settings(), CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}))
        try:
            return await smoke.vendor_call(workspace, "pgi")
        finally:
            await workspace.aclose()

    assert asyncio.run(call()).startswith("pgi sign-in (")


def test_a_failing_check_prints_fail_and_is_counted() -> None:
    out = io.StringIO()
    report = smoke.Report(out)
    report.check("first", lambda: "fine")

    def broken() -> str:
        raise FileNotFoundError("no style sheet at /x/style.qss")

    report.check("resources", broken)
    assert out.getvalue().splitlines() == ["ok   fine", "FAIL resources: no style sheet at /x/style.qss"]
    assert (report.checks, report.failures) == (2, 1)


# --- the GUI's start-up report ---------------------------------------------------------------------


def test_gui_reports_an_invalid_profile_in_a_dialog_and_an_applied_one_in_the_status_bar(qtbot) -> None:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from app.ui.app import _report_profile

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    _report_profile(
        window, ProfileOutcome(ProfileState.APPLIED, "Your organisation's settings were applied.")
    )
    assert window.statusBar().currentMessage() == "Your organisation's settings were applied."

    _report_profile(window, ProfileOutcome(ProfileState.INVALID, "The organisation profile x was ignored"))
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and "was ignored" in boxes[0].text()
    boxes[0].close()
