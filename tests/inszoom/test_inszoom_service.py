"""INSZoom through the service layer against its simulator: every operation, checked on the wire."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from app.contract.errors import AuthError, RemoteError, ValidationError
from app.contract.spec import FieldKind, Location, ResultKind, fill
from app.core.prepare import prepare
from app.core.session import SessionState
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.vendors.inszoom.catalog import VENDOR, record_name
from tests.conftest import make_workspace

KEYS = demo_credentials("inszoom")
BASE = "/inszoom/api"
AUTH = "/api/v1.0/Auth"
DOCUMENTED_LIFETIME_S = 5 * 60
NO_BODY = object()  # the request must carry no body at all

# Seeded in the simulator (its module docstring).
CLIENT = "CL-10001"  # Priya Raman, CORP-2001
OTHER_CLIENT = "CL-10002"
CORPORATION = "CORP-2001"
HEADQUARTERS = "HQ-1001"
CORP_USER = "CU-3001"
DEPENDENT = "DEP-4001"  # of CL-10001
PASSPORT = "PP-5001"  # of CL-10001
VISA = "VISA-6001"  # of CL-10001, US
CASE = "CASE-7001"
DOCUMENT = "DOC-8001"


@pytest.fixture
def sandbox():
    return build_sandbox(["inszoom"])


@pytest.fixture
async def workspace(sandbox):
    workspace = make_workspace(sandbox)
    yield workspace
    await workspace.aclose()


@pytest.fixture
def inszoom(workspace):
    return workspace.service("inszoom")


def journal(sandbox) -> list:
    return list(sandbox.control("inszoom").journal)


def auth_calls(sandbox) -> list:
    return sandbox.control("inszoom").requests_to(AUTH, "POST")


def data_calls(sandbox) -> list:
    return [r for r in journal(sandbox) if not r.path.endswith(AUTH)]


def assert_wire(request, service, method: str, path: str, body: Any = NO_BODY) -> None:
    """Exactly the request the document describes, with the token and the subscription key."""
    assert (request.method, request.path, request.query) == (method, BASE + path, "")
    assert request.headers["authorization"] == f"Bearer {service.session.token.value}"
    assert request.headers["ocp-apim-subscription-key"] == KEYS["subscription_key"]
    if body is NO_BODY:
        assert request.body == b""
        assert "content-type" not in request.headers
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.body) == body


# --- every operation on the wire -------------------------------------------------------------------


@dataclass(frozen=True)
class Wire:
    """One operation: what the user gives, and what must go over the wire."""

    values: dict[str, Any]
    method: str
    path: str
    body: Any = NO_BODY
    # Created first (a headquarters or corporation still in use cannot be deleted): "NEW" in
    # values and path then stands for the new record's id.
    setup: tuple[str, dict[str, Any]] | None = None
    answer: Callable[[Any], bool] = field(default=lambda data: True)


NEW_PERSON = {"FirstName": "Ana", "LastName": "Silva"}

WIRE: dict[str, Wire] = {
    "client.get": Wire(
        {"clientId": CLIENT},
        "GET",
        f"/api/v1.0/Client/Get/{CLIENT}",
        answer=lambda d: d["FirstName"] == "Priya" and d["Documents"],
    ),
    "client.create": Wire(
        {**NEW_PERSON, "CorporationId": CORPORATION, "DateOfBirth": "1992-03-04", "Email": "ana@x.example"},
        "POST",
        "/api/v1.0/Client/Create",
        {**NEW_PERSON, "CorporationId": CORPORATION, "DateOfBirth": "1992-03-04", "Email": "ana@x.example"},
        answer=lambda d: d["Message"] == "Created" and d["Id"],
    ),
    "client.update": Wire(
        {
            "clientId": CLIENT,
            "JobTitle": "Staff Engineer",
            "StatusExpiryDate": "2027-06-30",
            "MiddleName": " ",
        },
        "PUT",
        f"/api/v1.0/Client/Update/{CLIENT}",
        {"JobTitle": "Staff Engineer", "StatusExpiryDate": "2027-06-30"},
        answer=lambda d: d == {"Message": "Updated"},
    ),
    "client.delete": Wire({"clientId": OTHER_CLIENT}, "DELETE", f"/api/v1.0/Client/Delete/{OTHER_CLIENT}"),
    "dependent.get": Wire(
        {"dependentId": DEPENDENT},
        "GET",
        f"/api/v1.0/Dependent/Get/{DEPENDENT}",
        answer=lambda d: d["MainClientId"] == CLIENT,
    ),
    "dependent.create": Wire(
        {**NEW_PERSON, "MainClientId": CLIENT, "Relationship": "Child"},
        "POST",
        "/api/v1.0/Dependent/Create",
        {**NEW_PERSON, "MainClientId": CLIENT, "Relationship": "Child"},
    ),
    "dependent.update": Wire(
        {"DependentId": DEPENDENT, "ImmigrationStatus": "H-4", "StatusExpiryDate": "2027-01-31"},
        "PUT",
        "/api/v1.0/Dependent/Update",
        {"DependentId": DEPENDENT, "ImmigrationStatus": "H-4", "StatusExpiryDate": "2027-01-31"},
    ),
    "dependent.delete": Wire(
        {"mainClientId": CLIENT, "dependentId": DEPENDENT},
        "DELETE",
        f"/api/v1.0/Dependent/Delete/{CLIENT}/{DEPENDENT}",
    ),
    "passport.get": Wire(
        {"clientId": CLIENT},
        "GET",
        f"/api/v1.0/Passport/Get/{CLIENT}",
        answer=lambda d: [p["PassportId"] for p in d] == [PASSPORT],
    ),
    "passport.create": Wire(
        {"ClientId": CLIENT, "PassportNumber": "Z1234567", "ExpiryDate": "2035-05-05", "IsPrimary": "no"},
        "POST",
        "/api/v1.0/Passport/Create",
        {"ClientId": CLIENT, "PassportNumber": "Z1234567", "ExpiryDate": "2035-05-05", "IsPrimary": False},
    ),
    "passport.update": Wire(
        {"PassportId": PASSPORT, "ExpiryDate": "2036-02-01", "IsPrimary": "true"},
        "PUT",
        "/api/v1.0/Passport/Update",
        {"PassportId": PASSPORT, "ExpiryDate": "2036-02-01", "IsPrimary": True},
    ),
    "passport.delete": Wire(
        {"clientId": CLIENT, "passportId": PASSPORT},
        "DELETE",
        f"/api/v1.0/Passport/Delete/{CLIENT}/{PASSPORT}",
    ),
    "visa.get": Wire(
        {"clientId": CLIENT},
        "GET",
        f"/api/v1.0/Visa/Get/{CLIENT}",
        answer=lambda d: [v["VisaId"] for v in d] == [VISA],
    ),
    "visa.create": Wire(
        {"ClientId": CLIENT, "CountryId": "GB", "VisaType": "Skilled Worker", "ValidFrom": "2026-01-01"},
        "POST",
        "/api/v1.0/Visa/Create",
        {"ClientId": CLIENT, "CountryId": "GB", "VisaType": "Skilled Worker", "ValidFrom": "2026-01-01"},
    ),
    "visa.update": Wire(
        {"VisaId": VISA, "Status": "Expired", "ValidTo": "2026-12-31"},
        "PUT",
        "/api/v1.0/Visa/Update",
        {"VisaId": VISA, "Status": "Expired", "ValidTo": "2026-12-31"},
    ),
    "visa.delete": Wire(
        {"ClientId": CLIENT, "VisaId": VISA, "CountryId": "US"},
        "DELETE",
        f"/api/v1.0/Visa/Delete/{CLIENT}/{VISA}/US",
    ),
    "case.get": Wire(
        {"caseId": CASE},
        "GET",
        f"/api/v1.0/Case/Get/{CASE}",
        answer=lambda d: d["ClientId"] == CLIENT,
    ),
    "case.create": Wire(
        {"ClientId": CLIENT, "PetitionId": "PET-US-L1A", "CountryId": "US", "OpenDate": "2026-02-02"},
        "POST",
        "/api/v1.0/Case/Create",
        {"ClientId": CLIENT, "PetitionId": "PET-US-L1A", "CountryId": "US", "OpenDate": "2026-02-02"},
    ),
    "case.delete": Wire({"caseId": CASE}, "DELETE", f"/api/v1.0/Case/Delete/{CASE}"),
    "headquarter.get": Wire(
        {"headquarterId": HEADQUARTERS},
        "GET",
        f"/api/v1.0/Headquarter/Get/{HEADQUARTERS}",
        answer=lambda d: d["HeadquarterName"] == "Northwind Holdings, Inc.",
    ),
    "headquarter.create": Wire(
        {"HeadquarterName": "Contoso Group", "ContactEmail": "hr@contoso.example", "City": "Leeds"},
        "POST",
        "/api/v1.0/Headquarter/Create",
        {"HeadquarterName": "Contoso Group", "ContactEmail": "hr@contoso.example", "City": "Leeds"},
    ),
    "headquarter.update": Wire(
        {"headquarterId": HEADQUARTERS, "Phone": "+1 206 555 0199"},
        "PUT",
        f"/api/v1.0/Headquarter/Update/{HEADQUARTERS}",
        {"Phone": "+1 206 555 0199"},
    ),
    "headquarter.delete": Wire(
        {"headquarterId": "NEW"},
        "DELETE",
        "/api/v1.0/Headquarter/Delete/NEW",
        setup=("headquarter.create", {"HeadquarterName": "Short-lived Holdings"}),
    ),
    "corporation.get": Wire(
        {"corporationId": CORPORATION},
        "GET",
        f"/api/v1.0/Corporation/Get/{CORPORATION}",
        answer=lambda d: d["HeadquarterId"] == HEADQUARTERS,
    ),
    "corporation.create": Wire(
        {"CorporationName": "Contoso Ltd", "HeadquarterId": HEADQUARTERS, "NumberOfEmployees": "120"},
        "POST",
        "/api/v1.0/Corporation/Create",
        {"CorporationName": "Contoso Ltd", "HeadquarterId": HEADQUARTERS, "NumberOfEmployees": 120},
    ),
    "corporation.update": Wire(
        {"corporationId": CORPORATION, "NAICSCode": "541511", "IncorporationDate": "2004-03-16"},
        "PUT",
        f"/api/v1.0/Corporation/Update/{CORPORATION}",
        {"NAICSCode": "541511", "IncorporationDate": "2004-03-16"},
    ),
    "corporation.delete": Wire(
        {"corporationId": "NEW"},
        "DELETE",
        "/api/v1.0/Corporation/Delete/NEW",
        setup=("corporation.create", {"CorporationName": "Short-lived Ltd"}),
    ),
    "corp_user.get": Wire(
        {"corporationId": CORPORATION, "corpUserId": CORP_USER},
        "GET",
        f"/api/v1.0/CorpUser/Get/{CORPORATION}/{CORP_USER}",
        answer=lambda d: d["LastName"] == "Foster",
    ),
    "corp_user.create": Wire(
        {**NEW_PERSON, "CorporationId": CORPORATION, "RoleId": "ROLE-203"},
        "POST",
        "/api/v1.0/CorpUser/Create",
        # Only what was given: the form shows "Active" ticked, and sends it; a script sends what it gives.
        {**NEW_PERSON, "CorporationId": CORPORATION, "RoleId": "ROLE-203"},
    ),
    "corp_user.update": Wire(
        {"corporationId": CORPORATION, "corpUserId": CORP_USER, "JobTitle": "Head of Mobility"},
        "PUT",
        f"/api/v1.0/CorpUser/Update/{CORPORATION}/{CORP_USER}",
        {"JobTitle": "Head of Mobility"},
    ),
    "corp_user.delete": Wire(
        {"corporationId": CORPORATION, "corpUserId": CORP_USER},
        "DELETE",
        f"/api/v1.0/CorpUser/Delete/{CORPORATION}/{CORP_USER}",
    ),
    "document.download_url": Wire(
        {"documentId": DOCUMENT},
        "GET",
        f"/api/v1.0/Documents/GetDocumentDownloadURL/{DOCUMENT}",
        answer=lambda d: d["DocumentId"] == DOCUMENT and d["DownloadUrl"].startswith("http"),
    ),
    "lookup.corporation_id": Wire(
        {"corporationId": CORPORATION},
        "GET",
        f"/api/v1.0/INSZoomEntity/GetCorporationId/{CORPORATION}",
        answer=lambda d: d == {"CorporationId": CORPORATION, "CorporationName": "Northwind Software Inc."},
    ),
    "lookup.corporation_ids": Wire(
        {"ids": '["CORP-2001", "CORP-2002", "CORP-9999"]'},
        "GET",
        "/api/v1.0/INSZoomEntity/GetCorporationId",
        ["CORP-2001", "CORP-2002", "CORP-9999"],
        answer=lambda d: [c["CorporationId"] for c in d] == ["CORP-2001", "CORP-2002"],
    ),
    "lookup.headquarter_id": Wire(
        {"headquarterId": HEADQUARTERS},
        "GET",
        f"/api/v1.0/INSZoomEntity/GetHeadquarterId/{HEADQUARTERS}",
        answer=lambda d: d["HeadquarterId"] == HEADQUARTERS,
    ),
    "lookup.headquarter_ids": Wire(
        {"ids": ["HQ-1001", "HQ-1003"]},
        "GET",
        "/api/v1.0/INSZoomEntity/GetHeadquarterId",
        ["HQ-1001", "HQ-1003"],
        answer=lambda d: [h["HeadquarterId"] for h in d] == ["HQ-1001", "HQ-1003"],
    ),
    "lookup.departments": Wire(
        {"corporationId": CORPORATION},
        "GET",
        f"/api/v1.0/INSZoomEntity/GetDepartmentList/{CORPORATION}",
        answer=lambda d: {"DepartmentId", "DepartmentName"} == set(d[0]),
    ),
    "lookup.roles": Wire(
        {"corporationId": CORPORATION},
        "GET",
        f"/api/v1.0/INSZoomEntity/GetRoleIdList/{CORPORATION}",
        answer=lambda d: {"RoleId", "RoleName"} == set(d[0]),
    ),
    "lookup.petitions": Wire(
        {"countryId": "US"},
        "GET",
        "/api/v1.0/INSZoomEntity/GetPetitionList/US",
        answer=lambda d: "PET-US-L1A" in {p["PetitionId"] for p in d},
    ),
    "lookup.case_managers": Wire(
        {},
        "GET",
        "/api/v1.0/INSZoomEntity/GetCaseManagerList",
        answer=lambda d: {"CaseManagerId", "CaseManagerName"} == set(d[0]),
    ),
    "lookup.case_signatories": Wire(
        {"CorpId": CORPORATION},
        "GET",
        f"/api/v1.0/INSZoomEntity/CaseSignatoryList/{CORPORATION}",
        answer=lambda d: {"SignatoryId", "SignatoryName", "Title"} == set(d[0]),
    ),
}


def test_the_wire_table_covers_every_operation_of_the_catalog():
    assert set(WIRE) == {operation.id for operation in VENDOR.operations}
    assert len(WIRE) == 41  # the ids ASSUMPTIONS.md names for INSZoom


@pytest.mark.anyio
@pytest.mark.parametrize("operation_id", list(WIRE))
async def test_every_operation_sends_exactly_the_documented_request(inszoom, sandbox, operation_id):
    case = WIRE[operation_id]
    values, path = case.values, case.path
    if case.setup is not None:
        new_id = (await inszoom.run(*case.setup)).data["Id"]
        values = {k: new_id if v == "NEW" else v for k, v in values.items()}
        path = path.replace("NEW", new_id)
    result = await inszoom.run(operation_id, values)
    assert result.status == 200
    assert case.answer(result.data)
    assert len(auth_calls(sandbox)) == 1
    assert_wire(data_calls(sandbox)[-1], inszoom, case.method, path, case.body)
    if VENDOR.operation(operation_id).method == "DELETE":
        assert result.data == {"Message": "Deleted"}


@pytest.mark.anyio
async def test_sign_in_posts_the_authorization_key_with_the_subscription_header(inszoom, sandbox):
    await inszoom.run("client.get", {"clientId": CLIENT})
    (auth,) = auth_calls(sandbox)
    assert (auth.path, auth.query) == (BASE + AUTH, "")
    assert auth.headers["ocp-apim-subscription-key"] == KEYS["subscription_key"]
    assert auth.headers["content-type"] == "application/json"
    assert "authorization" not in auth.headers
    assert json.loads(auth.body) == {"AuthorizationKey": KEYS["authorization_key"]}
    status = inszoom.session.status()
    assert status.state is SessionState.ACTIVE
    assert status.expires_at - status.started_at == DOCUMENTED_LIFETIME_S


# --- create → get → update → get → delete → 404, per record type -----------------------------------


@dataclass(frozen=True)
class RoundTrip:
    create: dict[str, Any]
    get: Callable[[str], dict[str, Any]]
    update: Callable[[str], dict[str, Any]] | None
    changed: dict[str, Any]  # what the update changes, as Get then answers it
    delete: Callable[[str], dict[str, Any]]
    id_key: str


ROUND_TRIPS = {
    "client": RoundTrip(
        {**NEW_PERSON, "CorporationId": CORPORATION, "CountryOfCitizenship": "Brazil", "I94Number": "123"},
        lambda new: {"clientId": new},
        lambda new: {"clientId": new, "ImmigrationStatus": "L-1A", "StatusExpiryDate": "2028-01-31"},
        {"ImmigrationStatus": "L-1A", "StatusExpiryDate": "2028-01-31"},
        lambda new: {"clientId": new},
        "ClientId",
    ),
    "dependent": RoundTrip(
        {**NEW_PERSON, "MainClientId": CLIENT, "Relationship": "Child", "DateOfBirth": "2019-09-09"},
        lambda new: {"dependentId": new},
        lambda new: {"DependentId": new, "ImmigrationStatus": "H-4"},
        {"ImmigrationStatus": "H-4"},
        lambda new: {"mainClientId": CLIENT, "dependentId": new},
        "DependentId",
    ),
    "passport": RoundTrip(
        {"ClientId": OTHER_CLIENT, "PassportNumber": "FX998877", "IssuingCountry": "Brazil"},
        lambda new: {"clientId": OTHER_CLIENT},
        lambda new: {"PassportId": new, "ExpiryDate": "2034-04-04"},
        {"ExpiryDate": "2034-04-04"},
        lambda new: {"clientId": OTHER_CLIENT, "passportId": new},
        "PassportId",
    ),
    "visa": RoundTrip(
        {"ClientId": OTHER_CLIENT, "CountryId": "CA", "VisaType": "Work Permit"},
        lambda new: {"clientId": OTHER_CLIENT},
        lambda new: {"VisaId": new, "EntryType": "Multiple", "ValidTo": "2029-12-31"},
        {"EntryType": "Multiple", "ValidTo": "2029-12-31"},
        lambda new: {"ClientId": OTHER_CLIENT, "VisaId": new, "CountryId": "CA"},
        "VisaId",
    ),
    "case": RoundTrip(
        {"ClientId": OTHER_CLIENT, "PetitionId": "PET-US-H1B-EXT", "CaseDescription": "Extension for Ana"},
        lambda new: {"caseId": new},
        None,
        {},
        lambda new: {"caseId": new},
        "CaseId",
    ),
    "headquarter": RoundTrip(
        {"HeadquarterName": "Contoso Group", "Country": "United Kingdom"},
        lambda new: {"headquarterId": new},
        lambda new: {"headquarterId": new, "Website": "https://contoso.example"},
        {"Website": "https://contoso.example"},
        lambda new: {"headquarterId": new},
        "HeadquarterId",
    ),
    "corporation": RoundTrip(
        {"CorporationName": "Contoso Ltd", "FEIN": "12-3456789", "NumberOfEmployees": "40"},
        lambda new: {"corporationId": new},
        lambda new: {"corporationId": new, "NumberOfEmployees": "45", "HeadquarterId": HEADQUARTERS},
        {"NumberOfEmployees": 45, "HeadquarterId": HEADQUARTERS},
        lambda new: {"corporationId": new},
        "CorporationId",
    ),
    "corp_user": RoundTrip(
        {**NEW_PERSON, "CorporationId": CORPORATION, "Email": "ana.silva@northwind.example"},
        lambda new: {"corporationId": CORPORATION, "corpUserId": new},
        lambda new: {"corporationId": CORPORATION, "corpUserId": new, "Phone": "+1 206 555 0142"},
        {"Phone": "+1 206 555 0142"},
        lambda new: {"corporationId": CORPORATION, "corpUserId": new},
        "CorpUserId",
    ),
}


def _the_record(data: Any, id_key: str, record_id: str) -> dict[str, Any] | None:
    """Get answers one record, or for passports and visas the client's list of them."""
    records = data if isinstance(data, list) else [data]
    return next((r for r in records if r.get(id_key) == record_id), None)


