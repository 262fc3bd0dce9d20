"""INSZoom (Mitratech Zoom API): immigration clients, dependents, passports, visas and cases (inszoom.txt).

Every path is the document's, under ``/api/v1.0``.  Data calls carry the token from
``POST /api/v1.0/Auth`` as ``Authorization: Bearer`` and the ``Ocp-Apim-Subscription-Key``
header (:class:`~app.core.auth.TokenLogin`).  Record bodies are JSON objects with
PascalCase keys; a field's name *is* its key, so ``--body`` in the CLI takes INSZoom's
own JSON.  Update is a partial merge: only what is filled in is sent.

The eight record types share one shape (get, create, update, delete), so each is declared
once as a :class:`RecordType` and its operations are built from it; Case has no update.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.contract.places import COUNTRY_CODE_LABELS, COUNTRY_CODES, COUNTRY_NAMES, subdivisions_of
from app.contract.spec import (
    ChoicesBy,
    CrossFieldRule,
    Field,
    FieldKind,
    Location,
    Lookup,
    OpenBody,
    Operation,
    ResultKind,
    fill,
)
from app.contract.vendor import (
    CredentialField,
    Environment,
    HarmlessRead,
    RecordTitle,
    VendorDefinition,
    sandbox,
)
from app.core.auth import TokenLogin
from app.core.prepare import coerce
from app.vendors.inszoom.records import record_facts
from app.vendors.inszoom.search import quick_search

API = "/api/v1.0"
ENTITY = f"{API}/INSZoomEntity"

LOOK_UPS = "Look-ups"
# The navigator: one heading per record type, in the order an immigration team works through them.
CATEGORIES = (
    "Clients", "Dependents", "Passports", "Visas", "Cases", "Corporations", "Headquarters",
    "Corporation users", "Documents", LOOK_UPS,
)  # fmt: skip

# What a person reads for each key of INSZoom's records and answers.  Input fields use the
# same words, so a form and the answer it produces speak alike.
LABELS = {
    "Id": "New record's id",
    "Message": "INSZoom's answer",
    "HeadquarterId": "Headquarters id",
    "HeadquarterName": "Headquarters name",
    "CorporationId": "Corporation id",
    "CorporationName": "Corporation name",
    "FEIN": "FEIN (US employer identification number)",
    "NAICSCode": "NAICS code",
    "IndustryType": "Industry",
    "NumberOfEmployees": "Number of employees",
    "IncorporationDate": "Incorporated on",
    "Address1": "Street address",
    "Address2": "Address line 2",
    "City": "City",
    "State": "State or province",
    "PostalCode": "Postal code",
    "Country": "Country",
    "Phone": "Phone",
    "Website": "Website",
    "ContactName": "Contact person",
    "ContactEmail": "Contact person's email",
    "CorpUserId": "Corporation user id",
    "ClientId": "Client id",
    "MainClientId": "Main client id",
    "DependentId": "Dependent id",
    "Relationship": "Relationship to the client",
    "FirstName": "First name",
    "MiddleName": "Middle name",
    "LastName": "Last name",
    "DateOfBirth": "Date of birth",
    "Gender": "Gender",
    "CountryOfBirth": "Country of birth",
    "CountryOfCitizenship": "Country of citizenship",
    "MaritalStatus": "Marital status",
    "Email": "Email",
    "JobTitle": "Job title",
    "EmployeeId": "Employee number",
    "DepartmentId": "Department id",
    "DepartmentName": "Department",
    "RoleId": "Role id",
    "RoleName": "Role",
    "IsActive": "Active",
    "HireDate": "Hired on",
    "WorkLocation": "Work location",
    "AlienNumber": "A-number (alien registration number)",
    "ImmigrationStatus": "Immigration status",
    "StatusExpiryDate": "Status expires on",
    "I94Number": "I-94 number",
    "I94ExpiryDate": "I-94 expires on",
    "Documents": "Documents on file",
    "DocumentId": "Document id",
    "DocumentType": "Document type",
    "FileName": "File name",
    "DownloadUrl": "Download link",
    "PassportId": "Passport id",
    "PassportNumber": "Passport number",
    "IssuingCountry": "Issuing country",
    "PlaceOfIssue": "Place of issue",
    "IssueDate": "Issued on",
    "ExpiryDate": "Expires on",
    "IsPrimary": "Main passport",
    "VisaId": "Visa id",
    "CountryId": "Country",
    "VisaType": "Visa type",
    "VisaNumber": "Visa number",
    "Status": "Status",
    "EntryType": "Entries allowed",
    "ValidFrom": "Valid from",
    "ValidTo": "Valid until",
    "CaseId": "Case id",
    "PetitionId": "Petition type id",
    "PetitionName": "Petition type",
    "CaseManagerId": "Case manager id",
    "CaseManagerName": "Case manager",
    "SignatoryId": "Signatory id",
    "SignatoryName": "Signatory",
    "Title": "Title",
    "CaseStatus": "Case status",
    "CaseDescription": "Description",
    "ReceiptNumber": "Receipt number",
    "PriorityDate": "Priority date",
    "OpenDate": "Opened on",
    "FiledDate": "Filed on",
    "DecisionDate": "Decided on",
}


def _columns(*keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, LABELS[key]) for key in keys)


def _kind_of(key: str) -> FieldKind:
    """ASSUMPTIONS (settled): keys containing Date hold YYYY-MM-DD, keys ending in Email an address."""
    if "Date" in key:
        return FieldKind.DATE
    if key.endswith("Email"):
        return FieldKind.EMAIL
    return FieldKind.TEXT


# ASSUMPTIONS (settled): record keys are PascalCase.  The document lists no fields, and a firm's INSZoom
# has many more than the forms offer, so Create and Update send any such key the user gives.
PASCAL_KEY = re.compile(r"[A-Z][A-Za-z0-9]*")


def key_rules(key: str, value: Any) -> str:
    """The document's rules for a key no field declares: what is wrong with its value, or ''."""
    kind = _kind_of(key)
    if kind is FieldKind.TEXT or value is None or value == "":
        return ""
    if not isinstance(value, str):
        what = "a date as YYYY-MM-DD" if kind is FieldKind.DATE else "an email address"
        return f"{key} holds {what}, as text."
    try:
        coerce(Field(key, key, kind), value)
    except ValueError as exc:
        return str(exc)
    return ""


