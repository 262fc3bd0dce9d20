"""INSZoom record types and the rules every Create/Update obeys.

The vendor document names the entities and paths but no fields, so the field
lists here are the simulator's choice (see the package docstring). The rules
follow "Settled details: INSZoom": PascalCase keys, ``YYYY-MM-DD`` in every key
containing ``Date``, an email in every key ending ``Email``, required links that
must exist, ids assigned by the server, Update as a partial merge.

Keys a record type does not declare are kept as sent (flat values only): the
document lists no fields, so refusing a field the client's own reading chose
would break the sandbox for no gain; the generic Date/Email rules still apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.sandbox.inszoom.store import InsZoomStore, Record
from app.sandbox.scaffold.errors import ApiError

TEXT, DATE, EMAIL, BOOL, INT, ANY = "text", "date", "email", "bool", "int", "any"

PASCAL_KEY = re.compile(r"^[A-Z][A-Za-z0-9]*$")
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_TEXT = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")

# collection -> label used in "<label> not found" and link errors.
LABELS: dict[str, str] = {
    "headquarters": "Headquarter",
    "corporations": "Corporation",
    "corp_users": "Corp user",
    "clients": "Client",
    "dependents": "Dependent",
    "passports": "Passport",
    "visas": "Visa",
    "cases": "Case",
}


def not_found(label: str) -> ApiError:
    return ApiError(404, f"{label} not found")


def invalid(errors: dict[str, str]) -> ApiError:
    return ApiError(400, "Validation failed", errors=errors)


# A rule looks at the record as it would be stored and adds errors (field -> why).
Rule = Callable[[InsZoomStore, Record, date, dict[str, str]], None]
# A hook changes the record: defaults on Create, derived fields after validation.
Hook = Callable[[InsZoomStore, Record, date], None]


@dataclass(frozen=True)
class RecordType:
    label: str
    id_key: str
    prefix: str
    collection: str
    fields: Mapping[str, str]  # key -> kind, in the order Get answers them
    required: tuple[str, ...] = ()
    links: Mapping[str, str] = field(default_factory=dict)  # key -> collection of the linked record
    parent_key: str | None = None  # the owning link; fixed once the record exists
    read_only: tuple[str, ...] = ()  # answered by Get, ignored when sent
    rules: tuple[Rule, ...] = ()
    defaults: Hook | None = None
    derive: Hook | None = None
    on_create: Callable[[InsZoomStore, Record], None] | None = None


# ---------------------------------------------------------------- value checks


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_date(value: Any) -> date | None:
    """The date in a ``YYYY-MM-DD`` value, or None when blank or malformed."""
    if not isinstance(value, str) or not DATE_TEXT.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _kind_of(rtype: RecordType, key: str) -> str:
    # The key-name rules win over a declared kind: they are the settled contract.
    if "Date" in key:
        return DATE
    if key.endswith("Email"):
        return EMAIL
    return rtype.fields.get(key, TEXT if key == rtype.id_key else ANY)


def _value_problem(kind: str, value: Any) -> str | None:
    if value is None:
        return None  # absence is judged by the required check
    if kind == BOOL:
        return None if isinstance(value, bool) else "Must be true or false"
    if kind == INT:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else "Must be a whole number"
    if kind == ANY:
        return (
            None
            if isinstance(value, str | int | float | bool)
            else "Must be a plain value, not a list or object"
        )
    if not isinstance(value, str):
        return "Must be text"
    if kind == DATE and value and as_date(value) is None:
        return "Must be a date as YYYY-MM-DD"
    if kind == EMAIL and value and not EMAIL_TEXT.match(value):
        return "Must be an email address"
    return None


def _shape_errors(rtype: RecordType, body: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, value in body.items():
        if not PASCAL_KEY.match(key):
            errors[key] = "Keys are PascalCase, e.g. FirstName"
        elif key not in rtype.read_only and (problem := _value_problem(_kind_of(rtype, key), value)):
            errors[key] = problem
    return errors


def _link_errors(
    store: InsZoomStore, rtype: RecordType, fields: Mapping[str, Any], errors: dict[str, str]
) -> None:
    for key, target in rtype.links.items():
        value = fields.get(key)
        if key in errors or blank(value):
            continue
        if value not in store.collection(target):
            errors[key] = f"No {LABELS[target].lower()} with id {value}"


def _without(body: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


def _writable(rtype: RecordType, body: Mapping[str, Any]) -> Record:
    return {k: v for k, v in body.items() if k != rtype.id_key and k not in rtype.read_only}


# ---------------------------------------------------------------- operations


def create_record(store: InsZoomStore, rtype: RecordType, body: Mapping[str, Any], today: date) -> str:
    """Validate and store a new record; answers its server-assigned id."""
    # The id is the server's to assign: one sent here is ignored, whatever its form.
    errors = _shape_errors(rtype, _without(body, rtype.id_key))
    # Every declared field appears in the record (null when unset), as Get answers.
    record: Record = {key: None for key in rtype.fields}
    record.update(_writable(rtype, body))
    for key in rtype.required:
        if blank(record.get(key)):
            errors.setdefault(key, "Required")
    _link_errors(store, rtype, record, errors)
    if not errors and rtype.defaults:
        rtype.defaults(store, record, today)
    _run_rules(store, rtype, record, today, errors)
    if errors:
        raise invalid(errors)
    if rtype.derive:
        rtype.derive(store, record, today)
    new_id = store.new_id(rtype.prefix)
    store.collection(rtype.collection)[new_id] = {rtype.id_key: new_id, **record}
    if rtype.on_create:
        rtype.on_create(store, store.collection(rtype.collection)[new_id])
    return new_id


def update_record(
    store: InsZoomStore, rtype: RecordType, existing: Record, body: Mapping[str, Any], today: date
) -> None:
    """Merge ``body`` into ``existing`` (keys left out keep their values)."""
    errors = _shape_errors(rtype, body)
    sent_id = body.get(rtype.id_key)
    if sent_id is not None and sent_id != existing[rtype.id_key]:
        errors[rtype.id_key] = "Does not match the id of the record being updated"
    changes = _writable(rtype, body)
    parent = rtype.parent_key
    if parent and parent in changes and changes[parent] != existing.get(parent):
        errors.setdefault(parent, f"Cannot be changed; it must stay {existing.get(parent)}")
    for key in rtype.required:
        if key in changes and blank(changes[key]):
            errors.setdefault(key, "Required")
    _link_errors(store, rtype, changes, errors)
    merged = {**existing, **changes}
    _run_rules(store, rtype, merged, today, errors)
    if errors:
        raise invalid(errors)
    if rtype.derive:
        rtype.derive(store, merged, today)
    existing.clear()
    existing.update(merged)


def _run_rules(
    store: InsZoomStore, rtype: RecordType, record: Record, today: date, errors: dict[str, str]
) -> None:
    for rule in rtype.rules:
        rule(store, record, today, errors)


def find_record(
    store: InsZoomStore, rtype: RecordType, record_id: str, parents: Mapping[str, str] | None = None
) -> Record:
    """The stored record, or 404 when it does not exist or belongs to other parents."""
    for key, value in (parents or {}).items():
        target = rtype.links.get(key)
        if target and value not in store.collection(target):
            raise not_found(LABELS[target])
    record = store.collection(rtype.collection).get(record_id)
    if record is None or any(record.get(k) != v for k, v in (parents or {}).items()):
        raise not_found(rtype.label)
    return record


def view(store: InsZoomStore, rtype: RecordType, record: Record) -> Record:
    """A record as Get answers it (a copy, with its documents listed for clients and cases)."""
    answer = dict(record)
    if "Documents" in rtype.read_only:
        answer["Documents"] = [d.summary() for d in store.documents_of(rtype.id_key, record[rtype.id_key])]
    return answer


def delete_record(store: InsZoomStore, rtype: RecordType, record_id: str) -> None:
    """Delete a record and what it owns; refuse while others still point at it."""
    for other, key in BLOCKERS.get(rtype.collection, ()):
        count = sum(1 for r in store.collection(other.collection).values() if r.get(key) == record_id)
        if count:
            raise ApiError(
                409,
                f"{rtype.label} {record_id} is still used by {count} {other.label.lower()} record(s); "
                f"delete them or change their {key} first.",
            )
    for child in CHILDREN.get(rtype.collection, ()):
        owned = [
            cid
            for cid, r in store.collection(child.collection).items()
            if child.parent_key is not None and r.get(child.parent_key) == record_id
        ]
        for child_id in owned:
            delete_record(store, child, child_id)
    del store.collection(rtype.collection)[record_id]
    store.drop_documents_of(rtype.id_key, record_id)
    if rtype.collection == "corporations":
        for table in (store.departments, store.roles, store.signatories):
            table.pop(record_id, None)


# ---------------------------------------------------------------- type-specific rules


def _not_in_future(key: str) -> Rule:
    def rule(store: InsZoomStore, record: Record, today: date, errors: dict[str, str]) -> None:
        value = as_date(record.get(key))
        if value and value > today:
            errors.setdefault(key, "Cannot be in the future")

    return rule


def _ordered(first: str, second: str, *, strictly: bool) -> Rule:
    def rule(store: InsZoomStore, record: Record, today: date, errors: dict[str, str]) -> None:
        start, end = as_date(record.get(first)), as_date(record.get(second))
        if start and end and (end <= start if strictly else end < start):
            errors.setdefault(second, f"Must be {'after' if strictly else 'on or after'} {first}")

    return rule


def _corporation_tables(store: InsZoomStore, record: Record, today: date, errors: dict[str, str]) -> None:
    """DepartmentId and RoleId must come from the record's corporation's look-up lists."""
    corporation: Any = record.get("CorporationId")  # as the client sent it: any JSON value
    for key, table, what in (
        ("DepartmentId", store.departments, "department"),
        ("RoleId", store.roles, "role"),
    ):
        value = record.get(key)
        if blank(value) or key in errors:
            continue
        if blank(corporation):
            errors[key] = "Needs a CorporationId"
        elif value not in {entry[key] for entry in table.get(corporation, [])}:
            errors[key] = f"Not a {what} of corporation {corporation}"


def _case_references(store: InsZoomStore, record: Record, today: date, errors: dict[str, str]) -> None:
    petition_id: Any = record.get("PetitionId")  # as the client sent it: any JSON value
    if not blank(petition_id) and "PetitionId" not in errors:
        found = store.petition(petition_id)
        country = record.get("CountryId")
        if found is None:
            errors["PetitionId"] = "Unknown petition; see INSZoomEntity/GetPetitionList/{countryId}"
        elif not blank(country) and country != found[0]:
            errors.setdefault("CountryId", f"Does not match the petition's country {found[0]}")
    manager = record.get("CaseManagerId")
    if not blank(manager) and manager not in {m["CaseManagerId"] for m in store.case_managers}:
        errors.setdefault("CaseManagerId", "Unknown case manager; see INSZoomEntity/GetCaseManagerList")
    signatory = record.get("SignatoryId")
    if blank(signatory) or "SignatoryId" in errors:
        return
    corporation: Any = record.get("CorporationId")  # as the client sent it: any JSON value
    if blank(corporation):
        errors["SignatoryId"] = "Needs a CorporationId"
    elif signatory not in {s["SignatoryId"] for s in store.signatories.get(corporation, [])}:
        errors["SignatoryId"] = f"Not a signatory of corporation {corporation}"


def _case_defaults(store: InsZoomStore, record: Record, today: date) -> None:
    # A case is filed for the client's employer unless another corporation is named.
    if blank(record.get("CorporationId")):
        record["CorporationId"] = store.clients[record["ClientId"]].get("CorporationId")
    if blank(record.get("CaseStatus")):
        record["CaseStatus"] = "Open"
    if blank(record.get("OpenDate")):
        record["OpenDate"] = today.isoformat()


def _case_derive(store: InsZoomStore, record: Record, today: date) -> None:
    found = store.petition(record["PetitionId"])
    if found:
        record["CountryId"], record["PetitionName"] = found[0], found[1]["PetitionName"]


def _corporation_created(store: InsZoomStore, record: Record) -> None:
    store.add_standard_roles(record["CorporationId"])


# ---------------------------------------------------------------- the record types

_ADDRESS = {
    "Address1": TEXT,
    "Address2": TEXT,
    "City": TEXT,
    "State": TEXT,
    "PostalCode": TEXT,
    "Country": TEXT,
    "Phone": TEXT,
    "ContactName": TEXT,
    "ContactEmail": EMAIL,
    "Website": TEXT,
}

_PERSON = {
    "FirstName": TEXT,
    "MiddleName": TEXT,
    "LastName": TEXT,
    "DateOfBirth": DATE,
    "Gender": TEXT,
    "CountryOfBirth": TEXT,
    "CountryOfCitizenship": TEXT,
    "Email": EMAIL,
    "Phone": TEXT,
}

HEADQUARTER = RecordType(
    label="Headquarter",
    id_key="HeadquarterId",
    prefix="HQ",
    collection="headquarters",
    fields={"HeadquarterName": TEXT, **_ADDRESS},
    required=("HeadquarterName",),
)

CORPORATION = RecordType(
    label="Corporation",
    id_key="CorporationId",
    prefix="CORP",
    collection="corporations",
    fields={
        "CorporationName": TEXT,
        "HeadquarterId": TEXT,
        "FEIN": TEXT,
        **_ADDRESS,
        "IndustryType": TEXT,
        "NumberOfEmployees": INT,
        "IncorporationDate": DATE,
    },
    required=("CorporationName",),
    links={"HeadquarterId": "headquarters"},
    on_create=_corporation_created,
)

CORP_USER = RecordType(
    label="Corp user",
    id_key="CorpUserId",
    prefix="CU",
    collection="corp_users",
    fields={
        "CorporationId": TEXT,
        "FirstName": TEXT,
        "LastName": TEXT,
        "Email": EMAIL,
        "Phone": TEXT,
        "JobTitle": TEXT,
        "DepartmentId": TEXT,
        "RoleId": TEXT,
        "IsActive": BOOL,
    },
    required=("CorporationId", "FirstName", "LastName"),
    links={"CorporationId": "corporations"},
    parent_key="CorporationId",
    rules=(_corporation_tables,),
)

CLIENT = RecordType(
    label="Client",
    id_key="ClientId",
    prefix="CL",
    collection="clients",
    fields={
        "CorporationId": TEXT,
        **_PERSON,
        "MaritalStatus": TEXT,
        "EmployeeId": TEXT,
        "DepartmentId": TEXT,
        "JobTitle": TEXT,
        "HireDate": DATE,
        "WorkLocation": TEXT,
        "AlienNumber": TEXT,
        "ImmigrationStatus": TEXT,
        "StatusExpiryDate": DATE,
    },
    required=("FirstName", "LastName"),
    links={"CorporationId": "corporations"},
    read_only=("Documents",),
    rules=(_not_in_future("DateOfBirth"), _corporation_tables),
)

DEPENDENT = RecordType(
    label="Dependent",
    id_key="DependentId",
    prefix="DEP",
    collection="dependents",
    fields={"MainClientId": TEXT, "Relationship": TEXT, **_PERSON, "ImmigrationStatus": TEXT},
    required=("MainClientId", "FirstName", "LastName"),
    links={"MainClientId": "clients"},
    parent_key="MainClientId",
    rules=(_not_in_future("DateOfBirth"),),
)

PASSPORT = RecordType(
    label="Passport",
    id_key="PassportId",
    prefix="PP",
    collection="passports",
    fields={
        "ClientId": TEXT,
        "PassportNumber": TEXT,
        "IssuingCountry": TEXT,
        "PlaceOfIssue": TEXT,
        "IssueDate": DATE,
        "ExpiryDate": DATE,
        "IsPrimary": BOOL,
    },
    required=("ClientId", "PassportNumber"),
    links={"ClientId": "clients"},
    parent_key="ClientId",
    rules=(_ordered("IssueDate", "ExpiryDate", strictly=True),),
)

VISA = RecordType(
    label="Visa",
    id_key="VisaId",
    prefix="VISA",
    collection="visas",
    fields={
        "ClientId": TEXT,
        "CountryId": TEXT,
        "VisaType": TEXT,
        "VisaNumber": TEXT,
        "Status": TEXT,
        "EntryType": TEXT,
        "IssueDate": DATE,
        # Named as the brief suggests; they hold dates although the name lacks "Date".
        "ValidFrom": DATE,
        "ValidTo": DATE,
    },
    required=("ClientId", "CountryId", "VisaType"),
    links={"ClientId": "clients"},
    parent_key="ClientId",
    rules=(_ordered("ValidFrom", "ValidTo", strictly=False),),
)

CASE = RecordType(
    label="Case",
    id_key="CaseId",
    prefix="CASE",
    collection="cases",
    fields={
        "ClientId": TEXT,
        "CorporationId": TEXT,
        "PetitionId": TEXT,
        "PetitionName": TEXT,
        "CountryId": TEXT,
        "CaseManagerId": TEXT,
        "SignatoryId": TEXT,
        "CaseStatus": TEXT,
        "CaseDescription": TEXT,
        "ReceiptNumber": TEXT,
        "PriorityDate": DATE,
        "OpenDate": DATE,
        "FiledDate": DATE,
        "DecisionDate": DATE,
    },
    required=("ClientId", "PetitionId"),
    links={"ClientId": "clients", "CorporationId": "corporations"},
    parent_key="ClientId",
    read_only=("PetitionName", "Documents"),
    rules=(_case_references,),
    defaults=_case_defaults,
    derive=_case_derive,
)

ALL_TYPES: tuple[RecordType, ...] = (
    HEADQUARTER,
    CORPORATION,
    CORP_USER,
    CLIENT,
    DEPENDENT,
    PASSPORT,
    VISA,
    CASE,
)

# Deleting a record deletes what it owns (the record types whose required parent it is) ...
CHILDREN: dict[str, tuple[RecordType, ...]] = {
    "corporations": (CORP_USER,),
    "clients": (DEPENDENT, PASSPORT, VISA, CASE),
}
# ... and is refused while records that merely refer to it still exist.
BLOCKERS: dict[str, tuple[tuple[RecordType, str], ...]] = {
    "headquarters": ((CORPORATION, "HeadquarterId"),),
    "corporations": ((CLIENT, "CorporationId"), (CASE, "CorporationId")),
}
