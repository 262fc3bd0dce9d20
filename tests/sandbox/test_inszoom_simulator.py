"""The INSZoom simulator against the vendor document and ASSUMPTIONS.md (INSZoom sections)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import pytest

from app.sandbox.inszoom import DEMO_CREDENTIALS
from app.sandbox.inszoom.documents import make_pdf
from app.sandbox.registry import Sandbox, build_sandbox

pytestmark = pytest.mark.anyio

API = "/api/v1.0"
SUBSCRIPTION = {"Ocp-Apim-Subscription-Key": DEMO_CREDENTIALS["subscription_key"]}


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["inszoom"])


def _client(sandbox: Sandbox, origin: str | None = None) -> httpx.AsyncClient:
    urls = sandbox.base_urls(origin) if origin else sandbox.base_urls()
    assert sandbox.app is not None
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app), base_url=urls["inszoom"]["api"])


@pytest.fixture
async def client(sandbox: Sandbox, anyio_backend: str) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(sandbox) as http:
        yield http


async def _authenticate(http: httpx.AsyncClient) -> str:
    answer = await http.post(
        f"{API}/Auth", headers=SUBSCRIPTION, json={"AuthorizationKey": DEMO_CREDENTIALS["authorization_key"]}
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["Token"])


@pytest.fixture
async def headers(client: httpx.AsyncClient) -> dict[str, str]:
    return {**SUBSCRIPTION, "Authorization": f"Bearer {await _authenticate(client)}"}


class Api:
    """Short calls for the CRUD tests: method, path under /api/v1.0, optional JSON body."""

    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.http = http
        self.headers = headers

    async def __call__(self, method: str, path: str, body: Any = None) -> httpx.Response:
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs["json"] = body
        return await self.http.request(method, f"{API}/{path}", **kwargs)

    async def ok(self, method: str, path: str, body: Any = None) -> Any:
        answer = await self(method, path, body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def create(self, entity: str, body: dict[str, Any]) -> str:
        answer = await self.ok("POST", f"{entity}/Create", body)
        assert answer["Message"] == "Created"
        return str(answer["Id"])


@pytest.fixture
def api(client: httpx.AsyncClient, headers: dict[str, str]) -> Api:
    return Api(client, headers)


def _errors(answer: httpx.Response) -> dict[str, str]:
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["Message"] == "Validation failed"
    return dict(body["Errors"])


def _not_found(answer: httpx.Response, label: str) -> None:
    assert answer.status_code == 404, answer.text
    assert answer.json() == {"Message": f"{label} not found"}


# ---------------------------------------------------------------- authentication


async def test_auth_answers_a_token_valid_five_minutes(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        f"{API}/Auth", headers=SUBSCRIPTION, json={"AuthorizationKey": DEMO_CREDENTIALS["authorization_key"]}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"Token", "ValidityInMinutes"}
    assert body["ValidityInMinutes"] == 5 and body["Token"]


@pytest.mark.parametrize(
    ("subscription", "authorization"),
    [
        (DEMO_CREDENTIALS["subscription_key"], "wrong-key"),
        ("wrong-subscription", DEMO_CREDENTIALS["authorization_key"]),
        (None, DEMO_CREDENTIALS["authorization_key"]),
    ],
)
async def test_auth_refuses_bad_keys(
    client: httpx.AsyncClient, subscription: str | None, authorization: str
) -> None:
    sent = {"Ocp-Apim-Subscription-Key": subscription} if subscription else {}
    answer = await client.post(f"{API}/Auth", headers=sent, json={"AuthorizationKey": authorization})
    assert answer.status_code == 401
    assert answer.json() == {"Message": "Invalid authorization or subscription key."}


async def test_auth_without_authorization_key_is_refused(client: httpx.AsyncClient) -> None:
    answer = await client.post(f"{API}/Auth", headers=SUBSCRIPTION, json={})
    assert answer.status_code == 401


async def test_data_calls_need_subscription_key_and_token(client: httpx.AsyncClient, headers: dict) -> None:
    path = f"{API}/Client/Get/CL-10001"
    cases = {
        "no subscription": {"Authorization": headers["Authorization"]},
        "wrong subscription": {
            "Authorization": headers["Authorization"],
            "Ocp-Apim-Subscription-Key": "nope",
        },
        "no token": dict(SUBSCRIPTION),
        "unknown token": {**SUBSCRIPTION, "Authorization": "Bearer not-a-token"},
        "not bearer": {**SUBSCRIPTION, "Authorization": "Basic abc"},
    }
    for name, sent in cases.items():
        answer = await client.get(path, headers=sent)
        assert answer.status_code == 401, name
        assert answer.json()["Message"], name
    assert (await client.get(path, headers=headers)).status_code == 200


async def test_token_expires_after_its_validity(
    sandbox: Sandbox, client: httpx.AsyncClient, headers: dict
) -> None:
    path = f"{API}/Client/Get/CL-10001"
    sandbox.control("inszoom").advance(299)
    assert (await client.get(path, headers=headers)).status_code == 200
    sandbox.control("inszoom").advance(2)
    answer = await client.get(path, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"Message": "Token expired. Please re-authenticate."}
    fresh = {**SUBSCRIPTION, "Authorization": f"Bearer {await _authenticate(client)}"}
    assert (await client.get(path, headers=fresh)).status_code == 200


async def test_token_lifetime_knob_shortens_the_lifetime(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    control = sandbox.control("inszoom")
    control.token_lifetime_s = 10
    sent = {**SUBSCRIPTION, "Authorization": f"Bearer {await _authenticate(client)}"}
    control.advance(11)
    answer = await client.get(f"{API}/Client/Get/CL-10001", headers=sent)
    assert answer.json() == {"Message": "Token expired. Please re-authenticate."}


# ---------------------------------------------------------------- records


async def test_headquarter_crud(api: Api) -> None:
    new_id = await api.create(
        "Headquarter",
        {
            "HeadquarterId": "MINE",
            "HeadquarterName": "Contoso Group",
            "City": "Dublin",
            "ContactEmail": "a@b.ie",
        },
    )
    assert new_id != "MINE"  # ids are the server's
    record = await api.ok("GET", f"Headquarter/Get/{new_id}")
    assert record["HeadquarterId"] == new_id and record["HeadquarterName"] == "Contoso Group"
    assert (await api.ok("PUT", f"Headquarter/Update/{new_id}", {"City": "Cork"})) == {"Message": "Updated"}
    record = await api.ok("GET", f"Headquarter/Get/{new_id}")
    assert record["City"] == "Cork" and record["HeadquarterName"] == "Contoso Group"  # partial merge
    assert _errors(await api("POST", "Headquarter/Create", {"City": "Cork"})) == {
        "HeadquarterName": "Required"
    }
    assert "HeadquarterId" in _errors(
        await api("PUT", f"Headquarter/Update/{new_id}", {"HeadquarterId": "HQ-1001"})
    )
    assert (await api.ok("DELETE", f"Headquarter/Delete/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("GET", f"Headquarter/Get/{new_id}"), "Headquarter")
    _not_found(await api("PUT", "Headquarter/Update/HQ-9999", {"City": "X"}), "Headquarter")
    _not_found(await api("DELETE", "Headquarter/Delete/HQ-9999"), "Headquarter")


async def test_corporation_crud_and_links(api: Api) -> None:
    errors = _errors(
        await api("POST", "Corporation/Create", {"CorporationName": "Acme", "HeadquarterId": "HQ-9"})
    )
    assert list(errors) == ["HeadquarterId"]
    new_id = await api.create(
        "Corporation",
        {"CorporationName": "Acme Robotics", "HeadquarterId": "HQ-1001", "NumberOfEmployees": 40},
    )
    record = await api.ok("GET", f"Corporation/Get/{new_id}")
    assert record["HeadquarterId"] == "HQ-1001" and record["NumberOfEmployees"] == 40
    # A new corporation starts with the standard roles and no departments.
    roles = await api.ok("GET", f"INSZoomEntity/GetRoleIdList/{new_id}")
    assert {"HR Manager", "Hiring Manager"} <= {r["RoleName"] for r in roles}
    assert await api.ok("GET", f"INSZoomEntity/GetDepartmentList/{new_id}") == []
    errors = _errors(await api("PUT", f"Corporation/Update/{new_id}", {"NumberOfEmployees": "many"}))
    assert errors == {"NumberOfEmployees": "Must be a whole number"}
    assert await api.ok("PUT", f"Corporation/Update/{new_id}", {"IncorporationDate": "2020-02-29"})
    assert (await api.ok("DELETE", f"Corporation/Delete/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("GET", f"Corporation/Get/{new_id}"), "Corporation")
    # A headquarter or corporation still in use is not deleted.
    assert (await api("DELETE", "Headquarter/Delete/HQ-1001")).status_code == 409
    assert (await api("DELETE", "Corporation/Delete/CORP-2001")).status_code == 409


async def test_corp_user_crud(api: Api) -> None:
    departments = await api.ok("GET", "INSZoomEntity/GetDepartmentList/CORP-2002")
    body = {"CorporationId": "CORP-2002", "FirstName": "Ana", "LastName": "Lima", "Email": "ana@nw.example"}
    new_id = await api.create("CorpUser", {**body, "DepartmentId": departments[0]["DepartmentId"]})
    record = await api.ok("GET", f"CorpUser/Get/CORP-2002/{new_id}")
    assert record["FirstName"] == "Ana" and record["CorpUserId"] == new_id
    _not_found(await api("GET", f"CorpUser/Get/CORP-2001/{new_id}"), "Corp user")  # not that corporation's
    _not_found(await api("GET", f"CorpUser/Get/CORP-9999/{new_id}"), "Corporation")
    await api.ok("PUT", f"CorpUser/Update/CORP-2002/{new_id}", {"JobTitle": "HR Partner", "IsActive": False})
    record = await api.ok("GET", f"CorpUser/Get/CORP-2002/{new_id}")
    assert (
        record["JobTitle"] == "HR Partner"
        and record["IsActive"] is False
        and record["Email"] == "ana@nw.example"
    )
    errors = _errors(await api("PUT", f"CorpUser/Update/CORP-2002/{new_id}", {"CorporationId": "CORP-2001"}))
    assert "CorporationId" in errors
    other_department = (await api.ok("GET", "INSZoomEntity/GetDepartmentList/CORP-2001"))[0]["DepartmentId"]
    errors = _errors(
        await api("PUT", f"CorpUser/Update/CORP-2002/{new_id}", {"DepartmentId": other_department})
    )
    assert "DepartmentId" in errors
    assert set(_errors(await api("POST", "CorpUser/Create", {"FirstName": "X"}))) == {
        "CorporationId",
        "LastName",
    }
    _not_found(await api("DELETE", f"CorpUser/Delete/CORP-2001/{new_id}"), "Corp user")
    assert (await api.ok("DELETE", f"CorpUser/Delete/CORP-2002/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("GET", f"CorpUser/Get/CORP-2002/{new_id}"), "Corp user")


async def test_client_crud_and_validation(api: Api) -> None:
    body = {
        "FirstName": "Noor",
        "LastName": "Haddad",
        "DateOfBirth": "1993-07-01",
        "Email": "noor@example.com",
        "CorporationId": "CORP-2001",
        "Nationality": "Jordan",  # a key the simulator does not declare is kept
    }
    new_id = await api.create("Client", body)
    record = await api.ok("GET", f"Client/Get/{new_id}")
    assert record["ClientId"] == new_id and record["Nationality"] == "Jordan" and record["Documents"] == []
    await api.ok("PUT", f"Client/Update/{new_id}", {"JobTitle": "Analyst", "ClientId": new_id})
    record = await api.ok("GET", f"Client/Get/{new_id}")
    assert record["JobTitle"] == "Analyst" and record["FirstName"] == "Noor"

    assert set(_errors(await api("POST", "Client/Create", {"Email": "x@y.org"}))) == {"FirstName", "LastName"}
    errors = _errors(
        await api(
            "POST",
            "Client/Create",
            {
                "FirstName": "A",
                "LastName": "B",
                "DateOfBirth": "01/02/1990",
                "HireDate": "2023-02-30",
                "PersonalEmail": "not-an-email",
                "firstName": "camel",
                "CorporationId": "CORP-0",
            },
        )
    )
    assert set(errors) == {"DateOfBirth", "HireDate", "PersonalEmail", "firstName", "CorporationId"}
    assert "DateOfBirth" in _errors(await api("POST", "Client/Create", {**body, "DateOfBirth": "2999-01-01"}))
    assert _errors(await api("PUT", f"Client/Update/{new_id}", {"ClientId": "CL-10001"})) == {
        "ClientId": "Does not match the id in the path"
    }
    assert "LastName" in _errors(await api("PUT", f"Client/Update/{new_id}", {"LastName": ""}))
    _not_found(await api("GET", "Client/Get/CL-1"), "Client")
    _not_found(await api("PUT", "Client/Update/CL-1", {"JobTitle": "X"}), "Client")
    assert (await api.ok("DELETE", f"Client/Delete/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("DELETE", f"Client/Delete/{new_id}"), "Client")


async def test_client_delete_takes_its_records_along(sandbox: Sandbox, api: Api) -> None:
    store = sandbox.simulators["inszoom"].state
    await api.ok("DELETE", "Client/Delete/CL-10001")
    assert not [p for p in store.passports.values() if p["ClientId"] == "CL-10001"]
    assert not [c for c in store.cases.values() if c["ClientId"] == "CL-10001"]
    assert "DEP-4001" not in store.dependents and "DOC-8001" not in store.documents
    _not_found(await api("GET", "Passport/Get/CL-10001"), "Client")


async def test_dependent_crud(api: Api) -> None:
    new_id = await api.create(
        "Dependent",
        {"MainClientId": "CL-10002", "FirstName": "Lan", "LastName": "Zhang", "Relationship": "Spouse"},
    )
    assert (await api.ok("GET", f"Dependent/Get/{new_id}"))["MainClientId"] == "CL-10002"
    # Update names the record in the body; the path has no id.
    await api.ok("PUT", "Dependent/Update", {"DependentId": new_id, "DateOfBirth": "1989-03-04"})
    record = await api.ok("GET", f"Dependent/Get/{new_id}")
    assert record["DateOfBirth"] == "1989-03-04" and record["FirstName"] == "Lan"
    assert "DependentId" in _errors(await api("PUT", "Dependent/Update", {"FirstName": "X"}))
    _not_found(await api("PUT", "Dependent/Update", {"DependentId": "DEP-1"}), "Dependent")
    assert "MainClientId" in _errors(
        await api("PUT", "Dependent/Update", {"DependentId": new_id, "MainClientId": "CL-10003"})
    )
    assert "MainClientId" in _errors(
        await api("POST", "Dependent/Create", {"FirstName": "A", "LastName": "B"})
    )
    assert "MainClientId" in _errors(
        await api("POST", "Dependent/Create", {"MainClientId": "CL-1", "FirstName": "A", "LastName": "B"})
    )
    _not_found(await api("DELETE", f"Dependent/Delete/CL-10003/{new_id}"), "Dependent")
    assert (await api.ok("DELETE", f"Dependent/Delete/CL-10002/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("GET", f"Dependent/Get/{new_id}"), "Dependent")


async def test_passport_crud(api: Api) -> None:
    before = await api.ok("GET", "Passport/Get/CL-10003")
    assert isinstance(before, list) and before and all(p["ClientId"] == "CL-10003" for p in before)
    body = {"ClientId": "CL-10003", "PassportNumber": "FZ1234567", "IssueDate": "2024-05-01"}
    new_id = await api.create("Passport", {**body, "ExpiryDate": "2034-04-30", "IssuingCountry": "Brazil"})
    after = await api.ok("GET", "Passport/Get/CL-10003")
    assert [p["PassportId"] for p in after] == [p["PassportId"] for p in before] + [new_id]
    await api.ok("PUT", "Passport/Update", {"PassportId": new_id, "PlaceOfIssue": "Sao Paulo"})
    mine = next(p for p in await api.ok("GET", "Passport/Get/CL-10003") if p["PassportId"] == new_id)
    assert mine["PlaceOfIssue"] == "Sao Paulo" and mine["PassportNumber"] == "FZ1234567"
    assert "ExpiryDate" in _errors(await api("POST", "Passport/Create", {**body, "ExpiryDate": "2020-01-01"}))
    assert set(_errors(await api("POST", "Passport/Create", {"IssueDate": "2024-05-01"}))) == {
        "ClientId",
        "PassportNumber",
    }
    _not_found(await api("GET", "Passport/Get/CL-1"), "Client")
    _not_found(await api("DELETE", f"Passport/Delete/CL-10004/{new_id}"), "Passport")
    assert (await api.ok("DELETE", f"Passport/Delete/CL-10003/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("DELETE", f"Passport/Delete/CL-10003/{new_id}"), "Passport")


async def test_visa_crud(api: Api) -> None:
    body = {
        "ClientId": "CL-10004",
        "CountryId": "GB",
        "VisaType": "Standard Visitor",
        "ValidFrom": "2026-01-01",
    }
    new_id = await api.create("Visa", {**body, "ValidTo": "2026-06-30"})
    visas = await api.ok("GET", "Visa/Get/CL-10004")
    assert new_id in [v["VisaId"] for v in visas] and all(v["ClientId"] == "CL-10004" for v in visas)
    await api.ok("PUT", "Visa/Update", {"VisaId": new_id, "Status": "Expired"})
    mine = next(v for v in await api.ok("GET", "Visa/Get/CL-10004") if v["VisaId"] == new_id)
    assert mine["Status"] == "Expired" and mine["VisaType"] == "Standard Visitor"
    assert "ValidTo" in _errors(await api("POST", "Visa/Create", {**body, "ValidTo": "2025-12-31"}))
    assert "ValidFrom" in _errors(await api("POST", "Visa/Create", {**body, "ValidFrom": "2026-13-01"}))
    assert {"CountryId", "VisaType"} <= set(
        _errors(await api("POST", "Visa/Create", {"ClientId": "CL-10004"}))
    )
    assert "VisaId" in _errors(await api("PUT", "Visa/Update", {"Status": "Active"}))
    _not_found(await api("DELETE", f"Visa/Delete/CL-10004/{new_id}/US"), "Visa")  # wrong country
    _not_found(await api("DELETE", f"Visa/Delete/CL-10005/{new_id}/GB"), "Visa")  # wrong client
    assert (await api.ok("DELETE", f"Visa/Delete/CL-10004/{new_id}/GB")) == {"Message": "Deleted"}
    # The document's "Visa /Create" has a typo space; only the path without it exists.
    assert (await api("POST", "Visa /Create", body)).status_code == 404


async def test_case_crud(api: Api) -> None:
    signatories = await api.ok("GET", "INSZoomEntity/CaseSignatoryList/CORP-2001")
    managers = await api.ok("GET", "INSZoomEntity/GetCaseManagerList")
    new_id = await api.create(
        "Case",
        {
            "ClientId": "CL-10002",
            "PetitionId": "PET-US-EB2",
            "CaseManagerId": managers[0]["CaseManagerId"],
            "SignatoryId": signatories[0]["SignatoryId"],
            "PriorityDate": "2026-03-01",
        },
    )
    case = await api.ok("GET", f"Case/Get/{new_id}")
    assert case["CaseId"] == new_id and case["ClientId"] == "CL-10002"
    assert case["CorporationId"] == "CORP-2001"  # the client's employer by default
    assert case["CountryId"] == "US" and case["PetitionName"] == "I-140 EB-2 Advanced Degree"
    assert case["CaseStatus"] == "Open" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", case["OpenDate"])
    assert "PetitionId" in _errors(
        await api("POST", "Case/Create", {"ClientId": "CL-10002", "PetitionId": "PET-X"})
    )
    assert "CountryId" in _errors(
        await api(
            "POST", "Case/Create", {"ClientId": "CL-10002", "PetitionId": "PET-US-EB2", "CountryId": "GB"}
        )
    )
    foreign_signatory = (await api.ok("GET", "INSZoomEntity/CaseSignatoryList/CORP-2003"))[0]["SignatoryId"]
    errors = _errors(
        await api(
            "POST",
            "Case/Create",
            {"ClientId": "CL-10002", "PetitionId": "PET-US-EB2", "SignatoryId": foreign_signatory},
        )
    )
    assert "SignatoryId" in errors
    assert "ClientId" in _errors(await api("POST", "Case/Create", {"PetitionId": "PET-US-EB2"}))
    # The document has no Case Update.
    assert (await api("PUT", f"Case/Update/{new_id}", {"CaseStatus": "Filed"})).status_code == 404
    assert (await api.ok("DELETE", f"Case/Delete/{new_id}")) == {"Message": "Deleted"}
    _not_found(await api("GET", f"Case/Get/{new_id}"), "Case")
    _not_found(await api("DELETE", f"Case/Delete/{new_id}"), "Case")


async def test_seeded_ids_from_the_docstring(api: Api) -> None:
    assert (await api.ok("GET", "Client/Get/CL-10001"))["LastName"] == "Raman"
    assert (await api.ok("GET", "Headquarter/Get/HQ-1001"))["HeadquarterName"] == "Northwind Holdings, Inc."
    assert (await api.ok("GET", "CorpUser/Get/CORP-2001/CU-3001"))["LastName"] == "Foster"
    assert (await api.ok("GET", "Dependent/Get/DEP-4001"))["MainClientId"] == "CL-10001"
    assert (await api.ok("GET", "Passport/Get/CL-10001"))[0]["PassportId"] == "PP-5001"
    visa = (await api.ok("GET", "Visa/Get/CL-10001"))[0]
    assert visa["VisaId"] == "VISA-6001" and visa["CountryId"] == "US"
    case = await api.ok("GET", "Case/Get/CASE-7001")
    assert (
        case["ClientId"] == "CL-10001" and {"DocumentId": "DOC-8002"}.items() <= case["Documents"][0].items()
    )
    client = await api.ok("GET", "Client/Get/CL-10001")
    assert client["Documents"][0]["DocumentId"] == "DOC-8001"
    clients = [await api.ok("GET", f"Client/Get/CL-{10001 + n}") for n in range(40)]
    assert len({c["CountryOfCitizenship"] for c in clients}) >= 30


# ---------------------------------------------------------------- look-ups


async def test_single_lookups(api: Api) -> None:
    corporation = await api.ok("GET", "INSZoomEntity/GetCorporationId/CORP-2001")
    assert corporation == {"CorporationId": "CORP-2001", "CorporationName": "Northwind Software Inc."}
    headquarter = await api.ok("GET", "INSZoomEntity/GetHeadquarterId/HQ-1002")
    assert headquarter == {"HeadquarterId": "HQ-1002", "HeadquarterName": "Albion Group plc"}
    _not_found(await api("GET", "INSZoomEntity/GetCorporationId/CORP-1"), "Corporation")
    _not_found(await api("GET", "INSZoomEntity/GetHeadquarterId/HQ-1"), "Headquarter")


async def test_multiple_lookups_are_gets_with_a_json_array(api: Api) -> None:
    answer = await api.ok(
        "GET", "INSZoomEntity/GetCorporationId", ["CORP-2003", "NOPE", "CORP-2001", "CORP-2003"]
    )
    assert [c["CorporationId"] for c in answer] == ["CORP-2003", "CORP-2001"]
    assert set(answer[0]) == {"CorporationId", "CorporationName"}
    answer = await api.ok("GET", "INSZoomEntity/GetHeadquarterId", ["HQ-1001", "HQ-1003"])
    assert [h["HeadquarterName"] for h in answer] == [
        "Northwind Holdings, Inc.",
        "Maple Leaf Industries Ltd.",
    ]
    assert await api.ok("GET", "INSZoomEntity/GetHeadquarterId", ["HQ-0"]) == []
    for bad in ([], [1, 2], {"Ids": ["HQ-1001"]}, "HQ-1001"):
        assert _errors(await api("GET", "INSZoomEntity/GetHeadquarterId", bad))
    assert _errors(await api("GET", "INSZoomEntity/GetCorporationId"))  # no body at all
    sent = {**api.headers, "Content-Type": "text/plain"}
    answer = await api.http.request(
        "GET", f"{API}/INSZoomEntity/GetCorporationId", headers=sent, content=b'["x"]'
    )
    assert answer.status_code == 415


async def test_list_lookups(api: Api) -> None:
    departments = await api.ok("GET", "INSZoomEntity/GetDepartmentList/CORP-2001")
    assert departments and set(departments[0]) == {"DepartmentId", "DepartmentName"}
    assert "Engineering" in {d["DepartmentName"] for d in departments}
    roles = await api.ok("GET", "INSZoomEntity/GetRoleIdList/CORP-2001")
    assert roles and set(roles[0]) == {"RoleId", "RoleName"}
    for country, expected in {
        "US": "H-1B",
        "GB": "Skilled Worker",
        "CA": "LMIA",
        "AU": "482",
        "DE": "Blue Card",
    }.items():
        petitions = await api.ok("GET", f"INSZoomEntity/GetPetitionList/{country}")
        assert any(expected in p["PetitionName"] for p in petitions), country
        assert set(petitions[0]) == {"PetitionId", "PetitionName"}
    assert await api.ok("GET", "INSZoomEntity/GetPetitionList/ZZ") == []
    managers = await api.ok("GET", "INSZoomEntity/GetCaseManagerList")
    assert managers and set(managers[0]) == {"CaseManagerId", "CaseManagerName"}
    signatories = await api.ok("GET", "INSZoomEntity/CaseSignatoryList/CORP-2004")
    assert signatories and set(signatories[0]) == {"SignatoryId", "SignatoryName", "Title"}
    for path in ("GetDepartmentList", "GetRoleIdList", "CaseSignatoryList"):
        _not_found(await api("GET", f"INSZoomEntity/{path}/CORP-1"), "Corporation")


# ---------------------------------------------------------------- documents


async def test_document_download(sandbox: Sandbox, api: Api) -> None:
    answer = await api.ok("GET", "Documents/GetDocumentDownloadURL/DOC-8001")
    assert answer["DocumentId"] == "DOC-8001" and answer["FileName"] == "Passport_Priya_Raman.pdf"
    url = answer["DownloadUrl"]
    assert url.startswith(sandbox.base_urls()["inszoom"]["api"] + "/")
    # Fetched without INSZoom's headers: the file itself.
    async with _client(sandbox) as plain:
        file = await plain.get(url)
        assert file.status_code == 200
        assert file.content.startswith(b"%PDF-") and file.content.rstrip().endswith(b"%%EOF")
        assert file.headers["content-type"] == "application/pdf"
        assert 'filename="Passport_Priya_Raman.pdf"' in file.headers["content-disposition"]
        assert b"Priya Raman" in file.content
        # With INSZoom's headers: refused.
        for sent in (api.headers, SUBSCRIPTION, {"Authorization": api.headers["Authorization"]}):
            assert (await plain.get(url, headers=sent)).status_code == 403
        # A tampered or expired link: refused.
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        forged = urlunsplit(
            parts._replace(query=f"expires={int(query['expires'][0]) + 999}&sig={query['sig'][0]}")
        )
        assert (await plain.get(forged)).status_code == 403
        assert (await plain.get(url.split("?")[0])).status_code == 403
        sandbox.control("inszoom").advance(3600)
        expired = await plain.get(url)
        assert expired.status_code == 403 and "expired" in expired.json()["Message"]


async def test_document_url_follows_the_origin_it_was_asked_on(sandbox: Sandbox) -> None:
    origin = "http://127.0.0.1:8765"
    async with _client(sandbox, origin) as http:
        sent = {**SUBSCRIPTION, "Authorization": f"Bearer {await _authenticate(http)}"}
        answer = await http.get(f"{API}/Documents/GetDocumentDownloadURL/DOC-8002", headers=sent)
        url = answer.json()["DownloadUrl"]
        assert url.startswith(f"{origin}/inszoom/api/files/DOC-8002?")
        file = await http.get(url)
        assert file.status_code == 200 and file.content.startswith(b"%PDF")


async def test_unknown_document(api: Api) -> None:
    _not_found(await api("GET", "Documents/GetDocumentDownloadURL/DOC-1"), "Document")


def test_generated_pdf_has_a_consistent_cross_reference_table() -> None:
    pdf = make_pdf(["Passport scan — Priya Raman", "(a) line with \\ and ()"])
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[start:].startswith(b"xref\n0 6\n")
    offsets = re.findall(rb"(\d{10}) 00000 n", pdf[start:])
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)
    assert "—".encode("cp1252") in pdf  # WinAnsi em dash


# ---------------------------------------------------------------- wire details and fault knobs


async def test_routing_and_wire_errors(api: Api) -> None:
    missing = await api("GET", "Nothing/Here")
    assert missing.status_code == 404 and "Message" in missing.json()
    assert (await api("GET", "Client/Get/CL-10001/")).status_code == 404  # paths are exact
    assert (await api("GET", "client/get/CL-10001")).status_code == 404  # and case-sensitive
    wrong_method = await api("POST", "Client/Get/CL-10001", {})
    assert wrong_method.status_code == 405 and "Message" in wrong_method.json()
    assert _errors(await api("GET", "Client/Get/CL-10001?expand=all"))
    with_body = await api.http.request(
        "GET",
        f"{API}/Client/Get/CL-10001",
        headers={**api.headers, "Content-Type": "application/json"},
        content=b"{}",
    )
    assert _errors(with_body) == {"Body": "This operation takes no request body"}
    not_json = await api.http.post(
        f"{API}/Client/Create", headers={**api.headers, "Content-Type": "application/json"}, content=b"{oops"
    )
    assert _errors(not_json) == {"Body": "Not valid JSON"}
    assert _errors(await api("POST", "Client/Create", ["FirstName"])) == {"Body": "Send a JSON object"}
    no_type = await api.http.post(f"{API}/Client/Create", headers=api.headers, content=b'{"FirstName": "A"}')
    assert no_type.status_code == 415


async def test_fail_next_answers_the_vendor_error_shape(sandbox: Sandbox, api: Api) -> None:
    control = sandbox.control("inszoom")
    control.fail_next(1)
    failed = await api("GET", "Client/Get/CL-10001")
    assert failed.status_code == 500 and failed.json() == {"Message": "An error has occurred."}
    assert (await api("GET", "Client/Get/CL-10001")).status_code == 200
    control.fail_next(2, 503)
    for _ in range(2):
        answer = await api("GET", "Client/Get/CL-10001")
        assert answer.status_code == 503 and answer.json()["Message"]
    assert (await api("GET", "Client/Get/CL-10001")).status_code == 200


async def test_malformed_next_truncates_the_body(sandbox: Sandbox, api: Api) -> None:
    sandbox.control("inszoom").malformed_next(1)
    answer = await api("GET", "Client/Get/CL-10001")
    assert answer.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        answer.json()
    assert (await api("GET", "Client/Get/CL-10001")).json()["ClientId"] == "CL-10001"


async def test_fault_knobs_reach_auth_too(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    sandbox.control("inszoom").fail_next(1, 401)
    answer = await client.post(
        f"{API}/Auth", headers=SUBSCRIPTION, json={"AuthorizationKey": DEMO_CREDENTIALS["authorization_key"]}
    )
    assert answer.status_code == 401 and answer.json()["Message"]