RECORD_BODY = OpenBody(
    help="PascalCase keys that no parameter above names (EstablishedDate, CountryId, …) go to INSZoom "
    "as typed, at the top of the body: with -p as text, in --body as the JSON given.  A key containing "
    "Date holds YYYY-MM-DD or is empty; a key ending in Email holds an email address.",
    form_help="fields your INSZoom has that this form does not list, each named as INSZoom names it "
    "(EmployeeGrade, PreferredName…). They go to INSZoom as typed; a name containing Date takes a "
    "date as YYYY-MM-DD, a name ending in Email an email address.",
    key_pattern=PASCAL_KEY,
    key_sentence="INSZoom's keys are PascalCase (a capital first, then letters and digits), e.g. FirstName.",
    check=key_rules,
)


def _key(
    name: str,
    group: str,
    help: str = "",
    required: bool = False,
    kind: FieldKind | None = None,
    placeholder: str = "",
    default: str | None = None,
    lookup: Lookup | None = None,
    holds: str = "",
) -> Field:
    """One key of a record's JSON body, labelled from LABELS."""
    return Field(
        name,
        LABELS[name],
        kind or _kind_of(name),
        Location.BODY,
        required=required,
        help=help,
        group=group,
        placeholder=placeholder,
        default=default,
        lookup=lookup,
        holds=holds,
    )


def _path_id(name: str, label: str, help: str, holds: str = "") -> Field:
    return Field(name, label, location=Location.PATH, required=True, help=help, holds=holds)


def _country_id(spec: Field) -> Field:
    """INSZoom's country ids are ISO codes ("US"): chosen by the country's name, the code is sent."""
    return replace(spec, kind=FieldKind.CHOICE, choices=COUNTRY_CODES, choice_labels=COUNTRY_CODE_LABELS)


def _country_name(spec: Field) -> Field:
    """A country written out in a record ("United States"): the window offers the names; INSZoom
    itself takes any text, so a script may send its own spelling."""
    return replace(spec, kind=FieldKind.CHOICE, choices=COUNTRY_NAMES, open_choices=True)


def _suggested(spec: Field, *choices: str) -> Field:
    """A value a firm's INSZoom may spell its own way (a gender, a status): the window suggests the
    usual ones and takes what the person types; INSZoom gets it as typed."""
    return replace(spec, kind=FieldKind.CHOICE, choices=choices, open_choices=True, others_allowed=True)


# The path placeholders, spelt as the document spells them (Visa/Delete and CaseSignatoryList
# capitalise theirs).  Operations take the ones their path template names.
PATH_IDS: dict[str, Field] = {
    spec.name: spec
    for spec in (
        _path_id("headquarterId", "Headquarters id", "The headquarters' id in INSZoom.", holds="headquarter"),
        _path_id("corporationId", "Corporation id", "The corporation's id in INSZoom.", holds="corporation"),
        _path_id(
            "corpUserId",
            "Corporation user id",
            "The user's id within that corporation.",
            holds="corp_user",
        ),
        _path_id("clientId", "Client id", "The client's (foreign national's) id in INSZoom.", holds="client"),
        _path_id("dependentId", "Dependent id", "The dependent's id in INSZoom.", holds="dependent"),
        _path_id(
            "mainClientId",
            "Main client id",
            "The client (foreign national) the dependent belongs to.",
            holds="client",
        ),
        _path_id(
            "passportId",
            "Passport id",
            "The passport's id, as listed in the client's passports.",
            holds="passport",
        ),
        _path_id(
            "ClientId",
            "Client id",
            "The client (foreign national) the visa belongs to.",
            holds="client",
        ),
        _path_id("VisaId", "Visa id", "The visa's id, as listed in the client's visas.", holds="visa"),
        _country_id(_path_id("CountryId", "Country", "The country the visa is for.")),
        _path_id("caseId", "Case id", "The case's id in INSZoom.", holds="case"),
        _path_id(
            "documentId",
            "Document id",
            "Listed under Documents on file when you look up a client or a case.",
            holds="document",
        ),
        _country_id(_path_id("countryId", "Country", "The country whose petition types you want.")),
        _path_id(
            "CorpId",
            "Corporation id",
            "The corporation whose signatories you want.",
            holds="corporation",
        ),
    )
}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _path_fields(path: str) -> tuple[Field, ...]:
    return tuple(PATH_IDS[name] for name in _PLACEHOLDER.findall(path))


