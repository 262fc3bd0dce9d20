"""The local record index: one encrypted SQLite file (FTS5) per vendor environment.

It keeps what identifies and links records (:mod:`app.contract.records`) so a person can be
found by name, email, id or phone number where the vendor can only be asked by id.

Threading: each index holds one SQLite connection.  Callers run its methods from a worker
thread (``asyncio.to_thread``); a lock serialises them, so two threads may call one index but
they take turns — keep calls short (``apply`` one answer's facts at a time).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apsw

from app.contract.records import IndexedRecord, RecordFacts, RecordRef
from app.services.index import schema
from app.services.index.errors import IndexLocked, IndexUnavailable
from app.services.index.search import SearchPlan
from app.services.index.text import name_key, reversed_digits, text_key

_RECORD_COLUMNS = (
    "rowid, kind, id, title, detail, emails, phones, company, status, opens, opens_with, last_seen"
)


@dataclass(frozen=True)
class IndexHit:
    """One record found, which of its fields matched ("id", "title", "email", "phone", "company")."""

    record: IndexedRecord
    matched: str
    last_seen: float


class RecordIndex:
    """Records of one vendor environment, searchable while typing.

    Build it with :meth:`open` (an encrypted file) or :meth:`in_memory` (when no keyring works);
    both behave the same.  Call :meth:`close` when done.
    """

    def __init__(self, connection: apsw.Connection) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self._ensure_schema()

    @classmethod
    def open(cls, path: Path, key: str) -> RecordIndex:
        """Open (or create) the index file at ``path``, encrypted with ``key``.

        Raises :class:`IndexLocked` when the file exists and ``key`` does not open it, and
        :class:`IndexUnavailable` when the file cannot be created or read at all.
        """
        if not key:
            raise IndexLocked("The record index cannot be opened without its key.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = apsw.Connection(str(path))
        except (OSError, apsw.Error) as error:
            raise IndexUnavailable(f"The record index at {path} cannot be created ({error}).") from None
        try:
            connection.pragma("key", key)
            # The first read is where a wrong key shows: the first page does not decrypt.
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchall()
            connection.pragma("journal_mode", "wal")
            # An index can be rebuilt from the vendors: a commit need not survive a power cut.
            connection.pragma("synchronous", "normal")
            return cls(connection)
        except apsw.NotADBError:
            connection.close()
            raise IndexLocked(
                f"The record index at {path} cannot be read with this computer's key "
                "(the key is wrong or the file is damaged)."
            ) from None
        except apsw.Error as error:
            connection.close()
            raise IndexUnavailable(f"The record index at {path} cannot be opened ({error}).") from None

    @classmethod
    def in_memory(cls) -> RecordIndex:
        """An index that lives only as long as this object: nothing is written to disk."""
        return cls(apsw.Connection(":memory:"))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing ------------------------------------------------------------------------------

    def apply(self, facts: RecordFacts, seen_at: float) -> None:
        """Store the records an answer showed (as of ``seen_at``, epoch seconds) and drop the gone ones.

        A record seen again replaces what was kept of it, its links to other records included.
        All of it happens in one transaction: a reader never sees half an answer.
        """
        if not facts.seen and not facts.gone:
            return
        # The same record twice in one answer: the last one counts.
        seen = list({record.ref: record for record in facts.seen}.values())
        with self._writing() as db:
            rowids = [self._upsert(db, record, seen_at) for record in seen]
            self._replace_lookups(db, rowids, seen)
            self._delete(db, self._rowids_of(db, facts.gone), facts.gone)

    def prune(self, older_than: float) -> int:
        """Drop the records not seen since ``older_than`` (epoch seconds); returns how many."""
        with self._writing() as db:
            rows = list(db.execute("SELECT rowid, kind, id FROM records WHERE last_seen < ?", (older_than,)))
            self._delete(db, [row[0] for row in rows], [RecordRef(row[1], row[2]) for row in rows])
        return len(rows)

    def forget(self) -> None:
        """Empty the index — records, links and meta (sync dates) — and give the space back."""
        with self._writing() as db:
            for table in ("records", "emails", "phones", "names", "companies", "relations", "meta"):
                db.execute(f"DELETE FROM {table}")
        with self._lock:
            self._db.execute("VACUUM")

    def set_meta(self, key: str, value: str) -> None:
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reading ------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def get(self, ref: RecordRef) -> IndexedRecord | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE kind = ? AND id = ?", (ref.kind, ref.id)
            ).fetchone()
            return None if row is None else self._record(row)

    def related(self, ref: RecordRef) -> list[IndexedRecord]:
        """The indexed records linked to ``ref`` either way (its client, and the client's passports)."""
        with self._lock:
            rows = self._db.execute(
                f"""SELECT {_RECORD_COLUMNS} FROM records WHERE rowid IN (
                        SELECT r.rowid FROM relations x
                        JOIN records r ON r.kind = x.to_kind AND r.id = x.to_id
                        WHERE x.from_kind = ?1 AND x.from_id = ?2
                        UNION
                        SELECT r.rowid FROM relations x
                        JOIN records r ON r.kind = x.from_kind AND r.id = x.from_id
                        WHERE x.to_kind = ?1 AND x.to_id = ?2)
                    ORDER BY kind, name_key, id""",
                (ref.kind, ref.id),
            ).fetchall()
            return [self._record(row) for row in rows]

    def count(self, kind: str | None = None) -> int:
        with self._lock:
            if kind is None:
                row = self._db.execute("SELECT count(*) FROM records").fetchone()
            else:
                row = self._db.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,)).fetchone()
        return int(row[0]) if row else 0

    def search(self, text: str, limit: int = 20) -> list[IndexHit]:
        """Records matching what a person typed, best first (see :mod:`app.services.index.search`)."""
        plan = SearchPlan(text)
        hits: list[IndexHit] = []
        found: set[int] = set()
        with self._lock:
            for matched, sql, parameters in plan.stages():
                if len(hits) >= limit:
                    break
                # Asking for ``limit`` rows fills up the hits even when earlier stages found some.
                rowids = [row[0] for row in self._db.execute(sql, (*parameters, limit))]
                new = list(dict.fromkeys(rowid for rowid in rowids if rowid not in found))
                for row in self._rows(new)[: limit - len(hits)]:
                    found.add(row[0])
                    hits.append(IndexHit(self._record(row), matched, float(row[11])))
        return hits

    # -- inside -------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[apsw.Connection]:
        with self._lock, self._db:
            yield self._db

    def _ensure_schema(self) -> None:
        with self._lock, self._db:
            version = self._db.pragma("user_version")
            if version == 0:
                self._db.execute(schema.TABLES)
                self._db.pragma("user_version", schema.VERSION)
            elif version != schema.VERSION:
                raise IndexUnavailable(
                    f"The record index was written by another version of Switchboard (format {version})."
                )

    @staticmethod
    def _upsert(db: apsw.Connection, record: IndexedRecord, seen_at: float) -> int:
        row = db.execute(
            """INSERT INTO records (kind, id, id_key, title, name_key, detail, emails, phones, company,
                                    status, opens, opens_with, last_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (kind, id) DO UPDATE SET
                   id_key = excluded.id_key, title = excluded.title, name_key = excluded.name_key,
                   detail = excluded.detail, emails = excluded.emails, phones = excluded.phones,
                   company = excluded.company, status = excluded.status, opens = excluded.opens,
                   opens_with = excluded.opens_with, last_seen = excluded.last_seen
               RETURNING rowid""",
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
                json.dumps(dict(record.opens_with), sort_keys=True, default=str),
                seen_at,
            ),
        ).fetchone()
        assert row is not None  # RETURNING always yields the row inserted or updated
        return int(row[0])

    @staticmethod
    def _replace_lookups(db: apsw.Connection, rowids: list[int], records: Sequence[IndexedRecord]) -> None:
        pairs = list(zip(rowids, records, strict=True))
        keyed = [(rowid,) for rowid in rowids]
        db.executemany("DELETE FROM emails WHERE record = ?", keyed)
        db.executemany("DELETE FROM phones WHERE record = ?", keyed)
        db.executemany(
            "INSERT INTO emails (email_key, record) VALUES (?, ?)",
            [(text_key(email), rowid) for rowid, record in pairs for email in record.emails if email.strip()],
        )
        db.executemany(
            "INSERT INTO phones (reversed, record) VALUES (?, ?)",
            [(reversed_digits(p), rowid) for rowid, r in pairs for p in r.phones if reversed_digits(p)],
        )
        db.executemany(
            "INSERT OR REPLACE INTO names (rowid, title) VALUES (?, ?)",
            [(rowid, record.title) for rowid, record in pairs],
        )
        db.executemany(
            "INSERT OR REPLACE INTO companies (rowid, company) VALUES (?, ?)",
            [(rowid, record.company) for rowid, record in pairs],
        )
        db.executemany(
            "DELETE FROM relations WHERE from_kind = ? AND from_id = ?",
            [(record.ref.kind, record.ref.id) for record in records],
        )
        db.executemany(
            "INSERT OR IGNORE INTO relations (from_kind, from_id, to_kind, to_id) VALUES (?, ?, ?, ?)",
            [(r.ref.kind, r.ref.id, to.kind, to.id) for r in records for to in r.related],
        )

    @staticmethod
    def _rowids_of(db: apsw.Connection, refs: Iterable[RecordRef]) -> list[int]:
        rowids = []
        for ref in refs:
            row = db.execute(
                "SELECT rowid FROM records WHERE kind = ? AND id = ?", (ref.kind, ref.id)
            ).fetchone()
            if row is not None:
                rowids.append(int(row[0]))
        return rowids

    @staticmethod
    def _delete(db: apsw.Connection, rowids: list[int], refs: Iterable[RecordRef]) -> None:
        """Remove records and every link to or from them (a link may outlive a record never indexed)."""
        keyed = [(rowid,) for rowid in rowids]
        for statement in (
            "DELETE FROM records WHERE rowid = ?",
            "DELETE FROM emails WHERE record = ?",
            "DELETE FROM phones WHERE record = ?",
            "DELETE FROM names WHERE rowid = ?",
            "DELETE FROM companies WHERE rowid = ?",
        ):
            db.executemany(statement, keyed)
        pairs = [(ref.kind, ref.id) for ref in refs]
        db.executemany("DELETE FROM relations WHERE from_kind = ? AND from_id = ?", pairs)
        db.executemany("DELETE FROM relations WHERE to_kind = ? AND to_id = ?", pairs)

    def _rows(self, rowids: list[int]) -> list[tuple[Any, ...]]:
        """The records of ``rowids``, in that order."""
        if not rowids:
            return []
        marks = ", ".join("?" * len(rowids))
        sql = f"SELECT {_RECORD_COLUMNS} FROM records WHERE rowid IN ({marks})"
        by_rowid = {row[0]: row for row in self._db.execute(sql, rowids)}
        return [by_rowid[rowid] for rowid in rowids if rowid in by_rowid]

    def _record(self, row: tuple[Any, ...]) -> IndexedRecord:
        _rowid, kind, record_id, title, detail, emails, phones, company, status, opens, opens_with = row[:11]
        related = self._db.execute(
            "SELECT to_kind, to_id FROM relations WHERE from_kind = ? AND from_id = ? "
            "ORDER BY to_kind, to_id",
            (kind, record_id),
        )
        return IndexedRecord(
            ref=RecordRef(kind, record_id),
            title=title,
            detail=detail,
            emails=tuple(json.loads(emails)),
            phones=tuple(json.loads(phones)),
            company=company,
            status=status,
            opens=opens,
            opens_with=json.loads(opens_with),
            related=tuple(RecordRef(to_kind, to_id) for to_kind, to_id in related),
        )
