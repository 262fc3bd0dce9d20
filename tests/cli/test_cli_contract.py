"""The CLI contract on the wire: what a script types is exactly what reaches the vendor.

Each test runs ``python -m app call`` as a real process against a simulator served on loopback from
this process, so it can read the simulator's journal: the requests as they arrived.  Nothing the
user did not give is sent; nothing the user gave is dropped; what cannot be sent is refused before
anything leaves (exit 2), and an answer of the wrong shape is an error (exit 1).
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.sandbox.control import RecordedRequest
from app.sandbox.registry import Sandbox
from tests.cli.test_cli import CLOSED_PORT_URL, call, error_of
from tests.cli.test_cli_iqreseller_oneoffice import SESSION, sandbox_in_this_process

# The operation ids of ../shared/vendor-docs/ASSUMPTIONS.md, as it writes them ("a.b|c" = a.b and a.c).
ASSUMPTIONS_IDS = {
    "inszoom": "`headquarter.get|create|update|delete`, `corporation.get|create|update|delete`, "
    "`corp_user.get|create|update|delete`, `client.get|create|update|delete`, "
    "`dependent.get|create|update|delete`, `passport.get|create|update|delete`, "
    "`visa.get|create|update|delete`, `case.get|create|delete`, `document.download_url`, "
    "`lookup.corporation_id`, `lookup.corporation_ids`, `lookup.headquarter_id`, "
    "`lookup.headquarter_ids`, `lookup.departments`, `lookup.roles`, `lookup.petitions`, "
    "`lookup.case_managers`, `lookup.case_signatories`",
    "pgi": "`client.provision`, `client.deactivate`, `client.reactivate`, `client.get`",
    "iinsight": "`company_contacts.list`, `case_contacts.list`, `contacts.list`, `contacts.details`, "
    "`contacts.associate_to_case`, `contacts.create`, `contacts.check_delete_from_case`, "
    "`contacts.disable_from_case`, `contacts.delete_from_case`, `contacts.for_transfer_invoices`",
    "oneoffice": "`customer.create`, `order.create_first`, `order.create_renewal`, `order.cancel`, "
    "`order.suspend`",
    "iqreseller": "`session.start`, `session.end`, `cv.list`, `call`",
}

# The names the CLI issue's contract gives each vendor's -p parameters (beyond the path placeholders).
CONTRACT_NAMES = {
    "inszoom": {
        "clientId",
        "corporationId",
        "corpUserId",
        "mainClientId",
        "dependentId",
        "ClientId",
        "VisaId",
        "CountryId",
        "caseId",
        "documentId",
        "countryId",
        "CorpId",
    },
    "iinsight": {"modified_since", "page", "case_id"},
    "pgi": {"clientId"},
    "oneoffice": {"id", "customer", "product", "licenses", "duration", "parent"},
    "iqreseller": {"Page", "PageSize", "area", "method"},
}


@contextmanager
def served(vendor: str) -> Iterator[tuple[Sandbox, list[str]]]:
    """The vendor's simulator on loopback, and the --url arguments that point the CLI at it."""
    with sandbox_in_this_process(vendor) as (sandbox, origin):
        hosts = sandbox.base_urls(origin)[vendor]
        urls = [arg for host, url in hosts.items() for arg in ("--url", f"{host}={url}")]
        yield sandbox, urls


def data_requests(sandbox: Sandbox, vendor: str, sign_in: str = "") -> list[RecordedRequest]:
    """What the simulator received, less the sign-ins."""
    journal = list(sandbox.control(vendor).journal)
    return [r for r in journal if not (sign_in and r.path.endswith(sign_in))]


def sent_json(request: RecordedRequest):
    return json.loads(request.body)


def params(*pairs: str) -> list[str]:
    return [arg for pair in pairs for arg in ("-p", pair)]


# --- 1. the contract's names ------------------------------------------------------------------------


def operation_ids() -> dict[str, list[str]]:
    """Every operation id, by vendor id, with ``a.b|c`` expanded."""
    found: dict[str, list[str]] = {}
    for vendor, listed in ASSUMPTIONS_IDS.items():
        ids: list[str] = []
        for item in re.findall(r"`([^`]+)`", listed):
            head, _, tails = item.rpartition(".")
            ids += [f"{head}.{tail}" if head else tail for tail in tails.split("|")]
        found[vendor] = ids
    return found


def help_parameters(text: str) -> list[str]:
    """The parameter names an operation's --help lists, in its order."""
    block = text.split("\nParameters", 1)[1].split("\n\n", 1)[0]
    return [name for name in re.findall(r"^  (\S+)", block, re.M) if name != "none"]


