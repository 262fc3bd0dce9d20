"""The iinsight contacts simulator, driven over HTTP exactly as a client would drive it."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.sandbox.control import MALFORMED_BODY
from app.sandbox.iinsight import DEMO_CREDENTIALS
from app.sandbox.iinsight.store import Store
from app.sandbox.registry import Sandbox, build_sandbox

pytestmark = pytest.mark.anyio

COMPANY_CONTACT_KEYS = [
    "contact_id", "first_name", "last_name", "job_title", "company_id", "company_name", "email",
    "position", "department", "street", "postcode", "suburb", "state", "country", "phone1", "phone2",
    "fax", "mobile", "notes", "provider_no", "biller_id", "disabled",
]  # fmt: skip
CASE_CONTACT_KEYS = [
    "contact_id", "case", "company_name", "title", "first_name", "last_name", "position", "department",
    "street", "postcode", "suburb", "sublocality", "state", "country", "email", "phone1", "phone2", "fax",
    "mobile", "provider_no", "biller_id", "job_title", "notes", "disabled", "contact_role_bill_to",
    "contact_role_employer", "contact_role_referrer", "contact_role_bill_to_cc",
]  # fmt: skip
DETAILS_KEYS = [
    "company_id", "company_name", "title", "first_name", "last_name", "position", "job_title",
    "department", "provider_no", "biller_id", "street", "postcode", "suburb", "sublocality", "state",
    "country", "latitude", "longitude", "email", "phone1", "phone2", "fax", "mobile", "notes",
    "date_created", "date_disabled", "disabled", "contact_role_bill_to", "contact_role_employer",
    "contact_role_referrer", "contact_role_bill_to_cc",
]  # fmt: skip
ALL = {"modified_since": "1900-01-01"}


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["iinsight"])


@pytest.fixture
def store(sandbox: Sandbox) -> Store:
    return sandbox.simulators["iinsight"].state


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    base_url = sandbox.base_urls()["iinsight"]["api"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app), base_url=base_url) as c:
        yield c


@pytest.fixture
async def auth(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/auth/login", json=DEMO_CREDENTIALS)
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def get(client: httpx.AsyncClient, auth: dict[str, str], path: str, **params: Any) -> httpx.Response:
    return await client.get(path, params=params, headers=auth)


async def post(client: httpx.AsyncClient, auth: dict[str, str], path: str, **params: Any) -> httpx.Response:
    return await client.post(path, params=params, headers=auth)


def association(**overrides: Any) -> dict[str, Any]:
    """A valid associate_to_case query for a new contact, with ``overrides`` applied (None drops)."""
    params: dict[str, Any] = {
        "case_id": 1,
        "created_on": "15-07-2026",
        "disabled": "No",
        "bill_to_cc": "No",
        "bill_to": "No",
        "employer": "No",
        "referrer": "No",
        "company_name": "Parramatta Spinal Clinic",
        "first_name": "Grace",
        "last_name": "Okafor",
        "phone1": "(02) 5550 9876",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


# -- login and tokens ---------------------------------------------------------------------


async def test_login_answers_token_and_documented_lifetime(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/login", json=DEMO_CREDENTIALS)
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 3600
    assert isinstance(body["token"], str) and body["token"]


async def test_login_refuses_bad_credentials(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/login", json={"username": "demo.rehab", "password": "wrong"})
    assert response.status_code == 401
    assert response.json() == {"status": False, "message": "Invalid credentials"}


async def test_login_wants_a_json_body(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/login", data=DEMO_CREDENTIALS)  # form-encoded, not JSON
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    response = await client.post("/auth/login", json={"username": "demo.rehab"})
    assert response.json()["errors"] == {"password": "The password field is required"}


async def test_data_calls_need_a_known_bearer_token(client: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        response = await client.get("/api1/company_contacts", params={**ALL, "page": 1}, headers=headers)
        assert response.status_code == 401
        assert response.json() == {"status": False, "message": "Unauthenticated."}


async def test_token_expires_after_its_lifetime(
    sandbox: Sandbox, client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    assert (await get(client, auth, "/api1/company_contacts", **ALL, page=1)).status_code == 200
    sandbox.control("iinsight").advance(3601)
    response = await get(client, auth, "/api1/company_contacts", **ALL, page=1)
    assert response.status_code == 401
    assert response.json() == {"status": False, "message": "Token expired"}
    fresh = (await client.post("/auth/login", json=DEMO_CREDENTIALS)).json()["token"]
    response = await get(
        client, {"Authorization": f"Bearer {fresh}"}, "/api1/company_contacts", **ALL, page=1
    )
    assert response.status_code == 200


async def test_token_lifetime_knob(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    sandbox.control("iinsight").token_lifetime_s = 5
    assert (await client.post("/auth/login", json=DEMO_CREDENTIALS)).json()["expires_in"] == 5


# -- section 1: company contacts --------------------------------------------------------------


async def test_company_contacts_pages_of_100_until_an_empty_page(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await get(client, auth, "/api1/company_contacts", **ALL, page=page)
        assert response.status_code == 200
        rows = response.json()
        if not rows:
            break
        assert len(rows) <= 100
        seen.extend(rows)
        page += 1
    assert len(seen) >= 1000
    assert len({row["contact_id"] for row in seen}) == len(seen)
    assert len({row["company_id"] for row in seen}) >= 100
    assert list(seen[0]) == COMPANY_CONTACT_KEYS
    assert all(isinstance(row["contact_id"], str) and row["disabled"] in ("Yes", "No") for row in seen)
    assert {"Yes", "No"} <= {row["disabled"] for row in seen}
    past_end = await get(client, auth, "/api1/company_contacts", **ALL, page=page + 5)
    assert past_end.status_code == 200 and past_end.json() == []


async def test_company_contacts_seed_is_australian(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    rows = (await get(client, auth, "/api1/company_contacts", **ALL, page=1)).json()
    olivia = next(row for row in rows if row["contact_id"] == "101")
    assert olivia["company_name"] == "Southern Cross Workers Insurance"
    assert olivia["country"] == "Australia" and olivia["state"] == "New South Wales"
    assert olivia["phone1"].startswith("(02) ")
    assert len(olivia["postcode"]) == 4


async def test_company_contacts_validates_its_mandatory_parameters(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await get(client, auth, "/api1/company_contacts")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"modified_since", "page"}
    response = await get(client, auth, "/api1/company_contacts", modified_since="31-12-2022", page="0")
    assert response.json()["status"] is False
    assert set(response.json()["errors"]) == {"modified_since", "page"}
    response = await get(client, auth, "/api1/company_contacts", modified_since="2022-02-30", page="x")
    assert set(response.json()["errors"]) == {"modified_since", "page"}


async def test_modified_since_filters_on_each_records_modified_date(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    rows = (await get(client, auth, "/api1/company_contacts", modified_since="2024-01-01", page=1)).json()
    assert rows and all(store.contacts[int(r["contact_id"])].modified.year >= 2024 for r in rows)
    assert len({c.modified.year for c in store.contacts.values()}) >= 5  # spread over several years
    # Nothing seeded is newer than mid-2026; an API change is.
    assert (
        await get(client, auth, "/api1/company_contacts", modified_since="2026-07-01", page=1)
    ).json() == []
    created = (
        await post(client, auth, "/api1/contacts/new", company_name="Acme Pty Ltd", last_name="Lee")
    ).json()
    rows = (await get(client, auth, "/api1/company_contacts", modified_since="2026-07-01", page=1)).json()
    assert [row["contact_id"] for row in rows] == [str(created["id"])]


# -- section 2: case contacts ------------------------------------------------------------------


async def test_case_contacts_shape_and_case_code(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    rows = (await get(client, auth, "/api1/case_contacts", **ALL, page=1)).json()
    assert list(rows[0]) == CASE_CONTACT_KEYS
    case_one = [row for row in rows if row["case"] == "NAT111"]
    assert [row["contact_id"] for row in case_one] == ["101", "102", "103", "104"]
    assert case_one[0]["contact_role_bill_to"] == "Yes" and case_one[0]["contact_role_referrer"] == "Yes"
    assert case_one[3]["disabled"] == "Yes"
    for role in ("bill_to", "employer", "referrer", "bill_to_cc"):
        assert any(row[f"contact_role_{role}"] == "Yes" for row in rows)


async def test_case_contacts_paginate_and_report_api_changes(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    total = 0
    for page in range(1, 20):
        rows = (await get(client, auth, "/api1/case_contacts", **ALL, page=page)).json()
        if not rows:
            break
        total += len(rows)
    assert total >= 200
    recent = {"modified_since": "2026-07-01", "page": 1}
    assert (await get(client, auth, "/api1/case_contacts", **recent)).json() == []
    await post(client, auth, "/api1/contacts/disable_from_case", contact_id=103, case_id=1)
    rows = (await get(client, auth, "/api1/case_contacts", **recent)).json()
    assert [(row["contact_id"], row["case"], row["disabled"]) for row in rows] == [("103", "NAT111", "Yes")]


async def test_case_contacts_validates_parameters(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await get(client, auth, "/api1/case_contacts", modified_since="2022/12/31")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"modified_since", "page"}


# -- section 3: contacts.list ----------------------------------------------------------------


async def test_contacts_list_answers_only_requested_fields(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await get(client, auth, "/api1/contacts", case_id=1, fields="contact_id,name,date_created")
    rows = response.json()
    assert response.status_code == 200
    assert [list(row) for row in rows] == [["contact_id", "name", "date_created"]] * 4
    assert rows[0]["name"] == "Olivia Nguyen, Ms"
    assert rows[0]["date_created"][2] == "-" and len(rows[0]["date_created"]) == 10  # DD-MM-YYYY


async def test_contacts_list_field_validation(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    missing = await get(client, auth, "/api1/contacts", case_id=1)
    assert missing.status_code == 400 and missing.json()["errors"] == {
        "fields": "The fields field is required"
    }
    unknown = await get(client, auth, "/api1/contacts", fields="contact_id,first_name")
    assert "first_name" in unknown.json()["errors"]["fields"]
    spaced = await get(client, auth, "/api1/contacts", fields="contact_id, name")
    assert spaced.status_code == 400 and "fields" in spaced.json()["errors"]


async def test_contacts_list_status_filter(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    fields = "contact_id,disabled,date_disabled"
    active = (await get(client, auth, "/api1/contacts", case_id=1, fields=fields, status="active")).json()
    disabled = (await get(client, auth, "/api1/contacts", case_id=1, fields=fields, status="disabled")).json()
    every = (await get(client, auth, "/api1/contacts", case_id=1, fields=fields)).json()
    assert [r["contact_id"] for r in active] == ["101", "102", "103"]
    assert disabled == [
        {"contact_id": "104", "disabled": "Yes", "date_disabled": disabled[0]["date_disabled"]}
    ]
    assert disabled[0]["date_disabled"] != ""
    assert len(every) == 4
    bad = await get(client, auth, "/api1/contacts", case_id=1, fields=fields, status="inactive")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


async def test_contacts_list_sorting(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    rows = (
        await get(
            client,
            auth,
            "/api1/contacts",
            case_id=1,
            fields="contact_id,name",
            sort_col="name",
            sort_type="desc",
        )
    ).json()
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=str.casefold, reverse=True)
    rows = (await get(client, auth, "/api1/contacts", fields="contact_id", sort_type="desc", limit=3)).json()
    assert [int(r["contact_id"]) for r in rows] == sorted((int(r["contact_id"]) for r in rows), reverse=True)
    rows = (await get(client, auth, "/api1/contacts", fields="date_created", sort_col="date_created")).json()
    days = [tuple(reversed(r["date_created"].split("-"))) for r in rows]
    assert days == sorted(days)
    bad = await get(client, auth, "/api1/contacts", fields="name", sort_col="nope", sort_type="up")
    assert set(bad.json()["errors"]) == {"sort_col", "sort_type"}


async def test_contacts_list_search_criteria(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    fields = "contact_id,name,company_name"
    one = json.dumps({"name": "nguyen"})
    rows = (await get(client, auth, "/api1/contacts", case_id=1, fields=fields, search_criteria=one)).json()
    assert [r["contact_id"] for r in rows] == ["101"]
    any_of = json.dumps({"name": "Kowalski,whitfield"})
    rows = (
        await get(client, auth, "/api1/contacts", case_id=1, fields=fields, search_criteria=any_of)
    ).json()
    assert [r["contact_id"] for r in rows] == ["102", "103"]
    both = json.dumps({"name": "o", "contact_role_bill_to": "Yes"})
    rows = (await get(client, auth, "/api1/contacts", case_id=1, fields=fields, search_criteria=both)).json()
    assert [r["contact_id"] for r in rows] == ["101"]
    for bad in ("{not json", json.dumps(["name"]), json.dumps({"first_name": "x"})):
        response = await get(client, auth, "/api1/contacts", fields=fields, search_criteria=bad)
        assert response.status_code == 400 and "search_criteria" in response.json()["errors"]


async def test_contacts_list_limit_and_pages(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    too_big = await get(client, auth, "/api1/contacts", fields="contact_id", limit=101)
    assert too_big.status_code == 400 and "limit" in too_big.json()["errors"]
    assert len((await get(client, auth, "/api1/contacts", fields="contact_id")).json()) == 100  # default
    first = (await get(client, auth, "/api1/contacts", case_id=1, fields="contact_id", limit=3)).json()
    second = (
        await get(client, auth, "/api1/contacts", case_id=1, fields="contact_id", limit=3, page=2)
    ).json()
    third = (
        await get(client, auth, "/api1/contacts", case_id=1, fields="contact_id", limit=3, page=3)
    ).json()
    assert [r["contact_id"] for r in first + second] == ["101", "102", "103", "104"]
    assert third == []
    bad = await get(client, auth, "/api1/contacts", fields="contact_id", limit=0, page=-1)
    assert set(bad.json()["errors"]) == {"limit", "page"}


async def test_contacts_list_company_and_case_filters(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    rows = (await get(client, auth, "/api1/contacts", company_id=1, fields="contact_id,company_name")).json()
    assert rows and {r["company_name"] for r in rows} == {"Southern Cross Workers Insurance"}
    assert all(store.contacts[int(r["contact_id"])].company_id == 1 for r in rows)
    unknown_case = await get(client, auth, "/api1/contacts", case_id=9999, fields="contact_id")
    assert unknown_case.status_code == 404 and unknown_case.json() == {
        "status": False,
        "message": "Case not found",
    }
    unknown_company = await get(client, auth, "/api1/contacts", company_id=9999, fields="contact_id")
    assert unknown_company.json() == {"status": False, "message": "Company not found"}


# -- section 4: details ------------------------------------------------------------------------


async def test_details_of_a_case_contact(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    body = (await get(client, auth, "/api1/contacts/details", case_id=1, contact_id=101)).json()
    assert list(body) == DETAILS_KEYS
    assert body["company_id"] == 1 and body["first_name"] == "Olivia"
    assert body["contact_role_bill_to"] == "Yes" and body["disabled"] == "No" and body["date_disabled"] == ""


async def test_details_not_found_and_validation(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    cases = {
        (9999, 101): "Case not found",
        (1, 999999): "Contact not found",
        (1, 150): "Case contact not found",
    }
    for (case_id, contact_id), message in cases.items():
        response = await get(client, auth, "/api1/contacts/details", case_id=case_id, contact_id=contact_id)
        assert response.status_code == 404
        assert response.json() == {"status": False, "message": message}
    response = await get(client, auth, "/api1/contacts/details", case_id="", contact_id="abc")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "case_id": "The case_id field is required",
        "contact_id": "The contact_id must be a positive whole number",
    }


# -- section 5: associate_to_case ---------------------------------------------------------------

ALWAYS = {
    "case_id", "created_on", "disabled", "bill_to_cc", "bill_to", "employer", "referrer", "company_name",
    "last_name",
}  # fmt: skip


async def test_associate_requires_the_always_mandatory_and_phone1_for_a_new_contact(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await post(client, auth, "/api1/contacts/associate_to_case")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] is False
    assert set(body["errors"]) == ALWAYS | {"phone1"}
    assert body["errors"]["case_id"] == "The case_id field is required"


async def test_associate_with_contact_id_requires_company_id_and_first_name(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await post(client, auth, "/api1/contacts/associate_to_case", contact_id=150)
    assert set(response.json()["errors"]) == ALWAYS | {"company_id", "first_name"}


async def test_associate_disabled_yes_requires_disabled_on(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await post(client, auth, "/api1/contacts/associate_to_case", **association(disabled="Yes"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"disabled_on": "The disabled_on field is required"}


@pytest.mark.parametrize(
    ("overrides", "bad"),
    [
        ({"disabled": "yes", "bill_to": "true", "employer": "1"}, {"disabled", "bill_to", "employer"}),
        ({"referrer": "Y", "bill_to_cc": "no"}, {"referrer", "bill_to_cc"}),
        ({"created_on": "2026-07-15"}, {"created_on"}),
        ({"created_on": "31-02-2026"}, {"created_on"}),
        ({"disabled": "Yes", "disabled_on": "2026/07/20"}, {"disabled_on"}),
        ({"email": "grace.okafor@"}, {"email"}),
        ({"custom_fields": "[{bad json"}, {"custom_fields"}),
        ({"custom_fields": json.dumps({"field": "x", "value": "y"})}, {"custom_fields"}),
        ({"proceed_registration_anyway": "maybe"}, {"proceed_registration_anyway"}),
        ({"case_id": "NAT111", "company_id": "-3"}, {"case_id", "company_id"}),
        ({"contact_id": "abc", "company_id": 1}, {"contact_id"}),
        ({"colour": "blue"}, {"colour"}),
    ],
)
async def test_associate_names_every_bad_parameter(
    client: httpx.AsyncClient, auth: dict[str, str], overrides: dict[str, Any], bad: set[str]
) -> None:
    response = await post(client, auth, "/api1/contacts/associate_to_case", **association(**overrides))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == bad


async def test_associate_email_error_uses_documented_wording(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await post(client, auth, "/api1/contacts/associate_to_case", **association(email="nope"))
    assert response.json() == {"status": False, "errors": {"email": "Invalid email format"}}


async def test_associate_existing_contact(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    contact = store.contacts[150]
    params = association(
        case_id=2,
        contact_id=150,
        company_id=contact.company_id,
        first_name=contact.first_name,
        phone1=None,
        referrer="Yes",
        disabled="Yes",
        disabled_on="20-07-2026",
        custom_fields=json.dumps([{"field": "custom_field_details.text_1_01", "value": "test"}]),
    )
    response = await post(client, auth, "/api1/contacts/associate_to_case", **params)
    assert response.status_code == 200
    body = response.json()
    assert body["response"] == "Contact Associated"
    assert isinstance(body["case_contact_id"], int)
    assert body["contact_id"] == "150" and body["company_id"] == str(contact.company_id)
    details = (await get(client, auth, "/api1/contacts/details", case_id=2, contact_id=150)).json()
    assert details["contact_role_referrer"] == "Yes" and details["contact_role_bill_to"] == "No"
    assert details["date_created"] == "15-07-2026" and details["date_disabled"] == "20-07-2026"
    assert details["disabled"] == "Yes"
    # Associating again updates the same case contact instead of adding a second one.
    again = await post(client, auth, "/api1/contacts/associate_to_case", **{**params, "disabled": "No"})
    assert again.json()["case_contact_id"] == body["case_contact_id"]
    assert store.case_contacts[body["case_contact_id"]].disabled is False


async def test_associate_existing_contact_checks_ids(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    base = association(first_name="Olivia", phone1=None)
    unknown_contact = await post(
        client, auth, "/api1/contacts/associate_to_case", **base, contact_id=999999, company_id=1
    )
    assert unknown_contact.status_code == 404
    assert unknown_contact.json() == {"status": False, "message": "Contact not found"}
    unknown_case = await post(
        client,
        auth,
        "/api1/contacts/associate_to_case",
        **{**base, "case_id": 9999},
        contact_id=101,
        company_id=1,
    )
    assert unknown_case.json() == {"status": False, "message": "Case not found"}
    other_company = next(c for c in store.companies if c != store.contacts[101].company_id)
    mismatch = await post(
        client, auth, "/api1/contacts/associate_to_case", **base, contact_id=101, company_id=other_company
    )
    assert mismatch.status_code == 400 and "company_id" in mismatch.json()["errors"]


async def test_associate_new_contact_creates_contact_and_company(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    response = await post(client, auth, "/api1/contacts/associate_to_case", **association(employer="Yes"))
    body = response.json()
    assert response.status_code == 200 and body["response"] == "Contact Associated"
    contact = store.contacts[int(body["contact_id"])]
    assert (contact.first_name, contact.last_name, contact.phone1) == ("Grace", "Okafor", "(02) 5550 9876")
    assert store.companies[int(body["company_id"])].name == "Parramatta Spinal Clinic"
    rows = (
        await get(client, auth, "/api1/contacts", case_id=1, fields="contact_id,contact_role_employer")
    ).json()
    assert {"contact_id": body["contact_id"], "contact_role_employer": "Yes"} in rows


async def test_associate_duplicate_needs_confirmation_then_proceeds(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    params = association(first_name="JOHN", last_name="citizen", phone1="(02)55504321")
    before = len(store.contacts)
    response = await post(client, auth, "/api1/contacts/associate_to_case", **params)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] is False and body["confirm"] == "proceed_registration_anyway"
    assert body["message"].startswith("There are 2 existing contacts")
    assert body["data"] == [
        {"record_id": 105, "first_name": "John", "last_name": "Citizen", "phone1": "(02) 5550 4321"},
        {"record_id": 106, "first_name": "John", "last_name": "Citizen", "phone1": "(02) 5550 4321"},
    ]
    assert len(store.contacts) == before
    declined = await post(
        client, auth, "/api1/contacts/associate_to_case", **params, proceed_registration_anyway="No"
    )
    assert declined.json()["confirm"] == "proceed_registration_anyway"
    anyway = await post(
        client, auth, "/api1/contacts/associate_to_case", **params, proceed_registration_anyway="Yes"
    )
    assert anyway.json()["response"] == "Contact Associated"
    assert len(store.contacts) == before + 1


async def test_associate_existing_contact_skips_duplicate_check(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    params = association(
        contact_id=105,
        company_id=store.contacts[105].company_id,
        first_name="John",
        last_name="Citizen",
        phone1="(02) 5550 4321",
    )
    response = await post(client, auth, "/api1/contacts/associate_to_case", **params)
    assert response.json()["response"] == "Contact Associated"


async def test_associate_reads_the_query_string_not_the_body(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/api1/contacts/associate_to_case", json=association(), headers=auth)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == ALWAYS | {"phone1"}
    # With the query string right, a contradicting body changes nothing.
    response = await client.post(
        "/api1/contacts/associate_to_case", params=association(), json={"case_id": "oops"}, headers=auth
    )
    assert response.json()["response"] == "Contact Associated"


# -- section 6: new contact -------------------------------------------------------------------


async def test_new_contact_finds_company_by_name(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    response = await post(
        client,
        auth,
        "/api1/contacts/new",
        company_name="southern cross  workers insurance",
        first_name="Ava",
        last_name="Tran",
        email="ava.tran@southerncross.com.au",
        phone1="(02) 5550 7777",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["response"] == "Contact created" and isinstance(body["id"], int) and body["company_id"] == "1"
    assert store.contacts[body["id"]].email == "ava.tran@southerncross.com.au"


async def test_new_contact_creates_a_company_or_uses_company_id(
    client: httpx.AsyncClient, auth: dict[str, str], store: Store
) -> None:
    companies = len(store.companies)
    created = (
        await post(client, auth, "/api1/contacts/new", company_name="Brand New Pty Ltd", last_name="Ng")
    ).json()
    assert len(store.companies) == companies + 1
    assert store.companies[int(created["company_id"])].name == "Brand New Pty Ltd"
    by_id = (
        await post(client, auth, "/api1/contacts/new", company_id=2, company_name="x", last_name="Ng")
    ).json()
    assert by_id["company_id"] == "2"
    unknown = await post(
        client, auth, "/api1/contacts/new", company_id=9999, company_name="x", last_name="Ng"
    )
    assert unknown.status_code == 404 and unknown.json() == {"status": False, "message": "Company not found"}


async def test_new_contact_validation(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await post(client, auth, "/api1/contacts/new", email="bad", company_id="one")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"company_name", "last_name", "email", "company_id"}
    body_only = await client.post(
        "/api1/contacts/new", json={"company_name": "Acme", "last_name": "Lee"}, headers=auth
    )
    assert body_only.status_code == 400
    assert set(body_only.json()["errors"]) == {"company_name", "last_name"}


# -- sections 7 to 10: check, disable, delete, transfer -------------------------------------------


async def test_contact_with_invoices_cannot_be_deleted_only_disabled(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    ids = {"contact_id": 101, "case_id": 1}
    info = (await get(client, auth, "/api1/contacts/check_delete_from_case", **ids)).json()
    assert info == {
        "bill_to": True, "referrer": True, "employer": False, "invoices": 3,
        "delete": False, "disable": True, "transfer_invoices": True,
    }  # fmt: skip
    refused = await post(client, auth, "/api1/contacts/delete_from_case", **ids)
    assert refused.status_code == 409
    assert refused.json()["status"] is False and "invoice" in refused.json()["message"]
    others = (await get(client, auth, "/api1/contacts/contacts_for_transfer_invoices", contact_id=101)).json()
    assert {"contact_id": "102", "first_name": "Daniel", "last_name": "Kowalski"} in others
    assert {"103", "104"} <= {o["contact_id"] for o in others} and "101" not in {
        o["contact_id"] for o in others
    }
    disabled = await post(client, auth, "/api1/contacts/disable_from_case", **ids)
    assert disabled.json() == {"success": True, "message": "Case Contact disabled"}
    info = (await get(client, auth, "/api1/contacts/check_delete_from_case", **ids)).json()
    assert info["disable"] is False
    again = await post(client, auth, "/api1/contacts/disable_from_case", **ids)
    assert again.status_code == 409 and again.json()["status"] is False


async def test_contact_without_invoices_is_deleted(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    ids = {"contact_id": 102, "case_id": 1}
    info = (await get(client, auth, "/api1/contacts/check_delete_from_case", **ids)).json()
    assert (info["employer"], info["invoices"], info["delete"], info["transfer_invoices"]) == (
        True,
        0,
        True,
        False,
    )
    deleted = await post(client, auth, "/api1/contacts/delete_from_case", **ids)
    assert deleted.json() == {"success": True, "message": "Case Contact deleted"}
    gone = await get(client, auth, "/api1/contacts/details", **ids)
    assert gone.status_code == 404 and gone.json()["message"] == "Case contact not found"
    again = await post(client, auth, "/api1/contacts/delete_from_case", **ids)
    assert again.status_code == 404


async def test_removal_routes_validate_and_404(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    for method, path in (
        ("GET", "/api1/contacts/check_delete_from_case"),
        ("POST", "/api1/contacts/disable_from_case"),
        ("POST", "/api1/contacts/delete_from_case"),
    ):
        missing = await client.request(method, path, headers=auth, json={"contact_id": 101, "case_id": 1})
        assert missing.status_code == 400
        assert set(missing.json()["errors"]) == {"contact_id", "case_id"}
        unknown = await client.request(
            method, path, headers=auth, params={"contact_id": 101, "case_id": 9999}
        )
        assert unknown.status_code == 404 and unknown.json() == {"status": False, "message": "Case not found"}
    transfer = "/api1/contacts/contacts_for_transfer_invoices"
    assert (await get(client, auth, transfer)).json()["errors"] == {
        "contact_id": "The contact_id field is required"
    }
    assert (await get(client, auth, transfer, contact_id=999999)).status_code == 404


async def test_transfer_list_is_empty_for_a_contact_on_no_case(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    created = (
        await post(client, auth, "/api1/contacts/new", company_name="Solo Pty Ltd", last_name="Ng")
    ).json()
    response = await get(
        client, auth, "/api1/contacts/contacts_for_transfer_invoices", contact_id=created["id"]
    )
    assert response.status_code == 200 and response.json() == []


async def test_seed_has_invoices_and_disabled_case_contacts(store: Store) -> None:
    links = list(store.case_contacts.values())
    assert len(store.cases) >= 50
    assert sum(1 for link in links if link.invoices) >= 20
    assert sum(1 for link in links if link.disabled) >= 10
    assert all(case.code[:3].isalpha() and case.code[3:].isdigit() for case in store.cases.values())


# -- plumbing: routes, wire, faults, seed -----------------------------------------------------


async def test_unknown_parameter_and_wrong_path_or_method(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    extra = await get(client, auth, "/api1/company_contacts", **ALL, page=1, limit=10)
    assert extra.status_code == 400 and extra.json()["errors"] == {"limit": "Unknown parameter"}
    assert (await get(client, auth, "/api1/Contacts", fields="name")).status_code == 404
    wrong_method = await client.get("/api1/contacts/new", headers=auth)
    assert wrong_method.status_code == 405 and wrong_method.json()["status"] is False


async def test_fail_next_answers_the_documented_500_shape(
    sandbox: Sandbox, client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    sandbox.control("iinsight").fail_next(1)
    response = await get(client, auth, "/api1/company_contacts", **ALL, page=1)
    assert response.status_code == 500
    body = response.json()
    assert body["status"] is False and body["error"] == "Internal server error" and body["message"]
    assert (await get(client, auth, "/api1/company_contacts", **ALL, page=1)).status_code == 200


async def test_fail_next_other_statuses_keep_the_vendor_shape(
    sandbox: Sandbox, client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    sandbox.control("iinsight").fail_next(2, status=503)
    for _ in range(2):
        response = await get(client, auth, "/api1/company_contacts", **ALL, page=1)
        assert response.status_code == 503 and response.json()["status"] is False
    sandbox.control("iinsight").fail_next(1, status=401)
    response = await get(client, auth, "/api1/company_contacts", **ALL, page=1)
    assert response.json() == {"status": False, "message": "Unauthenticated."}


async def test_malformed_next_sends_truncated_json(
    sandbox: Sandbox, client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    sandbox.control("iinsight").malformed_next(1)
    response = await get(client, auth, "/api1/company_contacts", **ALL, page=1)
    assert response.status_code == 200 and response.content == MALFORMED_BODY
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert (await get(client, auth, "/api1/company_contacts", **ALL, page=1)).json()


async def test_requests_are_journaled_with_their_query(
    sandbox: Sandbox, client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    await post(client, auth, "/api1/contacts/disable_from_case", contact_id=103, case_id=1)
    [recorded] = sandbox.control("iinsight").requests_to("/api1/contacts/disable_from_case", "POST")
    assert "contact_id=103" in recorded.query and recorded.body == b""


async def test_seed_is_deterministic_and_fast() -> None:
    started = time.perf_counter()
    first = build_sandbox(["iinsight"]).simulators["iinsight"].state
    elapsed = time.perf_counter() - started
    second = build_sandbox(["iinsight"]).simulators["iinsight"].state
    assert elapsed < 0.3
    assert first.contacts == second.contacts and first.case_contacts == second.case_contacts
    assert first.cases[1].code == "NAT111"
