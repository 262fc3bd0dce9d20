"""The PyInstaller build: what build.spec must put in it, and its own --smoke.

These run against an existing build and are skipped without one (building takes
about 30 s, so the ordinary test run does not):

    .venv/bin/pyinstaller --noconfirm build.spec
    SWITCHBOARD_FROZEN_APP=dist/Switchboard .venv/bin/pytest -q tests/packaging/test_frozen_build.py

``.ci/run`` does exactly this after the other tests.  On macOS point it at
``dist/Switchboard.app``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.profile import PROFILE_NAME

ROOT = Path(__file__).resolve().parents[2]
BUILD = os.environ.get("SWITCHBOARD_FROZEN_APP", "")

pytestmark = pytest.mark.skipif(
    not BUILD, reason="set SWITCHBOARD_FROZEN_APP to a PyInstaller build to test it"
)


@pytest.fixture(scope="module")
def build() -> Path:
    folder = Path(BUILD).resolve()
    assert folder.is_dir(), f"no build at {folder}: run pyinstaller build.spec first"
    return folder


@pytest.fixture(scope="module")
def executable(build: Path) -> Path:
    if build.suffix == ".app":
        return build / "Contents" / "MacOS" / "Switchboard"
    return build / ("Switchboard.exe" if sys.platform == "win32" else "Switchboard")


def bundled(build: Path, relative: str) -> list[Path]:
    """Where ``relative`` sits inside the build (the data folder's name differs per platform)."""
    return [path for path in build.rglob(Path(relative).name) if path.as_posix().endswith(relative)]


def run_frozen(executable: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "QT_QPA"))}
    env.update(LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen", SWITCHBOARD_CONFIG_DIR=str(config))
    return subprocess.run([str(executable), "--smoke"], env=env, capture_output=True, text=True, timeout=180)


def test_every_resource_the_app_loads_is_in_the_build(build: Path) -> None:
    for source in sorted((ROOT / "resources").rglob("*")):
        if source.is_file():
            relative = source.relative_to(ROOT).as_posix()
            copies = bundled(build, relative)
            assert copies, f"{relative} is missing from the build"
            assert copies[0].read_bytes() == source.read_bytes()


def test_keyring_entry_points_are_in_the_build(build: Path) -> None:
    entry_points = [p for p in build.rglob("entry_points.txt") if p.parent.name.startswith("keyring-")]
    assert entry_points, "keyring's metadata is missing: the frozen app would find no keyring backend"
    text = entry_points[0].read_text(encoding="utf-8")
    for backend in ("Windows", "macOS", "SecretService"):
        assert f"{backend} = keyring.backends." in text


def test_unused_qt_modules_are_left_out(build: Path) -> None:
    names = {path.name.split(".")[0] for path in build.rglob("Qt*") if path.suffix in (".so", ".pyd")}
    assert {"QtCore", "QtGui", "QtWidgets"} <= names
    assert not names & {"QtNetwork", "QtQml", "QtQuick", "QtSql", "QtTest", "QtWebEngineCore", "QtMultimedia"}
    assert not any(build.rglob("*.qm")), "Qt's translations are bundled but never loaded"


def test_frozen_smoke_passes(executable: Path, tmp_path: Path) -> None:
    done = run_frozen(executable, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   Switchboard " in done.stdout and "(frozen build" in done.stdout
    assert done.stdout.splitlines()[-1].endswith("checks passed")
    assert not any(tmp_path.iterdir()), "the smoke run wrote settings"


def test_frozen_smoke_reports_an_invalid_profile(executable: Path, tmp_path: Path) -> None:
    (tmp_path / PROFILE_NAME).write_text(json.dumps({"format": 1, "password": "x"}), encoding="utf-8")
    done = run_frozen(executable, tmp_path)
    assert done.returncode == 1
    assert (
        "FAIL organisation profile: " in done.stdout and '"password" looks like a credential' in done.stdout
    )