# --- record fields, as sent to Create (required = required on Create) --------------------------------

ADDRESS = (
    _key("Address1", "Address"),
    _key("Address2", "Address"),
    _key("City", "Address"),
    _country_name(_key("Country", "Address")),
    replace(
        _key("State", "Address", "Chosen from a list once the country is the United States or Canada."),
        choices_by=ChoicesBy("Country", subdivisions_of),
    ),
    _key("PostalCode", "Address"),
)
ORGANISATION_CONTACT = (
    _key("Phone", "Contact"),
    _key("Website", "Contact"),
    _key("ContactName", "Contact", "The person INSZoom should deal with there."),
    _key("ContactEmail", "Contact"),
)
PERSON = (
    _key("FirstName", "Person", required=True),
    _key("MiddleName", "Person"),
    _key("LastName", "Person", required=True),
    _key("DateOfBirth", "Person"),
    _suggested(_key("Gender", "Person"), "Female", "Male"),
    _country_name(_key("CountryOfBirth", "Person")),
    _country_name(_key("CountryOfCitizenship", "Person")),
    _key("Email", "Phone and email"),
    _key("Phone", "Phone and email"),
)
I94 = (
    _key("I94Number", "Immigration", "The number on the latest I-94 arrival/departure record."),
    _key("I94ExpiryDate", "Immigration", "The admit-until date on the latest I-94."),
)
# Drop-downs filled from the look-ups; a department or role belongs to the corporation chosen in the form.
DEPARTMENTS = Lookup(
    "lookup.departments", "DepartmentId", "DepartmentName", {"corporationId": "CorporationId"}
)
ROLES = Lookup("lookup.roles", "RoleId", "RoleName", {"corporationId": "CorporationId"})
PETITIONS = Lookup("lookup.petitions", "PetitionId", "PetitionName", {"countryId": "CountryId"})
CASE_MANAGERS = Lookup("lookup.case_managers", "CaseManagerId", "CaseManagerName")
SIGNATORIES = Lookup("lookup.case_signatories", "SignatoryId", "SignatoryName", {"CorpId": "CorporationId"})
DEPARTMENT_HELP = "One of the corporation's departments (see Look-ups: Departments of a corporation)."