@pytest.mark.anyio
@pytest.mark.parametrize("kind", list(ROUND_TRIPS))
async def test_create_get_update_get_delete_then_gone(inszoom, kind):
    trip = ROUND_TRIPS[kind]
    created = (await inszoom.run(f"{kind}.create", trip.create)).data
    new = created["Id"]
    assert created["Message"] == "Created"

    record = _the_record((await inszoom.run(f"{kind}.get", trip.get(new))).data, trip.id_key, new)
    assert record is not None
    sent_as_text = {k: v for k, v in trip.create.items() if k != "NumberOfEmployees"}
    assert {k: record[k] for k in sent_as_text} == sent_as_text

    if trip.update is not None:
        assert (await inszoom.run(f"{kind}.update", trip.update(new))).data == {"Message": "Updated"}
        after = _the_record((await inszoom.run(f"{kind}.get", trip.get(new))).data, trip.id_key, new)
        assert after == {**record, **trip.changed}  # a partial merge: nothing else changed

    assert (await inszoom.run(f"{kind}.delete", trip.delete(new))).data == {"Message": "Deleted"}
    with pytest.raises(RemoteError) as caught:
        # Passports and visas are listed per client, so deleting again is what proves them gone.
        gone = (
            f"{kind}.delete" if VENDOR.operation(f"{kind}.get").result is ResultKind.LIST else f"{kind}.get"
        )
        await inszoom.run(gone, trip.delete(new) if gone.endswith("delete") else trip.get(new))
    assert caught.value.status == 404
    assert caught.value.message.startswith("INSZoom says: ")


