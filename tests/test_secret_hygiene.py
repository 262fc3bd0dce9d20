"""No secret or token anywhere the app writes: a full session through every vendor, then a search.

Each vendor signs in, makes calls, meets an error and signs out, through the GUI's
service layer and the Activity panel's history.  Afterwards every file under the
config directory and every captured log line is searched for each credential and
each token the vendors issued: zero hits.  "Copy as curl" is searched too.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app import vendors
from app.contract.errors import SwitchboardError
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from tests.conftest import make_workspace

# One harmless read and one failing call per vendor.
CALLS = {
    "inszoom": [("client.get", {"clientId": "CL-10001"}), ("client.get", {"clientId": "CL-99999"})],
    "pgi": [("client.get", {"clientId": 10863894}), ("client.get", {"clientId": 99999999})],
    "iinsight": [
        ("contacts.details", {"case_id": 1, "contact_id": 101}),
        ("contacts.details", {"case_id": 1, "contact_id": 999999}),
    ],
    "oneoffice": [
        ("customer.create", {"params.id": "HYG-1", "params.name": "Hygiene", "params.admin.email": "a@b.co"}),
        ("order.cancel", {"params.id": "NO-SUCH-ORDER"}),
    ],
    "iqreseller": [
        ("cv.list", {"Page": 1, "PageSize": 5}),
        ("call", {"area": "CV", "method": "GetCV", "body": '{"CVID": 1}'}),
    ],
}


def issued_tokens(workspace) -> list[str]:
    return [s.session.token.value for s in workspace.services() if s.session.token and s.session.token.value]


@pytest.mark.anyio
async def test_no_secret_or_token_lands_in_any_file_or_log(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    vendor_ids = [entry.id for entry in vendors.available()]
    assert set(vendor_ids) == set(CALLS)
    sandbox = build_sandbox(vendor_ids)
    workspace = make_workspace(sandbox)  # demo credentials saved to the (memory) keyring
    secrets = {
        value for vendor in vendor_ids for value in demo_credentials(vendor).values() if len(value) > 6
    }
    tokens: set[str] = set()
    for vendor in vendor_ids:
        service = workspace.service(vendor)
        await service.sign_in()
        for operation, values in CALLS[vendor]:
            try:
                await service.run(operation, values)
            except SwitchboardError as error:
                assert not any(secret in error.message for secret in secrets)
        tokens.update(issued_tokens(workspace))
        await service.sign_out()
    workspace.settings.save()
    curls = [entry.as_curl() for entry in workspace.activity.entries]
    await workspace.aclose()

    assert tokens, "the vendors that sign in issued tokens"
    assert len(workspace.activity.entries) >= 2 * len(vendor_ids)
    needles = secrets | tokens
    written = [p for p in Path(tmp_path).rglob("*") if p.is_file()]
    assert any(p.name == "activity.jsonl" for p in written)
    # Failures name where a secret was found, never the secret itself (test output is an artefact too).
    for path in written:
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(needle in text for needle in needles):
            pytest.fail(f"a secret or token was written to {path.name}")
    if any(needle in caplog.text for needle in needles):
        pytest.fail("a secret or token reached the log")
    if any(needle in curl for needle in needles for curl in curls):
        pytest.fail("a secret or token is in a 'Copy as curl' command")
    assert any("[redacted]" in curl for curl in curls)
