"""Writing records into the index's tables, and taking them out again — inside a caller's transaction.

The name and company word tables are contentless FTS5 tables without per-row sizes (the
smallest form): taking a row out means telling FTS5 the words it was given, which the
``records`` row still holds; the email and phone lookups are found the same way, from the
row's stored emails and phones, so they need no index by record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import apsw

from app.contract.records import IndexedRecord, RecordRef
from app.services.index.text import name_key, reversed_digits, text_key

# What taking a record out needs: where it is and what its lookups were made from (and its status,
# kept when an answer that does not tell it sees the record again; detail, opens and opens_with too,
# to tell a record seen again unchanged).
_INDEXED = (
    "SELECT r.rowid, r.kind, r.id, r.title, r.company, r.emails, r.phones, r.status, r.detail, r.opens,"
    " r.opens_with, r.keeps, r.keep_until FROM records AS r"
)
Indexed = tuple[Any, ...]
# json.dumps with options builds an encoder at every call; a sync stores this for each record.
_values_text = json.JSONEncoder(sort_keys=True, default=str).encode


def _keeps_text(keeps: Any) -> str:
    return _values_text(dict(keeps)) if keeps else ""


def store(db: apsw.Connection, records: Sequence[IndexedRecord], seen_at: float) -> None:
    """Insert or update ``records``: their row, their lookups and the links they declare.

    What an answer leaves empty it did not tell (PGi's look-up names nobody; a list answer may give
    no links): a record seen again keeps the name, company, emails, phones, status and links it
    had, and takes everything the new answer does tell.

    A record seen again as it was (a company named on every page of its contacts) only has its
    ``last_seen`` moved: taking its words out of the FTS tables and putting them back is most of
    what storing it costs."""
    changed: list[IndexedRecord] = []
    changed_rows: list[Indexed] = []  # the rows of the changed records already indexed, to unindex
    unchanged: list[tuple[float, int]] = []
    indexed = _indexed(db, [record.ref for record in records])
    for record in records:
        row = indexed.get(record.ref)
        record = _merged(record, row)
        if row is not None and _same(db, record, row):
            unchanged.append((seen_at, row[0]))
            continue
        changed.append(record)
        if row is not None:
            changed_rows.append(row)
    db.executemany("UPDATE records SET last_seen = ? WHERE rowid = ?", unchanged)
    _unindex(db, changed_rows)
    rowids = _upsert(db, changed, seen_at)
    pairs = list(zip(rowids, changed, strict=True))
    db.executemany(
        "INSERT OR IGNORE INTO emails (email_key, record) VALUES (?, ?)",
        [(key, rowid) for rowid, record in pairs for key in _email_keys(record.emails)],
    )
    db.executemany(
        "INSERT OR IGNORE INTO phones (reversed, record) VALUES (?, ?)",
        [(key, rowid) for rowid, record in pairs for key in _phone_keys(record.phones)],
    )
    db.executemany(
        "INSERT INTO names (rowid, title) VALUES (?, ?)",
        [(rowid, record.title) for rowid, record in pairs if record.title],
    )
    db.executemany(
        "INSERT INTO companies (rowid, company) VALUES (?, ?)",
        [(rowid, record.company) for rowid, record in pairs if record.company],
    )
    db.executemany(
        "DELETE FROM relations WHERE from_kind = ? AND from_id = ?",
        [(record.ref.kind, record.ref.id) for record in changed if record.related],
    )
    db.executemany(
        "INSERT OR IGNORE INTO relations (from_kind, from_id, to_kind, to_id) VALUES (?, ?, ?, ?)",
        [(r.ref.kind, r.ref.id, to.kind, to.id) for r in changed for to in r.related],
    )


def remove(db: apsw.Connection, refs: Sequence[RecordRef]) -> None:
    """Take records out, with every link to or from them (a link may name a record never indexed)."""
    pairs = [(ref.kind, ref.id) for ref in refs]
    indexed = _indexed(db, refs)
    rows = [row for ref in refs if (row := indexed.get(ref)) is not None]
    _unindex(db, rows)
    db.executemany("DELETE FROM records WHERE rowid = ?", [(row[0],) for row in rows])
    db.executemany("DELETE FROM relations WHERE from_kind = ? AND from_id = ?", pairs)
    db.executemany("DELETE FROM relations WHERE to_kind = ? AND to_id = ?", pairs)


def seen_before(db: apsw.Connection, older_than: float, now: float) -> list[RecordRef]:
    """The records unseen since ``older_than`` that nothing asks to keep past ``now``."""
    rows = db.execute(
        "SELECT kind, id FROM records WHERE last_seen < ? AND keep_until < ?", (older_than, now)
    )
    return [RecordRef(kind, record_id) for kind, record_id in rows]


def _merged(record: IndexedRecord, row: Indexed | None) -> IndexedRecord:
    """``record`` with what it leaves empty taken from the row it was indexed as before."""
    if row is None:
        return record
    return replace(
        record,
        title=record.title or row[3],
        company=record.company or row[4],
        emails=record.emails or tuple(json.loads(row[5])),
        phones=record.phones or tuple(json.loads(row[6])),
        status=record.status or row[7],
        keeps={**(json.loads(row[11]) if row[11] else {}), **record.keeps},
        keep_until=max(record.keep_until, float(row[12])),
    )


def _same(db: apsw.Connection, record: IndexedRecord, row: Indexed) -> bool:
    """Whether ``record`` (merged with ``row``) would store exactly what ``row`` and its links hold."""
    if (
        record.title != row[3]
        or record.company != row[4]
        or json.dumps(list(record.emails)) != row[5]
        or json.dumps(list(record.phones)) != row[6]
        or record.status != row[7]
        or record.detail != row[8]
        or record.opens != row[9]
        or _values_text(dict(record.opens_with)) != row[10]
        or _keeps_text(record.keeps) != row[11]
        or record.keep_until != row[12]
    ):
        return False
    if not record.related:  # an answer that names no links leaves the kept ones as they are
        return True
    linked = db.execute(
        "SELECT to_kind, to_id FROM relations WHERE from_kind = ? AND from_id = ?",
        (record.ref.kind, record.ref.id),
    )
    return {RecordRef(kind, to_id) for kind, to_id in linked} == set(record.related)


def _indexed(db: apsw.Connection, refs: Sequence[RecordRef]) -> dict[RecordRef, Indexed]:
    """The rows of those of ``refs`` the index holds, in one query (a page's records together)."""
    if not refs:
        return {}
    wanted = json.dumps([[ref.kind, ref.id] for ref in refs])
    rows = db.execute(
        f"{_INDEXED} JOIN json_each(?) AS wanted"
        " ON r.kind = wanted.value ->> 0 AND r.id = wanted.value ->> 1",
        (wanted,),
    )
    return {RecordRef(row[1], row[2]): row for row in rows}


def _unindex(db: apsw.Connection, rows: list[Indexed]) -> None:
    """Remove the lookups made from these ``records`` rows (the rows themselves stay)."""
    db.executemany(
        "INSERT INTO names (names, rowid, title) VALUES ('delete', ?, ?)",
        [(row[0], row[3]) for row in rows if row[3]],
    )
    db.executemany(
        "INSERT INTO companies (companies, rowid, company) VALUES ('delete', ?, ?)",
        [(row[0], row[4]) for row in rows if row[4]],
    )
    db.executemany(
        "DELETE FROM emails WHERE email_key = ? AND record = ?",
        [(key, row[0]) for row in rows for key in _email_keys(json.loads(row[5]))],
    )
    db.executemany(
        "DELETE FROM phones WHERE reversed = ? AND record = ?",
        [(key, row[0]) for row in rows for key in _phone_keys(json.loads(row[6]))],
    )


def _email_keys(emails: Iterable[str]) -> set[str]:
    return {key for email in emails if (key := text_key(email))}


def _phone_keys(phones: Iterable[str]) -> set[str]:
    return {key for phone in phones if (key := reversed_digits(phone))}


_UPSERT = """INSERT INTO records (kind, id, id_key, title, name_key, detail, emails, phones, company,
                                status, opens, opens_with, last_seen, keeps, keep_until)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (kind, id) DO UPDATE SET
               id_key = excluded.id_key, title = excluded.title, name_key = excluded.name_key,
               detail = excluded.detail, emails = excluded.emails, phones = excluded.phones,
               company = excluded.company, status = excluded.status, opens = excluded.opens,
               opens_with = excluded.opens_with, last_seen = excluded.last_seen,
               keeps = excluded.keeps, keep_until = excluded.keep_until
           RETURNING rowid"""


def _upsert(db: apsw.Connection, records: Sequence[IndexedRecord], seen_at: float) -> list[int]:
    """Each record's row inserted or replaced; their rowids, in order (RETURNING yields one each)."""
    rows = db.executemany(
        _UPSERT,
        [
            (
                record.ref.kind,
                record.ref.id,
                text_key(record.ref.id),
                record.title,
                name_key(record.title),
                record.detail,
                json.dumps(list(record.emails)),
                json.dumps(list(record.phones)),
                record.company,
                record.status,
                record.opens,
                _values_text(dict(record.opens_with)),
                seen_at,
                _keeps_text(record.keeps),
                record.keep_until,
            )
            for record in records
        ],
    )
    return [int(row[0]) for row in rows] if records else []
