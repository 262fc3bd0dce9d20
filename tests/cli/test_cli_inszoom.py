"""``python -m app call inszoom …``: real processes against the INSZoom simulator served on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.cli.test_cli import CLOSED_PORT_URL, call, error_of
from tests.loopback import serve_sandbox

CLIENT = "CL-10001"  # seeded: Priya Raman (the simulator's module docstring)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[dict[str, str]]:
    with serve_sandbox("inszoom") as served:
        yield served


def inszoom(sandbox, *args: str, **kwargs):
    return call("inszoom", *args, "--url", f"api={sandbox['inszoom api']}", **kwargs)


def test_a_client_is_looked_up_by_its_path_id(sandbox, tmp_path):
    result = inszoom(sandbox, "client.get", "-p", f"clientId={CLIENT}", config_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    client = json.loads(result.stdout)
    assert (client["ClientId"], client["FirstName"], client["LastName"]) == (CLIENT, "Priya", "Raman")


def test_a_client_created_from_inszooms_own_json_can_be_read_back(sandbox, tmp_path):
    body = {
        "FirstName": "Ana",
        "LastName": "Silva",
        "CorporationId": "CORP-2001",
        "DateOfBirth": "1992-03-04",
        "Email": "ana.silva@northwind.example",
        "I94Number": "98765432101",
    }
    created = inszoom(sandbox, "client.create", "--body", json.dumps(body), config_dir=tmp_path)
    assert created.returncode == 0, created.stderr
    answer = json.loads(created.stdout)
    assert answer["Message"] == "Created"

    read = inszoom(sandbox, "client.get", "-p", f"clientId={answer['Id']}", config_dir=tmp_path)
    assert read.returncode == 0, read.stderr
    client = json.loads(read.stdout)
    assert {key: client[key] for key in body} == body


def test_several_corporations_are_looked_up_with_a_json_list(sandbox, tmp_path):
    result = inszoom(
        sandbox, "lookup.corporation_ids", "--body", '["CORP-2001","CORP-2002"]', config_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert [c["CorporationId"] for c in json.loads(result.stdout)] == ["CORP-2001", "CORP-2002"]


def test_an_unknown_client_exits_1_with_inszooms_message(sandbox, tmp_path):
    result = inszoom(sandbox, "client.get", "-p", "clientId=CL-99999", config_dir=tmp_path)
    assert result.returncode == 1
    error = error_of(result)
    assert (error["kind"], error["status"]) == ("remote", 404)
    assert error["message"].startswith("INSZoom says: ")


def test_inszooms_field_errors_reach_the_json_report(sandbox, tmp_path):
    body = {"FirstName": "Ana", "LastName": "Silva", "CorporationId": "CORP-9999"}
    result = inszoom(sandbox, "client.create", "--body", json.dumps(body), config_dir=tmp_path)
    assert result.returncode == 1
    error = error_of(result)
    assert error["status"] == 400
    assert set(error["fields"]) == {"CorporationId"}


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (
            ["client.create", "--body", '{"FirstName": "Ana", "DateOfBirth": "04-03-1992"}'],
            {"LastName", "DateOfBirth"},
        ),
        (["lookup.corporation_ids", "--body", '["CORP-2001", 2002]'], {"ids"}),
        (["lookup.headquarter_ids", "--body", "[]"], {"ids"}),
        (["visa.delete", "-p", "ClientId=CL-10001", "-p", "VisaId=VISA-6001"], {"CountryId"}),
        # A dot segment would be resolved away: DELETE .../Client/Delete/.. reaches .../Client.
        (["client.delete", "-p", "clientId=.."], {"clientId"}),
        (["client.delete", "-p", "clientId=."], {"clientId"}),
    ],
)
def test_validation_failures_exit_2_and_send_nothing(tmp_path, args, fields):
    # Pointed at a closed port: had anything been sent, this would be a network error (exit 4).
    result = call("inszoom", *args, "--url", f"api={CLOSED_PORT_URL}", config_dir=tmp_path)
    assert result.returncode == 2, result.stdout
    error = error_of(result)
    assert error["kind"] == "validation"
    assert set(error["fields"]) == fields


def test_operation_help_shows_the_documents_path_and_body_keys(tmp_path):
    result = call("inszoom", "visa.delete", "--help", config_dir=tmp_path)
    assert result.returncode == 0
    assert "DELETE /api/v1.0/Visa/Delete/{ClientId}/{VisaId}/{CountryId}" in result.stdout
    update = call("inszoom", "dependent.update", "--help", config_dir=tmp_path)
    assert "PUT /api/v1.0/Dependent/Update" in update.stdout
    assert "DependentId" in update.stdout and "required" in update.stdout
