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

Typed text only ever reaches SQLite as bound values and as quoted FTS5 words of letters and
digits: quotes, ``*``, ``-``, ``:`` or parentheses never change a query's meaning.
"""

from __future__ import annotations

from collections.abc import Iterator

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

    def __init__(self, text: str) -> None:
        self.key = text_key(text)
        self.words = words(text)
        self.name = name_key(text)
        self.digits = phone_digits(text)

    @property
    def _looks_like_email(self) -> bool:
        return "@" in self.key

    def stages(self) -> Iterator[Stage]:
        if self.key:
            yield "id", "SELECT rowid FROM records WHERE id_key = ? ORDER BY kind LIMIT ?", (self.key,)
            if self._looks_like_email:
                yield "email", _EMAILS_EXACT, (self.key,)
                yield "email", _EMAILS_START, (self.key, prefix_upper_bound(self.key))
        if self.name:
            yield "title", _NAME_STARTS, (self.name, prefix_upper_bound(self.name))
        if self.words:
            yield "title", _IN_FTS.format(table="names"), (fts_all_prefixes(self.words),)
        if self.digits:
            yield from self._phone_stages(self.digits)
        if self.key:
            yield "id", _ID_STARTS, (self.key, prefix_upper_bound(self.key))
            if not self._looks_like_email:
                yield "email", _EMAILS_START, (self.key, prefix_upper_bound(self.key))
        if self.words:
            yield "company", _IN_FTS.format(table="companies"), (fts_all_prefixes(self.words),)

    @staticmethod
    def _phone_stages(typed: str) -> Iterator[Stage]:
        backwards = typed[::-1]
        yield "phone", _PHONES_ENDING, (backwards, prefix_upper_bound(backwards))
        # Stored numbers shorter than what was typed, each a tail of it (the typed country code).
        tails = [backwards[:length] for length in range(MIN_STORED_PHONE_DIGITS, len(typed))]
        if tails:
            marks = ", ".join("?" * len(tails))
            sql = f"SELECT DISTINCT record FROM phones WHERE reversed IN ({marks}) LIMIT ?"
            yield "phone", sql, tuple(tails)


_NAME_STARTS = (
    "SELECT rowid FROM records WHERE name_key >= ? AND name_key < ? ORDER BY name_key, kind, id LIMIT ?"
)
_ID_STARTS = "SELECT rowid FROM records WHERE id_key > ?1 AND id_key < ?2 ORDER BY id_key, kind LIMIT ?3"
_EMAILS_EXACT = "SELECT DISTINCT record FROM emails WHERE email_key = ? LIMIT ?"
# No DISTINCT on ranges: it would sort the whole range; the search drops a record seen twice.
_EMAILS_START = "SELECT record FROM emails WHERE email_key >= ? AND email_key < ? ORDER BY email_key LIMIT ?"
_PHONES_ENDING = "SELECT record FROM phones WHERE reversed >= ? AND reversed < ? ORDER BY reversed LIMIT ?"
# Newest first: FTS5 walks rowids backwards without sorting, and stops at the limit.
_IN_FTS = "SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?"