HEADQUARTER_FIELDS = (
    _key("HeadquarterName", "Headquarters", required=True),
    *ADDRESS,
    *ORGANISATION_CONTACT,
)
CORPORATION_FIELDS = (
    _key("CorporationName", "Corporation", required=True),
    _key(
        "HeadquarterId",
        "Corporation",
        "The headquarters (parent company) it belongs to, if any.",
        holds="headquarter",
    ),
    _key(
        "FEIN",
        "Corporation",
        "The employer's US Federal Employer Identification Number.",
        placeholder="12-3456789",
    ),
    _key("NAICSCode", "Corporation", "The North American Industry Classification code petitions ask for."),
    _key("IndustryType", "Corporation"),
    _key("NumberOfEmployees", "Corporation", kind=FieldKind.INTEGER),
    _key("IncorporationDate", "Corporation"),
    *ADDRESS,
    *ORGANISATION_CONTACT,
)
CORP_USER_FIELDS = (
    _key(
        "CorporationId",
        "User",
        "The corporation this person works for.",
        required=True,
        holds="corporation",
    ),
    _key("FirstName", "User", required=True),
    _key("LastName", "User", required=True),
    _key("Email", "User"),
    _key("Phone", "User"),
    _key("JobTitle", "User"),
    _key("DepartmentId", "User", DEPARTMENT_HELP, lookup=DEPARTMENTS),
    _key(
        "RoleId",
        "User",
        "What the user may do in INSZoom (see Look-ups: Roles of a corporation).",
        lookup=ROLES,
    ),
    _key("IsActive", "User", "Whether the user can work in INSZoom.", kind=FieldKind.BOOLEAN, default="true"),
)
CLIENT_FIELDS = (
    *PERSON,
    _suggested(_key("MaritalStatus", "Person"), "Single", "Married", "Divorced", "Widowed", "Separated"),
    _key(
        "CorporationId",
        "Employment",
        "The employer (corporation) this foreign national belongs to; empty for an individual client.",
        holds="corporation",
    ),
    _key("EmployeeId", "Employment", "The employee's number in the employer's HR system."),
    _key("DepartmentId", "Employment", DEPARTMENT_HELP, lookup=DEPARTMENTS),
    _key("JobTitle", "Employment"),
    _key("HireDate", "Employment"),
    _key("WorkLocation", "Employment"),
    _key("ImmigrationStatus", "Immigration", placeholder="e.g. H-1B"),
    _key("StatusExpiryDate", "Immigration"),
    _key("AlienNumber", "Immigration", placeholder="e.g. A123456789"),
    *I94,
)
DEPENDENT_FIELDS = (
    _key(
        "MainClientId",
        "Person",
        "The client (foreign national) this person is a dependent of.",
        required=True,
        holds="client",
    ),
    _key("Relationship", "Person", placeholder="e.g. Spouse or Child"),
    *PERSON,
    _key("ImmigrationStatus", "Immigration", placeholder="e.g. H-4"),
    _key("StatusExpiryDate", "Immigration"),
    *I94,
)
PASSPORT_FIELDS = (
    _key(
        "ClientId",
        "Passport",
        "The client (foreign national) who holds the passport.",
        required=True,
        holds="client",
    ),
    _key("PassportNumber", "Passport", required=True),
    _country_name(_key("IssuingCountry", "Passport")),
    _key("PlaceOfIssue", "Passport"),
    _key("IssueDate", "Passport"),
    _key("ExpiryDate", "Passport"),
    _key("IsPrimary", "Passport", "The passport the client travels on.", kind=FieldKind.BOOLEAN),
)
VISA_FIELDS = (
    _key(
        "ClientId",
        "Visa",
        "The client (foreign national) who holds the visa.",
        required=True,
        holds="client",
    ),
    _country_id(_key("CountryId", "Visa", "The country the visa is for.", required=True)),
    _key("VisaType", "Visa", required=True, placeholder="e.g. H-1B"),
    _key("VisaNumber", "Visa"),
    _suggested(_key("Status", "Visa"), "Active", "Expired", "Cancelled"),
    _key("EntryType", "Visa", placeholder="e.g. Single or Multiple"),
    _key("PlaceOfIssue", "Visa", "The consulate or office that issued it."),
    _key("IssueDate", "Visa"),
    _key("ValidFrom", "Visa", kind=FieldKind.DATE),
    _key("ValidTo", "Visa", kind=FieldKind.DATE),
)
CASE_FIELDS = (
    _key("ClientId", "Case", "The client (foreign national) the case is for.", required=True, holds="client"),
    _key("CorporationId", "Case", "The sponsoring employer, if any.", holds="corporation"),
    _country_id(_key("CountryId", "Case", "The country the case is filed in.")),
    _key(
        "PetitionId",
        "Case",
        "The kind of petition (see Look-ups: Petition types of a country).",
        required=True,
        lookup=PETITIONS,
    ),
    _key("CaseManagerId", "People on the case", "See Look-ups: Case managers.", lookup=CASE_MANAGERS),
    _key(
        "SignatoryId",
        "People on the case",
        "Who signs for the employer (see Look-ups: Case signatories of a corporation).",
        lookup=SIGNATORIES,
    ),
    _suggested(_key("CaseStatus", "Progress"), "Open", "Pending", "Approved", "Denied", "Closed"),
    _key("CaseDescription", "Progress"),
    _key("ReceiptNumber", "Progress", "The government's receipt number once the case is filed."),
    _key("PriorityDate", "Progress"),
    _key("OpenDate", "Progress"),
    _key("FiledDate", "Progress"),
    _key("DecisionDate", "Progress"),
)


# --- record types ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordType:
    """One of the document's record types, enough to build its get/create/update/delete."""

    key: str  # operation id prefix ("corp_user")
    entity: str  # path segment ("CorpUser")
    noun: str  # what a person calls it ("corporation user")
    category: str
    about: str  # what these records are, in plain words (the document only names them)
    fields: tuple[Field, ...]
    get_path: str  # after /{entity}/
    delete_path: str
    id_key: str  # the record's own id in answers ("ClientId")
    name: str  # how a person recognises one record: a template over its keys
    created: str  # done sentence after Create
    confirm_delete: str
    update_path: str | None = None  # None: the document has no Update (Case)
    update_id: Field | None = None  # Update names the record inside the body
    fixed: tuple[str, ...] = ()  # parent links that cannot change, left out of Update
    get_label: str = ""
    get_done: str = ""
    create_label: str = ""
    columns: tuple[tuple[str, str], ...] = ()  # Get answers a list of these
    nouns: str = ""  # more than one ("passports"); empty: the noun with an "s"

    @property
    def path_id(self) -> str:
        """The placeholder that names this record in its Delete path."""
        return next(
            name for name in _PLACEHOLDER.findall(self.delete_path) if name.lower() == self.id_key.lower()
        )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _possessive(noun: str) -> str:
    return noun + ("'" if noun.endswith("s") else "'s")