def test_call_list_names_every_operation_id_of_the_assumptions_with_the_contracts_names(tmp_path):
    ids = operation_ids()
    assert set(ids) == {"inszoom", "pgi", "iinsight", "oneoffice", "iqreseller"}
    assert sum(len(v) for v in ids.values()) == 41 + 4 + 10 + 5 + 4
    listing = call("--list", config_dir=tmp_path)
    assert listing.returncode == 0, listing.stderr
    lines = {tuple(line.split()[:2]): line for line in listing.stdout.splitlines() if line.strip()}
    used: dict[str, set[str]] = {vendor: set() for vendor in ids}
    for vendor, operations in ids.items():
        for operation in operations:
            line = lines.get((vendor, operation))
            assert line is not None, f"{vendor} {operation} is not in call --list"
            help_text = call(vendor, operation, "--help", config_dir=tmp_path)
            assert help_text.returncode == 0, help_text.stderr
            names = help_parameters(help_text.stdout)
            listed = [word.rstrip("*") for word in line.split() if word != "+"]  # "+": takes other keys
            if names:
                assert listed[-len(names) :] == names, f"{vendor} {operation}: {line}"
            used[vendor].update(names)
    for vendor, names in CONTRACT_NAMES.items():
        assert names <= used[vendor], f"{vendor}: {sorted(names - used[vendor])} not listed"
        assert not any(name.startswith("params.") for name in used[vendor])


def test_oneoffice_takes_the_documents_param_names_and_nests_them_under_params(tmp_path):
    with served("oneoffice") as (sandbox, urls):
        created = call(
            "oneoffice",
            "customer.create",
            *params("id=CONTRACT", "name=Contract Ltd"),
            "--body",
            json.dumps({"admin": {"email": "ops@contract.example", "displayName": "Ops"}}),
            *urls,
            config_dir=tmp_path,
        )
        assert created.returncode == 0, created.stderr
        ordered = call(
            "oneoffice",
            "order.create_first",
            *params("customer=CONTRACT", "id=ORD-C1", "product=oo-lite", "licenses=2", "duration=monthly"),
            *urls,
            config_dir=tmp_path,
        )
        assert ordered.returncode == 0, ordered.stderr
        cancelled = call("oneoffice", "order.cancel", "-p", "id=ORD-C1", "--yes", *urls, config_dir=tmp_path)
        assert cancelled.returncode == 0, cancelled.stderr
        assert json.loads(cancelled.stdout)["status"] == "cancelled"
        bodies = [sent_json(r) for r in data_requests(sandbox, "oneoffice")]
    assert bodies == [
        {
            "method": "createCustomer",
            "params": {
                "id": "CONTRACT",
                "name": "Contract Ltd",
                "admin": {"email": "ops@contract.example", "displayName": "Ops"},
            },
        },
        {
            "method": "createFirstOrder",
            "params": {
                "customer": "CONTRACT",
                "id": "ORD-C1",
                "product": "oo-lite",
                "licenses": 2,
                "duration": "monthly",
            },
        },
        {"method": "cancelOrder", "params": {"id": "ORD-C1"}},
    ]


def test_oneoffice_help_shows_the_names_a_script_uses(tmp_path):
    result = call("oneoffice", "order.create_renewal", "--help", config_dir=tmp_path)
    assert result.returncode == 0
    assert re.search(r"^  parent\s", result.stdout, re.M)
    assert not re.search(r"^  params\.", result.stdout, re.M)  # the names; "as params.id" says where


# --- 2. IQ Reseller's session ids ---------------------------------------------------------------------


def test_session_start_prints_the_answer_without_the_live_token_and_ends_that_session(tmp_path):
    with served("iqreseller") as (sandbox, urls):
        result = call("iqreseller", "session.start", *urls, config_dir=tmp_path)
        journal = data_requests(sandbox, "iqreseller")
    assert result.returncode == 0, result.stderr
    start, end = journal
    assert (start.method, start.path.endswith(SESSION)) == ("POST", True)
    assert (end.method, end.path.endswith(SESSION)) == ("DELETE", True)
    token = end.headers["authorization"].removeprefix("Bearer ")
    assert json.loads(result.stdout) == {"Data": "[redacted]"}
    assert token not in result.stdout + result.stderr
    written = [path.read_text(errors="ignore") for path in tmp_path.rglob("*") if path.is_file()]
    assert not any(token in text for text in written)  # nor stored (settings, logs, history)


