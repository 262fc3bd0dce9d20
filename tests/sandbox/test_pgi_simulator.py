"""The PGi / ZipConferencing simulator, driven over in-process ASGI as a client would."""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.sandbox import pgi
from app.sandbox.demo import demo_credentials
from app.sandbox.pgi.routes import ERRORS
from app.sandbox.pgi.store import PgiStore
from app.sandbox.registry import Sandbox, build_sandbox

API_KEY = pgi.DEMO_CREDENTIALS["api_key"]
AUTH = {"X-AUTH-TOKEN": API_KEY}

PROVISION = "/provisioning/client/provision"
DEACTIVATE = "/provisioning/client/deactivate"
REACTIVATE = "/provisioning/client/reactivate"
GET = "/client/get"
ALL_PATHS = (PROVISION, DEACTIVATE, REACTIVATE, GET)
CLIENT_ID_PATHS = (DEACTIVATE, REACTIVATE, GET)

# Seeded ids documented at the top of app/sandbox/pgi/__init__.py.
ACTIVE_CLIENT = 10863894
INACTIVE_CLIENT = 10863897
OTHER_INACTIVE_CLIENT = 24410582
UNKNOWN_CLIENT = 99999999

# The document's own example body.
EXAMPLE_BODY: dict[str, Any] = {
    "company": {
        "externalId": 50,
        "enterpriseId": 799,
        "name": "Company Name",
        "isGlobalMeetEnabled": True,
        "isWebConfEnabled": False,
    },
    "client": {
        "externalId": 100,
        "password": "",
        "first": "First",
        "last": "Last",
        "email": "me@example.com",
    },
    "contact": {
        "address": "123 Street",
        "city": "Montreal",
        "state": "Quebec",
        "country": "Canada",
        "postalCode": "H1H1H1",
    },
}

REQUIRED_FIELDS = (
    "company.externalId",
    "company.name",
    "client.externalId",
    "client.first",
    "client.last",
    "client.email",
    "contact.country",
)
US_SPELLINGS = ("USA", "usa", "U S A", "US", "us", " U S ", "United States", "united states", "UNITEDSTATES")


def body_with(**changes: Any) -> dict[str, Any]:
    """The example body with dotted fields replaced (``None`` for "leave the field out")."""
    body = copy.deepcopy(EXAMPLE_BODY)
    for dotted, value in changes.items():
        section, key = dotted.split("__")
        if value is None:
            body[section].pop(key, None)
        else:
            body[section][key] = value
    return body


def without(dotted: str) -> dict[str, Any]:
    return body_with(**{dotted.replace(".", "__"): None})


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["pgi"])


@pytest.fixture
def store(sandbox: Sandbox) -> PgiStore:
    return sandbox.simulators["pgi"].state


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    assert sandbox.app is not None
    transport = httpx.ASGITransport(app=sandbox.app)
    async with httpx.AsyncClient(transport=transport, base_url=sandbox.base_urls()["pgi"]["api"]) as http:
        yield http


async def post(
    http: httpx.AsyncClient, path: str, body: Any, headers: dict[str, str] | None = None
) -> httpx.Response:
    """POST ``body`` as JSON (``None`` included, as ``null``) with the demo key unless told otherwise."""
    sent = (AUTH if headers is None else headers) | {"Content-Type": "application/json"}
    return await http.post(path, content=json.dumps(body), headers=sent)


def assert_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "message"}
    assert body["status"] == "error"
    assert isinstance(body["message"], str) and body["message"]
    return body["message"]


def is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------------------
# Success shapes
# ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_provision_answers_the_documented_shape(client: httpx.AsyncClient) -> None:
    response = await post(client, PROVISION, EXAMPLE_BODY)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "data"}
    assert body["status"] == "success"
    data = body["data"]
    assert set(data) == {"companyId", "clientId", "password", "passCodes", "hub"}
    assert is_number(data["companyId"]) and is_number(data["clientId"])
    assert isinstance(data["password"], str) and data["password"]
    assert set(data["passCodes"]) == {"moderatorPassCode", "participantPassCode"}
    for code in data["passCodes"].values():
        assert isinstance(code, str) and re.fullmatch(r"\d{10}", code)
    assert data["passCodes"]["moderatorPassCode"] != data["passCodes"]["participantPassCode"]
    assert set(data["hub"]) == {"hubId", "hubUrl"}
    assert is_number(data["hub"]["hubId"])
    assert isinstance(data["hub"]["hubUrl"], str) and data["hub"]["hubUrl"]


