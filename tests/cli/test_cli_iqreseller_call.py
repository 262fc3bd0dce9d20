"""``python -m app call iqreseller call`` as real integrations call IQ Reseller: the verb, the path after
webapi.svc/ with its query string, the body for POST only, XML answers (iqreseller-integrations.md).
Real processes against the simulator on loopback; the test reads what the simulator received."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from app.sandbox.control import RecordedRequest
from app.sandbox.registry import Sandbox
from tests.cli.test_cli import CLOSED_PORT_URL, call, error_of
from tests.cli.test_cli_iqreseller_oneoffice import sandbox_in_this_process

UPDATE = {
    "sos": [{"soid": 1813, "userdefined1": "TRACKING123", "userdefined2": "UPS", "lastupdatedby": "CLI"}]
}
API = "/iqreseller/api/webapi.svc/"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Sandbox, str]]:
    with sandbox_in_this_process("iqreseller") as running:
        yield running


def iqr(served, tmp_path, *args: str):
    """Run the call; answer the process and the data requests the simulator received for it."""
    sandbox, origin = served
    journal = sandbox.control("iqreseller").journal
    before = len(journal)
    result = call(
        "iqreseller",
        "call",
        *args,
        "--url",
        f"signin={origin}/iqreseller/signin",
        "--url",
        f"api={origin}/iqreseller/api",
        config_dir=tmp_path,
    )
    sent = [r for r in list(journal)[before:] if r.host == "api"]
    return result, sent


def get(served, tmp_path, path: str):
    return iqr(served, tmp_path, "-p", "http_method=GET", "-p", f"path={path}")


def only(sent: list[RecordedRequest]) -> RecordedRequest:
    assert len(sent) == 1, [(r.method, r.path) for r in sent]
    return sent[0]


def test_get_sales_orders_sends_the_path_and_query_exactly_as_typed_and_no_body(served, tmp_path):
    result, sent = iqr(
        served, tmp_path, "-p", "http_method=GET", "-p", "path=SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0"
    )
    assert result.returncode == 0, result.stderr
    orders = json.loads(result.stdout)
    assert len(orders) == 100
    assert orders[0]["soid"] == 1601 and "status" in orders[0]
    request = only(sent)
    assert (request.method, request.path) == ("GET", API + "SO/JSON/GetSOs")
    assert request.query == "Page=0&PageSize=100&SortBy=0"
    assert request.body == b""
    assert "content-type" not in request.headers
    assert request.headers["iqr-session-token"]
    assert request.headers["accept"] == "application/json"


def test_the_query_keeps_the_order_it_was_typed_in(served, tmp_path):
    result, sent = iqr(
        served, tmp_path, "-p", "http_method=get", "-p", "path=SO/JSON/GetSOs?SortBy=0&PageSize=3&Page=1"
    )
    assert result.returncode == 0, result.stderr
    assert [order["soid"] for order in json.loads(result.stdout)] == [1604, 1605, 1606]
    assert only(sent).query == "SortBy=0&PageSize=3&Page=1"


def test_query_parameters_given_apart_follow_the_paths_own_in_their_order(served, tmp_path):
    result, sent = iqr(
        served,
        tmp_path,
        "-p",
        "http_method=GET",
        "-p",
        "path=SO/JSON/GetSOs?Page=0&PageSize=2",
        "-p",
        'query={"SortBy": 0}',
    )
    assert result.returncode == 0, result.stderr
    assert [order["soid"] for order in json.loads(result.stdout)] == [1601, 1602]
    assert only(sent).query == "Page=0&PageSize=2&SortBy=0"


def test_get_an_orders_lines_and_the_conditions(served, tmp_path):
    lines, sent = get(served, tmp_path, "SODetail/JSON/GetSODetails?SOid=1813")
    assert lines.returncode == 0, lines.stderr
    assert isinstance(json.loads(lines.stdout), list) and json.loads(lines.stdout)
    assert (only(sent).path, only(sent).query) == (API + "SODetail/JSON/GetSODetails", "SOid=1813")
    conditions, sent = get(served, tmp_path, "Condition/JSON/GetConditions")
    assert conditions.returncode == 0, conditions.stderr
    assert len(json.loads(conditions.stdout)) == 5
    assert (only(sent).method, only(sent).query) == ("GET", "")


def test_post_the_orders_own_fields_with_a_body(served, tmp_path):
    result, sent = iqr(served, tmp_path, "-p", "path=SO/UDFS/JSON", "--body", json.dumps(UPDATE))
    assert result.returncode == 0, result.stderr
    request = only(sent)
    assert (request.method, request.path) == ("POST", API + "SO/UDFS/JSON")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == UPDATE
    changed = json.loads(result.stdout)
    assert changed[0]["soid"] == 1813 and changed[0]["userdefined1"] == "TRACKING123"


def test_the_documents_area_and_method_still_post_a_json_body(served, tmp_path):
    result, sent = iqr(served, tmp_path, "-p", "area=CV", "-p", "method=GetCVs")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 340
    request = only(sent)
    assert (request.method, request.path, request.body) == ("POST", API + "CV/json/GetCVs", b"{}")


def test_the_xml_form_prints_one_json_string_holding_the_xml(served, tmp_path):
    result, sent = get(served, tmp_path, "SO/XML/GetSOs?Page=0&PageSize=3&SortBy=0")
    assert result.returncode == 0, result.stderr
    text = json.loads(result.stdout)
    assert isinstance(text, str)
    assert text.startswith("<ArrayOfSO><SO><soid>1601</soid>")
    assert text.count("<SO>") == 3
    assert only(sent).path.endswith("/webapi.svc/SO/XML/GetSOs")


def test_paging_past_the_last_orders_shows_the_vendors_message(served, tmp_path):
    result, _sent = get(served, tmp_path, "SO/JSON/GetSOs?Page=3&PageSize=100&SortBy=0")
    assert result.returncode == 1
    error = error_of(result)
    assert (error["kind"], error["status"]) == ("remote", 500)
    assert "Object reference not set to an instance of an object" in result.stderr
    assert "Object reference not set to an instance of an object" in error["message"]


@pytest.mark.parametrize("body", ['{"Page": 0}', "{}"])
def test_a_body_with_get_exits_2_with_a_sentence_and_sends_nothing(tmp_path, body):
    result = call(
        "iqreseller",
        "call",
        "-p",
        "http_method=GET",
        "-p",
        "path=SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0",
        "--body",
        body,
        "--url",
        f"signin={CLOSED_PORT_URL}",
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2
    assert error_of(result)["fields"] == {
        "body": "A GET sends no body: leave it out (no --body), or send the method with POST."
    }


@pytest.mark.parametrize(
    "path",
    [
        "../CV/json/GetCVs",
        "SO/../../signin/api",
        "SO/%2e%2e/CV/json/GetCVs",
        "SO%2F..%2FCV/json/GetCVs",
        "https://elsewhere.example/webapi.svc/SO/JSON/GetSOs",
        "//elsewhere.example/SO/JSON/GetSOs",
        "/webapi.svc/SO/JSON/GetSOs",
        "javascript:alert(1)",
        "SO\\JSON\\GetSOs",
        "SO/JSON/GetSOs?Page=0\x07",
    ],
)
def test_a_path_that_leaves_webapi_svc_is_refused_with_exit_2(tmp_path, path):
    result = call(
        "iqreseller",
        "call",
        "-p",
        f"path={path}",
        "--url",
        f"signin={CLOSED_PORT_URL}",
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2, result.stdout
    fields = error_of(result)["fields"]
    assert list(fields) == ["path"]
    assert result.stderr.startswith("path: ")
