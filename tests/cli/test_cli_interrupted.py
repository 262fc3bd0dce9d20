"""Ctrl+C and SIGTERM in ``python -m app call``: a sentence and the shell's exit code, no traceback, and
the IQ Reseller session the command held ended on the wire (real processes, simulator on loopback)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.cli.test_cli_iqreseller_oneoffice import SESSION, sandbox_in_this_process


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals; Windows sends console events instead")
@pytest.mark.parametrize(
    ("sent", "exit_code", "said"), [(signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_an_interrupted_call_ends_its_session_and_says_so(tmp_path, sent, exit_code, said):
    with sandbox_in_this_process("iqreseller") as (sandbox, origin):
        control = sandbox.control("iqreseller")
        control.apply({"latency_ms": 1500})  # every answer slow: the list is still on its way
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        environment.update({"SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_CONFIG_DIR": str(tmp_path),
                            "SWITCHBOARD_LOG_DIR": str(tmp_path / "logs")})  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "call", "iqreseller", "cv.list",
             "--url", f"signin={origin}/iqreseller/signin", "--url", f"api={origin}/iqreseller/api"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not [r for r in control.journal if r.host == "api"]:
            assert time.monotonic() < deadline and process.poll() is None, "the list was never asked"
            time.sleep(0.02)
        process.send_signal(sent)
        _, stderr = process.communicate(timeout=15)
        assert process.returncode == exit_code, stderr
        assert "Traceback" not in stderr
        [line] = stderr.strip().splitlines()
        assert said in line and line.endswith(".")
        ends = control.requests_to(SESSION, "DELETE")
        assert len(ends) == 1 and ends[0].host == "signin"