@pytest.mark.anyio
async def test_provision_generates_a_password_when_blank_and_keeps_a_given_one(
    client: httpx.AsyncClient,
) -> None:
    generated = (await post(client, PROVISION, body_with(client__password="  "))).json()["data"]["password"]
    assert generated.strip()
    given = body_with(client__externalId=101, client__password="S3cret!")
    assert (await post(client, PROVISION, given)).json()["data"]["password"] == "S3cret!"
    omitted = (await post(client, PROVISION, without("client.password"))).json()
    assert omitted["status"] == "success"


@pytest.mark.anyio
async def test_provisioned_client_is_active_and_readable(client: httpx.AsyncClient, store: PgiStore) -> None:
    data = (await post(client, PROVISION, EXAMPLE_BODY)).json()["data"]
    assert store.is_active(data["clientId"])
    response = await post(client, GET, {"clientId": data["clientId"]})
    assert response.status_code == 200
    assert response.json() == {"clientId": data["clientId"], "hub": data["hub"]}


@pytest.mark.anyio
async def test_one_company_shares_its_id_and_hub(client: httpx.AsyncClient) -> None:
    first = (await post(client, PROVISION, EXAMPLE_BODY)).json()["data"]
    second = (
        await post(client, PROVISION, body_with(client__externalId=200, client__first="Second"))
    ).json()["data"]
    other = (
        await post(client, PROVISION, body_with(company__externalId=51, company__name="Other Co"))
    ).json()["data"]
    assert second["clientId"] != first["clientId"]
    assert (second["companyId"], second["hub"]) == (first["companyId"], first["hub"])
    assert other["companyId"] != first["companyId"]
    assert other["hub"]["hubId"] != first["hub"]["hubId"]
    assert other["hub"]["hubUrl"] != first["hub"]["hubUrl"]


@pytest.mark.anyio
@pytest.mark.parametrize("path", [DEACTIVATE, REACTIVATE])
async def test_deactivate_and_reactivate_answer_success(client: httpx.AsyncClient, path: str) -> None:
    response = await post(client, path, {"clientId": ACTIVE_CLIENT})
    assert response.status_code == 200
    assert response.json() == {"status": "success"}


@pytest.mark.anyio
async def test_get_answers_the_documented_shape(client: httpx.AsyncClient, store: PgiStore) -> None:
    response = await post(client, GET, {"clientId": ACTIVE_CLIENT})
    assert response.status_code == 200
    seeded = store.company_of(store.clients[ACTIVE_CLIENT]).hub
    assert response.json() == {
        "clientId": ACTIVE_CLIENT,
        "hub": {"hubId": seeded.hub_id, "hubUrl": seeded.hub_url},
    }