def test_session_end_without_a_session_sends_nothing_and_succeeds(tmp_path):
    with served("iqreseller") as (sandbox, urls):
        result = call("iqreseller", "session.end", *urls, config_dir=tmp_path)
        journal = data_requests(sandbox, "iqreseller")
    assert result.returncode == 0, result.stderr
    assert journal == []
    assert json.loads(result.stdout) is None


# --- 3. nothing added, nothing invented ---------------------------------------------------------------


def test_corp_user_create_sends_only_the_keys_given(tmp_path):
    body = {"CorporationId": "CORP-2001", "FirstName": "Lena", "LastName": "Okoro"}
    with served("inszoom") as (sandbox, urls):
        result = call("inszoom", "corp_user.create", "--body", json.dumps(body), *urls, config_dir=tmp_path)
        sent = data_requests(sandbox, "inszoom", sign_in="/Auth")
    assert result.returncode == 0, result.stderr
    assert [sent_json(r) for r in sent] == [body]


@pytest.mark.parametrize(
    ("operation", "missing"),
    [
        ("company_contacts.list", "modified_since"),
        ("case_contacts.list", "modified_since"),
        ("contacts.list", "fields"),
    ],
)
def test_iinsight_mandatory_parameters_are_never_filled_in(tmp_path, operation, missing):
    result = call("iinsight", operation, "--url", f"api={CLOSED_PORT_URL}", config_dir=tmp_path)
    assert result.returncode == 2, result.stdout
    assert missing in error_of(result)["fields"]
    assert missing in result.stderr


# --- 4. unknown parameters: sent where the vendor's shape is open, refused elsewhere -----------------


def test_iqreseller_call_sends_the_parameters_of_the_method_it_names(tmp_path):
    with served("iqreseller") as (sandbox, urls):
        result = call(
            "iqreseller",
            "call",
            *params("area=CV", "method=GetCVs", "Page=2", "PageSize=10"),
            *urls,
            config_dir=tmp_path,
        )
        calls = [r for r in data_requests(sandbox, "iqreseller", sign_in=SESSION)]
    assert result.returncode == 0, result.stderr
    assert [sent_json(r) for r in calls] == [{"Page": 2, "PageSize": 10}]
    assert len(json.loads(result.stdout)) == 10


@pytest.mark.parametrize(
    ("vendor", "args", "named"),
    [
        ("pgi", ["client.get", "-p", "clientId=10863894", "-p", "verbose=1"], "verbose"),
        ("oneoffice", ["order.cancel", "-p", "id=ORD-1", "-p", "reason=late"], "reason"),
        ("iinsight", ["contacts.details", "-p", "case_id=1", "-p", "contact_id=101", "-p", "Case=1"], "Case"),
        ("iqreseller", ["cv.list", "-p", "Page=1", "-p", "PageSize=10", "-p", "Sort=Name"], "Sort"),
    ],
)
def test_an_unknown_parameter_is_refused_by_name_before_anything_is_sent(tmp_path, vendor, args, named):
    hosts = ["signin", "api"] if vendor == "iqreseller" else ["api"]
    urls = [a for host in hosts for a in ("--url", f"{host}={CLOSED_PORT_URL}")]
    result = call(vendor, *args, *urls, config_dir=tmp_path)
    assert result.returncode == 2, result.stdout
    assert named in result.stderr
    assert named in error_of(result)["fields"]


# --- 5. INSZoom's open record bodies ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "body"),
    [
        (
            "headquarter.create",
            {
                "HeadquarterName": "Northwind Holdings",
                "Email": "hq@northwind.example",
                "EstablishedDate": "1999-04-01",
            },
        ),
        ("passport.create", {"ClientId": "CL-10001", "PassportNumber": "X1234567", "CountryId": "IN"}),
        (
            "visa.create",
            {"ClientId": "CL-10001", "CountryId": "US", "VisaType": "H-1B", "ExpiryDate": "2030-01-31"},
        ),
    ],
)
def test_inszoom_extra_pascalcase_keys_reach_the_wire_as_typed(tmp_path, operation, body):
    with served("inszoom") as (sandbox, urls):
        result = call("inszoom", operation, "--body", json.dumps(body), *urls, config_dir=tmp_path)
        sent = data_requests(sandbox, "inszoom", sign_in="/Auth")
    assert result.returncode == 0, result.stderr
    assert [sent_json(r) for r in sent] == [body]


