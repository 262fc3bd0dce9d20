"""Recent and pinned records per vendor, kept locally so an agent reopens a person in one click.

Stored in the config directory as JSON: what was opened and when, whether it is pinned, and the
operation and values that reopen it — never a credential.  Pinned records stay; recent ones are
capped per vendor.

Names belong to the record index: :meth:`RecentRecords.named` gives each record the title and detail
the index holds for the record it opens (a PGi client opened as "30619403" is shown as the person
the index knows).  The title kept in the file is the one seen when it was opened, shown only where
the index cannot say (the vendor's list is kept off this computer, or the record was not seen for
too long).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.jsonfile import read_json, save_json
from app.services.known_records import KnownRecords

RECENT_PER_VENDOR = 15
_log = logging.getLogger(__name__)


@dataclass
class Remembered:
    vendor: str
    environment: str
    title: str
    detail: str
    operation: str
    values: dict[str, Any] = field(default_factory=dict)
    pinned: bool = False
    seen_at: float = 0.0

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.vendor, self.environment, self.operation, json.dumps(self.values, sort_keys=True))


class RecentRecords:
    def __init__(self, path: Path, known: KnownRecords | None = None) -> None:
        self.path = path
        self._known = known
        self._items: list[Remembered] = []
        try:
            data = read_json(path)
            self._items = [Remembered(**row) for row in data.get("records", [])]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, AttributeError):
            self._items = []  # a damaged list starts empty rather than half-read

    def remember(self, item: Remembered) -> None:
        """Put ``item`` first (keeping its pin if it was already known)."""
        existing = next((i for i in self._items if i.key == item.key), None)
        if existing is not None:
            item.pinned = existing.pinned
            self._items.remove(existing)
        item.seen_at = item.seen_at or time.time()
        self._items.insert(0, item)
        self._cap(item.vendor)
        self._save()

    def set_pinned(self, item: Remembered, pinned: bool) -> None:
        for known in self._items:
            if known.key == item.key:
                known.pinned = pinned
        self._cap(item.vendor)
        self._save()

    def forget_vendor(self, vendor: str) -> None:
        """Drop every record of ``vendor``, pinned ones too (what this computer knows is forgotten)."""
        self._items = [i for i in self._items if i.vendor != vendor]
        self._save()

    def for_vendor(self, vendor: str, environment: str | None = None) -> list[Remembered]:
        """Pinned first, then the most recent."""
        mine = [i for i in self._items if i.vendor == vendor and environment in (None, i.environment)]
        return [i for i in mine if i.pinned] + [i for i in mine if not i.pinned]

    def all(self) -> list[Remembered]:
        return [i for i in self._items if i.pinned] + [i for i in self._items if not i.pinned]

    async def named(self, items: list[Remembered]) -> list[Remembered]:
        """``items`` as the record index names them (copies; the list itself is unchanged)."""
        if self._known is None:
            return list(items)
        by_place: dict[tuple[str, str], list[int]] = {}
        for number, item in enumerate(items):
            by_place.setdefault((item.vendor, item.environment), []).append(number)
        named = list(items)
        for (vendor, environment), numbers in by_place.items():
            targets = [(items[n].operation, items[n].values) for n in numbers]
            try:
                records = await self._known.opened_by(vendor, environment, targets)
            except Exception as exc:  # the index is a help: Recent still lists what was opened
                _log.warning("Recent records could not be named from the index: %s", exc)
                continue
            for number, record in zip(numbers, records, strict=True):
                if record is not None and record.title:
                    named[number] = replace(items[number], title=record.title, detail=record.detail)
        return named

    def _cap(self, vendor: str) -> None:
        unpinned = [i for i in self._items if i.vendor == vendor and not i.pinned]
        for stale in unpinned[RECENT_PER_VENDOR:]:
            self._items.remove(stale)

    def _save(self) -> None:
        try:
            save_json(self.path, {"version": 1, "records": [asdict(i) for i in self._items]})
        except OSError as exc:
            # Remembering is a convenience: the list still works for this session, and the record
            # that was just opened must not be reported as a failure.
            _log.warning("Recent records could not be saved to %s: %s", self.path, exc)