@pytest.mark.anyio
async def test_get_answers_an_inactive_client_too(client: httpx.AsyncClient) -> None:
    response = await post(client, GET, {"clientId": INACTIVE_CLIENT})
    assert response.status_code == 200
    assert response.json()["clientId"] == INACTIVE_CLIENT


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize("headers", [{}, {"X-AUTH-TOKEN": "wrong-key"}, {"X-AUTH-TOKEN": ""}])
async def test_missing_or_wrong_key_is_401(
    client: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> None:
    body = EXAMPLE_BODY if path == PROVISION else {"clientId": ACTIVE_CLIENT}
    response = await post(client, path, body, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"status": "error", "message": "Invalid API key"}


@pytest.mark.anyio
async def test_refused_key_changes_nothing(client: httpx.AsyncClient, store: PgiStore) -> None:
    await post(client, DEACTIVATE, {"clientId": ACTIVE_CLIENT}, headers={"X-AUTH-TOKEN": "nope"})
    assert store.is_active(ACTIVE_CLIENT)


@pytest.mark.anyio
async def test_header_name_is_case_insensitive(client: httpx.AsyncClient) -> None:
    # HTTP header names are case-insensitive; only the value is the secret.
    response = await post(client, GET, {"clientId": ACTIVE_CLIENT}, headers={"x-auth-token": API_KEY})
    assert response.status_code == 200


def test_registry_publishes_the_demo_key() -> None:
    assert demo_credentials("pgi") == {"api_key": "pgi-demo-key-2026"}


# ---------------------------------------------------------------------------
# Unknown clients and paths, wrong methods
# ---------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("path", CLIENT_ID_PATHS)
async def test_unknown_client_is_404(client: httpx.AsyncClient, path: str) -> None:
    message = assert_error(await post(client, path, {"clientId": UNKNOWN_CLIENT}), 404)
    assert str(UNKNOWN_CLIENT) in message


@pytest.mark.anyio
@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
async def test_wrong_method_is_405(client: httpx.AsyncClient, path: str, method: str) -> None:
    response = await client.request(method, path, headers=AUTH)
    message = assert_error(response, 405)
    assert method in message
    assert response.headers["allow"] == "POST"


@pytest.mark.anyio
@pytest.mark.parametrize(
    "path", ["/provisioning/client/get", "/client/get/", "/Client/Get", "/provisioning/client/Provision", "/"]
)
async def test_unknown_or_miscased_path_is_404(client: httpx.AsyncClient, path: str) -> None:
    assert_error(await post(client, path, {"clientId": ACTIVE_CLIENT}), 404)


# ---------------------------------------------------------------------------
# Provision validation
# ---------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("dotted", REQUIRED_FIELDS)
async def test_missing_required_field_is_400_naming_it(client: httpx.AsyncClient, dotted: str) -> None:
    message = assert_error(await post(client, PROVISION, without(dotted)), 400)
    assert dotted in message


@pytest.mark.anyio
@pytest.mark.parametrize("dotted", REQUIRED_FIELDS)
@pytest.mark.parametrize("blank", ["", "   "])
async def test_blank_required_field_is_400_naming_it(
    client: httpx.AsyncClient, dotted: str, blank: str
) -> None:
    message = assert_error(
        await post(client, PROVISION, body_with(**{dotted.replace(".", "__"): blank})), 400
    )
    assert dotted in message


@pytest.mark.anyio
@pytest.mark.parametrize("section", ["company", "client", "contact"])
async def test_missing_section_names_its_required_fields(client: httpx.AsyncClient, section: str) -> None:
    body = copy.deepcopy(EXAMPLE_BODY)
    del body[section]
    message = assert_error(await post(client, PROVISION, body), 400)
    for dotted in REQUIRED_FIELDS:
        if dotted.startswith(section + "."):
            assert dotted in message


@pytest.mark.anyio
@pytest.mark.parametrize("country", US_SPELLINGS)
@pytest.mark.parametrize("state", [None, "", "  "])
async def test_us_contact_without_state_is_400(
    client: httpx.AsyncClient, country: str, state: str | None
) -> None:
    body = body_with(contact__country=country, contact__state=state)
    message = assert_error(await post(client, PROVISION, body), 400)
    assert "contact.state" in message


@pytest.mark.anyio
async def test_us_state_null_counts_as_missing(client: httpx.AsyncClient) -> None:
    body = copy.deepcopy(EXAMPLE_BODY)
    body["contact"].update(country="USA", state=None)
    assert "contact.state" in assert_error(await post(client, PROVISION, body), 400)


@pytest.mark.anyio
@pytest.mark.parametrize("country", US_SPELLINGS)
async def test_us_contact_with_state_is_accepted(client: httpx.AsyncClient, country: str) -> None:
    response = await post(client, PROVISION, body_with(contact__country=country, contact__state="NY"))
    assert response.status_code == 200


@pytest.mark.anyio
@pytest.mark.parametrize("country", ["Canada", "Mexico", "Russia", "Australia"])
async def test_state_is_optional_outside_the_usa(client: httpx.AsyncClient, country: str) -> None:
    response = await post(client, PROVISION, body_with(contact__country=country, contact__state=None))
    assert response.status_code == 200


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("dotted", "value"),
    [
        ("company.enterpriseId", "799"),
        ("company.enterpriseId", True),
        ("company.enterpriseId", 799.5),
        ("company.isGlobalMeetEnabled", "true"),
        ("company.isGlobalMeetEnabled", 1),
        ("company.isWebConfEnabled", "false"),
        ("company.externalId", {"id": 50}),
        ("client.externalId", True),
        ("company.name", 42),
        ("client.email", ["me@example.com"]),
        ("client.password", 1234),
        ("contact.country", False),
    ],
)
async def test_wrong_type_is_400_naming_the_field(client: httpx.AsyncClient, dotted: str, value: Any) -> None:
    message = assert_error(
        await post(client, PROVISION, body_with(**{dotted.replace(".", "__"): value})), 400
    )
    assert dotted in message