@pytest.mark.anyio
async def test_update_sends_only_what_was_filled_in_and_the_id(inszoom, sandbox):
    await inszoom.run("dependent.update", {"DependentId": DEPENDENT, "Phone": "", "Email": "arun@x.example"})
    assert json.loads(data_calls(sandbox)[-1].body) == {"DependentId": DEPENDENT, "Email": "arun@x.example"}
    dependent = (await inszoom.run("dependent.get", {"dependentId": DEPENDENT})).data
    assert (dependent["FirstName"], dependent["Email"]) == ("Arun", "arun@x.example")


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_400_maps_inszooms_errors_to_the_fields(inszoom):
    with pytest.raises(RemoteError) as caught:
        await inszoom.run("client.create", {**NEW_PERSON, "CorporationId": "CORP-9999"})
    error = caught.value
    assert error.status == 400
    assert error.message == "INSZoom says: Validation failed."
    assert set(error.fields) == {"CorporationId"}
    assert VENDOR.operation("client.create").field("CorporationId")  # the form can show it there


@pytest.mark.anyio
async def test_a_400_on_update_names_the_field_too(inszoom):
    with pytest.raises(RemoteError) as caught:
        await inszoom.run("visa.update", {"VisaId": VISA, "ValidFrom": "2027-01-01", "ValidTo": "2026-01-01"})
    assert caught.value.status == 400
    assert "ValidTo" in caught.value.fields


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("operation_id", "values"),
    [
        ("client.get", {"clientId": "CL-99999"}),
        ("passport.get", {"clientId": "CL-99999"}),
        ("case.get", {"caseId": "CASE-0000"}),
        ("lookup.corporation_id", {"corporationId": "CORP-9999"}),
        # The parents in a Delete path must be the record's own.
        ("dependent.delete", {"mainClientId": OTHER_CLIENT, "dependentId": DEPENDENT}),
        ("visa.delete", {"ClientId": CLIENT, "VisaId": VISA, "CountryId": "GB"}),
    ],
)
async def test_unknown_records_are_a_404_in_inszooms_words(inszoom, operation_id, values):
    with pytest.raises(RemoteError) as caught:
        await inszoom.run(operation_id, values)
    assert caught.value.status == 404
    assert caught.value.message.startswith("INSZoom says: ")
    assert caught.value.message.endswith("not found.")


