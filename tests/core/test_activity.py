"""The activity log: redaction of headers, secret keys and token answers; curl; a capped history."""

from __future__ import annotations

import json

import httpx

from app.core.activity import REDACTED, ActivityEntry, ActivityLog, redact_headers, redact_query, redact_text


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