@pytest.mark.anyio
async def test_optional_fields_may_be_left_out(client: httpx.AsyncClient) -> None:
    body = {
        "company": {"externalId": 60, "name": "Minimal Co"},
        "client": {"externalId": 600, "first": "Min", "last": "Imal", "email": "min@example.com"},
        "contact": {"country": "Canada"},
    }
    assert (await post(client, PROVISION, body)).status_code == 200


@pytest.mark.anyio
async def test_bad_email_is_400(client: httpx.AsyncClient) -> None:
    assert "client.email" in assert_error(
        await post(client, PROVISION, body_with(client__email="not-an-email")), 400
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body",
    [
        EXAMPLE_BODY | {"reservation": {}},
        body_with(company__website="https://example.com"),
        body_with(contact__phone="555-0100"),
    ],
)
async def test_unknown_provision_fields_are_refused(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    assert "Unknown field" in assert_error(await post(client, PROVISION, body), 400)


@pytest.mark.anyio
@pytest.mark.parametrize("section", ["company", "client", "contact"])
async def test_section_that_is_not_an_object_is_400(client: httpx.AsyncClient, section: str) -> None:
    body = EXAMPLE_BODY | {section: "nope"}
    assert section in assert_error(await post(client, PROVISION, body), 400)


# ---------------------------------------------------------------------------
# Bodies that are not what the document shows
# ---------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize("raw", [b"", b"not json", b'{"clientId": ', b"\xff\xfe", b'{"clientId": NaN}'])
async def test_non_json_body_is_400(client: httpx.AsyncClient, path: str, raw: bytes) -> None:
    headers = AUTH | {"Content-Type": "application/json"}
    message = assert_error(await client.post(path, content=raw, headers=headers), 400)
    assert "JSON" in message


@pytest.mark.anyio
@pytest.mark.parametrize("path", ALL_PATHS)
@pytest.mark.parametrize("body", [[1, 2], "text", 12345678, None])
async def test_body_that_is_not_an_object_is_400(client: httpx.AsyncClient, path: str, body: Any) -> None:
    assert "JSON object" in assert_error(await post(client, path, body), 400)


@pytest.mark.anyio
@pytest.mark.parametrize("path", ALL_PATHS)
async def test_body_without_json_content_type_is_415(client: httpx.AsyncClient, path: str) -> None:
    headers = AUTH | {"Content-Type": "text/plain"}
    response = await client.post(path, content=json.dumps({"clientId": ACTIVE_CLIENT}), headers=headers)
    assert "application/json" in assert_error(response, 415)


@pytest.mark.anyio
async def test_json_content_type_with_charset_is_fine(client: httpx.AsyncClient) -> None:
    headers = AUTH | {"Content-Type": "application/json; charset=utf-8"}
    response = await client.post(GET, content=json.dumps({"clientId": ACTIVE_CLIENT}), headers=headers)
    assert response.status_code == 200


@pytest.mark.anyio
@pytest.mark.parametrize("path", CLIENT_ID_PATHS)
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, "clientId is required"),
        ({"clientId": None}, "clientId is required"),
        ({"clientId": str(ACTIVE_CLIENT)}, "clientId must be a number"),
        ({"clientId": True}, "clientId must be a number"),
        ({"clientId": 10863894.5}, "clientId must be a number"),
        ({"clientId": ACTIVE_CLIENT, "reason": "left"}, "Unknown field"),
        ({"clientid": ACTIVE_CLIENT}, "Unknown field"),
    ],
)
async def test_client_id_body_is_exact(
    client: httpx.AsyncClient, path: str, body: Any, expected: str
) -> None:
    assert expected in assert_error(await post(client, path, body), 400)


# ---------------------------------------------------------------------------
# Idempotency and the active flag
# ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_provisioning_the_same_pair_answers_the_same_data(client: httpx.AsyncClient) -> None:
    first = (await post(client, PROVISION, EXAMPLE_BODY)).json()
    again = (await post(client, PROVISION, EXAMPLE_BODY)).json()
    assert again == first


@pytest.mark.anyio
async def test_same_pair_with_changed_details_still_answers_the_same_data(
    client: httpx.AsyncClient, store: PgiStore
) -> None:
    first = (await post(client, PROVISION, EXAMPLE_BODY)).json()
    changed = body_with(client__first="Renamed", client__password="different", company__name="Renamed Co")
    again = (await post(client, PROVISION, changed)).json()
    assert again == first
    assert store.clients[first["data"]["clientId"]].first == "Renamed"
    assert len([c for c in store.clients.values() if c.client_id == first["data"]["clientId"]]) == 1


