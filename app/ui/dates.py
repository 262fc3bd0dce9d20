"""One date format for a person: the computer's, whatever each vendor writes on the wire.

INSZoom and most of iinsight take YYYY-MM-DD, iinsight's contact lists DD-MM-YYYY; a person types
and reads dates the way their computer shows them, and the wire still carries the vendor's format.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QDate, QLocale

from app.contract.spec import DATE_DMY, DATE_ISO

_QT_WIRE = {DATE_ISO: "yyyy-MM-dd", DATE_DMY: "dd-MM-yyyy"}
_ISO = "yyyy-MM-dd"
# A whole value that is a date in one of the vendors' wire formats (what an answer may hold), or an
# ISO date at midnight (IQ Reseller's "2025-01-07T00:00:00"), which says only the day.
_WIRE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}")
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?")


@cache
def local_format() -> str:
    """The computer's short date format, always with a four-digit year ("M/d/yy" → "M/d/yyyy").

    The C locale (a machine with no language set) has no real convention: ISO is its plainest.
    QLocale() is the system's unless the application set another default."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return _ISO
    text = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in text:
        text = text.replace("yy", "yyyy")
    return text


def example() -> str:
    """The format as a person recognises it: a real date written in it."""
    return QDate(2026, 12, 31).toString(local_format())


def parse(text: str, wire_format: str = DATE_ISO) -> QDate | None:
    """A date typed in the computer's format, as ISO (YYYY-MM-DD), or in the vendor's own format."""
    text = text.strip()
    for qt_format in dict.fromkeys((local_format(), _ISO, _QT_WIRE[wire_format])):
        date = QDate.fromString(text, qt_format)
        if date.isValid():
            return date
    return None


def to_wire(text: str, wire_format: str) -> str | None:
    """What goes on the wire for a typed date; None when it is not a date."""
    date = parse(text, wire_format)
    return None if date is None else date.toString(_QT_WIRE[wire_format])


def shown(wire_text: str, wire_format: str = DATE_ISO) -> str:
    """A date the vendor wrote, in the computer's format; any other text as it is."""
    date = QDate.fromString(wire_text.strip(), _QT_WIRE[wire_format])
    return date.toString(local_format()) if date.isValid() else wire_text


def shown_if_date(value: str) -> str:
    """An answer's value in the computer's format when it is exactly a date in a wire format."""
    if midnight := _MIDNIGHT.fullmatch(value):
        return shown(midnight.group(1), DATE_ISO)
    if not _WIRE_DATE.fullmatch(value):
        return value
    return shown(value, DATE_ISO if value[4] == "-" else DATE_DMY)
