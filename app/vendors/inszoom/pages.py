"""INSZoom's record pages: a client and a corporation (``VENDOR.record_pages``).

A client's page reads the client, its passports, its visas and its employer at once (INSZoom has a
Get for each, by the client's id); INSZoom has no call that lists a client's dependents or cases,
so the page does not pretend to.  Its documents are the ones its Get lists.  From the page a
passport, a visa, a dependent or a case is added with the client's id already filled in.
"""

from __future__ import annotations

import asyncio
from typing import Any

from app.contract.errors import SwitchboardError
from app.contract.pages import PageAction, PageData, PageScope, Record, RecordPage, RelatedList

CLIENT_DETAILS = ("ClientId", "DateOfBirth", "CountryOfCitizenship", "Email", "Phone", "EmployeeId",
                  "JobTitle", "WorkLocation", "ImmigrationStatus", "StatusExpiryDate")  # fmt: skip
CORPORATION_DETAILS = ("CorporationId", "Address1", "City", "State", "PostalCode", "Country", "Phone",
                       "ContactName", "ContactEmail", "Website", "IndustryType")  # fmt: skip
PASSPORT_COLUMNS = (("PassportNumber", "Passport number"), ("IssuingCountry", "Issued by"),
                    ("IssueDate", "Issued"), ("ExpiryDate", "Expires"))  # fmt: skip
# What "Change a passport's details" (and a visa's) is filled with when its row is opened.
PASSPORT_KEYS = ("PassportId", "PassportNumber", "IssuingCountry", "PlaceOfIssue", "IssueDate", "ExpiryDate")
VISA_COLUMNS = (("VisaType", "Visa"), ("CountryId", "Country"), ("Status", "Status"),
                ("ValidFrom", "Valid from"), ("ValidTo", "Valid until"))  # fmt: skip
VISA_KEYS = ("VisaId", "CountryId", "VisaType", "VisaNumber", "Status", "EntryType", "PlaceOfIssue",
             "IssueDate")  # fmt: skip


async def _try(scope: PageScope, operation_id: str, values: dict[str, Any]) -> tuple[Any, str]:
    """The answer, or None and the vendor's sentence: one list that fails must not hide the rest."""
    try:
        return await scope.read(operation_id, values), ""
    except SwitchboardError as exc:
        return None, exc.message


def _rows(data: Any) -> list[dict[str, Any]]:
    return [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []


def _details(record: Record, keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: record.get(key) for key in keys if key in record}


async def load_client(scope: PageScope, client_id: str) -> PageData:
    (client, failed), (passports, no_passports), (visas, no_visas) = await asyncio.gather(
        _try(scope, "client.get", {"clientId": client_id}),
        _try(scope, "passport.get", {"clientId": client_id}),
        _try(scope, "visa.get", {"clientId": client_id}),
    )
    if not isinstance(client, dict):
        raise LookupError(failed or f"INSZoom sent no client {client_id}.")
    employer: list[dict[str, Any]] = []
    if corporation_id := client.get("CorporationId"):
        corporation, _ = await _try(scope, "corporation.get", {"corporationId": corporation_id})
        employer = [corporation] if isinstance(corporation, dict) else [{"CorporationId": corporation_id}]
    problems = [
        f"The {what} could not be loaded: {why}"
        for what, why in (("passports", no_passports), ("visas", no_visas))
        if why
    ]
    name = " ".join(str(client.get(key) or "") for key in ("FirstName", "LastName")).strip()
    return PageData(
        title=name or f"Client {client_id}",
        record=_details(client, CLIENT_DETAILS) | {"CorporationId": client.get("CorporationId")},
        related={
            "Passports": _rows(passports),
            "Visas": _rows(visas),
            "Employer": employer,
            "Documents on file": _rows(client.get("Documents")),
        },
        problems=problems,
        note="INSZoom cannot list a client's dependents or cases; open them from their own tasks.",
    )


async def load_corporation(scope: PageScope, corporation_id: str) -> PageData:
    corporation, failed = await _try(scope, "corporation.get", {"corporationId": corporation_id})
    if not isinstance(corporation, dict):
        raise LookupError(failed or f"INSZoom sent no corporation {corporation_id}.")
    headquarters: list[dict[str, Any]] = []
    if headquarter_id := corporation.get("HeadquarterId"):
        found, _ = await _try(scope, "headquarter.get", {"headquarterId": headquarter_id})
        headquarters = [found] if isinstance(found, dict) else [{"HeadquarterId": headquarter_id}]
    return PageData(
        title=str(corporation.get("CorporationName") or f"Corporation {corporation_id}"),
        record=_details(corporation, CORPORATION_DETAILS),
        related={"Headquarters": headquarters},
    )


def _client_id(record: Record) -> str:
    return str(record.get("ClientId") or "")


def _filled(row: Record, *keys: str) -> dict[str, Any]:
    return {key: row[key] for key in keys if row.get(key) not in (None, "")}


CLIENT = RecordPage(
    kind="client",
    noun="client",
    opened_by=("client.get",),
    record_id=lambda values: values.get("clientId") or values.get("ClientId") or "",
    opening=lambda record_id: {"clientId": record_id},
    load=load_client,
    related=(
        RelatedList(
            "Passports",
            PASSPORT_COLUMNS,
            # A passport has no Get of its own: it opens in "Change a passport's details", filled.
            opens=lambda row: ("passport.update", _filled(row, *PASSPORT_KEYS)),
        ),
        RelatedList(
            "Visas",
            VISA_COLUMNS,
            opens=lambda row: ("visa.update", _filled(row, *VISA_KEYS)),
        ),
        RelatedList(
            "Employer",
            (("CorporationName", "Corporation"), ("CorporationId", "Id"), ("City", "City")),
            opens=lambda row: ("corporation.get", {"corporationId": row.get("CorporationId")}),
        ),
        RelatedList(
            "Documents on file",
            (("FileName", "File"), ("DocumentType", "Type"), ("DocumentId", "Id")),
            opens=lambda row: ("document_download", {"documentId": row.get("DocumentId")}),
        ),
    ),
    actions=(
        PageAction("Add a passport", "passport.create", lambda r: {"ClientId": _client_id(r)}),
        PageAction("Add a visa", "visa.create", lambda r: {"ClientId": _client_id(r)}),
        PageAction("Add a dependent", "dependent.create", lambda r: {"MainClientId": _client_id(r)}),
        PageAction(
            "Open a case",
            "case.create",
            lambda r: {"ClientId": _client_id(r), **_filled(r, "CorporationId")},
        ),
        PageAction("Change details", "client.update", lambda r: {"clientId": _client_id(r)}),
    ),
)

CORPORATION = RecordPage(
    kind="corporation",
    noun="corporation",
    opened_by=("corporation.get",),
    record_id=lambda values: values.get("corporationId") or "",
    opening=lambda record_id: {"corporationId": record_id},
    load=load_corporation,
    related=(
        RelatedList(
            "Headquarters",
            (("HeadquarterName", "Headquarters"), ("City", "City"), ("Country", "Country")),
            opens=lambda row: ("headquarter.get", {"headquarterId": row.get("HeadquarterId")}),
        ),
    ),
    actions=(
        PageAction(
            "Add a corporation user",
            "corp_user.create",
            lambda r: {"CorporationId": r.get("CorporationId")},
        ),
        PageAction(
            "Change details", "corporation.update", lambda r: {"corporationId": r.get("CorporationId")}
        ),
    ),
)

PAGES = (CLIENT, CORPORATION)