def _get(record: RecordType) -> Operation:
    path = f"{API}/{record.entity}/{record.get_path}"
    return Operation(
        id=f"{record.key}.get",
        label=record.get_label or f"Look up a {record.noun}",
        method="GET",
        path=path,
        fields=_path_fields(path),
        description=record.about,
        category=record.category,
        idempotent=True,
        result=ResultKind.LIST if record.columns else ResultKind.RECORD,
        columns=record.columns,
        done_text=record.get_done or f"Found {record.noun} {{{record.path_id}}}.",
        noun=record.noun,
        nouns=record.nouns,
    )


def _create(record: RecordType) -> Operation:
    return Operation(
        id=f"{record.key}.create",
        label=record.create_label or f"Add a {record.noun}",
        method="POST",
        path=f"{API}/{record.entity}/Create",
        fields=record.fields,
        description=f"{record.about} INSZoom gives the new {record.noun} its id.",
        category=record.category,
        done_text=record.created,
        open_body=RECORD_BODY,
        noun=record.noun,
    )


def _update(record: RecordType, path_tail: str) -> Operation:
    path = f"{API}/{record.entity}/{path_tail}"
    ids = _path_fields(path) + ((record.update_id,) if record.update_id else ())
    # A partial merge: nothing but the id is required, and blank boxes are not sent.  A yes/no box
    # always has a value, so it would overwrite INSZoom's on every update: the window leaves it out
    # (the command line still takes it when given).
    changes = tuple(
        replace(spec, required=False, default=None, in_form=spec.kind is not FieldKind.BOOLEAN)
        for spec in record.fields
        if spec.name not in record.fixed
    )
    named_by = record.update_id.name if record.update_id else record.path_id
    emptiable = tuple(spec for spec in changes if spec.in_form)
    empties = Field(
        "empty",
        "Empty in INSZoom",
        FieldKind.MULTI_CHOICE,
        Location.EMPTIES,
        help="Details to remove from the record: INSZoom keeps whatever is left blank above.",
        choices=tuple(spec.name for spec in emptiable),
        choice_labels={spec.name: spec.label for spec in emptiable},
        group="Remove details",
    )
    return Operation(
        id=f"{record.key}.update",
        label=f"Change a {_possessive(record.noun)} details",
        method="PUT",
        path=path,
        fields=ids + tuple(_rebind_lookup(spec, ids + changes) for spec in changes) + (empties,),
        description=f"Changes only the details you fill in; what you leave empty stays as INSZoom has it "
        f"(choose under “Empty in INSZoom” what to remove). {record.about}",
        category=record.category,
        result=ResultKind.EMPTY,
        done_text=f"{_capital(record.noun)} {{{named_by}}} is updated.",
        rules=(filled_or_emptied(emptiable),),
        open_body=RECORD_BODY,
    )


def filled_or_emptied(fields: tuple[Field, ...]) -> CrossFieldRule:
    """A detail cannot be both given a new value and emptied in the same update."""
    labels = {spec.name: spec.label for spec in fields}

    def rule(values: Mapping[str, Any]) -> dict[str, str]:
        emptied = str(values.get("empty") or "").split(",")
        both = [labels[name] for name in emptied if name in values]
        if not both:
            return {}
        return {"empty": f"{', '.join(both)}: filled in above and also chosen to be emptied. Keep one."}

    return rule


def _rebind_lookup(spec: Field, fields: tuple[Field, ...]) -> Field:
    """Point a drop-down's parameters at this form's fields (CorpUser Update has corporationId only)."""
    if spec.lookup is None:
        return spec
    names = {f.name.lower(): f.name for f in fields}
    params = {param: names[source.lower()] for param, source in spec.lookup.params.items()}
    return replace(spec, lookup=replace(spec.lookup, params=params))


def _delete(record: RecordType) -> Operation:
    path = f"{API}/{record.entity}/{record.delete_path}"
    return Operation(
        id=f"{record.key}.delete",
        label=f"Delete a {record.noun}",
        method="DELETE",
        path=path,
        fields=_path_fields(path),
        description=f"Removes the {record.noun} from INSZoom for good.",
        category=record.category,
        destructive=True,
        confirm_text=record.confirm_delete,
        done_text=f"{_capital(record.noun)} {{{record.path_id}}} is deleted.",
        result=ResultKind.EMPTY,
    )


def operations_for(record: RecordType) -> tuple[Operation, ...]:
    update = () if record.update_path is None else (_update(record, record.update_path),)
    return (_get(record), _create(record), *update, _delete(record))


CANNOT_BE_UNDONE = "This cannot be undone."

