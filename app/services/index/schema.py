"""The tables of one record index file, and the version they are at.

``records`` holds one row per record kind and id; the lookups beside it point at its rowid:
``emails`` and ``phones`` (digits reversed, so "the number ends with" is an index range),
and two contentless FTS5 tables, one for names and one for companies — separate so that a
name query never walks the postings of company words.  ``relations`` is keyed by kind and id,
not rowid, so a link can name a record the index has not seen yet.
"""

from __future__ import annotations

VERSION = 1

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
    UNIQUE (kind, id)
);
CREATE INDEX records_id_key ON records (id_key);
CREATE INDEX records_name_key ON records (name_key);
CREATE INDEX records_last_seen ON records (last_seen);
CREATE INDEX records_kind ON records (kind);

CREATE TABLE emails (email_key TEXT NOT NULL, record INTEGER NOT NULL);
CREATE INDEX emails_key ON emails (email_key);
CREATE INDEX emails_record ON emails (record);

CREATE TABLE phones (reversed TEXT NOT NULL, record INTEGER NOT NULL);
CREATE INDEX phones_reversed ON phones (reversed);
CREATE INDEX phones_record ON phones (record);

CREATE VIRTUAL TABLE names USING fts5 (
    title, content='', contentless_delete=1, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE companies USING fts5 (
    company, content='', contentless_delete=1, prefix='1 2 3', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE relations (
    from_kind TEXT NOT NULL, from_id TEXT NOT NULL, to_kind TEXT NOT NULL, to_id TEXT NOT NULL,
    PRIMARY KEY (from_kind, from_id, to_kind, to_id)
) WITHOUT ROWID;
CREATE INDEX relations_to ON relations (to_kind, to_id);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
