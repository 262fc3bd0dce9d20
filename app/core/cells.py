"""Cell text that a spreadsheet shows and never runs: the one guard of every export and copy.

A record's name or note reaches Excel or LibreOffice through Export CSV and through
the clipboard.  A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read there as a formula (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``), so such
a cell is prefixed with a single quote, which the spreadsheet shows as text
(OWASP, "CSV Injection").  A plain number (``-1``, ``+3.5``, ``-2e3``) is left as it is:
the spreadsheet reads it as the number the user saw, and a number runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What a spreadsheet takes as the start of a formula (OWASP's list).
_FORMULA_STARTS = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def inert_cell(text: str) -> str:
    """``text`` as a spreadsheet should receive it: quoted when it would start a formula."""
    if text[:1] in _FORMULA_STARTS and _PLAIN_NUMBER.fullmatch(text) is None:
        return "'" + text
    return text


def inert_cells(texts: Iterable[str]) -> list[str]:
    """A row's cells, each through :func:`inert_cell`."""
    return [inert_cell(text) for text in texts]
