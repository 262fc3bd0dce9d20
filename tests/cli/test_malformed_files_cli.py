"""The command line with a malformed settings file or organisation profile: a sentence, never a
traceback, and the call still made with the defaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.malformed import PROFILE, PROFILES, SETTINGS

ACTIVE_CLIENT = "10863894"  # in the PGi sandbox's seed


def call_the_sandbox(config: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {"SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_CONFIG_DIR": str(config),
         "SWITCHBOARD_DATA_DIR": str(config / "data"), "SWITCHBOARD_LOG_DIR": str(config / "logs")}
    )  # fmt: skip
    arguments = ["call", "pgi", "client.get", "--env", "sandbox", "-p", f"clientId={ACTIVE_CLIENT}"]
    return subprocess.run(
        [sys.executable, "-m", "app", *arguments], capture_output=True, text=True, env=environment, timeout=60
    )


@pytest.mark.parametrize("case", list(SETTINGS))
def test_a_malformed_settings_file_is_a_sentence_and_the_call_goes_ahead(tmp_path, case):
    content, said = SETTINGS[case]
    (tmp_path / "settings.json").write_bytes(content)
    done = call_the_sandbox(tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["clientId"] == int(ACTIVE_CLIENT)
    assert said in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("case", list(PROFILES))
def test_a_malformed_profile_never_breaks_the_command_line(tmp_path, case):
    content, _ = PROFILES[case]
    (tmp_path / PROFILE).write_bytes(content)
    done = call_the_sandbox(tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["clientId"] == int(ACTIVE_CLIENT)
    assert "Traceback" not in done.stderr
