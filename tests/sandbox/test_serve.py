"""``python -m app sandbox`` serves the simulators on loopback, with their knobs over HTTP."""

from __future__ import annotations

import httpx

from tests.loopback import serve_sandbox


def test_sandbox_serves_pgi_on_loopback_and_obeys_its_knobs():
    with serve_sandbox("pgi") as served, httpx.Client(timeout=10) as client:
        base = served["pgi api"]
        assert base.startswith("http://127.0.0.1:") and base.endswith("/pgi/api")
        assert served["pgi demo-credentials"] == "api_key=pgi-demo-key-2026"
        origin = base.removesuffix("/pgi/api")
        headers = {"X-AUTH-TOKEN": "pgi-demo-key-2026"}
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
