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
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apsw

from app.contract.records import IndexedRecord, RecordFacts, RecordRef
from app.services.index import schema, writes
from app.services.index.errors import IndexLocked, IndexUnavailable
from app.services.index.search import SearchPlan

_RECORD_COLUMNS = (
    "rowid, kind, id, title, detail, emails, phones, company, status, opens, opens_with, last_seen,"
    " keeps, keep_until"
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
            # 32 MB of pages kept in memory (SQLite keeps 2 MB): a large index writes and searches faster.
            connection.pragma("cache_size", -32_000)
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
        self.apply_many([(facts, seen_at)])

    def apply_many(self, answers: Sequence[tuple[RecordFacts, float]]) -> None:
        """:meth:`apply` for several answers in the order given, in one transaction: the pages of a
        sync arriving together cost one commit (most of a page's cost) instead of one each."""
        answers = [(facts, seen_at) for facts, seen_at in answers if facts.seen or facts.gone]
        if not answers:
            return
        with self._writing() as db:
            for facts, seen_at in answers:
                # The same record twice in one answer: the last one counts.
                seen = list({record.ref: record for record in facts.seen}.values())
                writes.store(db, seen, seen_at)
                writes.remove(db, facts.gone)

    def prune(self, older_than: float, now: float) -> int:
        """Drop the records not seen since ``older_than`` (epoch seconds) and not to be kept past
        ``now``; returns how many."""
        with self._writing() as db:
            gone = writes.seen_before(db, older_than, now)
            writes.remove(db, gone)
        return len(gone)

    def forget(self) -> None:
        """Empty the index — records, links and meta (sync dates) — and give the space back."""
        with self._writing() as db:
            for table in ("records", "emails", "phones", "relations", "meta"):
                db.execute(f"DELETE FROM {table}")
            for words_table in ("names", "companies"):  # contentless FTS5 tables empty this way
                db.execute(f"INSERT INTO {words_table} ({words_table}) VALUES ('delete-all')")
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

    def records_of(self, kind: str) -> list[IndexedRecord]:
        """Every record of ``kind``, oldest first (the order they became known here): for the few
        kinds a vendor cannot list, whose book is this index (OneOffice's orders)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE kind = ? ORDER BY rowid", (kind,)
            ).fetchall()
            return [self._record(row) for row in rows]

    def count(self, kind: str | None = None) -> int:
        with self._lock:
            if kind is None:
                row = self._db.execute("SELECT count(*) FROM records").fetchone()
            else:
                row = self._db.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,)).fetchone()
        return int(row[0]) if row else 0

    def search(self, text: str, limit: int = 20, kinds: Collection[str] = ()) -> list[IndexHit]:
        """Records matching what a person typed, best first (see :mod:`app.services.index.search`);
        only records of ``kinds`` when some are given."""
        plan = SearchPlan(text, kinds)
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
        """One transaction.  BEGIN and COMMIT as statements, not the connection as a context manager:
        apsw holds the GIL through a context manager's commit (writing and encrypting the pages, tens
        of ms for a sync's pages), which froze the window's thread that long; a statement lets it go."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _ensure_schema(self) -> None:
        with self._lock, self._db:
            version = self._db.pragma("user_version")
            if version == 0:
                self._db.execute(schema.TABLES)
                self._db.pragma("user_version", schema.VERSION)
                return
            while version in schema.UPGRADES:
                self._db.execute(schema.UPGRADES[version])
                version += 1
                self._db.pragma("user_version", version)
            if version != schema.VERSION:
                raise IndexUnavailable(
                    f"The record index was written by another version of Switchboard (format {version})."
                )

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
            keeps=json.loads(row[12]) if row[12] else {},
            keep_until=float(row[13]),
        )