@pytest.mark.anyio
async def test_a_server_fault_is_a_remote_error_with_inszooms_message(inszoom, sandbox):
    await inszoom.sign_in()
    sandbox.control("inszoom").fail_next(1, 500)
    with pytest.raises(RemoteError) as caught:
        await inszoom.run("client.get", {"clientId": CLIENT})
    assert caught.value.status == 500
    assert caught.value.message.startswith("INSZoom had a problem on its side (status 500).")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("operation_id", "values", "field", "message"),
    [
        ("client.create", {"FirstName": "Ana"}, "LastName", "Last name is required."),
        ("client.create", {**NEW_PERSON, "DateOfBirth": "04-03-1992"}, "DateOfBirth", "Enter a date as"),
        ("client.create", {**NEW_PERSON, "Email": "ana-at-example"}, "Email", "Enter an email address"),
        ("headquarter.create", {"ContactEmail": "x"}, "HeadquarterName", "Headquarters name is required."),
        ("corp_user.create", NEW_PERSON, "CorporationId", "Corporation id is required."),
        ("dependent.create", NEW_PERSON, "MainClientId", "Main client id is required."),
        ("passport.create", {"ClientId": CLIENT}, "PassportNumber", "Passport number is required."),
        ("visa.create", {"ClientId": CLIENT, "VisaType": "B-1"}, "CountryId", "Country is required."),
        ("case.create", {"ClientId": CLIENT}, "PetitionId", "Petition type id is required."),
        (
            "corporation.create",
            {"CorporationName": "X", "NumberOfEmployees": "many"},
            "NumberOfEmployees",
            "Enter a whole number.",
        ),
        ("visa.update", {"VisaId": VISA, "ValidTo": "31/12/2026"}, "ValidTo", "Enter a date as YYYY-MM-DD."),
        ("dependent.update", {"FirstName": "Arun"}, "DependentId", "Dependent id is required."),
        ("client.update", {"FirstName": "Ana"}, "clientId", "Client id is required."),
        ("visa.delete", {"ClientId": CLIENT, "VisaId": VISA}, "CountryId", "Country is required."),
        ("lookup.corporation_ids", {}, "ids", "Corporation ids is required."),
        ("lookup.corporation_ids", {"ids": "[]"}, "ids", "Give one or more ids, separated by commas"),
        ("lookup.corporation_ids", {"ids": " , ;"}, "ids", "Give one or more ids, separated by commas"),
        # A pasted JSON list is taken as it is: its items must be id strings.
        ("lookup.headquarter_ids", {"ids": "[1001, 1002]"}, "ids", "Give one or more ids, separated by"),
        ("lookup.headquarter_ids", {"ids": '["HQ-1001", " "]'}, "ids", "Give one or more ids, separated by"),
        ("lookup.corporation_ids", {"ids": '["CORP-2001"'}, "ids", "This is not valid JSON"),
    ],
)
async def test_input_refused_before_anything_is_sent_not_even_a_sign_in(
    inszoom, sandbox, operation_id, values, field, message
):
    with pytest.raises(ValidationError) as caught:
        await inszoom.run(operation_id, values)
    assert caught.value.fields[field].startswith(message)
    assert journal(sandbox) == []