RECORDS = (
    RecordType(
        key="client",
        entity="Client",
        noun="client",
        category="Clients",
        about="A client is a foreign national: biographic and employment details and immigration status.",
        fields=CLIENT_FIELDS,
        get_path="Get/{clientId}",
        update_path="Update/{clientId}",
        delete_path="Delete/{clientId}",
        id_key="ClientId",
        name="{FirstName} {LastName}",
        created="{FirstName} {LastName} was added as a client.",
        confirm_delete="Delete client {clientId} from INSZoom? Their dependents, passports, visas and cases "
        f"may be deleted with them. {CANNOT_BE_UNDONE}",
    ),
    RecordType(
        key="dependent",
        entity="Dependent",
        noun="dependent",
        category="Dependents",
        about="A dependent is a client's relative (spouse, child...).",
        fields=DEPENDENT_FIELDS,
        get_path="Get/{dependentId}",
        update_path="Update",
        update_id=Field(
            "DependentId",
            LABELS["DependentId"],
            required=True,
            help="Which dependent to change.",
            group="Person",
            holds="dependent",
        ),
        fixed=("MainClientId",),
        delete_path="Delete/{mainClientId}/{dependentId}",
        id_key="DependentId",
        name="{FirstName} {LastName}",
        created="{FirstName} {LastName} was added as a dependent of client {MainClientId}.",
        confirm_delete="Delete dependent {dependentId} of client {mainClientId} from INSZoom? "
        + CANNOT_BE_UNDONE,
    ),
    RecordType(
        key="passport",
        entity="Passport",
        noun="passport",
        category="Passports",
        about="A client's passport details.",
        fields=PASSPORT_FIELDS,
        get_path="Get/{clientId}",
        get_label="A client's passports",
        get_done="These are the passports of client {clientId}.",
        columns=_columns(
            "PassportId",
            "PassportNumber",
            "IssuingCountry",
            "PlaceOfIssue",
            "IssueDate",
            "ExpiryDate",
            "IsPrimary",
        ),
        update_path="Update",
        update_id=Field(
            "PassportId",
            LABELS["PassportId"],
            required=True,
            help="Which passport to change.",
            group="Passport",
            holds="passport",
        ),
        fixed=("ClientId",),
        delete_path="Delete/{clientId}/{passportId}",
        id_key="PassportId",
        name="passport {PassportNumber}",
        created="Passport {PassportNumber} was added for client {ClientId}.",
        confirm_delete="Delete passport {passportId} of client {clientId} from INSZoom? " + CANNOT_BE_UNDONE,
    ),
    RecordType(
        key="visa",
        entity="Visa",
        noun="visa",
        category="Visas",
        about="A client's visa for one country.",
        fields=VISA_FIELDS,
        get_path="Get/{clientId}",
        get_label="A client's visas",
        get_done="These are the visas of client {clientId}.",
        columns=_columns(
            "VisaId", "CountryId", "VisaType", "VisaNumber", "Status", "EntryType", "ValidFrom", "ValidTo"
        ),
        update_path="Update",
        update_id=Field(
            "VisaId",
            LABELS["VisaId"],
            required=True,
            help="Which visa to change.",
            group="Visa",
            holds="visa",
        ),
        fixed=("ClientId",),
        delete_path="Delete/{ClientId}/{VisaId}/{CountryId}",
        id_key="VisaId",
        name="{VisaType} visa",
        created="The {VisaType} visa was added for client {ClientId}.",
        confirm_delete="Delete the visa {VisaId} for {CountryId} of client {ClientId} from INSZoom? "
        + CANNOT_BE_UNDONE,
    ),
    RecordType(
        key="case",
        entity="Case",
        noun="case",
        category="Cases",
        about="An immigration case (petition) for a client.",
        fields=CASE_FIELDS,
        get_path="Get/{caseId}",
        delete_path="Delete/{caseId}",
        id_key="CaseId",
        name="{CaseDescription}",
        created="A case was opened for client {ClientId}.",
        create_label="Open a case",
        confirm_delete="Delete case {caseId} from INSZoom? Its documents may be deleted with it. "
        + CANNOT_BE_UNDONE,
    ),
    RecordType(
        key="headquarter",
        entity="Headquarter",
        noun="headquarters",
        nouns="headquarters",
        category="Headquarters",
        about="A headquarters is the parent company of one or more corporations.",
        fields=HEADQUARTER_FIELDS,
        get_path="Get/{headquarterId}",
        update_path="Update/{headquarterId}",
        delete_path="Delete/{headquarterId}",
        id_key="HeadquarterId",
        name="{HeadquarterName}",
        created="{HeadquarterName} was added as a headquarters.",
        confirm_delete=f"Delete headquarters {{headquarterId}} from INSZoom? {CANNOT_BE_UNDONE}",
    ),
    RecordType(
        key="corporation",
        entity="Corporation",
        noun="corporation",
        category="Corporations",
        about="A corporation is an employer that sponsors foreign nationals.",
        fields=CORPORATION_FIELDS,
        get_path="Get/{corporationId}",
        update_path="Update/{corporationId}",
        delete_path="Delete/{corporationId}",
        id_key="CorporationId",
        name="{CorporationName}",
        created="{CorporationName} was added as a corporation.",
        confirm_delete=f"Delete corporation {{corporationId}} from INSZoom? {CANNOT_BE_UNDONE}",
    ),
    RecordType(
        key="corp_user",
        entity="CorpUser",
        noun="corporation user",
        category="Corporation users",
        about="A corporation user is someone at the employer (HR, a manager) who works in INSZoom.",
        fields=CORP_USER_FIELDS,
        get_path="Get/{corporationId}/{corpUserId}",
        update_path="Update/{corporationId}/{corpUserId}",
        # The corporation is in the path and cannot change; sending it again would only repeat it.
        fixed=("CorporationId",),
        delete_path="Delete/{corporationId}/{corpUserId}",
        id_key="CorpUserId",
        name="{FirstName} {LastName}",
        created="{FirstName} {LastName} was added as a user of corporation {CorporationId}.",
        confirm_delete="Delete user {corpUserId} of corporation {corporationId} from INSZoom? "
        + CANNOT_BE_UNDONE,
    ),
)


