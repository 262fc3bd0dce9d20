"""iinsight contacts (iinsight-contacts.txt, API version 1).

Every data parameter travels in the query string, for GET and POST alike; Yes/No
are strings; ``modified_since`` is YYYY-MM-DD while the other dates are DD-MM-YYYY.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.errors import ConfirmationRequired, RemoteError
from app.contract.records import SyncList
from app.contract.spec import (
    DATE_DMY,
    Field,
    FieldKind,
    Location,
    Operation,
    Paging,
    ResultKind,
)
from app.contract.vendor import (
    CredentialField,
    Environment,
    HarmlessRead,
    RecordTitle,
    VendorDefinition,
    sandbox,
)
from app.core.auth import BearerLogin
from app.vendors.iinsight.records import record_facts
from app.vendors.iinsight.search import quick_search

Q = Location.QUERY
YES_NO = FieldKind.YES_NO
MAX_PAGE = 100
EVERYTHING = "1900-01-01"  # the document: 'Use "1900-01-01" to get all contacts'

# Section 3's response: the names `fields`, `sort_col` and search criteria may use.
CONTACT_FIELDS = (
    "contact_id", "name", "company_name", "job_title", "position", "phone1", "mobile", "email", "address",
    "suburb", "state", "postcode", "date_created", "date_disabled", "disabled", "contact_role_bill_to",
    "contact_role_employer", "contact_role_referrer", "contact_role_bill_to_cc",
)  # fmt: skip
DEFAULT_CONTACT_FIELDS = "contact_id,name,company_name,position,phone1,email,suburb,disabled"

LABELS = {
    "contact_id": "Contact id",
    "case": "Case",
    "case_id": "Case id",
    "company_id": "Company id",
    "company_name": "Company",
    "title": "Title",
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "job_title": "Job title",
    "position": "Position",
    "department": "Department",
    "street": "Street",
    "address": "Address",
    "postcode": "Postcode",
    "suburb": "Suburb",
    "sublocality": "Local area",
    "state": "State",
    "country": "Country",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "email": "Email",
    "phone1": "Phone",
    "phone2": "Phone 2",
    "fax": "Fax",
    "mobile": "Mobile",
    "notes": "Notes",
    "provider_no": "Provider no.",
    "biller_id": "Biller id",
    "care_of": "Care of",
    "mmm_classification": "MMM classification",
    "disabled": "Disabled",
    "date_created": "Added on",
    "date_disabled": "Disabled on",
    "contact_role_bill_to": "Bill to",
    "contact_role_employer": "Employer",
    "contact_role_referrer": "Referrer",
    "contact_role_bill_to_cc": "Bill to (cc)",
    "record_id": "Record id",
    "response": "Outcome",
    "case_contact_id": "Case contact id",
    "message": "Message",
    "success": "Succeeded",
    "bill_to": "Is the bill-to",
    "referrer": "Is the referrer",
    "employer": "Is the employer",
    "invoices": "Linked invoices",
    "delete": "Can be deleted",
    "disable": "Can be disabled",
    "transfer_invoices": "Invoices must be transferred",
    "id": "Id",
}


def _columns(*keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, LABELS.get(key, key)) for key in keys)


# The kind of record (in records.py's words) each id names: a picker offers those records, and an id
# used in one task goes to the next task's field of the same meaning.
HOLDS = {"contact_id": "contact", "case_id": "case", "company_id": "company"}


def _id(name: str, label: str, required: bool = True, help: str = "", group: str = "") -> Field:
    return Field(
        name,
        label,
        FieldKind.INTEGER,
        Q,
        required=required,
        minimum=1,
        help=help,
        group=group,
        holds=HOLDS.get(name, ""),
    )


def _text(name: str, required: bool = False, kind: FieldKind = FieldKind.TEXT, group: str = "") -> Field:
    return Field(name, LABELS[name], kind, Q, required=required, group=group)


MODIFIED_SINCE = Field(
    "modified_since",
    "Modified since",
    FieldKind.DATE,
    Q,
    required=True,
    default=EVERYTHING,
    all_value=EVERYTHING,
    help="Only contacts added or changed since this date. All = every contact.",
)
PAGE = _id("page", "Page", help="The page of results (100 records a page).")
CONTACT_ID = _id("contact_id", "Contact id")
CASE_ID = _id("case_id", "Case id", help="The case's number in iinsight (e.g. 1), not its reference code.")

# Details of a contact, in the document's order; shared by "New contact" and "Associate to case".
CONTACT_DETAILS = (
    _text("title", group="Contact"),
    _text("position", group="Contact"),
    _text("department", group="Contact"),
    _text("phone2", group="Phone and email"),
    _text("fax", group="Phone and email"),
    _text("mobile", group="Phone and email"),
    _text("email", kind=FieldKind.EMAIL, group="Phone and email"),
    _text("street", group="Address"),
    _text("suburb", group="Address"),
    _text("sublocality", group="Address"),
    _text("state", group="Address"),
    _text("postcode", group="Address"),
    _text("country", group="Address"),
    _text("latitude", group="Address"),
    _text("longitude", group="Address"),
    _text("care_of", group="Address"),
    _text("mmm_classification", group="Address"),
    _text("provider_no", group="Billing"),
    _text("biller_id", group="Billing"),
)


def _role(name: str, label: str) -> Field:
    return Field(name, label, YES_NO, Q, required=True, default="No", group="Role on the case")


def associate_rules(values: Mapping[str, Any]) -> dict[str, str]:
    """The conditional mandatory rules of section 5 (ASSUMPTIONS.md settles them)."""
    errors: dict[str, str] = {}
    if values.get("contact_id"):
        if not values.get("company_id"):
            errors["company_id"] = "Company id is required when you pick an existing contact."
        if not values.get("first_name"):
            errors["first_name"] = "First name is required when you pick an existing contact."
    elif not values.get("phone1"):
        errors["phone1"] = "Phone is required for a new contact (it is used to spot duplicates)."
    if values.get("disabled") == "Yes" and not values.get("disabled_on"):
        errors["disabled_on"] = "Give the date the contact was disabled on this case."
    return errors


LIST_COLUMNS_COMPANY = _columns(
    "contact_id", "first_name", "last_name", "company_name", "job_title", "position", "department", "email",
    "phone1", "mobile", "street", "suburb", "state", "postcode", "country", "provider_no", "biller_id",
    "disabled",
)  # fmt: skip
LIST_COLUMNS_CASE = _columns(
    "contact_id", "case", "title", "first_name", "last_name", "company_name", "position", "department",
    "email", "phone1", "mobile", "suburb", "state", "contact_role_bill_to", "contact_role_employer",
    "contact_role_referrer", "contact_role_bill_to_cc", "disabled",
)  # fmt: skip

OPERATIONS = (
    Operation(
        id="company_contacts.list",
        noun="contact",
        label="Company contacts",
        method="GET",
        path="/api1/company_contacts",
        fields=(MODIFIED_SINCE, PAGE),
        description="Every contact of every company, newest changes included, 100 a page.",
        category="Browse",
        idempotent=True,
        result=ResultKind.PAGINATED,
        paging=Paging(page_field="page", max_size=MAX_PAGE, end_rule="empty"),
        columns=LIST_COLUMNS_COMPANY,
    ),
    Operation(
        id="case_contacts.list",
        noun="contact",
        label="Case contacts",
        method="GET",
        path="/api1/case_contacts",
        fields=(MODIFIED_SINCE, PAGE),
        description="Contacts linked to cases, with their roles on each case, 100 a page.",
        category="Browse",
        idempotent=True,
        result=ResultKind.PAGINATED,
        paging=Paging(page_field="page", max_size=MAX_PAGE, end_rule="empty"),
        columns=LIST_COLUMNS_CASE,
    ),
    Operation(
        id="contacts.list",
        noun="contact",
        label="Find contacts",
        method="GET",
        path="/api1/contacts",
        fields=(
            Field(
                "fields",
                "Columns",
                FieldKind.MULTI_CHOICE,
                Q,
                required=True,
                choices=CONTACT_FIELDS,
                choice_labels=LABELS,
                default=DEFAULT_CONTACT_FIELDS,
                help="Which columns iinsight sends back.",
            ),
            Field(
                "search_criteria",
                "Search",
                FieldKind.CRITERIA,
                Q,
                choices=CONTACT_FIELDS,
                choice_labels=LABELS,
                help="Only contacts whose field contains the value; a value a,b matches either.",
            ),
            Field(
                "status",
                "Status",
                FieldKind.CHOICE,
                Q,
                choices=("all", "active", "disabled"),
                choice_labels={"all": "All", "active": "Active only", "disabled": "Disabled only"},
                help="All contacts, only active ones, or only disabled ones.",
            ),
            _id("case_id", "Case id", required=False, help="Only contacts on this case."),
            _id("company_id", "Company id", required=False, help="Only contacts of this company."),
            Field("sort_col", "Sort by", FieldKind.CHOICE, Q, choices=CONTACT_FIELDS, choice_labels=LABELS),
            Field(
                "sort_type",
                "Sort order",
                FieldKind.CHOICE,
                Q,
                choices=("asc", "desc"),
                choice_labels={"asc": "A to Z, lowest first", "desc": "Z to A, highest first"},
            ),
            Field("limit", "Page size", FieldKind.INTEGER, Q, minimum=1, maximum=MAX_PAGE, default="100"),
            _id("page", "Page", required=False),
        ),
        description="Search contacts by any field, choose the columns, filter by status and sort.",
        category="Browse",
        idempotent=True,
        result=ResultKind.PAGINATED,
        paging=Paging(page_field="page", size_field="limit", max_size=MAX_PAGE, end_rule="empty"),
    ),
    Operation(
        id="contacts.details",
        noun="contact",
        label="A contact on a case",
        method="GET",
        path="/api1/contacts/details",
        fields=(CASE_ID, CONTACT_ID),
        description="Everything iinsight holds about one contact on one case.",
        done_text="Contact {contact_id} on case {case_id}.",
        category="Contacts",
        idempotent=True,
    ),
    Operation(
        id="contacts.create",
        noun="answer about the contact",
        label="New contact",
        method="POST",
        path="/api1/contacts/new",
        fields=(
            Field(
                "company_name",
                "Company",
                required=True,
                location=Q,
                group="Company",
                help="Found by name when no company id is given; created when it does not exist.",
            ),
            _id("company_id", "Company id", required=False, group="Company"),
            Field("first_name", "First name", location=Q, group="Contact"),
            Field("last_name", "Last name", required=True, location=Q, group="Contact"),
            Field("phone1", "Phone", location=Q, group="Phone and email"),
            *CONTACT_DETAILS,
        ),
        description="Adds a contact (and its company when iinsight does not know it yet).",
        category="Contacts",
        done_text="{first_name} {last_name} was added.",
    ),
    Operation(
        id="contacts.associate_to_case",
        noun="answer about the contact",
        label="Add a contact to a case",
        method="POST",
        path="/api1/contacts/associate_to_case",
        fields=(
            Field(
                "case_id",
                "Case id",
                FieldKind.INTEGER,
                Q,
                required=True,
                minimum=1,
                group="Case",
                help="The case's number in iinsight (e.g. 1).",
                holds=HOLDS["case_id"],
            ),
            Field(
                "contact_id",
                "Existing contact id",
                FieldKind.INTEGER,
                Q,
                minimum=1,
                group="Case",
                help="Leave empty to create a new contact with the details below.",
                holds=HOLDS["contact_id"],
            ),
            Field(
                "created_on", "Added on", FieldKind.DATE, Q, required=True, date_format=DATE_DMY, group="Case"
            ),
            _role("bill_to", "Bill to"),
            _role("bill_to_cc", "Bill to (cc)"),
            _role("employer", "Employer"),
            _role("referrer", "Referrer"),
            Field("disabled", "Disabled on this case", YES_NO, Q, required=True, default="No", group="Case"),
            Field(
                "disabled_on",
                "Disabled on",
                FieldKind.DATE,
                Q,
                date_format=DATE_DMY,
                group="Case",
                help="Required when the contact is disabled on this case.",
            ),
            Field("company_name", "Company", required=True, location=Q, group="Company"),
            _id("company_id", "Company id", False, "Required when you pick an existing contact.", "Company"),
            Field(
                "first_name",
                "First name",
                location=Q,
                group="Contact",
                help="Required when you pick an existing contact.",
            ),
            Field("last_name", "Last name", required=True, location=Q, group="Contact"),
            Field("phone1", "Phone", location=Q, group="Phone and email", help="Required for a new contact."),
            *CONTACT_DETAILS,
            Field("job_title", "Job title", location=Q, group="Contact"),
            Field("notes", "Notes", location=Q, group="Contact"),
            Field(
                "custom_fields",
                "Custom fields",
                FieldKind.JSON,
                Q,
                group="Custom fields",
                placeholder='[{"field": "custom_field_details.text_1_01", "value": "..."}]',
                help="A JSON list of {field, value} pairs, as iinsight names its custom fields.",
            ),
            # The window asks with a dialog instead; the field stays for the command line.
            Field(
                "proceed_registration_anyway",
                "Create even if it looks like a duplicate",
                YES_NO,
                Q,
                in_form=False,
                help="Yes skips iinsight's duplicate check.",
            ),
        ),
        description="Links an existing contact to a case, or creates a new contact on the case.",
        category="Contacts",
        rules=(associate_rules,),
        done_text="{first_name} {last_name} is now on case {case_id}.",
    ),
    Operation(
        id="contacts.check_delete_from_case",
        noun="check of the contact",
        label="Check whether a contact can be removed from a case",
        method="GET",
        path="/api1/contacts/check_delete_from_case",
        fields=(CONTACT_ID, CASE_ID),
        category="Contacts",
        idempotent=True,
        listed=False,
    ),
    Operation(
        id="contacts.disable_from_case",
        noun="answer about the contact",
        label="Disable a contact on a case",
        method="POST",
        path="/api1/contacts/disable_from_case",
        fields=(CONTACT_ID, CASE_ID),
        category="Contacts",
        destructive=True,
        confirm_text="Disable contact {contact_id} on case {case_id}? It stays on the case, "
        "marked as disabled.",
        idempotent=True,
        listed=False,
    ),
    Operation(
        id="contacts.delete_from_case",
        noun="answer about the contact",
        label="Delete a contact from a case",
        method="POST",
        path="/api1/contacts/delete_from_case",
        fields=(CONTACT_ID, CASE_ID),
        category="Contacts",
        destructive=True,
        confirm_text="Delete contact {contact_id} from case {case_id}? The contact stays in iinsight; "
        "only its link to this case is removed.",
        listed=False,
    ),
    Operation(
        id="contacts.for_transfer_invoices",
        noun="contact",
        label="Contacts that can take over invoices",
        method="GET",
        path="/api1/contacts/contacts_for_transfer_invoices",
        fields=(CONTACT_ID,),
        category="Contacts",
        idempotent=True,
        result=ResultKind.LIST,
        columns=_columns("contact_id", "first_name", "last_name"),
        listed=False,
    ),
)


def error_message(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    errors = body.get("errors")
    if isinstance(errors, dict) and errors:
        return " ".join(str(message) for message in errors.values())
    message = body.get("message") or body.get("error")
    return str(message) if message else None


def field_errors(body: Any) -> dict[str, str]:
    errors = body.get("errors") if isinstance(body, dict) else None
    return {str(k): str(v) for k, v in errors.items()} if isinstance(errors, dict) else {}


def check_answer(operation: Operation, body: Any) -> None:
    """A 200 can still be a question (possible duplicate) or a refusal ("status": false)."""
    if not isinstance(body, dict) or body.get("status") is not False:
        return
    confirm = body.get("confirm")
    if confirm:
        data = body.get("data")
        candidates = data if isinstance(data, list) else []
        message = str(body.get("message") or "iinsight found contacts that may be the same person.")
        raise ConfirmationRequired(message, str(confirm), [c for c in candidates if isinstance(c, dict)])
    raise RemoteError(
        f"iinsight refused: {error_message(body) or 'no reason given'}.", 200, error_message(body)
    )


VENDOR = VendorDefinition(
    id="iinsight",
    name="iinsight",
    summary="Case contacts and company contacts",
    environments=(
        sandbox(),
        Environment("uat", "UAT (testing)", {"api": "https://api-usa-uat.iinsightonline.com"}),
        Environment(
            "production", "Production", {"api": "https://api-usa.iinsightonline.com"}, production=True
        ),
    ),
    credential_fields=(
        CredentialField("username", "Username", secret=False),
        CredentialField("password", "Password"),
    ),
    make_auth=lambda: BearerLogin("iinsight", "/auth/login"),
    operations=OPERATIONS,
    error_message=error_message,
    field_errors=field_errors,
    check_answer=check_answer,
    result_labels=LABELS,
    record_title=RecordTitle((("first_name", "last_name"), "name")),
    quick_search=quick_search,
    smoke_read=HarmlessRead("contacts.details", {"case_id": 1, "contact_id": 101}),
    duplicate_columns=("record_id", "first_name", "last_name", "phone1"),
    record_facts=record_facts,
    # modified_since is YYYY-MM-DD; 1900-01-01 is the document's "everything".
    sync_lists=(
        SyncList("company_contacts.list", "company contacts", {}, "modified_since", "1900-01-01"),
        SyncList("case_contacts.list", "case contacts", {}, "modified_since", "1900-01-01"),
    ),
)