def test_the_list_rule_shows_an_example_of_that_look_up():
    with pytest.raises(ValidationError) as caught:
        prepare(VENDOR.operation("lookup.headquarter_ids"), {"ids": "[]"})
    assert "e.g. HQ-1001, HQ-1002." in caught.value.fields["ids"]


@pytest.mark.parametrize(
    "typed",
    ["CORP-2001, CORP-2002", "CORP-2001 CORP-2002", "CORP-2001;\nCORP-2002\n", '"CORP-2001", "CORP-2002"'],
)
def test_several_ids_are_typed_as_a_person_writes_them_and_sent_as_a_json_list(typed):
    request = prepare(VENDOR.operation("lookup.corporation_ids"), {"ids": typed})
    assert request.json_body == ["CORP-2001", "CORP-2002"]


# --- the token's lifetime ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_twenty_concurrent_requests_share_one_sign_in_even_after_the_token_expired(inszoom, sandbox):
    control = sandbox.control("inszoom")
    control.token_lifetime_s = 1
    control.latency_s = 0.01  # the requests overlap on the simulator too
    clients = [f"CL-{10001 + n}" for n in range(20)]

    first = await asyncio.gather(*(inszoom.run("client.get", {"clientId": c}) for c in clients))
    assert [r.data["ClientId"] for r in first] == clients
    assert len(auth_calls(sandbox)) == 1

    control.advance(2)  # the server now refuses the token the client still believes in
    again = await asyncio.gather(*(inszoom.run("client.get", {"clientId": c}) for c in clients))
    assert [r.data["ClientId"] for r in again] == clients
    assert len(auth_calls(sandbox)) == 2  # exactly one new sign-in for all twenty
    assert inszoom.session.status().state is SessionState.ACTIVE