# --- look-ups (the document's "secondary endpoints") -------------------------------------------------


def _ids_field(label: str, examples: tuple[str, str]) -> Field:
    return Field(
        "ids",
        label,
        FieldKind.ID_LIST,
        Location.BODY_ROOT,
        required=True,
        help="One or more ids, separated by commas. Ids INSZoom does not know are left out of the answer.",
        placeholder=f"e.g. {', '.join(examples)}",
    )


def ids_are_a_list(examples: tuple[str, str]) -> CrossFieldRule:
    """The multiple look-ups take a non-empty JSON array of id strings (ASSUMPTIONS, INSZoom)."""
    sentence = f"Give one or more ids, separated by commas, e.g. {', '.join(examples)}."

    def rule(values: Mapping[str, Any]) -> dict[str, str]:
        ids = values.get("ids")
        if isinstance(ids, list) and ids and all(isinstance(item, str) and item.strip() for item in ids):
            return {}
        return {"ids": sentence}

    return rule


def _look_up(
    op_id: str,
    label: str,
    path: str,
    description: str,
    columns: tuple[str, ...] = (),
    noun: str = "",
    nouns: str = "",
) -> Operation:
    """``noun``: what the answer, or one row of it, is ("department"); ``nouns``: more than one."""
    return Operation(
        id=op_id,
        label=label,
        method="GET",
        path=f"{ENTITY}/{path}",
        fields=_path_fields(path),
        description=description,
        category=LOOK_UPS,
        idempotent=True,
        result=ResultKind.LIST if columns else ResultKind.RECORD,
        columns=_columns(*columns),
        noun=noun,
        nouns=nouns,
    )


def _look_up_many(
    op_id: str, label: str, path: str, what: str, columns: tuple[str, str], examples: tuple[str, str]
) -> Operation:
    """The document's "GET (Multiple)": a GET whose body is the JSON list of ids."""
    return replace(
        _look_up(
            op_id,
            label,
            path,
            f"Checks several {what} ids at once; unknown ids are left out.",
            columns,
            what,
            what if what.endswith("s") else what + "s",
        ),
        fields=(_ids_field(f"{_capital(what)} ids", examples),),
        rules=(ids_are_a_list(examples),),
    )


LOOK_UPS_OPERATIONS = (
    _look_up(
        "lookup.corporation_id",
        "Corporation name by id",
        "GetCorporationId/{corporationId}",
        "Checks a corporation id and shows the corporation's name.",
        noun="corporation",
    ),
    _look_up_many(
        "lookup.corporation_ids",
        "Corporation names for several ids",
        "GetCorporationId",
        "corporation",
        ("CorporationId", "CorporationName"),
        ("CORP-2001", "CORP-2002"),
    ),
    _look_up(
        "lookup.headquarter_id",
        "Headquarters name by id",
        "GetHeadquarterId/{headquarterId}",
        "Checks a headquarters id and shows its name.",
        noun="headquarters",
    ),
    _look_up_many(
        "lookup.headquarter_ids",
        "Headquarters names for several ids",
        "GetHeadquarterId",
        "headquarters",
        ("HeadquarterId", "HeadquarterName"),
        ("HQ-1001", "HQ-1002"),
    ),
    _look_up(
        "lookup.departments",
        "Departments of a corporation",
        "GetDepartmentList/{corporationId}",
        "The department ids to use for clients and corporation users.",
        ("DepartmentId", "DepartmentName"),
        noun="department",
    ),
    _look_up(
        "lookup.roles",
        "Roles of a corporation",
        "GetRoleIdList/{corporationId}",
        "The role ids to give corporation users.",
        ("RoleId", "RoleName"),
        noun="role",
    ),
    _look_up(
        "lookup.petitions",
        "Petition types of a country",
        "GetPetitionList/{countryId}",
        "The petition type ids to open cases with. A country INSZoom does not know has none.",
        ("PetitionId", "PetitionName"),
        noun="petition type",
    ),
    _look_up(
        "lookup.case_managers",
        "Case managers",
        "GetCaseManagerList",
        "The case manager ids to put on cases.",
        ("CaseManagerId", "CaseManagerName"),
        noun="case manager",
    ),
    _look_up(
        "lookup.case_signatories",
        "Case signatories of a corporation",
        "CaseSignatoryList/{CorpId}",
        "Who may sign petitions for the employer: the signatory ids to put on cases.",
        ("SignatoryId", "SignatoryName", "Title"),
        noun="case signatory",
        nouns="case signatories",
    ),
)

