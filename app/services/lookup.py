"""Quick lookup: one text asked of every vendor at once, the way each vendor's API allows.

How a vendor is asked is its own declaration (``quick_search`` in its catalog, written in its
package's ``search.py``); this module runs those searches side by side.  Each vendor answers on
its own: a slow or failing vendor never hides the others, and a vendor that is not signed in is
skipped with a note rather than signed in behind the user's back.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import vendors
from app.contract.errors import RemoteError, SwitchboardError
from app.contract.search import Found, Kept, QuickSearch
from app.core.service import VendorService
from app.core.session import SessionState
from app.services.index import IndexHit
from app.services.workspace import Workspace

log = logging.getLogger(__name__)


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
    record_id: str = ""
    environment: str = ""
    source: str = "live"  # "index": what this computer knows; "live": the vendor's own answer


@dataclass
class VendorOutcome:
    vendor: str
    name: str
    state: str = "searching"  # searching | done | skipped | failed
    note: str = ""
    hits: list[Hit] = field(default_factory=list)
    error: SwitchboardError | None = None  # why the vendor could not be asked, when it could not


Listener = Callable[[VendorOutcome], None]


def _skip_reason(service: VendorService, signs_in: bool = False) -> str:
    state = service.session.status().state
    if state is SessionState.NOT_CONFIGURED:
        return "not set up: open Credentials… in its tab"
    if signs_in:
        return ""
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
    def __init__(self, workspace: Workspace, *, signs_in: bool = False) -> None:
        """``signs_in``: a vendor not signed in is signed in to be asked (the CLI, which signs in for
        every call); the window skips it instead, never signing in behind the person's back."""
        self.workspace = workspace
        self._signs_in = signs_in
        # (vendor, environment) -> what its search keeps between searches.
        self._memos: dict[tuple[str, str], dict[str, Any]] = {}

    async def search(
        self, text: str, listener: Listener, only: str | None = None
    ) -> list[VendorOutcome]:
        """Ask every available vendor (or ``only`` that one) concurrently; ``listener`` hears each
        vendor as its answers arrive."""
        text = text.strip()
        asked: list[tuple[VendorOutcome, QuickSearch]] = []
        for entry in vendors.available():
            if only is not None and entry.id != only:
                continue
            search = self.workspace.definition(entry.id).quick_search
            if search is not None:
                asked.append((VendorOutcome(entry.id, entry.name), search))
        for outcome, _ in asked:
            listener(outcome)
        await asyncio.gather(*(self._one(outcome, search, text, listener) for outcome, search in asked))
        return [outcome for outcome, _ in asked]

    async def _one(self, outcome: VendorOutcome, search: QuickSearch, text: str, listener: Listener) -> None:
        """What this computer knows first (it needs no sign-in and answers at once), then what the
        vendor itself says, merged as it arrives."""
        service = self.workspace.service(outcome.vendor)
        environment = service.environment.id
        known = self.workspace.known
        known_note = ""
        if known.enabled(outcome.vendor):
            try:
                found_here = await known.search(outcome.vendor, environment, text)
                count = await known.count(outcome.vendor, environment)
            except Exception as exc:  # the index is a help: never the reason a lookup fails
                log.warning("Record index search failed for %s: %s", outcome.vendor, exc)
                found_here, count = [], 0
            outcome.hits = [hit for hit in (_known_hit(service, one) for one in found_here) if hit]
            known_note = f"{count:,} {'record' if count == 1 else 'records'} known on this computer"
            if outcome.hits:
                listener(outcome)
        reason = _skip_reason(service, self._signs_in)
        if reason:
            outcome.state = "skipped" if not outcome.hits else "done"
            outcome.note = "; ".join(part for part in (known_note, f"{outcome.name} itself {reason}") if part)
        else:
            memo = self._memos.setdefault((outcome.vendor, environment), {})
            try:
                found = await search(_Scope(service, memo, self.workspace), text)
                seen = {(hit.operation, _frozen(hit.values)) for hit in outcome.hits}
                for one in found:
                    if (one.operation, _frozen(one.values)) not in seen:
                        outcome.hits.append(_hit(service, one))
                outcome.state = "done"
                outcome.note = known_note if outcome.hits else "; ".join(
                    part for part in ("nothing found", known_note) if part
                )
            except SwitchboardError as exc:
                outcome.error = exc
                outcome.state = "failed" if not outcome.hits else "done"
                outcome.note = "; ".join(part for part in (known_note, exc.message) if part)
        listener(outcome)


def _frozen(values: Mapping[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, default=str)


def _known_hit(service: VendorService, found: IndexHit) -> Hit | None:
    record = found.record
    if not record.opens:
        return None  # nothing in its tab can open it (yet): not offered as a choice
    return Hit(
        service.definition.id,
        record.ref.kind.replace("_", " ").capitalize(),
        record.title or record.ref.id,
        record.detail,
        record.opens,
        dict(record.opens_with),
        service.environment.production,
        record_id=record.ref.id,
        environment=service.environment.id,
        source="index",
    )


def _hit(service: VendorService, found: Found) -> Hit:
    return Hit(
        service.definition.id,
        found.kind,
        found.title,
        found.detail,
        found.operation,
        found.values,
        service.environment.production,
        record_id=found.record_id,
        environment=service.environment.id,
    )