@pytest.mark.anyio
async def test_a_token_that_expires_mid_work_is_renewed_once_and_the_call_goes_through(inszoom, sandbox):
    await inszoom.run("client.get", {"clientId": CLIENT})
    old_token = inszoom.session.token.value
    sandbox.control("inszoom").advance(DOCUMENTED_LIFETIME_S + 1)

    result = await inszoom.run("client.update", {"clientId": CLIENT, "WorkLocation": "Redmond"})

    assert result.data == {"Message": "Updated"}
    assert len(auth_calls(sandbox)) == 2
    refused, repeated = sandbox.control("inszoom").requests_to(f"/Client/Update/{CLIENT}")
    assert refused.headers["authorization"] == f"Bearer {old_token}"
    assert repeated.headers["authorization"] == f"Bearer {inszoom.session.token.value}"
    assert inszoom.session.token.value != old_token
    assert json.loads(refused.body) == json.loads(repeated.body) == {"WorkLocation": "Redmond"}


@pytest.mark.anyio
async def test_a_token_refused_again_after_signing_in_is_an_auth_error_not_a_loop(inszoom, sandbox):
    sandbox.control("inszoom").token_lifetime_s = -1  # every token is dead on arrival
    with pytest.raises(AuthError) as caught:
        await inszoom.run("case.get", {"caseId": CASE})
    assert "even after signing in again" in caught.value.message
    assert len(auth_calls(sandbox)) == 2
    assert len(data_calls(sandbox)) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("wrong", ["authorization_key", "subscription_key"])
