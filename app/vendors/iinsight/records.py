"""What iinsight's answers say about contacts, companies and cases, for the record index
(``VENDOR.record_facts``).

Contacts come from the three lists (company contacts, case contacts, the contact search), from a
contact's details on a case, from "New contact" and from "Add a contact to a case" (the values sent,
with the ids iinsight answers).

**A contact on a case is a record of its own**, kind ``case_contact``, as iinsight itself has it (a
"Case Contact" with its own id, roles and disabled flag): it belongs to the contact and to the case.
So removing a contact from a case is that record gone, while the contact stays; disabling it on the
case is that record seen with the status "disabled"; and the contact's cases are the case contacts
that belong to it.  A contact's own record never lists its cases, so a list that does not show them
(company contacts) takes nothing away.  Its id is ``<case>/<contact id>``, the case being its number
(``case_id``, what every call takes) where the answer or the values name it; the case contacts list
names a case by its reference code only ("NAT111"), which no call maps to the number, so a case
contact learnt there is keyed by the code and is not the one a removal by number makes gone.

A field left empty ("" or ()) is one this answer did not tell.  A contact opens as the quick lookup
(``search.py``) opens it; a contact on a case opens with its details on that case.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from app.contract.records import NO_FACTS, IndexedRecord, RecordFacts, RecordRef

Row = Mapping[str, Any]
LISTS = frozenset(
    {"company_contacts.list", "case_contacts.list", "contacts.list", "contacts.for_transfer_invoices"}
)


def _text(source: Any, key: str) -> str:
    value = source.get(key) if isinstance(source, Mapping) else None
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _texts(row: Row, *keys: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for key in keys if (text := _text(row, key))))


def _status(row: Row) -> str:
    return {"Yes": "disabled", "No": "active"}.get(_text(row, "disabled"), "")


def _contact(contact_id: str, row: Row, *, own_status: bool) -> IndexedRecord:
    """``own_status``: the row's ``disabled`` is the contact's own, not its flag on one case."""
    company_id = _text(row, "company_id")
    company = _text(row, "company_name")
    return IndexedRecord(
        RecordRef("contact", contact_id),
        title=" ".join(_texts(row, "first_name", "last_name")) or _text(row, "name"),
        detail=" · ".join(
            filter(None, (contact_id, company, _text(row, "position") or _text(row, "job_title")))
        ),
        emails=_texts(row, "email"),
        phones=_texts(row, "phone1", "phone2", "mobile"),
        company=company,
        status=_status(row) if own_status else "",
        opens="contacts.list",
        opens_with={"search_criteria": {"contact_id": contact_id}},
        related=(RecordRef("company", company_id),) if company_id else (),
    )


def _company(row: Row) -> Iterator[IndexedRecord]:
    company_id, name = _text(row, "company_id"), _text(row, "company_name")
    if company_id and name:
        yield IndexedRecord(RecordRef("company", company_id), title=name, detail=company_id)


def _case(case_id: str) -> IndexedRecord:
    return IndexedRecord(
        RecordRef("case", case_id),
        title=f"Case {case_id}",
        opens="contacts.list",
        opens_with={"case_id": case_id},
    )


ON_CASE = "contact {contact} on case {case}"
_STATUS_ON_CASE = {"disabled": "Disabled on this case", "active": "Active"}


def status_on_case(row: Row) -> str:
    """A contact's status on a case in words, from a row with its ``disabled`` flag there."""
    return _STATUS_ON_CASE.get(_status(row), "")  # a case contact's detail, then " · " and its roles


def case_row(record: IndexedRecord) -> dict[str, Any]:
    """A case contact of the index as a row of its contact's page: the case, the roles, the status,
    and where it opens (its details on that case, when the case is known by its number)."""
    case, _, _contact_id = record.ref.id.rpartition("/")
    _on, _, roles = record.detail.partition(" · ")
    return {
        "case": case,
        "roles": roles,
        "status": _STATUS_ON_CASE.get(record.status, ""),
        "opens": record.opens,
        "opens_with": dict(record.opens_with),
    }


