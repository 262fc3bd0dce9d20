"""Recent and pinned records per vendor, kept locally so an agent reopens a person in one click.

Stored in the config directory as JSON: titles, ids and the operation that reopens each
record — never a credential.  Pinned records stay; recent ones are capped per vendor.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.core.jsonfile import read_json, save_json

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
    def __init__(self, path: Path) -> None:
        self.path = path
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
