"""The tables of one record index file, and the version they are at.

``records`` holds one row per record kind and id; the lookups beside it point at its rowid:
``emails`` and ``phones`` (digits reversed, so "the number ends with" is an index range),
and two contentless FTS5 tables, one for names and one for companies — separate so that a
name query never walks the postings of company words.  Every lookup is kept as small as it
can be (no copy of the text, no index by record: :mod:`writes` finds them from the row), since
a million records should stay a file of reasonable size.  ``keeps`` is JSON ('' for the records
that keep nothing, nearly all of them).  ``prune`` scans ``last_seen``: it
runs rarely and off the GUI thread, and an index on it would cost 2 MB per 100,000 records.
``relations`` is keyed by kind and id, not rowid, so a link can name a record the index has
not seen yet.
"""

from __future__ import annotations

VERSION = 2

# How an index file of an earlier version becomes this one, step by step (version → statements).
UPGRADES = {
    # 2: records keep what a vendor cannot be asked again (keeps, keep_until).  Record books told
    # to the index before it could keep their terms are told again (their "told:" marks go).
    1: """
ALTER TABLE records ADD COLUMN keeps TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN keep_until REAL NOT NULL DEFAULT 0;
DELETE FROM meta WHERE key LIKE 'told:%';
""",
}

TABLES = """
CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    id_key TEXT NOT NULL,
    title TEXT NOT NULL,
    name_key TEXT NOT NULL,
    detail TEXT NOT NULL,
    emails TEXT NOT NULL,
    phones TEXT NOT NULL,
    company TEXT NOT NULL,
    status TEXT NOT NULL,
    opens TEXT NOT NULL,
    opens_with TEXT NOT NULL,
    last_seen REAL NOT NULL,
    keeps TEXT NOT NULL DEFAULT '',
    keep_until REAL NOT NULL DEFAULT 0,
    UNIQUE (kind, id)
);
CREATE INDEX records_id_key ON records (id_key);
CREATE INDEX records_name_key ON records (name_key);

CREATE TABLE emails (
    email_key TEXT NOT NULL, record INTEGER NOT NULL, PRIMARY KEY (email_key, record)
) WITHOUT ROWID;
CREATE TABLE phones (
    reversed TEXT NOT NULL, record INTEGER NOT NULL, PRIMARY KEY (reversed, record)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE names USING fts5 (
    title, content='', columnsize=0, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE companies USING fts5 (
    company, content='', columnsize=0, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE relations (
    from_kind TEXT NOT NULL, from_id TEXT NOT NULL, to_kind TEXT NOT NULL, to_id TEXT NOT NULL,
    PRIMARY KEY (from_kind, from_id, to_kind, to_id)
) WITHOUT ROWID;
CREATE INDEX relations_to ON relations (to_kind, to_id);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
