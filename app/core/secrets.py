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

import base64
import json
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from html import escape
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
    """The ways text writes ``value``: as is, repr and JSON escaped (once and twice, and as PHP and
    .NET write JSON), HTML-escaped, percent-encoded (upper- and lower-case hex, ``+`` for spaces), as
    bytes; and each of these for the value trimmed.  (Base64 is :func:`encoded_spellings`.)"""
    forms: set[str] = set()
    for base in {value, value.strip()}:
        escaped = {base, _repr(base), _json(base), _json(base, ascii_only=False), repr(base.encode())[2:-1]}
        escaped |= {_repr(form) for form in escaped} | {_json(form) for form in escaped}
        # PHP's json_encode writes "/" as "\/"; .NET's encoder writes + & < > ' " ` and non-ASCII as \uXXXX.
        escaped |= {form.replace("/", "\\/") for form in escaped}
        escaped |= {_dotnet_json(base, "X"), _dotnet_json(base, "x")}
        encoded = {quote(base, safe=""), quote(base), quote_plus(base, safe="")}
        encoded |= {_lower_hex(form) for form in encoded}
        forms |= escaped | encoded | _html(base)
    return frozenset(form for form in forms if len(form) >= MIN_SECRET_LENGTH)


def encoded_spellings(value: str) -> frozenset[str]:
    """``value`` in base64, standard and URL-safe, with and without padding: a vendor answer may echo
    a key the way it decoded or stored it."""
    forms: set[str] = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        form = encode(value.encode("utf-8", "surrogatepass")).decode("ascii")
        forms |= {form, form.rstrip("=")}
    return frozenset(form for form in forms if len(form) >= MIN_SECRET_LENGTH)


def redact_known(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with every spelling of every remembered value (and of ``extra``) replaced."""
    if not text:
        return text
    groups = _known_groups()
    others = [value for value in extra if value and len(value) >= MIN_SECRET_LENGTH and value not in _values]
    if others:
        groups = _longest_first([*groups, *(group for value in others for group in _groups(value))])
    for anchor, forms in groups:
        if anchor in text:  # a substring search is far cheaper than trying each spelling
            for form in forms:
                if form in text:
                    text = text.replace(form, REDACTED)
    return text


def cut(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters and redacted, with no part of a secret left at the cut.

    Cut first and redacted after, a key that straddles the cut would leave its first half behind:
    the cut is moved past every spelling that straddles it, then the whole is redacted."""
    if len(text) <= limit:
        return redact_known(text)
    groups = _known_groups()
    longest = len(groups[0][1][0]) if groups and groups[0][1] else 0  # longest first
    end = limit
    moved = True
    while moved:  # a spelling reaching past the new end may overlap another: until none straddles
        moved = False
        near = text[max(0, end - longest) : end + longest]
        for anchor, forms in groups:
            if anchor not in near:
                continue
            for form in forms:
                start = text.find(form, max(0, end - len(form) + 1), end + len(form) - 1)
                if start != -1 and start < end < start + len(form):
                    end, moved = start + len(form), True
    return redact_known(text[:end])


# A value's spellings, longest first, with the part every one of them contains (its anchor).
_Group = tuple[str, tuple[str, ...]]
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_DOTNET_ESCAPED = frozenset("+&<>'\"`")


@lru_cache(maxsize=4 * CAPACITY)
def _groups(value: str) -> tuple[_Group, ...]:
    """ASCII letters and digits are written alike in every spelling of one family (escaped and
    percent-encoded; base64 of the value, or of it trimmed): the longest run of them is in each, so
    text without it holds none of that family (a value without such a run is looked for by its
    spellings)."""
    encoded = [encoded_spellings(base) for base in {value, value.strip()}]
    return (_group(spellings(value), value), *(_group(forms, min(forms, default="")) for forms in encoded))


def _group(forms: frozenset[str] | list[str], plain: str) -> _Group:
    anchor = max(_ALNUM_RUN.findall(plain), key=len, default="")
    return (anchor if len(anchor) >= MIN_SECRET_LENGTH else ""), tuple(sorted(forms, key=len, reverse=True))


def _known_groups() -> tuple[_Group, ...]:
    """The groups of every remembered value, rebuilt only after a change."""
    global _sorted_groups
    version, groups = _sorted_groups
    if version != _version:
        with _lock:
            version, values = _version, tuple(_values)
        groups = _longest_first([group for value in values for group in _groups(value)])
        _sorted_groups = (version, groups)
    return groups


def _longest_first(groups: Iterable[_Group]) -> tuple[_Group, ...]:
    # So that a secret containing another is replaced whole.
    return tuple(sorted(groups, key=lambda group: len(group[1][0]) if group[1] else 0, reverse=True))


def _repr(text: str) -> str:
    return repr(text)[1:-1]


def _json(text: str, ascii_only: bool = True) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)[1:-1]


def _dotnet_json(text: str, case: str) -> str:
    """``text`` as .NET's default JSON encoder writes it inside quotes (``case`` "X" or "x" for the hex)."""
    written: list[str] = []
    for char in text:
        if char in _DOTNET_ESCAPED or not " " <= char <= "~":
            units = char.encode("utf-16-be", "surrogatepass")  # above U+FFFF: two \\u escapes
            written.extend(f"\\u{int.from_bytes(units[i : i + 2]):04{case}}" for i in range(0, len(units), 2))
        else:
            written.append("\\\\" if char == "\\" else char)
    return "".join(written)


def _html(text: str) -> set[str]:
    """``text`` HTML-escaped, as error pages write it: by name, and every non-alphanumeric character
    as a decimal or hex reference."""
    named = {escape(text, quote=False), escape(text)}
    named |= {
        form.replace("&#x27;", quote_form) for form in named for quote_form in ("&#39;", "&#039;", "&apos;")
    }
    named |= {form.replace("&quot;", "&#34;") for form in named}
    numbered = {
        "".join(char if char.isalnum() and char.isascii() else pattern.format(ord(char)) for char in text)
        for pattern in ("&#{};", "&#x{:x};", "&#x{:X};")
    }
    return named | numbered


def _lower_hex(encoded: str) -> str:
    parts = encoded.split("%")
    return parts[0] + "".join("%" + part[:2].lower() + part[2:] for part in parts[1:])
