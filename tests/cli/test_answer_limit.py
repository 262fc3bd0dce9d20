"""An answer larger than the limit stops being read, is not asked for again, and says so in a
sentence; memory stays near the limit however large the answer (a hostile server on loopback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.loopback import serve_echo, serve_endless_json


def test_an_endless_answer_is_cut_at_the_limit_once_and_said(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"version": 2, "answer_limit_mb": 5}))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        SWITCHBOARD_NO_KEYRING="1", SWITCHBOARD_CONFIG_DIR=str(tmp_path), SWITCHBOARD_PGI_API_KEY="k-1"
    )

    def peak_and_run(url: str) -> tuple[float, subprocess.CompletedProcess[str]]:
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, "call", "pgi", "client.get", "-p", "clientId=7", "--env", "test",
             "--url", f"api={url}"],
            capture_output=True, text=True, env=environment, timeout=120,
        )  # fmt: skip
        return int(done.stderr.rsplit("PEAK_KB=", 1)[1]) / 1024, done

    with serve_echo(404) as small:
        baseline_mb, _ = peak_and_run(small.url)  # the same command with a small answer
    with serve_endless_json() as received:
        # A GET that PGi documents as safe to repeat: before the limit it was read whole, three times.
        peak_mb, done = peak_and_run(received.url)
    assert done.returncode == 4, done.stderr
    assert "PGi's answer was larger than 5 MB, so Switchboard stopped reading it and did not ask again." in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    assert len(received) == 1  # not repeated
    assert peak_mb < baseline_mb + 5 + 40, f"peak {peak_mb:.0f} MB against {baseline_mb:.0f} MB"


# The CLI as `python -m app` runs it, printing its peak memory (Linux reports it in KB) at exit.
MEASURED = """
import atexit, resource, sys
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
atexit.register(lambda: print(f"PEAK_KB={peak()}", file=sys.stderr))
from app.__main__ import main
sys.exit(main(sys.argv[1:]))
"""
