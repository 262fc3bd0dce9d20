"""The activity log: redaction of headers, secret keys and token answers; curl; a capped history file."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import vendors
from app.core.activity import (
    BODY_LIMIT,
    REDACTED,
    ActivityEntry,
    ActivityLog,
    Redaction,
    event_hooks,
)

# Every vendor's declared secrets at once: what each test below reads is each vendor's own.
DECLARED = [Redaction.for_vendor(vendors.load(entry.id)) for entry in vendors.available()]
ALL_VENDORS = Redaction(
    frozenset().union(*(redaction.secret_headers for redaction in DECLARED)),
    frozenset().union(*(redaction.secret_keys for redaction in DECLARED)),
    tuple(path for redaction in DECLARED for path in redaction.token_paths),
)
SIGN_IN_PATHS = ALL_VENDORS.token_paths


def redact_headers(headers):
    return ALL_VENDORS.headers(headers)


def redact_text(text, path):
    return ALL_VENDORS.text(text, path)


def redact_value(value):
    return ALL_VENDORS.value(value)


def redact_query(url):
    return ALL_VENDORS.query(url)


def test_credential_headers_are_redacted_whatever_their_case():
    headers = {
        "Authorization": "Bearer abc",
        "X-AUTH-TOKEN": "k1",
        "x-api-key": "k2",
        "iqr-session-token": "t",
        "Ocp-Apim-Subscription-Key": "s",
        "Accept": "application/json",
    }
    redacted = redact_headers(headers)
    assert redacted["Accept"] == "application/json"
    assert all(value == REDACTED for name, value in redacted.items() if name != "Accept")


def test_secret_json_keys_are_redacted_at_any_depth():
    body = json.dumps(
        {"username": "demo", "password": "pw", "nested": [{"APIToken": "k", "AuthorizationKey": "a"}]}
    )
    redacted = json.loads(redact_text(body, "/api1/contacts/new"))
    assert redacted == {
        "username": "demo",
        "password": REDACTED,
        "nested": [{"APIToken": REDACTED, "AuthorizationKey": REDACTED}],
    }


def test_a_session_answer_is_redacted_whole():
    assert json.loads(redact_text('{"Data": "session-token"}', "/api/IntegrationAPI/Session")) == {
        "Data": REDACTED
    }
    assert json.loads(redact_text('{"Data": "not a token"}', "/webapi.svc/CV/json/GetCV")) == {
        "Data": "not a token"
    }


def test_signed_links_are_redacted_in_answers_and_queries():
    answer = json.loads(
        redact_text('{"DocumentId": "D1", "DownloadUrl": "https://x/files/D1?sig=abc"}', "/x")
    )
    assert answer == {"DocumentId": "D1", "DownloadUrl": REDACTED}
    url = redact_query(httpx.URL("https://x/files/D1?sig=abc&expires=9"))
    assert "abc" not in url and "expires=9" in url


def test_curl_is_runnable_text_without_secrets():
    entry = ActivityEntry(
        started_at=0, vendor="pgi", operation="Look up a client", method="POST",
        url="https://testapi.example/client/get", status=404, duration_ms=12,
        request_headers={"X-AUTH-TOKEN": REDACTED, "Content-Type": "application/json", "Content-Length": "9"},
        request_body='{"clientId": 1}',
    )  # fmt: skip
    assert entry.as_curl() == (
        "curl -X POST https://testapi.example/client/get -H 'X-AUTH-TOKEN: [redacted]' "
        "-H 'Content-Type: application/json' --data '{\"clientId\": 1}'"
    )


def test_history_is_capped_and_survives_a_restart(tmp_path):
    path = tmp_path / "activity.jsonl"
    log = ActivityLog(path, capacity=3)
    for n in range(5):
        log.record(
            ActivityEntry(
                started_at=n, vendor="v", operation=f"op{n}", method="GET", url="u", status=200, duration_ms=1
            )
        )
    assert [e.operation for e in log.entries] == ["op2", "op3", "op4"]
    assert [e.operation for e in ActivityLog(path, capacity=3).entries] == ["op2", "op3", "op4"]
    log.clear()
    assert len(ActivityLog(path).entries) == 0


def test_a_damaged_history_is_dropped(tmp_path):
    path = tmp_path / "activity.jsonl"
    path.write_text("{not json\n")
    assert len(ActivityLog(path).entries) == 0


def test_the_history_file_is_rewritten_only_once_it_holds_twice_the_capacity(tmp_path):
    path = tmp_path / "activity.jsonl"
    log = ActivityLog(path, capacity=4)
    for n in range(7):
        log.record(
            ActivityEntry(
                started_at=n, vendor="v", operation=f"op{n}", method="GET", url="u", status=200, duration_ms=1
            )
        )
    assert len(path.read_text().splitlines()) == 7  # appended, not rewritten, on every request
    log.record(
        ActivityEntry(
            started_at=8, vendor="v", operation="op7", method="GET", url="u", status=200, duration_ms=1
        )
    )
    assert len(path.read_text().splitlines()) == 4
    assert [e.operation for e in ActivityLog(path, capacity=4).entries] == ["op4", "op5", "op6", "op7"]


# -- bodies: only what is kept is redacted, and all of it is -------------------------------------

SOME_KEYS = st.sampled_from(["id", "name", "Password", "token", "DownloadUrl", "items", "Data", "é"])
LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60)
VALUES = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(SOME_KEYS, children, max_size=4),
    max_leaves=8,
)
RECORDS = st.dictionaries(SOME_KEYS | st.text(max_size=8), VALUES, max_size=6)
# Pages, often too long to be kept whole (a few records repeated up to 300 times).
PAGES = st.builds(lambda records, times: records * times, st.lists(RECORDS, max_size=5), st.integers(1, 300))
# A page, an answer wrapping pages, or any JSON at all.
BODIES = PAGES | st.dictionaries(SOME_KEYS, PAGES | VALUES, max_size=3) | VALUES


def reference_redaction(text: str, path: str) -> str:
    """What a body became when all of it was decoded, redacted and encoded before being cut."""
    parsed = json.loads(text)
    if path.endswith(SIGN_IN_PATHS) and isinstance(parsed, dict):
        parsed = {k: REDACTED for k in parsed}
    return json.dumps(redact_value(parsed), ensure_ascii=False)[:BODY_LIMIT]


@settings(max_examples=150, deadline=None)
@given(
    body=BODIES,
    indent=st.sampled_from([None, 0, 2]),
    ascii_only=st.booleans(),
    path=st.sampled_from(["/api1/company_contacts", "/auth/login", "/api/IntegrationAPI/Session"]),
)
def test_a_body_is_kept_as_if_all_of_it_had_been_redacted(body, indent, ascii_only, path):
    text = json.dumps(body, indent=indent, ensure_ascii=ascii_only)
    assert redact_text(text, path) == reference_redaction(text, path)


def test_a_page_of_records_with_secrets_keeps_only_redacted_records():
    page = [
        {"id": n, "name": f"Contact {n}", "Token": f"tok-{n}", "nested": {"password": f"pw-{n}"}}
        for n in range(500)
    ]
    kept = redact_text(json.dumps(page, indent=1), "/api1/company_contacts")
    assert len(kept) == BODY_LIMIT
    assert kept.startswith(
        '[{"id": 0, "name": "Contact 0", "Token": "[redacted]", "nested": {"password": "[redacted]"}}'
    )
    assert "tok-" not in kept and "pw-" not in kept


def test_a_page_broken_past_what_is_kept_is_still_redacted():
    page = json.dumps([{"id": n, "password": f"pw-{n}"} for n in range(500)])
    kept = redact_text(page[:-1] + "}", "/api1/company_contacts")  # ends in } instead of ]
    assert len(kept) == BODY_LIMIT and "pw-" not in kept


def test_text_that_is_not_json_is_kept_as_text():
    assert redact_text("<html>Bad gateway</html>", "/api1/contacts") == "<html>Bad gateway</html>"
    assert redact_text("[1, 2,", "/api1/contacts") == "[1, 2,"


def test_an_unreadable_token_answer_is_redacted_whole():
    assert redact_text('{"token": "eyJhbGciOi', "/auth/login") == REDACTED


def test_a_url_without_secrets_is_kept_as_sent():
    url = httpx.URL("https://x/api1/company_contacts?modified_since=1900-01-01&page=7&q=a%20b")
    assert redact_query(url) == str(url)


# -- the history file ------------------------------------------------------------------------------


def vendor_answering(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    )


@pytest.mark.anyio
async def test_every_answer_reaches_the_history_file_redacted(tmp_path):
    path = tmp_path / "activity.jsonl"
    log = ActivityLog(path)
    page = json.dumps([{"contact_id": str(n), "token": f"tok-{n}"} for n in range(100)]).encode()
    transport = vendor_answering(page)
    async with httpx.AsyncClient(transport=transport, event_hooks=event_hooks(log, "iinsight")) as client:
        for number in range(1, 26):
            await client.get(
                "https://api.example/api1/company_contacts",
                params={"modified_since": "1900-01-01", "page": number, "token": "query-secret"},
                headers={"Authorization": "Bearer header-secret"},
            )
    text = path.read_text(encoding="utf-8")
    assert "tok-" not in text and "query-secret" not in text and "header-secret" not in text
    written = [json.loads(line) for line in text.splitlines()]
    assert [parse_qs(httpx.URL(e["url"]).query.decode())["page"] for e in written] == [
        [str(n)] for n in range(1, 26)
    ]
    assert all(e["response_body"].startswith('[{"contact_id": "0", "token": "[redacted]"}') for e in written)
    assert [e.url for e in ActivityLog(path).entries] == [e["url"] for e in written]


@pytest.mark.anyio
async def test_an_answer_holding_any_valid_json_string_is_recorded(tmp_path):
    path = tmp_path / "activity.jsonl"
    log = ActivityLog(path)
    body = b'[{"name": "\\ud800 lone surrogate", "note": "line\\u2028separator"}]'
    async with httpx.AsyncClient(
        transport=vendor_answering(body), event_hooks=event_hooks(log, "v")
    ) as client:
        answer = await client.get("https://api.example/list")
    assert answer.json()[0]["note"] == "line\u2028separator"
    assert [e.response_body for e in ActivityLog(path).entries] == [log.entries[0].response_body]


def test_the_history_folder_is_made_again_when_it_was_removed(tmp_path):
    path = tmp_path / "config" / "activity.jsonl"
    log = ActivityLog(path)
    entry = ActivityEntry(
        started_at=0, vendor="v", operation="op", method="GET", url="u", status=200, duration_ms=1
    )
    log.record(entry)
    shutil.rmtree(path.parent)
    log.record(entry)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.anyio
async def test_a_history_file_that_cannot_be_written_never_fails_the_request(tmp_path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be", encoding="utf-8")  # as a full disk would
    log = ActivityLog(blocker / "activity.jsonl")
    heard: list[ActivityEntry] = []
    log.add_listener(heard.append)
    hooks = event_hooks(log, "v")
    async with httpx.AsyncClient(transport=vendor_answering(b"[]"), event_hooks=hooks) as client:
        answer = await client.get("https://api.example/list")
    assert answer.status_code == 200  # the vendor's answer still reaches the app
    assert [e.url for e in log.entries] == ["https://api.example/list"] and len(heard) == 1
    assert log.file_problem.startswith("The activity history could not be saved")
    log.clear()  # Clear history still works
    assert list(log.entries) == []