@pytest.mark.anyio
async def test_external_id_number_and_text_are_the_same_key(client: httpx.AsyncClient) -> None:
    first = (await post(client, PROVISION, EXAMPLE_BODY)).json()
    as_text = body_with(company__externalId="50", client__externalId="100")
    assert (await post(client, PROVISION, as_text)).json() == first


@pytest.mark.anyio
async def test_same_client_external_id_in_another_company_is_another_client(
    client: httpx.AsyncClient,
) -> None:
    first = (await post(client, PROVISION, EXAMPLE_BODY)).json()["data"]
    other = (await post(client, PROVISION, body_with(company__externalId=77))).json()["data"]
    assert other["clientId"] != first["clientId"]
    assert other["companyId"] != first["companyId"]


@pytest.mark.anyio
async def test_reprovisioning_leaves_an_inactive_client_inactive(
    client: httpx.AsyncClient, store: PgiStore
) -> None:
    first = (await post(client, PROVISION, EXAMPLE_BODY)).json()
    client_id = first["data"]["clientId"]
    assert (await post(client, DEACTIVATE, {"clientId": client_id})).status_code == 200
    again = (await post(client, PROVISION, EXAMPLE_BODY)).json()
    assert again == first
    assert not store.is_active(client_id)
    await post(client, REACTIVATE, {"clientId": client_id})
    assert (await post(client, PROVISION, EXAMPLE_BODY)).json() == first
    assert store.is_active(client_id)


@pytest.mark.anyio
async def test_reprovisioning_a_seeded_pair_answers_the_seeded_client(
    client: httpx.AsyncClient, store: PgiStore
) -> None:
    body = body_with(company__externalId=1001, client__externalId=5003)
    data = (await post(client, PROVISION, body)).json()["data"]
    assert data["clientId"] == INACTIVE_CLIENT
    assert not store.is_active(INACTIVE_CLIENT)


@pytest.mark.anyio
async def test_deactivate_is_idempotent(client: httpx.AsyncClient, store: PgiStore) -> None:
    for _ in range(2):
        response = await post(client, DEACTIVATE, {"clientId": ACTIVE_CLIENT})
        assert response.json() == {"status": "success"}
        assert not store.is_active(ACTIVE_CLIENT)


@pytest.mark.anyio
async def test_reactivate_is_idempotent(client: httpx.AsyncClient, store: PgiStore) -> None:
    for _ in range(2):
        response = await post(client, REACTIVATE, {"clientId": INACTIVE_CLIENT})
        assert response.json() == {"status": "success"}
        assert store.is_active(INACTIVE_CLIENT)


@pytest.mark.anyio
async def test_active_flag_follows_deactivate_and_reactivate(
    client: httpx.AsyncClient, store: PgiStore
) -> None:
    await post(client, DEACTIVATE, {"clientId": ACTIVE_CLIENT})
    assert not store.is_active(ACTIVE_CLIENT)
    # client/get does not show the flag; the store is where it is visible.
    assert (await post(client, GET, {"clientId": ACTIVE_CLIENT})).status_code == 200
    await post(client, REACTIVATE, {"clientId": ACTIVE_CLIENT})
    assert store.is_active(ACTIVE_CLIENT)


# ---------------------------------------------------------------------------
# Seed data
# ---------------------------------------------------------------------------


def test_seed_has_the_documented_ids(store: PgiStore) -> None:
    assert store.is_active(ACTIVE_CLIENT)
    assert not store.is_active(INACTIVE_CLIENT)
    assert not store.is_active(OTHER_INACTIVE_CLIENT)
    assert store.client(UNKNOWN_CLIENT) is None
    company = store.company_of(store.clients[ACTIVE_CLIENT])
    assert (company.company_id, company.hub.hub_id, company.external_id) == (418203, 530117, "1001")
    assert store.client_by_external("1001", "5001") is store.clients[ACTIVE_CLIENT]