def test_inszoom_extra_keys_given_with_p_are_sent_as_text(tmp_path):
    with served("inszoom") as (sandbox, urls):
        result = call(
            "inszoom",
            "client.update",
            *params("clientId=CL-10001", "PreferredName=Pri", "VisaExpiryDate="),
            *urls,
            config_dir=tmp_path,
        )
        sent = data_requests(sandbox, "inszoom", sign_in="/Auth")
    assert result.returncode == 0, result.stderr
    assert [sent_json(r) for r in sent] == [{"PreferredName": "Pri", "VisaExpiryDate": ""}]


@pytest.mark.parametrize(
    ("body", "named", "sentence"),
    [
        ({"HeadquarterName": "N", "EstablishedDate": "01/04/1999"}, "EstablishedDate", "YYYY-MM-DD"),
        ({"HeadquarterName": "N", "BillingEmail": "not an address"}, "BillingEmail", "email address"),
        ({"HeadquarterName": "N", "billing_code": "7"}, "billing_code", "PascalCase"),
    ],
)
def test_inszoom_extra_keys_still_follow_the_documents_rules(tmp_path, body, named, sentence):
    result = call(
        "inszoom",
        "headquarter.create",
        "--body",
        json.dumps(body),
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2, result.stdout
    fields = error_of(result)["fields"]
    assert named in fields and sentence in fields[named]


def test_inszoom_create_help_says_extra_keys_go_as_typed(tmp_path):
    result = call("inszoom", "visa.create", "--help", config_dir=tmp_path)
    assert result.returncode == 0
    assert "go to INSZoom as typed" in result.stdout


# --- 6. JSON that cannot be sent; answers of the wrong shape ------------------------------------------


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_json_that_cannot_be_sent_is_refused_before_sending(tmp_path, value):
    urls = ["--url", f"signin={CLOSED_PORT_URL}", "--url", f"api={CLOSED_PORT_URL}"]
    result = call(
        "iqreseller",
        "call",
        *params("area=CV", "method=GetCV"),
        "--body",
        f'{{"CVID": {value}}}',
        *urls,
        config_dir=tmp_path,
    )
    assert result.returncode == 2, result.stdout
    assert value.lstrip("-") in result.stderr
    assert "JSON" in result.stderr


@contextmanager
def vendor_answering(answer) -> Iterator[str]:
    """A stand-in vendor on loopback that signs anyone in and answers every call with ``answer`` (200).

    The simulators answer only what their documents describe, so a wrong-shaped answer needs its own."""

    async def reply(request: Request) -> Response:
        if request.url.path.endswith("/Auth"):  # INSZoom's sign-in
            return JSONResponse({"Token": "stand-in-token", "ValidityInMinutes": 5})
        if request.url.path.endswith(SESSION):  # IQ Reseller's session, started and ended
            return JSONResponse({"Data": "stand-in-session"}) if request.method == "POST" else Response()
        return JSONResponse(answer)

    app = Starlette(routes=[Route("/{path:path}", reply, methods=["GET", "POST", "DELETE", "PUT"])])
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets that say they are TCP, and
    # with Nagle on every answer waited 40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.mark.parametrize(
    ("vendor", "args", "answer", "sentence"),
    [
        ("pgi", ["client.get", "-p", "clientId=1"], [1], "PGi answered something that is not a client."),
        ("pgi", ["client.get", "-p", "clientId=1"], "1", "PGi answered something that is not a client."),
        ("inszoom", ["passport.get", "-p", "clientId=CL-1"], {"PassportId": "P"}, "not a list of passports"),
        ("iqreseller", ["cv.list", "-p", "Page=1", "-p", "PageSize=5"], {"CVID": 1}, "not a list of CVs"),
    ],
)
def test_an_answer_of_the_wrong_shape_is_an_error_that_says_so(tmp_path, vendor, args, answer, sentence):
    with vendor_answering(answer) as origin:
        hosts = ["signin", "api"] if vendor == "iqreseller" else ["api"]
        urls = [a for host in hosts for a in ("--url", f"{host}={origin}")]
        env = {
            "pgi": {"SWITCHBOARD_PGI_API_KEY": "stand-in-key"},
            "inszoom": {
                "SWITCHBOARD_INSZOOM_AUTHORIZATION_KEY": "a-key",
                "SWITCHBOARD_INSZOOM_SUBSCRIPTION_KEY": "s-key",
            },
            "iqreseller": {"SWITCHBOARD_IQRESELLER_API_KEY": "stand-in-key"},
        }[vendor]
        result = call(vendor, *args, "--env", "production", *urls, env=env, config_dir=tmp_path)
    assert result.returncode == 1, result.stdout
    assert sentence in result.stderr
    assert error_of(result)["kind"] == "remote"
