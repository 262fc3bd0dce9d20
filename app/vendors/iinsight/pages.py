"""iinsight's record page: a contact (``VENDOR.record_pages``).

iinsight reads a contact only through its contact search, which matches an id by "contains" (101
finds 1010 and 2101 too): the page keeps the one row whose id is exactly the contact's, so opening
contact 101 never shows anyone else.  The search lists a contact once per case it is on, so the
first exact row is its details.  Its cases are what this computer's index knows of it (the case
contacts lists and the search by case name them); the contact search itself does not say them.
"""

from __future__ import annotations

from typing import Any

from app.contract.errors import SwitchboardError
from app.contract.pages import Opening, PageAction, PageData, PageScope, Record, RecordPage, RelatedList
from app.vendors.iinsight.catalog import DEFAULT_CONTACT_FIELDS
from app.vendors.iinsight.records import case_row, roles_on_case, status_on_case

DETAILS = ("contact_id", "company_name", "position", "job_title", "department", "email", "phone1",
           "phone2", "mobile", "street", "suburb", "state", "postcode", "country")  # fmt: skip
NAME_KEYS = ("first_name", "last_name", "company_name", "email", "phone1", "mobile", "title", "position")


async def load_contact(scope: PageScope, contact_id: str) -> PageData:
    rows = await scope.read(
        "contacts.list", {"fields": DEFAULT_CONTACT_FIELDS, "search_criteria": {"contact_id": contact_id}}
    )
    exact = [row for row in rows if isinstance(row, dict) and str(row.get("contact_id")) == contact_id]
    if not exact:
        return _not_on_a_case(contact_id, scope.opened_with)
    contact = exact[0]
    cases = _cases(scope)
    # The search gives no first and last name and no company id, which adding the contact to another
    # case needs: its details on a case it is known on give them.
    details, problems = await _details_on_a_case(scope, contact_id, cases)
    contact = {**contact, **details}
    name = " ".join(str(contact.get(key) or "") for key in ("first_name", "last_name")).strip()
    return PageData(
        title=name or str(contact.get("name") or f"Contact {contact_id}"),
        # Not its "disabled": in the search that is its flag on one of its cases, not its own.
        record={key: contact[key] for key in DETAILS if contact.get(key) not in (None, "")},
        related={"Cases": cases},
        problems=problems,
        facts={key: contact[key] for key in ("first_name", "last_name", "company_id") if contact.get(key)},
    )


def _cases(scope: PageScope) -> list[dict[str, Any]]:
    return sorted((case_row(record) for record in scope.linked("case_contact")), key=lambda row: row["case"])


async def _details_on_a_case(
    scope: PageScope, contact_id: str, cases: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    """Its details on the first case known by number, whose row then shows its roles there (a list
    by case may not have told them)."""
    row = next((row for row in cases if row["opens"] == "contacts.details"), None)
    if row is None:
        return {}, []
    try:
        details = await scope.read("contacts.details", {"case_id": row["case"], "contact_id": contact_id})
    except SwitchboardError as error:
        return {}, [f"Its details on case {row['case']} could not be read: {error.message}"]
    if not isinstance(details, dict):
        return {}, []
    row["roles"] = roles_on_case(details) or row["roles"]
    row["status"] = status_on_case(details) or row["status"]
    return dict(details), []


def _case_opening(row: Record) -> Opening:
    return (row["opens"], dict(row["opens_with"])) if row.get("opens") else None


def _not_on_a_case(contact_id: str, said: Record) -> PageData:
    """iinsight's contact search lists only contacts on a case: one on none shows what the opening
    said of it (the duplicate check's name and phone), or that nothing more can be read."""
    if not any(said.get(key) for key in NAME_KEYS):
        raise LookupError(
            f"iinsight's contact search finds contact {contact_id} on no case, and it has no other "
            "call that reads one contact."
        )
    name = " ".join(str(said.get(key) or "") for key in ("first_name", "last_name")).strip()
    return PageData(
        title=name or f"Contact {contact_id}",
        record={"contact_id": contact_id} | {key: said[key] for key in NAME_KEYS if said.get(key)},
        note="This contact is on no case, so iinsight's contact search does not list it; shown is what "
        "iinsight's duplicate check said of it.",
    )


def _to_case(record: Record) -> dict[str, Any]:
    """ "Add to a case" needs the contact's id, and iinsight also asks its names and company."""
    keys = ("contact_id", "company_name", "company_id", "first_name", "last_name")
    return {key: record[key] for key in keys if record.get(key)}


CONTACT = RecordPage(
    kind="contact",
    noun="contact",
    opened_by=("contacts.list",),
    # Only an opening by exactly one contact id is this page; a search by case stays a list.
    record_id=lambda values: str((values.get("search_criteria") or {}).get("contact_id") or ""),
    opening=lambda record_id: {"search_criteria": {"contact_id": record_id}},
    load=load_contact,
    related=(
        RelatedList(
            "Cases",
            (("case", "Case"), ("roles", "On this case as"), ("status", "Status")),
            opens=_case_opening,
        ),
    ),
    # The duplicate check names each existing contact by its contact id, as "record_id".
    duplicate_id=lambda candidate: str(candidate.get("record_id") or ""),
    actions=(
        PageAction("Add this contact to a case", "contacts.associate_to_case", _to_case),
        PageAction(
            "Contacts that can take over their invoices",
            "contacts.for_transfer_invoices",
            lambda record: {"contact_id": record.get("contact_id")},
        ),
    ),
)

PAGES = (CONTACT,)
