"""``python -m app call`` for IQ Reseller and OneOffice: real processes against sandboxes on loopback."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from app.sandbox.registry import Sandbox, build_sandbox
from tests.cli.test_cli import CLOSED_PORT_URL, call, error_of
from tests.loopback import serve_sandbox

SESSION = "/api/IntegrationAPI/Session"
CV_COUNT = 340  # the simulator's seeded CVs (its module docstring)
# The contract's form: -p for the document's params, --body for the nested admin.
NEW_CUSTOMER_PARAMS = ["-p", "id=HOOLI", "-p", "name=Hooli XYZ"]
NEW_CUSTOMER = {"admin": {"email": "gavin@hooli.example", "phone": "555 0100", "displayName": "Gavin Belson"}}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[dict[str, str]]:
    with serve_sandbox("iqreseller", "oneoffice") as served:
        yield served


def iqreseller(sandbox, *args: str, **kwargs):
    urls = ["--url", f"signin={sandbox['iqreseller signin']}", "--url", f"api={sandbox['iqreseller api']}"]
    return call("iqreseller", *args, *urls, **kwargs)


def oneoffice(sandbox, *args: str, **kwargs):
    return call("oneoffice", *args, "--url", f"api={sandbox['oneoffice api']}", **kwargs)


@contextmanager
def sandbox_in_this_process(vendor: str) -> Iterator[tuple[Sandbox, str]]:
    """A simulator served on loopback from a thread here, so the test can read what it received.

    ``python -m app sandbox`` runs in another process whose journal the test cannot see.
    """
    sandbox = build_sandbox([vendor])
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets that say they are TCP, and
    # with Nagle on every answer waited 40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    origin = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(sandbox.app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the sandbox did not start"
        time.sleep(0.01)
    try:
        yield sandbox, origin
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_cv_list_all_pages_prints_every_cv(sandbox, tmp_path):
    result = iqreseller(sandbox, "cv.list", "--all-pages", config_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == CV_COUNT
    assert len({row["CVID"] for row in rows}) == CV_COUNT


def test_cv_list_one_page_and_another_method_through_call(sandbox, tmp_path):
    page = iqreseller(sandbox, "cv.list", "-p", "Page=4", "-p", "PageSize=100", config_dir=tmp_path)
    assert page.returncode == 0, page.stderr
    last = json.loads(page.stdout)
    assert len(last) == CV_COUNT - 300
    cv_id = str(last[0]["CVID"])
    one = iqreseller(
        sandbox,
        "call",
        "-p",
        "area=CV",
        "-p",
        "method=GetCV",
        "--body",
        f'{{"CVID": {cv_id}}}',
        config_dir=tmp_path,
    )
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["CVID"] == int(cv_id)


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["cv.list", "-p", "Page=1", "-p", "PageSize=3"], 0),
        (["call", "-p", "area=CV", "-p", "method=NoSuchMethod"], 1),
    ],
)
def test_a_call_ends_its_session_before_exit_also_after_an_error(tmp_path, args, exit_code):
    with sandbox_in_this_process("iqreseller") as (sandbox, origin):
        result = call(
            "iqreseller",
            *args,
            "--url",
            f"signin={origin}/iqreseller/signin",
            "--url",
            f"api={origin}/iqreseller/api",
            config_dir=tmp_path,
        )
        assert result.returncode == exit_code, result.stdout
        journal = list(sandbox.control("iqreseller").journal)
        start, data, end = journal
        assert (start.host, start.method, start.path) == ("signin", "POST", "/iqreseller/signin" + SESSION)
        token = data.headers["iqr-session-token"]
        assert (end.host, end.method, end.path) == ("signin", "DELETE", "/iqreseller/signin" + SESSION)
        assert end.headers["authorization"] == f"Bearer {token}"
        # The simulator agrees the session is over: the token no longer opens anything.
        after = httpx.post(
            f"{origin}/iqreseller/api/webapi.svc/CV/json/GetCVs",
            json={},
            headers={"iqr-session-token": token, "Accept": "application/json"},
            timeout=10,
        )
        assert after.status_code == 401


def test_call_without_a_method_is_refused_before_any_session(tmp_path):
    result = call(
        "iqreseller",
        "call",
        "-p",
        "area=CV",
        "--url",
        f"signin={CLOSED_PORT_URL}",
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2
    assert error_of(result)["fields"] == {"method": "Method is required."}


def test_oneoffice_create_customer_from_a_body_then_a_duplicate(sandbox, tmp_path):
    created = oneoffice(
        sandbox,
        "customer.create",
        *NEW_CUSTOMER_PARAMS,
        "--body",
        json.dumps(NEW_CUSTOMER),
        config_dir=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    customer = json.loads(created.stdout)
    assert (customer["remoteId"], customer["name"]) == ("HOOLI", "Hooli XYZ")
    again = oneoffice(
        sandbox,
        "customer.create",
        *NEW_CUSTOMER_PARAMS,
        "--body",
        json.dumps(NEW_CUSTOMER),
        config_dir=tmp_path,
    )
    assert again.returncode == 1
    error = error_of(again)
    assert (error["kind"], error["status"]) == ("remote", 409)
    assert again.stderr.strip() == error["message"] == "OneOffice says: Customer 'HOOLI' already exists."


def test_oneoffice_first_order_with_parameters(sandbox, tmp_path):
    params = ["customer=ACME", "id=CLI-ORDER-1", "product=erp-lim", "licenses=3", "duration=yearly"]
    result = oneoffice(
        sandbox, "order.create_first", *[a for p in params for a in ("-p", p)], config_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    order = json.loads(result.stdout)
    assert (order["id"], order["licenses"], order["status"]) == ("CLI-ORDER-1", 3, "active")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"id": "X", "name": "X"}, "admin.email: Administrator's email is required."),
        ({"method": "createCustomer", **NEW_CUSTOMER}, "does not take: method"),
        ({"params": {"id": "X", "name": "X", **NEW_CUSTOMER}}, "does not take: params."),
    ],
)
def test_oneoffice_body_mistakes_exit_2_and_send_nothing(tmp_path, body, expected):
    result = call(
        "oneoffice",
        "customer.create",
        "--body",
        json.dumps(body),
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2
    assert expected in result.stderr
