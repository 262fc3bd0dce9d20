"""What INSZoom's answers say about records, for the record index (``VENDOR.record_facts``).

INSZoom can only be asked by id, so every record the app reads, creates, changes or deletes is
remembered here by what identifies it: a client's name, email, phone and immigration status, the
employer it belongs to, and the client a passport, visa, dependent, case or document belongs to.

Records are read from Get answers (one record; a client's list of passports or visas), from the
multiple look-ups (lists of corporations and headquarters), from Create (the values sent, with the
new id INSZoom answers as ``Id``) and from Update (the values sent: a partial merge, so only what
was filled in is known).  Delete makes the record gone.  A field left empty ("" or ()) is one this
answer did not tell; it says nothing about what the record holds.

Each record opens with the Get that the quick lookup (``search.py``) and the client overview use:
``client.get`` for a client, ``passport.get`` (the client's passports) for a passport, and so on; a
document opens with the Get of the client or case it is filed under, which lists it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.contract.records import NO_FACTS, IndexedRecord, RecordFacts, RecordRef

Record = Mapping[str, Any]


def _text(record: Record, key: str) -> str:
    value = record.get(key)
    return str(value).strip() if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def _texts(record: Record, *keys: str) -> tuple[str, ...]:
    return tuple(text for key in keys if (text := _text(record, key)))


def _line(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _name(record: Record) -> str:
    return " ".join(_texts(record, "FirstName", "LastName"))


def _ref(kind: str, record: Record, key: str) -> tuple[RecordRef, ...]:
    record_id = _text(record, key)
    return (RecordRef(kind, record_id),) if record_id else ()


# --- one builder per record type: (its id, the record as an answer or the values sent) -> record ------


def _client(record_id: str, record: Record) -> IndexedRecord:
    company = _text(record, "CorporationName")
    status = _text(record, "ImmigrationStatus")
    return IndexedRecord(
        RecordRef("client", record_id),
        title=_name(record),
        detail=_line(record_id, company or _text(record, "CorporationId"), status),
        emails=_texts(record, "Email"),
        phones=_texts(record, "Phone"),
        company=company,
        status=status,
        opens="client.get",
        opens_with={"clientId": record_id},
        related=_ref("corporation", record, "CorporationId"),
    )


def _dependent(record_id: str, record: Record) -> IndexedRecord:
    main_client = _text(record, "MainClientId")
    relationship = _text(record, "Relationship")
    of_client = f"{relationship or 'dependent'} of {main_client}" if main_client else relationship
    return IndexedRecord(
        RecordRef("dependent", record_id),
        title=_name(record),
        detail=_line(record_id, of_client),
        emails=_texts(record, "Email"),
        phones=_texts(record, "Phone"),
        status=_text(record, "ImmigrationStatus"),
        opens="dependent.get",
        opens_with={"dependentId": record_id},
        related=_ref("client", record, "MainClientId"),
    )


def _passport(record_id: str, record: Record) -> IndexedRecord:
    number = _text(record, "PassportNumber")
    expires = _text(record, "ExpiryDate")
    client = _text(record, "ClientId")
    return IndexedRecord(
        RecordRef("passport", record_id),
        title=f"Passport {number}" if number else "",
        detail=_line(record_id, _text(record, "IssuingCountry"), f"expires {expires}" if expires else ""),
        opens="passport.get" if client else "",
        opens_with={"clientId": client} if client else {},
        related=_ref("client", record, "ClientId"),
    )


def _visa(record_id: str, record: Record) -> IndexedRecord:
    visa_type = _text(record, "VisaType")
    valid_to = _text(record, "ValidTo")
    client = _text(record, "ClientId")
    return IndexedRecord(
        RecordRef("visa", record_id),
        title=f"{visa_type} visa" if visa_type else "",
        detail=_line(record_id, _text(record, "CountryId"), f"valid until {valid_to}" if valid_to else ""),
        status=_text(record, "Status"),
        opens="visa.get" if client else "",
        opens_with={"clientId": client} if client else {},
        related=_ref("client", record, "ClientId"),
    )


def _case(record_id: str, record: Record) -> IndexedRecord:
    client = _text(record, "ClientId")
    return IndexedRecord(
        RecordRef("case", record_id),
        title=_text(record, "PetitionName") or _text(record, "CaseDescription"),
        detail=_line(record_id, f"client {client}" if client else "", _text(record, "ReceiptNumber")),
        status=_text(record, "CaseStatus"),
        opens="case.get",
        opens_with={"caseId": record_id},
        related=_ref("client", record, "ClientId") + _ref("corporation", record, "CorporationId"),
    )


def _corporation(record_id: str, record: Record) -> IndexedRecord:
    return IndexedRecord(
        RecordRef("corporation", record_id),
        title=_text(record, "CorporationName"),
        detail=_line(record_id, _text(record, "City"), _text(record, "Country")),
        # The contact person's email is not the corporation's: it would group it with that person.
        phones=_texts(record, "Phone"),
        opens="corporation.get",
        opens_with={"corporationId": record_id},
        related=_ref("headquarter", record, "HeadquarterId"),
    )


def _headquarter(record_id: str, record: Record) -> IndexedRecord:
    return IndexedRecord(
        RecordRef("headquarter", record_id),
        title=_text(record, "HeadquarterName"),
        detail=_line(record_id, _text(record, "City"), _text(record, "Country")),
        phones=_texts(record, "Phone"),
        opens="headquarter.get",
        opens_with={"headquarterId": record_id},
    )


def _corp_user(record_id: str, record: Record) -> IndexedRecord:
    corporation = _text(record, "CorporationId")
    # An answer holds true or false; a form sends the words.
    active = str(record.get("IsActive", "")).strip().lower()
    return IndexedRecord(
        RecordRef("corp_user", record_id),
        title=_name(record),
        detail=_line(record_id, _text(record, "JobTitle"), corporation),
        emails=_texts(record, "Email"),
        phones=_texts(record, "Phone"),
        status={"true": "active", "false": "inactive"}.get(active, ""),
        opens="corp_user.get" if corporation else "",
        opens_with={"corporationId": corporation, "corpUserId": record_id} if corporation else {},
        related=_ref("corporation", record, "CorporationId"),
    )


Builder = Callable[[str, Record], IndexedRecord]
# operation id prefix -> (the record's own id in answers, its builder)
TYPES: dict[str, tuple[str, Builder]] = {
    "client": ("ClientId", _client),
    "dependent": ("DependentId", _dependent),
    "passport": ("PassportId", _passport),
    "visa": ("VisaId", _visa),
    "case": ("CaseId", _case),
    "corporation": ("CorporationId", _corporation),
    "headquarter": ("HeadquarterId", _headquarter),
    "corp_user": ("CorpUserId", _corp_user),
}
# Where each record's id is in the values of its Update and Delete (the catalog's path and body ids).
ID_IN_VALUES = {
    "client": "clientId",
    "dependent": "dependentId",
    "passport": "passportId",
    "visa": "VisaId",
    "case": "caseId",
    "corporation": "corporationId",
    "headquarter": "headquarterId",
    "corp_user": "corpUserId",
}
UPDATE_ID_IN_VALUES = {**ID_IN_VALUES, "dependent": "DependentId", "passport": "PassportId"}
# Parents named only in the path of an Update (fixed links the body leaves out).
PARENT_IN_UPDATE_PATH = {"corp_user": ("CorporationId", "corporationId")}
# The multiple and single look-ups answer ids with names.
LOOK_UPS = {
    "lookup.corporation_id": "corporation",
    "lookup.corporation_ids": "corporation",
    "lookup.headquarter_id": "headquarter",
    "lookup.headquarter_ids": "headquarter",
}


def _documents(record: Record, parent: RecordRef) -> tuple[IndexedRecord, ...]:
    """The "Documents on file" a client's or a case's Get lists, each belonging to that record."""
    listed = record.get("Documents")
    opens = {"client": ("client.get", "clientId"), "case": ("case.get", "caseId")}[parent.kind]
    found = []
    for document in listed if isinstance(listed, list) else []:
        if not isinstance(document, Mapping) or not (document_id := _text(document, "DocumentId")):
            continue
        found.append(
            IndexedRecord(
                RecordRef("document", document_id),
                title=_text(document, "FileName"),
                detail=_line(document_id, _text(document, "DocumentType")),
                opens=opens[0],
                opens_with={opens[1]: parent.id},
                related=(parent,),
            )
        )
    return tuple(found)


def _read(kind: str, data: Any) -> RecordFacts:
    """A Get answer or a look-up: one record or a list of them, each with its own id."""
    id_key, build = TYPES[kind]
    seen: list[IndexedRecord] = []
    for record in data if isinstance(data, list) else [data]:
        if not isinstance(record, Mapping) or not (record_id := _text(record, id_key)):
            continue
        found = build(record_id, record)
        seen.append(found)
        if kind in ("client", "case"):
            seen.extend(_documents(record, found.ref))
    return RecordFacts(seen=tuple(seen))


def _sent(values: Record) -> dict[str, Any]:
    """The record's keys among the values sent (the form's path ids and "empty" are not keys)."""
    return {key: value for key, value in values.items() if key[:1].isupper()}


def _created(kind: str, values: Record, data: Any) -> RecordFacts:
    new_id = _text(data, "Id") if isinstance(data, Mapping) else ""
    if not new_id:
        return NO_FACTS
    return RecordFacts(seen=(TYPES[kind][1](new_id, _sent(values)),))


def _updated(kind: str, values: Record) -> RecordFacts:
    record_id = _text(values, UPDATE_ID_IN_VALUES[kind])
    if not record_id:
        return NO_FACTS
    record = _sent(values)
    if kind in PARENT_IN_UPDATE_PATH:
        key, path_key = PARENT_IN_UPDATE_PATH[kind]
        record.setdefault(key, values.get(path_key))
    return RecordFacts(seen=(TYPES[kind][1](record_id, record),))


def _deleted(kind: str, values: Record) -> RecordFacts:
    record_id = _text(values, ID_IN_VALUES[kind])
    return RecordFacts(gone=(RecordRef(kind, record_id),)) if record_id else NO_FACTS


def record_facts(operation_id: str, values: Mapping[str, Any], data: Any) -> RecordFacts:
    """The records an INSZoom answer shows; NO_FACTS for anything else or anything unexpected."""
    try:
        if operation_id in LOOK_UPS:
            return _read(LOOK_UPS[operation_id], data)
        kind, _, action = operation_id.partition(".")
        if kind not in TYPES or not isinstance(values, Mapping):
            return NO_FACTS
        if action == "get":
            return _read(kind, data)
        if action == "create":
            return _created(kind, values, data)
        if action == "update":
            return _updated(kind, values)
        if action == "delete":
            return _deleted(kind, values)
    except (AttributeError, KeyError, TypeError, ValueError):
        pass  # an answer of a shape no reading expects teaches nothing; the operation still succeeded
    return NO_FACTS
