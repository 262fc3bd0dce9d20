"""Every secret the process has held is redacted by value, in every spelling it can take.

A key reaches text in many shapes: as typed, in a repr with escapes (``'abc\\r\\n'``), JSON
escaped, percent-encoded in a URL, as bytes.  Whatever the spelling, the log file, the crash
report, the activity history and error messages must not hold it.  And which headers and
JSON keys are secret comes from each vendor's own declaration (its auth strategy and its
credential fields), not from a list of vendors in shared code.

Failures name where a secret was found, never the secret itself.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from urllib.parse import quote, quote_plus

import httpx
import pytest

from app import vendors
from app.contract.auth import Token
from app.contract.errors import RemoteError
from app.contract.spec import Field, Location, Operation
from app.contract.vendor import CredentialField, Environment, VendorDefinition
from app.core import secrets
from app.core.activity import GENERAL as GENERAL_REDACTION
from app.core.activity import ActivityEntry, ActivityLog, Redaction, event_hooks
from app.core.auth import StaticHeaderKey
from app.core.credentials import CredentialStore
from app.core.http import create_client
from app.core.logs import SwitchboardLogHandler, redact, setup_logging
from app.core.service import VendorService
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from app.ui.crash_dialog import crash_report

# Characters that every spelling writes differently: quotes, a slash, plus, percent, an accent.
KEY = "Zq9+/=&%é'\"-redaction-key"


def spellings_of(value: str) -> dict[str, str]:
    return {
        "plain": value,
        "repr": repr(value)[1:-1],
        "json": json.dumps(value)[1:-1],
        "json-unicode": json.dumps(value, ensure_ascii=False)[1:-1],
        "percent": quote(value, safe=""),
        "percent-plus": quote_plus(value),
        "percent-lower-hex": re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(value, safe="")),
        "bytes": repr(value.encode())[2:-1],
        "repr-of-repr": repr(repr(value))[1:-1],
    }


def assert_no_spelling(text: str, where: str, value: str) -> None:
    found = [name for name, spelling in spellings_of(value).items() if spelling in text]
    if found:
        pytest.fail(f"the {', '.join(found)} spelling of a secret is in the {where}")


@pytest.fixture
def log_file(tmp_path):
    root = logging.getLogger()
    level = root.level
    path = setup_logging("INFO", tmp_path / "logs")
    yield path
    for handler in [h for h in root.handlers if isinstance(h, SwitchboardLogHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def test_every_spelling_of_a_remembered_secret_is_redacted_from_the_log_file(log_file):
    secrets.remember(KEY)
    log = logging.getLogger("test.redaction")
    for name, spelling in spellings_of(KEY).items():
        log.warning("%s: request failed with %s", name, spelling)
    text = log_file.read_text(encoding="utf-8")
    assert text.count("[redacted]") >= len(spellings_of(KEY))
    assert_no_spelling(text, "log file", KEY)


def test_a_key_with_a_line_break_is_redacted_from_a_crash_report_in_every_spelling():
    pasted = "k-Pasted-7781\r\n"
    headers = {"X-Custom": pasted}
    try:
        raise ValueError(f"Illegal header value {pasted.encode()!r} in {headers!r} and {json.dumps(headers)}")
    except ValueError as exc:
        report = crash_report(type(exc), exc, exc.__traceback__, secrets=[pasted])
    assert "ValueError" in report and "[redacted]" in report
    assert_no_spelling(report, "crash report", pasted)
    assert_no_spelling(report, "crash report", pasted.strip())


def test_the_crash_report_knows_every_remembered_secret_without_being_told():
    held = "k-remembered-only-5523\n"
    secrets.remember(held)
    try:
        raise RuntimeError(f"unexpected {held!r}")
    except RuntimeError:
        report = crash_report(*sys.exc_info())
    assert_no_spelling(report, "crash report", held)


def test_redact_alone_uses_the_remembered_secrets():
    secrets.remember("k-redact plain/0099")
    assert redact("got k-redact plain/0099 and k-redact%20plain%2F0099") == "got [redacted] and [redacted]"


# -- where the values come from ------------------------------------------------------------------


@pytest.mark.anyio
async def test_credentials_from_the_environment_and_tokens_issued_are_remembered(monkeypatch):
    sandbox = build_sandbox(["iqreseller", "pgi"])
    key = demo_credentials("pgi")["api_key"]
    environ = {"SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_PGI_API_KEY": key}
    workspace = Workspace(Settings(), CredentialStore(environ=environ), sandbox=sandbox)
    await workspace.service("pgi").sign_in()
    iqr = workspace.service("iqreseller")
    await iqr.sign_in()
    token = iqr.session.token
    assert token is not None
    known = secrets.remembered()
    assert key in known and token.value in known
    await workspace.aclose()


def test_a_username_is_not_treated_as_a_secret():
    # Only fields declared secret: redacting a user name would blank ordinary words in every report.
    store = CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"})
    definition = vendors.load("iinsight")
    environment = definition.environment("uat")
    store.set("iinsight", "uat", "username", "plain-user-name-3344")
    store.set("iinsight", "uat", "password", "pw-remembered-3345")
    service = VendorService(definition, environment, dict(environment.hosts), create_client(), store)
    service.credentials()
    assert "pw-remembered-3345" in secrets.remembered()
    assert "plain-user-name-3344" not in secrets.remembered()


# -- error messages and the activity history -------------------------------------------------------

ECHO = Operation(
    id="thing.get",
    label="Look up a thing",
    method="GET",
    path="/things/{id}",
    fields=(Field("id", "Thing", location=Location.PATH, required=True),),
)


def echoing_vendor(header: str = "X-Custom-Key") -> VendorDefinition:
    """A vendor this app has never heard of, whose errors echo the key it was sent."""
    return VendorDefinition(
        id="echo",
        name="Echo",
        summary="",
        environments=(Environment("live", "Live", {"api": "https://echo.example"}, production=True),),
        credential_fields=(CredentialField("access_code", "Access code"),),
        make_auth=lambda: StaticHeaderKey(header, field="access_code"),
        operations=(ECHO,),
        error_message=lambda body: body.get("message") if isinstance(body, dict) else None,
    )


def echo(request: httpx.Request) -> httpx.Response:
    sent = request.headers["X-Custom-Key"]
    return httpx.Response(
        400, json={"message": f"Key {sent!r} ({quote(sent, safe='')}) is not valid", "echo": sent}
    )


@pytest.mark.anyio
async def test_an_error_message_that_echoes_the_key_does_not_show_it(tmp_path):
    definition = echoing_vendor()
    environment = definition.environments[0]
    code = "echo-access-code-6611/+"
    store = CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_ECHO_ACCESS_CODE": code})
    log = ActivityLog(tmp_path / "activity.jsonl")
    client = httpx.AsyncClient(transport=httpx.MockTransport(echo), event_hooks=event_hooks(log, "echo"))
    service = VendorService(definition, environment, dict(environment.hosts), client, store)
    with pytest.raises(RemoteError) as caught:
        await service.run("thing.get", {"id": "1"})
    assert caught.value.message.startswith("Echo says: Key")
    assert_no_spelling(caught.value.message, "error message", code)
    assert_no_spelling(caught.value.vendor_message or "", "vendor message", code)
    history = (tmp_path / "activity.jsonl").read_text(encoding="utf-8")
    assert_no_spelling(history, "activity history", code)
    await client.aclose()


def test_a_remembered_secret_in_a_url_is_redacted_from_the_activity_history(tmp_path):
    secrets.remember("k-in-a-query-7070/é")
    log = ActivityLog(tmp_path / "activity.jsonl")
    url = httpx.URL("https://x.example/search", params={"q": "k-in-a-query-7070/é"})
    log.record(
        ActivityEntry(0, "v", "Search", "GET", str(url), 200, 1, response_body='"k-in-a-query-7070/é"')
    )
    entry = log.entries[-1]
    assert_no_spelling(entry.url + entry.response_body, "activity entry", "k-in-a-query-7070/é")
    assert_no_spelling((tmp_path / "activity.jsonl").read_text(), "activity history", "k-in-a-query-7070/é")


# -- which headers and keys are secret: each vendor's declaration ------------------------------------


@pytest.mark.parametrize("vendor", [entry.id for entry in vendors.available()])
def test_every_header_a_vendors_strategy_fills_with_a_secret_is_redacted(vendor):
    definition = vendors.load(vendor)
    strategy = definition.make_auth()
    credentials = {f.name: f"value-of-{f.name}-0123" for f in definition.credential_fields}
    request = httpx.Request("GET", "https://vendor.example/x")
    strategy.authorize(request, Token("token-value-0123", 0.0), credentials)
    shown = Redaction.for_vendor(definition).headers(request.headers)
    secret_values = {credentials[f.name] for f in definition.credential_fields if f.secret} | {
        "token-value-0123"
    }
    leaked = [name for name, value in shown.items() if any(s in value for s in secret_values)]
    assert leaked == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    "vendor", [e.id for e in vendors.available() if vendors.load(e.id).make_auth().signs_in]
)
async def test_a_sign_in_request_and_its_token_answer_are_redacted_by_declaration(vendor):
    definition = vendors.load(vendor)
    strategy = definition.make_auth()
    credentials = {f.name: f"value-of-{f.name}-4567" for f in definition.credential_fields}
    sent: list[httpx.Request] = []

    async def send(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"Token": "tok-4567", "token": "tok-4567", "Data": "tok-4567"})

    await strategy.sign_in(send, lambda host, path: "https://vendor.example" + path, credentials, 0.0)
    [request] = sent
    redaction = Redaction.for_vendor(definition)
    body = redaction.text(request.content.decode(), request.url.path)
    answer = redaction.text(
        '{"Token": "tok-4567", "Data": "tok-4567", "token": "tok-4567"}', request.url.path
    )
    secret_values = [credentials[f.name] for f in definition.credential_fields if f.secret]
    assert not [value for value in secret_values if value in body]
    assert "tok-4567" not in answer
    assert not [v for v in redaction.headers(request.headers).values() if any(s in v for s in secret_values)]


def test_a_new_vendors_header_is_secret_with_no_change_to_shared_code():
    redaction = Redaction.for_vendor(echoing_vendor("X-Brand-New-Credential"))
    shown = redaction.headers({"X-Brand-New-Credential": "v-1", "Accept": "application/json"})
    assert shown == {"X-Brand-New-Credential": "[redacted]", "Accept": "application/json"}
    assert (
        redaction.text('{"access_code": "v-2", "name": "n"}', "/x")
        == '{"access_code": "[redacted]", "name": "n"}'
    )


def test_inszooms_signed_download_link_is_secret_by_its_own_declaration():
    inszoom = Redaction.for_vendor(vendors.load("inszoom"))
    answer = json.loads(
        inszoom.text('{"DocumentId": "D1", "DownloadUrl": "https://x/files/D1?sig=abc"}', "/x")
    )
    assert answer == {"DocumentId": "D1", "DownloadUrl": "[redacted]"}
    pgi = Redaction.for_vendor(vendors.load("pgi"))
    assert json.loads(pgi.text('{"DownloadUrl": "https://x/public"}', "/x")) == {
        "DownloadUrl": "https://x/public"
    }


# -- a vendor's echo in the spellings servers write, and addresses with a password -------------------

ECHOED = "Hx7/Qe+Lw=9Tz/Ka+Rv=-echo-4242"


def test_a_key_echoed_as_php_or_dotnet_json_html_or_base64_is_redacted_everywhere(log_file):
    from tests.loopback import echoed_spellings

    secrets.remember(ECHOED)
    echoed = " | ".join(echoed_spellings(ECHOED).values())
    logging.getLogger("test.echo").warning("The vendor said: %s", echoed)
    for handler in logging.getLogger().handlers:
        handler.flush()
    cleaned = {
        "log file": log_file.read_text(encoding="utf-8"),
        "crash report": crash_report(RuntimeError, RuntimeError(echoed), None),
        "redacted text": secrets.redact_known(echoed),
    }
    for where, text in cleaned.items():
        found = [name for name, form in echoed_spellings(ECHOED).items() if form in text]
        assert not found, f"the {', '.join(found)} spelling of a secret is in the {where}"


def test_a_key_across_the_point_where_the_history_cuts_a_body_leaves_no_half_behind(tmp_path):
    from app.core.activity import BODY_LIMIT, GENERAL

    secrets.remember(ECHOED)
    for before in range(BODY_LIMIT - len(ECHOED) - 20, BODY_LIMIT + 2):
        text = "a" * before + ECHOED + " and more after it"
        kept = GENERAL.text(text, "/x")  # not JSON: kept as text, cut
        assert ECHOED[:6] not in kept and ECHOED[-6:] not in kept, before
        assert len(kept) <= BODY_LIMIT + len(ECHOED)


def test_a_user_name_and_password_in_an_address_never_reach_the_history_or_the_log(tmp_path):
    log = ActivityLog(tmp_path / "activity.jsonl")
    url = httpx.URL("https://ops:pw-in-url-3131@x.example/path?q=1")
    log.record(ActivityEntry(0, "v", "Search", "GET", GENERAL_REDACTION.query(url), 200, 1))
    assert log.entries[-1].url == "https://x.example/path?q=1"
    assert "pw-in-url-3131" not in (tmp_path / "activity.jsonl").read_text()
    assert redact("GET https://ops:pw-in-url-3131@x.example/path failed") == (
        "GET https://[redacted]@x.example/path failed"
    )