DOCUMENT_DOWNLOAD = Operation(
    id="document.download_url",
    label="Get a document's download link",
    method="GET",
    path=f"{API}/Documents/GetDocumentDownloadURL/{{documentId}}",
    fields=(PATH_IDS["documentId"],),
    description="Gets a short-lived link to a client's or a case's document; the file itself is "
    "fetched from that link.",
    category="Documents",
    idempotent=True,
    done_text="The download link for document {documentId} is ready; it works for a limited time only.",
    # The window's "Download a document" task fetches the link and then the file; the link alone
    # (short-lived, and a key to the file) stays in the command line.
    listed=False,
    noun="download link",
)

# The window lists tasks under a category heading where the category first appears: keep each together.
OPERATIONS: tuple[Operation, ...] = tuple(
    sorted(
        (
            *(operation for record in RECORDS for operation in operations_for(record)),
            DOCUMENT_DOWNLOAD,
            *LOOK_UPS_OPERATIONS,
        ),
        key=lambda operation: CATEGORIES.index(operation.category),
    )
)


# --- reading answers ---------------------------------------------------------------------------------


def error_message(body: Any) -> str | None:
    if isinstance(body, dict) and body.get("Message"):
        return str(body["Message"])
    return None


def field_errors(body: Any) -> dict[str, str]:
    """400 {"Errors": {"<Field>": "<why>"}}: the keys are our field names (they are INSZoom's keys)."""
    errors = body.get("Errors") if isinstance(body, dict) else None
    return {str(key): str(why) for key, why in errors.items()} if isinstance(errors, dict) else {}


_RECORD_BY_KEY = {record.key: record for record in RECORDS}
# The single look-ups answer an id with its name.
_NAMED_LOOK_UPS = {
    "lookup.corporation_id": ("CorporationId", "CorporationName"),
    "lookup.headquarter_id": ("HeadquarterId", "HeadquarterName"),
}


def record_name(operation_id: str, values: dict[str, Any], data: Any) -> tuple[str, str] | None:
    """(id, name) of a record just created or looked up, so later confirmations name it."""
    if not isinstance(data, dict):
        return None
    if operation_id in _NAMED_LOOK_UPS:
        id_key, name_key = _NAMED_LOOK_UPS[operation_id]
        return _named(data.get(id_key), str(data.get(name_key) or ""))
    kind, _, action = operation_id.partition(".")
    record = _RECORD_BY_KEY.get(kind)
    if record is None:
        return None
    if action == "create":
        return _named(data.get("Id"), _fill_name(record.name, values))
    if action == "get":
        return _named(data.get(record.id_key), _fill_name(record.name, data))
    return None


def _fill_name(template: str, source: Mapping[str, Any]) -> str:
    # A template over keys that are empty must not name anything ("passport " or " ").
    if not all(str(source.get(key) or "").strip() for key in _PLACEHOLDER.findall(template)):
        return ""
    return " ".join(fill(template, source).split())


def _named(record_id: Any, name: str) -> tuple[str, str] | None:
    return (str(record_id), name) if record_id and name else None


VENDOR = VendorDefinition(
    id="inszoom",
    name="INSZoom",
    summary="Immigration clients, passports, visas and cases",
    environments=(
        sandbox(),
        # No public URL: INSZoom gives each firm its own, so the administrator enters it.
        Environment("production", "Production", {"api": ""}, production=True),
    ),
    credential_fields=(
        CredentialField(
            "authorization_key",
            "Authorization key (the encrypted string INSZoom gave you)",
            help="Exchanged for a five-minute token, renewed automatically.",
        ),
        CredentialField(
            "subscription_key",
            "Subscription key",
            help="Sent with the authorization key and with every request.",
        ),
    ),
    make_auth=lambda: TokenLogin(
        "INSZoom",
        f"{API}/Auth",
        "Ocp-Apim-Subscription-Key",
        "subscription_key",
        "AuthorizationKey",
        "authorization_key",
    ),
    operations=OPERATIONS,
    error_message=error_message,
    field_errors=field_errors,
    record_name=record_name,
    result_labels=LABELS,
    # A client, an organisation, a case, or the values that open a client.
    record_title=RecordTitle(
        (("FirstName", "LastName"), "CorporationName", "HeadquarterName", "PetitionName", "clientId")
    ),
    quick_search=quick_search,
    smoke_read=HarmlessRead("client.get", {"clientId": "CL-10001"}),
    # A signed link to a document opens it for anyone who has it.
    secret_answer_keys=frozenset({"DownloadUrl"}),
    record_facts=record_facts,
)
