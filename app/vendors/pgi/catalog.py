"""PGi / ZipConferencing: conference-account provisioning (pgi-zipconferencing.txt)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.places import COUNTRY_NAMES, subdivisions_of
from app.contract.spec import ChoicesBy, Field, FieldKind, Operation, ResultKind
from app.contract.vendor import (
    ConnectionProbe,
    CredentialField,
    Environment,
    HarmlessRead,
    RecordTitle,
    VendorDefinition,
    sandbox,
)
from app.core.auth import StaticHeaderKey
from app.vendors.pgi.records import record_facts
from app.vendors.pgi.search import quick_search

US_NAMES = {"usa", "us", "unitedstates", "unitedstatesofamerica"}


def is_united_states(country: str) -> bool:
    return "".join(country.split()).lower() in US_NAMES


def state_required_for_us(values: Mapping[str, Any]) -> dict[str, str]:
    """The document: "contact.state - cannot be null for USA customers"."""
    if (
        is_united_states(str(values.get("contact.country", "")))
        and not str(values.get("contact.state", "")).strip()
    ):
        return {"contact.state": "State is required for contacts in the United States."}
    return {}


CLIENT_ID = Field(
    "clientId",
    "PGi client id",
    FieldKind.INTEGER,
    required=True,
    minimum=1,
    help="The PGi ClientId, as returned when the client was provisioned.",
    placeholder="e.g. 12345678",
    holds="client",  # the kind of record in records.py's words: what a picker offers, what carries
)

PROVISION_FIELDS = (
    Field(
        "company.externalId",
        "Our customer id",
        FieldKind.INTEGER,
        required=True,
        group="Company",
        help="customer.id on our end: the company's id in our own system.",
    ),
    Field("company.name", "Company name", required=True, group="Company"),
    Field(
        "company.enterpriseId",
        "Enterprise id",
        FieldKind.INTEGER,
        group="Company",
        help="PGi enterprise the company belongs to, if you were given one.",
    ),
    Field(
        "company.isGlobalMeetEnabled",
        "GlobalMeet enabled",
        FieldKind.BOOLEAN,
        group="Company",
        default="false",
        help="Whether the company may use GlobalMeet.",
    ),
    Field(
        "company.isWebConfEnabled",
        "Web conferencing enabled",
        FieldKind.BOOLEAN,
        group="Company",
        default="false",
        help="Whether the company may use web conferencing.",
    ),
    Field(
        "client.externalId",
        "Our user-plan id",
        FieldKind.INTEGER,
        required=True,
        group="Client",
        help="user_plan.id on our end (not user.id).",
    ),
    Field("client.first", "First name", required=True, group="Client"),
    Field("client.last", "Last name", required=True, group="Client"),
    Field("client.email", "Email", FieldKind.EMAIL, required=True, group="Client"),
    Field(
        "client.password",
        "Password",
        group="Client",
        help="Usually left blank so that PGi creates one.",
        blank_value="",
        placeholder="Leave blank: PGi creates one",
    ),
    Field("contact.address", "Street address", group="Contact"),
    Field("contact.city", "City", group="Contact"),
    # PGi takes the country as text and recognises the US as "USA", "US" or "United States"; the
    # window offers the names, a script may send any of those spellings.
    Field(
        "contact.country",
        "Country",
        FieldKind.CHOICE,
        required=True,
        group="Contact",
        choices=COUNTRY_NAMES,
        open_choices=True,
    ),
    Field(
        "contact.state",
        "State or province",
        group="Contact",
        help="Required for contacts in the United States. Chosen from a list for the US and Canada.",
        choices_by=ChoicesBy("contact.country", subdivisions_of),
    ),
    Field("contact.postalCode", "Postal code", group="Contact"),
)

OPERATIONS = (
    Operation(
        id="client.provision",
        label="Set up a conference account",
        method="POST",
        path="/provisioning/client/provision",
        fields=PROVISION_FIELDS,
        description="Creates the company, the client and the reservation on the PGi side. "
        "Doing it again for the same company and client ids changes nothing and answers the same ids.",
        category="Conference accounts",
        idempotent=True,
        rules=(state_required_for_us,),
        done_text="The conference account for {client.first} {client.last} is ready.",
    ),
    Operation(
        id="client.get",
        label="Look up a client",
        method="POST",
        path="/client/get",
        fields=(CLIENT_ID,),
        description="Shows a provisioned client's hub.",
        done_text="Found PGi client {clientId}.",
        category="Conference accounts",
        idempotent=True,
    ),
    Operation(
        id="client.deactivate",
        label="Deactivate a client",
        method="POST",
        path="/provisioning/client/deactivate",
        fields=(CLIENT_ID,),
        description="Stops the client's conferencing. Deactivating an inactive client also succeeds.",
        category="Conference accounts",
        destructive=True,
        confirm_text="Deactivate PGi client {clientId}? They will not be able to hold conferences "
        "until the client is reactivated.",
        done_text="PGi client {clientId} is deactivated.",
        idempotent=True,
        result=ResultKind.EMPTY,
    ),
    Operation(
        id="client.reactivate",
        label="Reactivate a client",
        method="POST",
        path="/provisioning/client/reactivate",
        fields=(CLIENT_ID,),
        description="Lets a deactivated client hold conferences again. "
        "Reactivating an active client also succeeds.",
        done_text="PGi client {clientId} is active again.",
        category="Conference accounts",
        idempotent=True,
        result=ResultKind.EMPTY,
    ),
)


def error_message(body: Any) -> str | None:
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])
    return None


def record_name(operation_id: str, values: dict[str, Any], data: Any) -> tuple[str, str] | None:
    """A provisioned client is named by the person and company typed into the form."""
    answer = data.get("data") if isinstance(data, dict) else None
    if operation_id != "client.provision" or not isinstance(answer, dict):
        return None
    client_id = answer.get("clientId")
    if client_id is None:
        return None
    person = f"{values.get('client.first', '')} {values.get('client.last', '')}".strip()
    return str(client_id), f"{person}, {values.get('company.name', '')}".strip(", ")


VENDOR = VendorDefinition(
    id="pgi",
    name="PGi",
    summary="Conference accounts (ZipConferencing provisioning)",
    environments=(
        sandbox(),
        Environment("test", "Test", {"api": "https://testapi.zipconferencing.com"}),
        Environment("production", "Production", {"api": ""}, production=True),
    ),
    credential_fields=(CredentialField("api_key", "API key", help="Sent as X-AUTH-TOKEN on every call."),),
    make_auth=lambda: StaticHeaderKey("X-AUTH-TOKEN"),
    operations=OPERATIONS,
    error_message=error_message,
    # client/get for an id nobody has: 404 proves the key was accepted, 401 that it was not.
    probe=ConnectionProbe("client.get", {"clientId": 1}, accepted=(200, 404)),
    record_name=record_name,
    result_labels={
        "status": "Outcome",
        "data": "",
        "companyId": "PGi company id",
        "clientId": "PGi client id",
        "password": "Client password",
        "passCodes": "Pass codes",
        "moderatorPassCode": "Moderator pass code",
        "participantPassCode": "Participant pass code",
        "hub": "Hub",
        "hubId": "Hub id",
        "hubUrl": "Hub address",
    },
    record_title=RecordTitle(("name", "clientId")),
    quick_search=quick_search,
    smoke_read=HarmlessRead("client.get", {"clientId": 10863894}),
    record_facts=record_facts,
)
