"""What one search asks the index, stage by stage, best matches first.

A search runs these stages in order and stops once it has enough hits; a record found by an
earlier stage is not repeated:

1. ``id``      the id, exactly (case and accents aside)
2. ``email``   an email address, whole, then starting with the text — here only when the text
               holds an "@" (it is then an address being typed, not a name)
3. ``title``   the name starts with the text ("priya ra" → "Priya Raman")
4. ``title``   every typed word starts a word of the name, in any order ("raman priya", "kowal")
5. ``phone``   phone numbers compared by their digits, see below
6. ``id``      the id starts with the text ("CL-100" → "CL-10041")
7. ``email``   an email address starts with the text
8. ``company`` every typed word starts a word of the employer or company

Phone rule: text made only of digits, spaces and ``+ - . / ( )`` with at least 4 digits is
looked up by its digits; a stored number matches when its digits end with the typed digits
(so "1234", "555-1234", "5551234" and "(555) 1234" all find "555-1234"), or when a stored
number of at least 7 digits ends what was typed (a country code typed, not stored).

A search may be narrowed to some kinds of record (a picker for a client id offers clients only):
every stage then keeps only the records of those kinds, so the limit is filled with them.

Typed text only ever reaches SQLite as bound values and as quoted FTS5 words of letters and
digits: quotes, ``*``, ``-``, ``:`` or parentheses never change a query's meaning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from app.services.index.text import (
    MIN_STORED_PHONE_DIGITS,
    fts_all_prefixes,
    name_key,
    phone_digits,
    prefix_upper_bound,
    text_key,
    words,
)

Stage = tuple[str, str, tuple[object, ...]]


class SearchPlan:
    """The stages one typed text makes; each stage's SQL takes its row limit as the last value."""

    def __init__(self, text: str, kinds: Collection[str] = ()) -> None:
        self.kinds = tuple(dict.fromkeys(kinds))
        self.key = text_key(text)
        self.words = words(text)
        self.name = name_key(text)
        self.digits = phone_digits(text)

    @property
    def _looks_like_email(self) -> bool:
        return "@" in self.key

    def stages(self) -> Iterator[Stage]:
        for matched, sql, parameters in self._unfiltered():
            yield matched, self._narrowed(sql), (*parameters, *self.kinds)

    def _narrowed(self, sql: str) -> str:
        """The stage's query keeping only records of ``kinds`` (its own, when none are asked for)."""
        if not self.kinds:
            return sql.format(join="", fts_join="", kinds="")
        marks = ", ".join("?" * len(self.kinds))
        return sql.format(
            # The lookup tables name their record in ``record``; the word tables by their rowid.
            join=" JOIN records r ON r.rowid = x.record",
            fts_join=" JOIN records r ON r.rowid = x.rowid",
            kinds=f" AND r.kind IN ({marks})",
        )

    def _unfiltered(self) -> Iterator[Stage]:
        if self.key:
            yield "id", _ID_EXACT, (self.key,)
            if self._looks_like_email:
                yield "email", _EMAILS_EXACT, (self.key,)
                yield "email", _EMAILS_START, (self.key, prefix_upper_bound(self.key))
        if self.name:
            yield "title", _NAME_STARTS, (self.name, prefix_upper_bound(self.name))
        if self.words:
            yield "title", _NAMES_MATCH, (fts_all_prefixes(self.words),)
        if self.digits:
            yield from self._phone_stages(self.digits)
        if self.key:
            yield "id", _ID_STARTS, (self.key, prefix_upper_bound(self.key))
            if not self._looks_like_email:
                yield "email", _EMAILS_START, (self.key, prefix_upper_bound(self.key))
        if self.words:
            yield "company", _COMPANIES_MATCH, (fts_all_prefixes(self.words),)

    @staticmethod
    def _phone_stages(typed: str) -> Iterator[Stage]:
        backwards = typed[::-1]
        yield "phone", _PHONES_ENDING, (backwards, prefix_upper_bound(backwards))
        # Stored numbers shorter than what was typed, each a tail of it (the typed country code).
        tails = [backwards[:length] for length in range(MIN_STORED_PHONE_DIGITS, len(typed))]
        if tails:
            marks = ", ".join("?" * len(tails))
            sql = f"SELECT DISTINCT x.record FROM phones x{{join}} WHERE x.reversed IN ({marks}){{kinds}}"
            sql += " LIMIT ?"
            yield "phone", sql, tuple(tails)


# Each query has a {kinds} slot (and a lookup table's a {join} or {fts_join} one), filled by
# SearchPlan._narrowed; the row limit comes last, after the kinds.
_ID_EXACT = "SELECT r.rowid FROM records r WHERE r.id_key = ?{kinds} ORDER BY r.kind LIMIT ?"
_NAME_STARTS = (
    "SELECT r.rowid FROM records r WHERE r.name_key >= ? AND r.name_key < ?{kinds} "
    "ORDER BY r.name_key, r.kind, r.id LIMIT ?"
)
_ID_STARTS = (
    "SELECT r.rowid FROM records r WHERE r.id_key > ? AND r.id_key < ?{kinds} "
    "ORDER BY r.id_key, r.kind LIMIT ?"
)
_EMAILS_EXACT = "SELECT DISTINCT x.record FROM emails x{join} WHERE x.email_key = ?{kinds} LIMIT ?"
# No DISTINCT on ranges: it would sort the whole range; the search drops a record seen twice.
_EMAILS_START = (
    "SELECT x.record FROM emails x{join} WHERE x.email_key >= ? AND x.email_key < ?{kinds} "
    "ORDER BY x.email_key LIMIT ?"
)
_PHONES_ENDING = (
    "SELECT x.record FROM phones x{join} WHERE x.reversed >= ? AND x.reversed < ?{kinds} "
    "ORDER BY x.reversed LIMIT ?"
)
# Newest first: FTS5 walks rowids backwards without sorting, and stops at the limit.
_NAMES_MATCH = (
    "SELECT x.rowid FROM names x{fts_join} WHERE x.names MATCH ?{kinds} ORDER BY x.rowid DESC LIMIT ?"
)
_COMPANIES_MATCH = (
    "SELECT x.rowid FROM companies x{fts_join} WHERE x.companies MATCH ?{kinds} ORDER BY x.rowid DESC LIMIT ?"
)
