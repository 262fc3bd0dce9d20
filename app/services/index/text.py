"""How typed text and stored values are compared: folded words, id and email keys, phone digits.

Everything the index compares goes through these functions on both sides — when a record is
stored and when a person types — so "Müller", "muller" and "MULLER" are one name and
"555-1234", "5551234" and "(555) 1234" are one number.
"""

from __future__ import annotations

import re
import unicodedata

# Words as SQLite's unicode61 tokenizer sees them: runs of letters and digits ("O'Brien" is two).
_WORD = re.compile(r"[^\W_]+")
# Text made only of what people type in a phone number (digits, spaces, + - . / and parentheses).
_PHONE_SHAPED = re.compile(r"[\d\s()+\-./]+")
_NOT_DIGIT = re.compile(r"\D")
# Typed digits shorter than this would match far too many numbers to be useful.
MIN_PHONE_DIGITS = 4
# A stored number this long or longer also matches when it ends what was typed, so a number typed
# with its country code ("+1 555 123 4567") finds one the vendor wrote without it ("555-123-4567").
MIN_STORED_PHONE_DIGITS = 7


def fold(text: str) -> str:
    """Lower case without accents: the form every key and word is compared in."""
    if text.isascii():  # most names and every email: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def name_key(title: str) -> str:
    """The title as its folded words joined by one space: what "the name starts with" compares."""
    return " ".join(words(title))


def text_key(text: str) -> str:
    """An id or an email as it is compared: folded, without surrounding space."""
    return fold(text.strip())


def digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text)


def phone_digits(text: str) -> str | None:
    """The digits to look a phone number up by, or None when the text is not a phone number.

    The text must consist of phone characters only and hold at least MIN_PHONE_DIGITS digits.
    """
    if not _PHONE_SHAPED.fullmatch(text.strip()):
        return None
    found = digits(text)
    return found if len(found) >= MIN_PHONE_DIGITS else None


def reversed_digits(number: str) -> str:
    """Digits stored back to front, so that "ends with" becomes a prefix an index can range over."""
    return digits(number)[::-1]


def prefix_upper_bound(prefix: str) -> str:
    """The smallest text greater than every text starting with ``prefix`` (for ``>= p AND < bound``)."""
    return prefix + "\U0010ffff"


def fts_all_prefixes(tokens: list[str]) -> str:
    """An FTS5 query matching rows that hold a word starting with each token, in any order.

    The tokens come from :func:`words`, so they hold letters and digits only; each is still quoted,
    so nothing a person types can be read as FTS5 syntax.
    """
    return " AND ".join('"' + token.replace('"', '""') + '"*' for token in tokens)
