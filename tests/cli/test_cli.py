"""``python -m app call`` as scripts use it: real processes against the sandbox served on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.loopback import serve_sandbox

ACTIVE_CLIENT = "10863894"
CLOSED_PORT_URL = "http://127.0.0.1:9"  # nothing listens: anything sent there fails as a network error


@pytest.fixture(scope="module")
def sandbox() -> Iterator[dict[str, str]]:
    with serve_sandbox() as served:
        yield served


def call(*args: str, env: dict[str, str] | None = None, config_dir=None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment["SWITCHBOARD_NO_KEYRING"] = "1"
    if config_dir is not None:
        environment["SWITCHBOARD_CONFIG_DIR"] = str(config_dir)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "app", "call", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def pgi(sandbox, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return call("pgi", *args, "--url", f"api={sandbox['pgi api']}", **kwargs)


def error_of(result: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(result.stdout)["error"]


def test_list_names_every_vendor_and_operation(tmp_path):
    result = call("--list", config_dir=tmp_path)
    assert result.returncode == 0
    assert "pgi  client.provision" in result.stdout
    assert "Set up a conference account" in result.stdout
    assert "clientId*" in result.stdout
    for vendor in ("inszoom", "iinsight", "oneoffice", "iqreseller"):
        assert vendor in result.stdout


def test_operation_help_lists_fields_types_and_help(tmp_path):
    result = call("pgi", "client.provision", "--help", config_dir=tmp_path)
    assert result.returncode == 0
    assert "POST /provisioning/client/provision" in result.stdout
    assert "contact.state" in result.stdout
    assert "Required for contacts in the United States." in result.stdout
    assert "client.email               email" in result.stdout


def test_success_prints_the_vendors_json(sandbox, tmp_path):
    result = pgi(sandbox, "client.get", "-p", f"clientid={ACTIVE_CLIENT}", config_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["clientId"] == int(ACTIVE_CLIENT)


def test_provision_from_a_body_deactivate_and_reactivate(sandbox, tmp_path):
    body = {
        "company": {"externalId": 8801, "name": "Harbour Physio"},
        "client": {"externalId": 9901, "first": "Ana", "last": "Silva", "email": "ana@harbour.example"},
        "contact": {"country": "Canada", "state": "Ontario"},
    }
    provisioned = pgi(sandbox, "client.provision", "--body", json.dumps(body), config_dir=tmp_path)
    assert provisioned.returncode == 0, provisioned.stderr
    client_id = str(json.loads(provisioned.stdout)["data"]["clientId"])
    again = pgi(sandbox, "client.provision", "--body", json.dumps(body), config_dir=tmp_path)
    assert json.loads(again.stdout) == json.loads(provisioned.stdout)
    for operation in ("client.deactivate", "client.reactivate"):
        result = pgi(sandbox, operation, "-p", f"clientId={client_id}", config_dir=tmp_path)
        assert result.returncode == 0
        assert json.loads(result.stdout) == {"status": "success"}


def test_remote_error_exits_1_with_the_vendors_message(sandbox, tmp_path):
    result = pgi(sandbox, "client.get", "-p", "clientId=99999999", config_dir=tmp_path)
    assert result.returncode == 1
    error = error_of(result)
    assert error["kind"] == "remote" and error["status"] == 404
    assert "99999999" in error["message"]
    assert result.stderr.strip() == error["message"]


def test_server_fault_exits_1(sandbox, tmp_path):
    origin = sandbox["pgi api"].removesuffix("/pgi/api")
    httpx.post(f"{origin}/_control/pgi", json={"fail_next": {"count": 1, "status": 500}}, timeout=10)
    result = pgi(sandbox, "client.get", "-p", f"clientId={ACTIVE_CLIENT}", config_dir=tmp_path)
    assert result.returncode == 1
    assert error_of(result)["status"] == 500


def test_validation_error_exits_2_and_sends_nothing(tmp_path):
    body = {
        "company": {"externalId": 1, "name": "A"},
        "client": {"externalId": 2, "first": "A", "last": "B", "email": "a@b.co"},
        "contact": {"country": "United States"},
    }
    # Pointed at a closed port: had anything been sent, this would be a network error (exit 4).
    result = call(
        "pgi",
        "client.provision",
        "--body",
        json.dumps(body),
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2
    error = error_of(result)
    assert error["kind"] == "validation"
    assert error["fields"] == {"contact.state": "State is required for contacts in the United States."}
    assert "contact.state" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nosuchvendor", "x.y"], "Unknown or unavailable vendor"),
        (["pgi", "client.nothing"], "has no operation"),
        (["pgi", "client.get", "--env", "uat"], "has no environment"),
        (["pgi", "client.get", "-p", "clientId"], "KEY=VALUE"),
        (["pgi", "client.get", "--body", "{oops"], "--body is not valid JSON"),
        (["pgi", "client.provision", "--body", '{"company": {"colour": "red"}}'], "company.colour"),
        (["pgi", "client.get", "-p", "clientId=1", "--all-pages"], "not a paginated list"),
        (["pgi", "client.get", "--url", "signin=http://x"], "Unknown host"),
        (["pgi", "client.get"], "PGi client id is required."),
    ],
)
def test_usage_errors_exit_2_before_anything_is_sent(tmp_path, args, expected):
    result = call(*args, "--url", f"api={CLOSED_PORT_URL}", config_dir=tmp_path)
    assert result.returncode == 2, result.stdout
    assert expected in json.loads(result.stdout)["error"]["message"]
    assert expected in result.stderr


def test_refused_key_exits_3_and_never_shows_the_key(sandbox, tmp_path):
    result = pgi(
        sandbox,
        "client.get",
        "-p",
        f"clientId={ACTIVE_CLIENT}",
        env={"SWITCHBOARD_PGI_API_KEY": "wrong-key-123"},
        config_dir=tmp_path,
    )
    assert result.returncode == 3
    assert error_of(result)["kind"] == "auth"
    assert "wrong-key-123" not in result.stdout + result.stderr


def test_unreachable_vendor_exits_4(tmp_path):
    result = call(
        "pgi", "client.get", "-p", "clientId=1", "--url", f"api={CLOSED_PORT_URL}", config_dir=tmp_path
    )
    assert result.returncode == 4
    assert error_of(result)["kind"] == "network"


def test_default_sandbox_runs_in_process_with_the_demo_key(tmp_path):
    result = call("pgi", "client.get", "-p", f"clientId={ACTIVE_CLIENT}", config_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hub"]["hubId"]


def iinsight(sandbox, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return call("iinsight", *args, "--url", f"api={sandbox['iinsight api']}", **kwargs)


DUPLICATE_VALUES = [
    "case_id=1", "created_on=01-02-2026", "disabled=No", "bill_to=No", "bill_to_cc=No", "employer=No",
    "referrer=Yes", "company_name=Acme", "first_name=John", "last_name=Citizen", "phone1=(02) 5550 4321",
]  # fmt: skip
DUPLICATE_ARGS = [arg for value in DUPLICATE_VALUES for arg in ("-p", value)]


def test_all_pages_prints_one_array_of_every_record(sandbox, tmp_path):
    result = iinsight(
        sandbox,
        "company_contacts.list",
        "-p",
        "modified_since=1900-01-01",
        "--all-pages",
        config_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 1151
    assert len({row["contact_id"] for row in rows}) == 1151


def test_possible_duplicate_exits_5_and_lists_the_candidates(sandbox, tmp_path):
    result = iinsight(sandbox, "contacts.associate_to_case", *DUPLICATE_ARGS, config_dir=tmp_path)
    assert result.returncode == 5
    error = error_of(result)
    assert error["kind"] == "confirmation"
    assert {c["record_id"] for c in error["candidates"]} == {105, 106}


def test_yes_repeats_the_call_with_proceed_registration_anyway(sandbox, tmp_path):
    result = iinsight(sandbox, "contacts.associate_to_case", *DUPLICATE_ARGS, "--yes", config_dir=tmp_path)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["response"] == "Contact Associated"


def test_iinsight_validation_names_the_conditional_field(tmp_path):
    args = [arg for value in DUPLICATE_VALUES if not value.startswith("phone1=") for arg in ("-p", value)]
    result = call(
        "iinsight",
        "contacts.associate_to_case",
        *args,
        "--url",
        f"api={CLOSED_PORT_URL}",
        config_dir=tmp_path,
    )
    assert result.returncode == 2
    assert "phone1" in error_of(result)["fields"]


def test_a_setting_of_the_wrong_type_is_reset_and_said_once_while_the_call_works(sandbox, tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"version": 2, "timeout_s": "fast"}))
    result = pgi(sandbox, "client.get", "-p", f"clientId={ACTIVE_CLIENT}", config_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["clientId"] == int(ACTIVE_CLIENT)  # stdout is the vendor's JSON only
    told = [line for line in result.stderr.splitlines() if "back to their defaults" in line]
    assert len(told) == 1
    assert "Seconds to wait for a vendor to answer (timeout_s) must be a number" in told[0]


@pytest.mark.parametrize("flag", ["--help", "-h", "--version"])
def test_help_and_version_print_and_leave_without_a_window(flag):
    """IT asks these on machines with no screen: nothing may try to open one (no display here)."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    command = [sys.executable, "-m", "app", flag]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    if flag == "--version":
        from app import __version__

        assert done.stdout == f"Switchboard {__version__}\n"
    else:
        assert done.stdout.startswith("Usage:\n  python -m app ")
        assert "call VENDOR OPERATION" in done.stdout and "--version" in done.stdout
