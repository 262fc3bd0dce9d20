"""What a panel or a guided flow is given: one vendor environment's service, its runner, its memory,
the signals it may emit.  Panels never see the tab, so nothing of another environment can reach them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from app.contract.records import IndexedRecord
from app.contract.search import Keeper
from app.contract.spec import Lookup
from app.contract.vendor import Environment, VendorDefinition
from app.services.api import VendorService
from app.services.known_records import KnownRecords
from app.services.recent import RecentRecords
from app.ui.runner import OperationRunner, RecordMemory, TabSignals
from app.ui.tasks import UiTasks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TabContext:
    definition: VendorDefinition
    service: VendorService  # this environment's, for the whole life of the panel
    runner: OperationRunner
    memory: RecordMemory
    signals: TabSignals
    tasks: UiTasks  # every coroutine a panel starts, cancelled when the window closes
    recent: RecentRecords
    # How many pages a table fetches at once, read when a load starts (Settings can change it).
    concurrency: Callable[[], int]
    # Shows another task of this environment, filled with the given values.
    open_task: Callable[[str, dict[str, Any]], QWidget | None]
    # This environment's local records of what the vendor cannot list (the workspace owns them).
    kept: Keeper
    # What this computer knows of the records of every vendor environment (the pickers' suggestions).
    known: KnownRecords | None = None
    # The "More fields" names given for a record type before, and how to keep the ones just used.
    more_field_names: Callable[[str], list[str]] = lambda record: []
    remember_more_fields: Callable[[str, list[str]], None] = lambda record, names: None

    @property
    def environment(self) -> Environment:
        return self.service.environment

    async def lookup_rows(self, lookup: Lookup, params: dict[str, str], force: bool) -> list[dict[str, Any]]:
        """A drop-down's rows, fetched once per parameters in this environment (Refresh fetches again)."""
        key = (lookup.operation, tuple(sorted(params.items())))
        if force or key not in self.memory.lookups:
            data = (await self.service.run(lookup.operation, params)).data
            self.memory.lookups[key] = (
                [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []
            )
        return self.memory.lookups[key]

    async def find_records(self, kind: str, text: str, limit: int) -> list[IndexedRecord]:
        """This environment's records of ``kind`` matching what was typed, from this computer's index."""
        if self.known is None:
            return []
        try:
            environment = self.environment.id
            hits = await self.known.search(self.definition.id, environment, text, limit, kinds=(kind,))
        except Exception:  # the index is a help: a field still takes a typed id without it
            log.exception("The record index could not be searched for a %s", kind)
            return []
        return [hit.record for hit in hits]