async def test_wrong_keys_are_an_auth_error_that_does_not_show_them(sandbox, wrong):
    workspace = make_workspace(sandbox, sign_in_as_demo=False)
    for name, value in KEYS.items():
        workspace.credentials.set("inszoom", "sandbox", name, "not-the-key-4711" if name == wrong else value)
    service = workspace.service("inszoom")
    try:
        with pytest.raises(AuthError) as caught:
            await service.run("client.get", {"clientId": CLIENT})
    finally:
        await workspace.aclose()
    assert caught.value.message.startswith("INSZoom refused the keys")
    assert "not-the-key-4711" not in caught.value.message
    assert all(value not in caught.value.message for value in KEYS.values())
    assert data_calls(sandbox) == []
    assert service.session.status().state is SessionState.ERROR


# --- documents ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_download_link_is_fetched_without_inszoom_headers(inszoom, sandbox):
    link = (await inszoom.run("document.download_url", {"documentId": DOCUMENT})).data
    assert link["FileName"].endswith(".pdf")

    response = await inszoom.client.get(link["DownloadUrl"])

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    fetched = journal(sandbox)[-1]
    assert "authorization" not in fetched.headers
    assert "ocp-apim-subscription-key" not in fetched.headers


@pytest.mark.anyio
async def test_the_download_link_refuses_inszoom_headers(inszoom):
    link = (await inszoom.run("document.download_url", {"documentId": DOCUMENT})).data
    headers = {
        "Authorization": f"Bearer {inszoom.session.token.value}",
        "Ocp-Apim-Subscription-Key": KEYS["subscription_key"],
    }
    assert (await inszoom.client.get(link["DownloadUrl"], headers=headers)).status_code == 403


@pytest.mark.anyio
async def test_a_case_lists_its_documents_and_their_links_work(inszoom):
    case = (await inszoom.run("case.get", {"caseId": CASE})).data
    (document,) = case["Documents"]
    link = (await inszoom.run("document.download_url", {"documentId": document["DocumentId"]})).data
    assert (await inszoom.client.get(link["DownloadUrl"])).content.startswith(b"%PDF")


# --- naming records in later confirmations -----------------------------------------------------------


@pytest.mark.anyio
async def test_a_created_client_is_named_in_the_delete_confirmation(inszoom):
    values = {"FirstName": "Ana", "MiddleName": "", "LastName": "Silva"}
    created = await inszoom.run("client.create", values)
    new_id, name = record_name("client.create", values, created.data)
    assert (new_id, name) == (created.data["Id"], "Ana Silva")
    delete = VENDOR.operation("client.delete")
    sentence = fill(delete.confirm_text, {"clientId": f"{new_id} ({name})"})
    assert sentence.startswith(f"Delete client {new_id} (Ana Silva) from INSZoom?")


@pytest.mark.anyio
async def test_looked_up_records_are_named_too(inszoom):
    dependent = (await inszoom.run("dependent.get", {"dependentId": DEPENDENT})).data
    assert record_name("dependent.get", {"dependentId": DEPENDENT}, dependent) == (DEPENDENT, "Arun Raman")
    case = (await inszoom.run("case.get", {"caseId": CASE})).data
    assert record_name("case.get", {}, case) == (CASE, "H-1B Extension for Priya Raman")
    corporation = (await inszoom.run("lookup.corporation_id", {"corporationId": CORPORATION})).data
    assert record_name("lookup.corporation_id", {}, corporation) == (CORPORATION, "Northwind Software Inc.")


