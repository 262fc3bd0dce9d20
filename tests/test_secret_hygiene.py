"""No secret or token anywhere the app writes: a full session through every vendor, then a search.

Each vendor signs in, makes calls, meets an error and signs out, through the GUI's
service layer and the Activity panel's history.  Afterwards every file under the
config directory and every captured log line is searched for each credential and
each token the vendors issued: zero hits.  "Copy as curl" is searched too.

Then keys pasted with line breaks around them, and text that carries them in every spelling
(repr, JSON, percent-encoded, bytes) through the log file, a crash report and the activity
history: none of those spellings survives.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from app import vendors
from app.contract.errors import SwitchboardError
from app.core.activity import ActivityEntry
from app.core.credentials import CredentialStore
from app.core.logs import SwitchboardLogHandler, setup_logging
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from app.ui.crash_dialog import crash_report
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
        ("customer.create", {"id": "HYG-1", "name": "Hygiene", "admin.email": "a@b.co"}),
        ("order.cancel", {"id": "NO-SUCH-ORDER"}),
    ],
    "iqreseller": [
        ("session.start", {}),  # its answer is the token itself
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
                answer = json.dumps((await service.run(operation, values)).data)
            except SwitchboardError as error:
                assert not any(secret in error.message for secret in secrets)
            else:  # what a command prints: session.start's answer is shown with its token redacted
                if any(token in answer for token in issued_tokens(workspace)):
                    pytest.fail(f"{vendor} {operation}'s answer shows a live token")
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


def spellings(value: str) -> list[str]:
    """The shapes a value takes in text: as typed, repr-escaped, JSON-escaped, percent-encoded, bytes."""
    return [
        value,
        repr(value)[1:-1],
        json.dumps(value)[1:-1],
        quote(value, safe=""),
        quote_plus(value),
        repr(value.encode())[2:-1],
    ]


@pytest.mark.anyio
async def test_no_spelling_of_a_pasted_key_or_an_issued_token_reaches_the_log_crash_report_or_history(
    tmp_path, monkeypatch
):
    """Keys pasted with line breaks (saved, and from the environment), then every way text may carry them."""
    vendor_ids = [entry.id for entry in vendors.available()]
    credentials = CredentialStore()
    for vendor in vendor_ids:
        for field, value in demo_credentials(vendor).items():
            credentials.set(vendor, "sandbox", field, f"{value}\r\n")  # as copied from a portal
    monkeypatch.setenv("SWITCHBOARD_PGI_API_KEY", " " + demo_credentials("pgi")["api_key"] + "\n")
    workspace = Workspace(Settings(), credentials, sandbox=build_sandbox(vendor_ids))
    log_path = setup_logging("DEBUG", tmp_path / "logs")
    assert log_path is not None
    try:
        held: list[str] = []
        for vendor in vendor_ids:
            service = workspace.service(vendor)
            await service.sign_in()
            if service.session.token is not None and service.session.token.value:
                held.append(service.session.token.value)
            fields = service.definition.credential_fields
            held += [f"{service.credentials()[f.name]}\r\n" for f in fields if f.secret]
        # Straight to the app's log file: pytest's own capture would print the values if this failed.
        log = logging.getLogger("app.hygiene")
        log.propagate = False
        for handler in logging.getLogger().handlers:
            if isinstance(handler, SwitchboardLogHandler):
                log.addHandler(handler)
        for value in held:
            for spelling in spellings(value):
                log.error("request failed: %s", spelling)
                workspace.activity.record(
                    ActivityEntry(
                        0, "v", "op", "GET", f"https://x.example/?q={spelling}", 500, 1, error=spelling
                    )
                )
        try:
            raise RuntimeError(
                repr({"headers": held, "json": json.dumps(held), "url": [quote(v) for v in held]})
            )
        except RuntimeError as exc:
            report = crash_report(type(exc), exc, exc.__traceback__)
        for vendor in vendor_ids:
            await workspace.service(vendor).sign_out()
    finally:
        await workspace.aclose()
        logging.getLogger("app.hygiene").handlers.clear()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if isinstance(h, SwitchboardLogHandler)]:
            root.removeHandler(handler)
            handler.close()
    places = {"crash report": report, "log file": log_path.read_text(encoding="utf-8")}
    places["activity history"] = (tmp_path / "config" / "activity.jsonl").read_text(encoding="utf-8")
    for where, text in places.items():
        for value in held:
            if any(spelling in text for spelling in spellings(value) + spellings(value.strip())):
                pytest.fail(f"a spelling of a secret or token is in the {where}")
    assert "[redacted]" in places["log file"] and "[redacted]" in places["crash report"]
