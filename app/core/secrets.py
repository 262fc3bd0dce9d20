"""Every secret value this process has held, so that text leaving it can be cleaned by value.

Names and patterns ("password=", "Bearer …") miss a key that appears on its own: in a
traceback's repr of a header, in a vendor's error echoing it, percent-encoded in a URL.  So
the values themselves are remembered as they are met — credentials of fields declared
secret (typed, saved, from SWITCHBOARD_* variables) and tokens issued by sign-ins — and
:func:`redact_known` replaces each, in every spelling text gives it, with ``[redacted]``.

The values stay in this process's memory only (they are there anyway); the registry is
capped so that a long day of renewed tokens does not grow it without end.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"
# Shorter values ("1", "abc") would redact ordinary words and numbers all over a report.
MIN_SECRET_LENGTH = 4
# Credentials of five vendors and a day of five-minute tokens fit many times over.
CAPACITY = 2_000

_lock = threading.Lock()
_values: dict[str, None] = {}  # insertion-ordered: the oldest is dropped first
_version = 0  # counts changes, so the sorted spellings are rebuilt only after one
_sorted_groups: tuple[int, tuple[tuple[str, tuple[str, ...]], ...]] = (-1, ())


def remember(*values: str | None) -> None:
    """Add ``values`` to what is redacted from now on (None, empty and very short ones are ignored)."""
    global _version
    for value in values:
        if not value or len(value) < MIN_SECRET_LENGTH or value in _values:
            continue  # the check before the lock: asked on every request, it is nearly always known
        with _lock:
            _values[value] = None
            while len(_values) > CAPACITY:
                del _values[next(iter(_values))]
            _version += 1


def remembered() -> tuple[str, ...]:
    with _lock:
        return tuple(_values)


@lru_cache(maxsize=4 * CAPACITY)
def spellings(value: str) -> frozenset[str]:
    """The ways text writes ``value``: as is, repr and JSON escaped (once and twice), percent-encoded
    (upper- and lower-case hex, ``+`` for spaces), as bytes; and each of these for the value trimmed."""
    forms: set[str] = set()
    for base in {value, value.strip()}:
        escaped = {base, _repr(base), _json(base), _json(base, ascii_only=False), repr(base.encode())[2:-1]}
        escaped |= {_repr(form) for form in escaped} | {_json(form) for form in escaped}
        encoded = {quote(base, safe=""), quote(base), quote_plus(base, safe="")}
        encoded |= {_lower_hex(form) for form in encoded}
        forms |= escaped | encoded
    return frozenset(form for form in forms if len(form) >= MIN_SECRET_LENGTH)


def redact_known(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with every spelling of every remembered value (and of ``extra``) replaced."""
    if not text:
        return text
    groups = _known_groups()
    others = [value for value in extra if value and len(value) >= MIN_SECRET_LENGTH and value not in _values]
    if others:
        groups = _longest_first([*groups, *(_group(value) for value in others)])
    for anchor, forms in groups:
        if anchor in text:  # a substring search is far cheaper than trying each spelling
            for form in forms:
                if form in text:
                    text = text.replace(form, REDACTED)
    return text


# A value's spellings, longest first, with the part every one of them contains (its anchor).
_Group = tuple[str, tuple[str, ...]]
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")


def _group(value: str) -> _Group:
    """ASCII letters and digits are written alike in every spelling: the longest run of them is in
    each, so text without it holds none (a value without such a run is looked for by its spellings)."""
    forms = tuple(sorted(spellings(value), key=len, reverse=True))
    anchor = max(_ALNUM_RUN.findall(value), key=len, default="")
    return (anchor if len(anchor) >= MIN_SECRET_LENGTH else ""), forms


def _known_groups() -> tuple[_Group, ...]:
    """The groups of every remembered value, rebuilt only after a change."""
    global _sorted_groups
    version, groups = _sorted_groups
    if version != _version:
        with _lock:
            version, values = _version, tuple(_values)
        groups = _longest_first([_group(value) for value in values])
        _sorted_groups = (version, groups)
    return groups


def _longest_first(groups: Iterable[_Group]) -> tuple[_Group, ...]:
    # So that a secret containing another is replaced whole.
    return tuple(sorted(groups, key=lambda group: len(group[1][0]) if group[1] else 0, reverse=True))


def _repr(text: str) -> str:
    return repr(text)[1:-1]


def _json(text: str, ascii_only: bool = True) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)[1:-1]


def _lower_hex(encoded: str) -> str:
    parts = encoded.split("%")
    return parts[0] + "".join("%" + part[:2].lower() + part[2:] for part in parts[1:])