def test_record_name_names_nothing_it_cannot_name():
    assert record_name("passport.create", {"ClientId": CLIENT, "PassportNumber": "Z1"}, {"Id": "PP-1"}) == (
        "PP-1",
        "passport Z1",
    )
    assert record_name("case.create", {"ClientId": CLIENT}, {"Id": "CASE-1"}) is None  # no description
    assert record_name("client.update", {"clientId": CLIENT}, {"Message": "Updated"}) is None
    assert record_name("client.create", NEW_PERSON, {"Message": "Validation failed"}) is None
    assert record_name("passport.get", {"clientId": CLIENT}, [{"PassportId": PASSPORT}]) is None


# --- the catalog itself --------------------------------------------------------------------------------


def test_environments_and_credentials():
    assert VENDOR.default_environment.id == "sandbox"
    production = VENDOR.environment("production")
    assert production.production and production.hosts == {"api": ""}
    assert VENDOR.environment("sandbox").hosts == {"api": ""}
    assert [(c.name, c.secret) for c in VENDOR.credential_fields] == [
        ("authorization_key", True),
        ("subscription_key", True),
    ]
    assert VENDOR.make_auth().signs_in


def test_every_path_is_the_documents_and_every_placeholder_is_a_required_path_field():
    for operation in VENDOR.operations:
        assert operation.path.startswith("/api/v1.0/")
        assert " " not in operation.path
        placeholders = {f.name for f in operation.fields if f.location is Location.PATH}
        assert all(f.required for f in operation.fields if f.location is Location.PATH)
        assert {"{" + name + "}" for name in placeholders} == {
            part for part in operation.path.split("/") if part.startswith("{")
        }


def test_no_operation_has_two_fields_that_differ_only_in_case():
    # The CLI and the form match names ignoring case (-p clientid=...).
    for operation in VENDOR.operations:
        names = [f.name.lower() for f in operation.fields]
        assert len(names) == len(set(names)), operation.id


def test_reads_are_idempotent_and_deletes_ask_for_confirmation_naming_the_record():
    for operation in VENDOR.operations:
        if operation.method == "GET":
            assert operation.idempotent, operation.id
        if operation.method == "DELETE":
            assert operation.destructive and operation.done_text, operation.id
            for spec in operation.fields:
                assert "{" + spec.name + "}" in operation.confirm_text, operation.id
        else:
            assert not operation.destructive, operation.id


def test_updates_require_only_the_id_and_leave_yes_no_boxes_out_of_the_window():
    for operation in (o for o in VENDOR.operations if o.id.endswith(".update")):
        required = [f.name for f in operation.fields if f.required]
        assert required and all(name.lower().endswith("id") for name in required), operation.id
        assert all(f.default is None for f in operation.fields), operation.id
        for spec in operation.fields:
            assert spec.in_form is (spec.kind is not FieldKind.BOOLEAN), (operation.id, spec.name)
    assert VENDOR.operation("dependent.update").fields[0].location is Location.BODY


def test_dates_and_emails_follow_the_settled_key_rules():
    for operation in VENDOR.operations:
        for spec in operation.fields:
            if spec.location is not Location.BODY:
                continue
            if "Date" in spec.name or spec.name in ("ValidFrom", "ValidTo"):
                assert (spec.kind, spec.date_format) == (FieldKind.DATE, "YYYY-MM-DD"), spec.name
            if spec.name.endswith("Email"):
                assert spec.kind is FieldKind.EMAIL, spec.name


def test_list_answers_have_columns_and_categories_stay_together():
    for operation in VENDOR.operations:
        if operation.result is ResultKind.LIST:
            assert operation.columns, operation.id
    categories = [o.category for o in VENDOR.operations]
    order = list(dict.fromkeys(categories))
    assert order == [
        "Clients", "Dependents", "Passports", "Visas", "Cases", "Corporations", "Headquarters",
        "Corporation users", "Documents", "Look-ups",
    ]  # fmt: skip
    assert categories == sorted(categories, key=order.index)


def test_error_readers():
    assert VENDOR.error_message({"Message": "Client not found"}) == "Client not found"
    assert VENDOR.error_message(["not", "a", "dict"]) is None
    assert VENDOR.field_errors({"Message": "Validation failed", "Errors": {"Email": "Must be an email"}}) == {
        "Email": "Must be an email"
    }
    assert VENDOR.field_errors({"Message": "x"}) == {}


def test_drop_downs_come_from_look_ups_of_this_catalog_with_parameters_from_the_same_form():
    seen = set()
    for operation in VENDOR.operations:
        names = {f.name for f in operation.fields}
        for spec in (f for f in operation.fields if f.lookup is not None):
            source = VENDOR.operation(spec.lookup.operation)
            assert source.category == "Look-ups"
            assert {spec.lookup.value_key, spec.lookup.label_key} <= {key for key, _ in source.columns}
            assert set(spec.lookup.params) == {f.name for f in source.fields}
            assert set(spec.lookup.params.values()) <= names, (operation.id, spec.name)
            seen.add((operation.id, spec.name))
    assert ("corp_user.update", "RoleId") in seen
    assert VENDOR.operation("corp_user.update").field("RoleId").lookup.params == {
        "corporationId": "corporationId"
    }


def test_the_link_alone_stays_out_of_the_window_which_downloads_the_file_instead():
    assert not VENDOR.operation("document.download_url").listed
