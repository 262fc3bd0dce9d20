"""Reading query parameters with iinsight's rules, collecting every problem at once.

The vendor answers a validation failure with 400 ``{"status": false, "errors":
{"<param>": "<why>"}}`` naming each bad parameter, so readers here record an error and
return ``None`` instead of raising; the route checks ``errors`` once at the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

_WHOLE = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AU_DATE = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{4}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class Query:
    """The query string of one request.

    Values are trimmed and an empty value counts as absent (ASSUMPTIONS: "an empty value
    counts as absent").  Parameters the document does not list for the route are refused,
    since the vendors "may refuse unknown ones" and the sandbox should catch a client
    that sends them.
    """

    def __init__(self, params: Mapping[str, str], allowed: Iterable[str]):
        known = set(allowed)
        self.errors: dict[str, str] = {}
        self._values: dict[str, str] = {}
        for name, raw in params.items():
            if name not in known:
                self.fail(name, "Unknown parameter")
            elif raw.strip():
                self._values[name] = raw.strip()

    def fail(self, name: str, why: str) -> None:
        self.errors.setdefault(name, why)  # the first problem found is the one reported

    def has(self, name: str) -> bool:
        return name in self._values

    def text(self, name: str, *, required: bool = False) -> str | None:
        value = self._values.get(name)
        if value is None and required:
            self.fail(name, f"The {name} field is required")
        return value

    def whole(self, name: str, *, required: bool = False) -> int | None:
        """A positive whole number (ids, page, limit)."""
        value = self.text(name, required=required)
        if value is None:
            return None
        if not _WHOLE.fullmatch(value) or int(value) < 1:
            self.fail(name, f"The {name} must be a positive whole number")
            return None
        return int(value)

    def flag(self, name: str, *, required: bool = False) -> bool | None:
        """The strings Yes/No, exactly as the document spells them."""
        value = self.text(name, required=required)
        if value is None:
            return None
        if value not in ("Yes", "No"):
            self.fail(name, f"The {name} field must be Yes or No")
            return None
        return value == "Yes"

    def choice(self, name: str, options: Iterable[str]) -> str | None:
        value = self.text(name)
        allowed = list(options)
        if value is not None and value not in allowed:
            self.fail(name, f"The {name} must be one of: {', '.join(allowed)}")
            return None
        return value

    def iso_date(self, name: str, *, required: bool = False) -> date | None:
        """YYYY-MM-DD, the format of ``modified_since``."""
        return self._date(name, required, _ISO_DATE, "%Y-%m-%d", "YYYY-MM-DD")

    def au_date(self, name: str, *, required: bool = False) -> date | None:
        """DD-MM-YYYY, the format of ``created_on`` and ``disabled_on``."""
        return self._date(name, required, _AU_DATE, "%d-%m-%Y", "DD-MM-YYYY")

    def _date(self, name: str, required: bool, shape: re.Pattern[str], fmt: str, shown: str) -> date | None:
        value = self.text(name, required=required)
        if value is None:
            return None
        try:
            if not shape.fullmatch(value):
                raise ValueError(value)
            return datetime.strptime(value, fmt).date()
        except ValueError:
            self.fail(name, f"The {name} must be a valid date in the format {shown}")
            return None

    def email(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not _EMAIL.fullmatch(value):
            self.fail(name, "Invalid email format")
            return None
        return value

    def json(self, name: str) -> Any:
        """JSON text inside one parameter (``search_criteria``, ``custom_fields``); None if absent."""
        value = self.text(name)
        if value is None:
            return None
        try:
            return json.loads(value)
        except ValueError:
            self.fail(name, f"The {name} must be valid JSON")
            return None

    def texts(self, names: Iterable[str]) -> dict[str, str]:
        """The given optional text parameters that were sent."""
        return {name: self._values[name] for name in names if name in self._values}