def test_seed_is_realistic(store: PgiStore) -> None:
    assert len(store.companies) == 8
    per_company: dict[int, int] = {}
    for seeded in store.clients.values():
        per_company[seeded.company_id] = per_company.get(seeded.company_id, 0) + 1
        assert re.fullmatch(r"\d{10}", seeded.moderator_passcode)
        assert seeded.password and seeded.email
        assert seeded.contact.country and seeded.contact.state  # every seeded address has a province/state
    assert all(2 <= count <= 5 for count in per_company.values())
    assert 1 <= sum(not c.active for c in store.clients.values()) <= 2
    countries = {"".join(c.contact.country.split()).lower() for c in store.clients.values()}
    assert "canada" in countries and countries & {"usa", "us", "unitedstates"}


def test_seed_is_the_same_every_run() -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        state: PgiStore = build_sandbox(["pgi"]).simulators["pgi"].state
        return [
            (c.client_id, c.company_id, c.password, c.moderator_passcode, c.participant_passcode, c.active)
            for c in state.clients.values()
        ]

    assert snapshot() == snapshot()


@pytest.mark.anyio
async def test_new_ids_are_the_same_every_run() -> None:
    async def provision_once() -> dict[str, Any]:
        fresh = build_sandbox(["pgi"])
        assert fresh.app is not None
        transport = httpx.ASGITransport(app=fresh.app)
        async with httpx.AsyncClient(transport=transport, base_url=fresh.base_urls()["pgi"]["api"]) as http:
            return (await post(http, PROVISION, EXAMPLE_BODY)).json()

    assert await provision_once() == await provision_once()


# ---------------------------------------------------------------------------
# Framework knobs through this simulator
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 404, 405, 429, 500, 502, 503, 504, 418, 599])
def test_fault_body_is_the_vendor_error_shape(status: int) -> None:
    body = ERRORS.fault_body(status)
    assert set(body) == {"status", "message"}
    assert body["status"] == "error" and body["message"]


def test_fault_body_401_matches_the_real_refusal() -> None:
    assert ERRORS.fault_body(401) == {"status": "error", "message": "Invalid API key"}


@pytest.mark.anyio
async def test_fail_next_gives_two_503s_then_normal_answers(
    client: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    sandbox.control("pgi").fail_next(2, 503)
    for _ in range(2):
        response = await post(client, GET, {"clientId": ACTIVE_CLIENT})
        assert_error(response, 503)
        assert response.json() == ERRORS.fault_body(503)
    response = await post(client, GET, {"clientId": ACTIVE_CLIENT})
    assert response.status_code == 200
    assert response.json()["clientId"] == ACTIVE_CLIENT


@pytest.mark.anyio
async def test_injected_fault_does_not_reach_the_store(client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    sandbox.control("pgi").fail_next(1, 500)
    await post(client, DEACTIVATE, {"clientId": ACTIVE_CLIENT})
    assert sandbox.simulators["pgi"].state.is_active(ACTIVE_CLIENT)


@pytest.mark.anyio
async def test_malformed_next_gives_one_truncated_body(client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    sandbox.control("pgi").malformed_next(1)
    response = await post(client, GET, {"clientId": ACTIVE_CLIENT})
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)
    assert (await post(client, GET, {"clientId": ACTIVE_CLIENT})).json()["clientId"] == ACTIVE_CLIENT


@pytest.mark.anyio
async def test_latency_delays_the_answer(client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    sandbox.control("pgi").latency_s = 0.2
    started = time.monotonic()
    response = await post(client, GET, {"clientId": ACTIVE_CLIENT})
    assert time.monotonic() - started >= 0.19
    assert response.status_code == 200


@pytest.mark.anyio
async def test_journal_records_the_auth_header_and_body(client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    await post(client, DEACTIVATE, {"clientId": ACTIVE_CLIENT})
    recorded = sandbox.control("pgi").requests_to(DEACTIVATE, "POST")
    assert len(recorded) == 1
    assert recorded[0].host == "api"
    assert recorded[0].path == "/pgi/api" + DEACTIVATE
    assert recorded[0].headers["x-auth-token"] == API_KEY
    assert recorded[0].headers["content-type"] == "application/json"
    assert json.loads(recorded[0].body) == {"clientId": ACTIVE_CLIENT}


@pytest.mark.anyio
async def test_journal_records_refused_requests_too(client: httpx.AsyncClient, sandbox: Sandbox) -> None:
    await post(client, GET, {"clientId": ACTIVE_CLIENT}, headers={"X-AUTH-TOKEN": "wrong-key"})
    assert sandbox.control("pgi").requests_to(GET)[-1].headers["x-auth-token"] == "wrong-key"
