"""``python -m app sandbox`` serves the simulators on loopback, with their knobs over HTTP."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def served() -> Iterator[dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "sandbox", "--port", "0", "--vendor", "pgi"],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: dict[str, str] = {}
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Press Ctrl+C"):
                break
            # "<vendor> <host or 'demo-credentials'> <value>"
            vendor, what, value = line.strip().split(" ", 2)
            lines[f"{vendor} {what}"] = value
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sandbox_serves_pgi_on_loopback_and_obeys_its_knobs(served):
    base = served["pgi api"]
    assert base.startswith("http://127.0.0.1:") and base.endswith("/pgi/api")
    assert served["pgi demo-credentials"] == "api_key=pgi-demo-key-2026"
    origin = base.removesuffix("/pgi/api")
    headers = {"X-AUTH-TOKEN": "pgi-demo-key-2026"}
    with httpx.Client(timeout=10) as client:
        ok = client.post(f"{base}/client/get", json={"clientId": 10863894}, headers=headers)
        assert ok.status_code == 200
        assert ok.json()["clientId"] == 10863894
        knobs = client.post(f"{origin}/_control/pgi", json={"fail_next": {"count": 1, "status": 503}})
        assert knobs.json() == {"vendor": "pgi", "applied": True}
        failed = client.post(f"{base}/client/get", json={"clientId": 10863894}, headers=headers)
        assert failed.status_code == 503
        assert failed.json()["status"] == "error"
        bad_knobs = client.post(f"{origin}/_control/pgi", json={"fail_next": 2})
        assert bad_knobs.status_code == 400