def roles_on_case(row: Row) -> str:
    """A contact's roles on a case in words ("bill to, referrer"), from a row that tells them."""
    return ", ".join(
        label
        for key, label in (
            ("contact_role_bill_to", "bill to"),
            ("contact_role_bill_to_cc", "bill to (cc)"),
            ("contact_role_employer", "employer"),
            ("contact_role_referrer", "referrer"),
        )
        if _text(row, key) == "Yes"
    )


def _case_contact(case: str, contact_id: str, row: Row, *, by_number: bool) -> IndexedRecord:
    roles = roles_on_case(row)
    return IndexedRecord(
        RecordRef("case_contact", f"{case}/{contact_id}"),
        title=" ".join(_texts(row, "first_name", "last_name")) or _text(row, "name"),
        detail=" · ".join(filter(None, (ON_CASE.format(contact=contact_id, case=case), roles))),
        status=_status(row),
        opens="contacts.details" if by_number else "",
        opens_with={"case_id": case, "contact_id": contact_id} if by_number else {},
        related=(RecordRef("contact", contact_id), RecordRef("case", case)),
    )


def _on_case(case_id: str, contact_id: str, row: Row) -> Iterator[IndexedRecord]:
    yield _case_contact(case_id, contact_id, row, by_number=True)
    yield _case(case_id)


def _from_row(operation_id: str, values: Row, row: Any) -> Iterator[IndexedRecord]:
    contact_id = _text(row, "contact_id")
    if not isinstance(row, Mapping) or not contact_id:
        return
    # Only the company list's flag is the contact's own; the others' is its flag on one case.
    yield _contact(contact_id, row, own_status=operation_id == "company_contacts.list")
    yield from _company(row)
    if operation_id == "case_contacts.list" and (code := _text(row, "case")):
        yield _case_contact(code, contact_id, row, by_number=False)
    elif operation_id == "contacts.list" and (case_id := _text(values, "case_id")):
        yield from _on_case(case_id, contact_id, row)


def _written(operation_id: str, values: Row, data: Any) -> Iterator[IndexedRecord]:
    """New contact, Add to a case and a contact's details: the values sent and iinsight's answer."""
    if not isinstance(data, Mapping):
        return
    case_id = _text(values, "case_id")
    contact_id = _text(data, "id") if operation_id == "contacts.create" else _text(values, "contact_id")
    contact_id = contact_id or _text(data, "contact_id")
    if not contact_id:
        return
    # Details answer the contact itself; the writes answer ids, the rest is what was sent.
    row = data if operation_id == "contacts.details" else {**values, **data}
    yield _contact(contact_id, row, own_status=False)
    yield from _company(row)
    if case_id:
        yield from _on_case(case_id, contact_id, row)


def _unique(records: Iterable[IndexedRecord]) -> tuple[IndexedRecord, ...]:
    """Once each: the contact search lists a contact once per case it is on."""
    kept: dict[RecordRef, IndexedRecord] = {}
    for record in records:
        kept.setdefault(record.ref, record)
    return tuple(kept.values())


def record_facts(operation_id: str, values: Mapping[str, Any], data: Any) -> RecordFacts:
    """The records an iinsight answer shows; NO_FACTS for anything else or anything unexpected."""
    try:
        if not isinstance(values, Mapping):
            return NO_FACTS
        if operation_id in LISTS and isinstance(data, list):
            return RecordFacts(seen=_unique(r for row in data for r in _from_row(operation_id, values, row)))
        if operation_id in ("contacts.create", "contacts.associate_to_case", "contacts.details"):
            return RecordFacts(seen=_unique(_written(operation_id, values, data)))
        case_id, contact_id = _text(values, "case_id"), _text(values, "contact_id")
        if not (case_id and contact_id):
            return NO_FACTS
        if operation_id == "contacts.disable_from_case":
            disabled = {"disabled": "Yes"}
            return RecordFacts(seen=(_case_contact(case_id, contact_id, disabled, by_number=True),))
        if operation_id == "contacts.delete_from_case":
            return RecordFacts(gone=(RecordRef("case_contact", f"{case_id}/{contact_id}"),))
    except (AttributeError, KeyError, TypeError, ValueError):
        pass  # an answer of a shape no reading expects teaches nothing; the operation still succeeded
    return NO_FACTS
