"""Quick lookup: one text asked of every vendor at once, the way each vendor's API allows.

How a vendor is asked is its own declaration (``quick_search`` in its catalog, written in its
package's ``search.py``); this module runs those searches side by side.  Each vendor answers on
its own: a slow or failing vendor never hides the others, and a vendor that is not signed in is
skipped with a note rather than signed in behind the user's back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import vendors
from app.contract.errors import RemoteError, SwitchboardError
from app.contract.search import Found, Kept, QuickSearch
from app.core.service import VendorService
from app.core.session import SessionState
from app.services.workspace import Workspace


@dataclass(frozen=True)
class Hit:
    """One record found: what to show, and the operation that opens it in its tab."""

    vendor: str
    kind: str  # "Client", "Contact", "CV"...
    title: str
    detail: str
    operation: str
    values: dict[str, Any] = field(default_factory=dict)
    production: bool = False


@dataclass
class VendorOutcome:
    vendor: str
    name: str
    state: str = "searching"  # searching | done | skipped | failed
    note: str = ""
    hits: list[Hit] = field(default_factory=list)


Listener = Callable[[VendorOutcome], None]


def _skip_reason(service: VendorService) -> str:
    state = service.session.status().state
    if state is SessionState.NOT_CONFIGURED:
        return "not set up: open Credentials… in its tab"
    if service.session.strategy.signs_in and state in (SessionState.SIGNED_OUT, SessionState.ERROR):
        return "not signed in: sign in on its tab to include it"
    return ""


class _Scope:
    """A vendor's search sees its current environment's service through this, and nothing else."""

    def __init__(self, service: VendorService, memo: dict[str, Any], workspace: Workspace) -> None:
        self._service = service
        self.memo = memo
        self._workspace = workspace

    @property
    def environment_id(self) -> str:
        return self._service.environment.id

    def kept(self, name: str, make: Callable[[Path], Kept]) -> Kept:
        return self._workspace.kept(self._service.definition.id, self.environment_id, name, make)

    async def read(self, operation_id: str, values: Mapping[str, Any]) -> Any:
        return (await self._service.run(operation_id, values)).data

    async def find(self, operation_id: str, values: Mapping[str, Any]) -> Any | None:
        try:
            return await self.read(operation_id, values)
        except RemoteError as exc:
            if exc.status in (400, 404):
                return None
            raise

    async def read_all_pages(self, operation_id: str, values: Mapping[str, Any]) -> list[Any]:
        return await self._service.run_all_pages(operation_id, values)


class QuickLookup:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        # (vendor, environment) -> what its search keeps between searches.
        self._memos: dict[tuple[str, str], dict[str, Any]] = {}

    async def search(self, text: str, listener: Listener) -> list[VendorOutcome]:
        """Ask every available vendor concurrently; ``listener`` hears each vendor as it finishes."""
        text = text.strip()
        asked: list[tuple[VendorOutcome, QuickSearch]] = []
        for entry in vendors.available():
            search = self.workspace.definition(entry.id).quick_search
            if search is not None:
                asked.append((VendorOutcome(entry.id, entry.name), search))
        for outcome, _ in asked:
            listener(outcome)
        await asyncio.gather(*(self._one(outcome, search, text, listener) for outcome, search in asked))
        return [outcome for outcome, _ in asked]

    async def _one(self, outcome: VendorOutcome, search: QuickSearch, text: str, listener: Listener) -> None:
        service = self.workspace.service(outcome.vendor)
        reason = _skip_reason(service)
        if reason:
            outcome.state, outcome.note = "skipped", reason
        else:
            memo = self._memos.setdefault((outcome.vendor, service.environment.id), {})
            try:
                found = await search(_Scope(service, memo, self.workspace), text)
                outcome.hits = [_hit(service, one) for one in found]
                outcome.state = "done"
                outcome.note = "" if outcome.hits else "nothing found"
            except SwitchboardError as exc:
                outcome.state, outcome.note = "failed", exc.message
        listener(outcome)


def _hit(service: VendorService, found: Found) -> Hit:
    return Hit(
        service.definition.id,
        found.kind,
        found.title,
        found.detail,
        found.operation,
        found.values,
        service.environment.production,
    )
