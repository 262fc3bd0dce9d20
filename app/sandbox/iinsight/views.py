"""How each endpoint presents the stored records, key for key as the document shows them.

Id types follow the document's examples: contact and company ids are strings in the
listings, ``company_id`` is a number in contacts/details.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.sandbox.iinsight.store import CaseContact, Contact, Store

# Section 3's response: the only names contacts.list accepts in fields, sort_col and
# search_criteria.
LIST_FIELDS = (
    "contact_id",
    "company_name",
    "job_title",
    "position",
    "phone1",
    "mobile",
    "email",
    "address",
    "suburb",
    "state",
    "postcode",
    "date_created",
    "date_disabled",
    "disabled",
    "contact_role_bill_to",
    "contact_role_employer",
    "contact_role_referrer",
    "contact_role_bill_to_cc",
    "name",
)


def yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def au_date(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _roles(link: CaseContact) -> dict[str, str]:
    return {
        "contact_role_bill_to": yes_no(link.bill_to),
        "contact_role_employer": yes_no(link.employer),
        "contact_role_referrer": yes_no(link.referrer),
        "contact_role_bill_to_cc": yes_no(link.bill_to_cc),
    }


def company_contact(store: Store, contact: Contact) -> dict[str, Any]:
    """Section 1: one contact, with the contact's own disabled flag."""
    return {
        "contact_id": str(contact.contact_id),
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "job_title": contact.job_title,
        "company_id": str(contact.company_id),
        "company_name": store.company_name(contact.company_id),
        "email": contact.email,
        "position": contact.position,
        "department": contact.department,
        "street": contact.street,
        "postcode": contact.postcode,
        "suburb": contact.suburb,
        "state": contact.state,
        "country": contact.country,
        "phone1": contact.phone1,
        "phone2": contact.phone2,
        "fax": contact.fax,
        "mobile": contact.mobile,
        "notes": contact.notes,
        "provider_no": contact.provider_no,
        "biller_id": contact.biller_id,
        "disabled": yes_no(contact.disabled),
    }


def case_contact(store: Store, link: CaseContact) -> dict[str, Any]:
    """Section 2: one case contact; ``case`` is the case's reference code, ``disabled`` per case."""
    contact = store.contacts[link.contact_id]
    return {
        "contact_id": str(contact.contact_id),
        "case": store.cases[link.case_id].code,
        "company_name": store.company_name(contact.company_id),
        "title": contact.title,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "position": contact.position,
        "department": contact.department,
        "street": contact.street,
        "postcode": contact.postcode,
        "suburb": contact.suburb,
        "sublocality": contact.sublocality,
        "state": contact.state,
        "country": contact.country,
        "email": contact.email,
        "phone1": contact.phone1,
        "phone2": contact.phone2,
        "fax": contact.fax,
        "mobile": contact.mobile,
        "provider_no": contact.provider_no,
        "biller_id": contact.biller_id,
        "job_title": contact.job_title,
        "notes": contact.notes,
        "disabled": yes_no(link.disabled),
        **_roles(link),
    }


def display_name(contact: Contact) -> str:
    """Section 3's ``name``: "First Last, Title", or "First Last" without a title."""
    name = " ".join(part for part in (contact.first_name, contact.last_name) if part)
    return f"{name}, {contact.title}" if contact.title else name


def list_row(store: Store, link: CaseContact) -> dict[str, Any]:
    """Section 3: one case contact with every field; the route keeps the requested ones."""
    contact = store.contacts[link.contact_id]
    return {
        "contact_id": str(contact.contact_id),
        "company_name": store.company_name(contact.company_id),
        "job_title": contact.job_title,
        "position": contact.position,
        "phone1": contact.phone1,
        "mobile": contact.mobile,
        "email": contact.email,
        "address": contact.street or "",
        "suburb": contact.suburb or "",
        "state": contact.state or "",
        "postcode": contact.postcode or "",
        "date_created": au_date(link.created_on),
        "date_disabled": au_date(link.disabled_on),
        "disabled": yes_no(link.disabled),
        **_roles(link),
        "name": display_name(contact),
    }


def details(store: Store, link: CaseContact) -> dict[str, Any]:
    """Section 4: the case contact's details."""
    contact = store.contacts[link.contact_id]
    return {
        "company_id": contact.company_id,
        "company_name": store.company_name(contact.company_id),
        "title": contact.title,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "position": contact.position,
        "job_title": contact.job_title,
        "department": contact.department,
        "provider_no": contact.provider_no,
        "biller_id": contact.biller_id,
        "street": contact.street,
        "postcode": contact.postcode,
        "suburb": contact.suburb,
        "sublocality": contact.sublocality,
        "state": contact.state,
        "country": contact.country,
        "latitude": contact.latitude,
        "longitude": contact.longitude,
        "email": contact.email,
        "phone1": contact.phone1,
        "phone2": contact.phone2,
        "fax": contact.fax,
        "mobile": contact.mobile,
        "notes": contact.notes,
        "date_created": au_date(link.created_on),
        "date_disabled": au_date(link.disabled_on),
        "disabled": yes_no(link.disabled),
        **_roles(link),
    }


def deletion_info(link: CaseContact) -> dict[str, Any]:
    """Section 7, with the rules of ASSUMPTIONS.md (the document's example contradicts itself)."""
    return {
        "bill_to": link.bill_to,
        "referrer": link.referrer,
        "employer": link.employer,
        "invoices": link.invoices,
        "delete": link.invoices == 0,
        "disable": not link.disabled,
        "transfer_invoices": link.invoices > 0,
    }
