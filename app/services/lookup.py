"""Quick lookup: one text asked of every vendor at once, the way each vendor's API allows.

How a vendor is asked is its own declaration (``quick_search`` in its catalog, written in its
package's ``search.py``); this module runs those searches side by side.  Each vendor answers on
its own: a slow or failing vendor never hides the others, and a vendor that is not signed in is
skipped with a note rather than signed in behind the user's back.  Each vendor's note says what was
searched: how many of its records this computer knows, and what the vendor itself can be asked
(its ``VendorSearch.asks``).  :func:`people` puts together the hits of several vendors that share
an email address or a phone number: one person, a line per vendor.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import vendors
from app.contract.errors import RemoteError, SwitchboardError
from app.contract.search import Found, Kept, QuickSearch, VendorSearch
from app.core.service import VendorService
from app.core.session import SessionState
from app.services.index import IndexHit
from app.services.index.text import MIN_STORED_PHONE_DIGITS, digits
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
    # What tells the same person in another vendor (never printed by `find`, whose JSON is fixed).
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


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

    async def search(self, text: str, listener: Listener, only: str | None = None) -> list[VendorOutcome]:
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
        known_note = await self._known(outcome, service, search, text)
        if outcome.hits:
            listener(outcome)
        itself = f"{outcome.name} itself"
        reason = _skip_reason(service, self._signs_in)
        if reason:
            outcome.state = "skipped" if not outcome.hits else "done"
            outcome.note = _joined(known_note, f"{itself} {reason}")
        else:
            memo = self._memos.setdefault((outcome.vendor, environment), {})
            asks = f"{itself} {search.asks}" if isinstance(search, VendorSearch) else ""
            try:
                found = await search(_Scope(service, memo, self.workspace), text)
                seen = {(hit.operation, _frozen(hit.values)) for hit in outcome.hits}
                for one in found:
                    if (one.operation, _frozen(one.values)) not in seen:
                        outcome.hits.append(_hit(service, one))
                outcome.state = "done"
                outcome.note = _joined("" if outcome.hits else "nothing found", known_note, asks)
            except SwitchboardError as exc:
                outcome.error = exc
                outcome.state = "failed" if not outcome.hits else "done"
                outcome.note = _joined(known_note, exc.message)
        listener(outcome)

    async def _known(
        self, outcome: VendorOutcome, service: VendorService, search: QuickSearch, text: str
    ) -> str:
        """Search what this computer knows; the note's words for it ("2,310 clients known on this
        computer"), counted by the kinds the vendor's search names."""
        known = self.workspace.known
        if not known.enabled(outcome.vendor):
            locked = self.workspace.settings.records_locked(outcome.vendor)
            where = "by your organisation" if locked else "in Settings"
            return f"nothing is kept on this computer (turned off {where})"
        environment = service.environment.id
        nouns = search.known if isinstance(search, VendorSearch) else {}
        try:
            found_here = await known.search(outcome.vendor, environment, text)
            kinds = list(nouns.items()) if nouns else [(None, ("record", "records"))]
            # One trip to the index's thread for every count, not one per kind.
            numbers = await known.run(
                outcome.vendor, environment, lambda index: [index.count(kind) for kind, _ in kinds]
            )
            counts = list(zip(numbers, (noun for _, noun in kinds), strict=True))
        except Exception as exc:  # the index is a help: never the reason a lookup fails
            log.warning("Record index search failed for %s: %s", outcome.vendor, exc)
            return "what this computer knows could not be searched"
        outcome.hits = [hit for hit in (_known_hit(service, one) for one in found_here) if hit]
        # "2,310 clients and 12 cases"; a kind with none is left out unless none has any.
        counted = [f"{count:,} {noun[count != 1]}" for count, noun in counts if count]
        counted = counted or [f"0 {counts[0][1][1]}"]
        listed = ", ".join(counted[:-1]) + (" and " if len(counted) > 1 else "") + counted[-1]
        return f"{listed} known on this computer"


def _joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


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
        emails=tuple(record.emails),
        phones=tuple(record.phones),
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
        emails=found.emails,
        phones=found.phones,
    )


# --- one person known to several vendors -----------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Hits of at least two vendors that share an email address or a phone number."""

    title: str
    hits: tuple[Hit, ...]

    @property
    def vendors(self) -> list[str]:
        return list(dict.fromkeys(hit.vendor for hit in self.hits))


def people(outcomes: Iterable[VendorOutcome]) -> list[Person]:
    """The people found in several vendors, in the order their first hit came; a hit is in one at most.

    Two hits are one person when they share an email address (case aside) or a phone number compared
    by its digits, a number of 7 digits or more also matching one written with a country code."""
    hits = [hit for outcome in outcomes for hit in outcome.hits]
    keys = [(_email_keys(hit), _phone_keys(hit)) for hit in hits]
    parent = list(range(len(hits)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(hits)):
        for j in range(i + 1, len(hits)):
            if keys[i][0] & keys[j][0] or _phones_meet(keys[i][1], keys[j][1]):
                parent[root(j)] = root(i)
    groups: dict[int, list[Hit]] = {}
    for index, hit in enumerate(hits):
        groups.setdefault(root(index), []).append(hit)
    found = []
    for members in groups.values():
        if len({hit.vendor for hit in members}) > 1:
            found.append(Person(_person_title(members), tuple(members)))
    return found


def _email_keys(hit: Hit) -> set[str]:
    return {email.strip().casefold() for email in hit.emails if "@" in email}


def _phone_keys(hit: Hit) -> set[str]:
    return {number for phone in hit.phones if len(number := digits(phone)) >= MIN_STORED_PHONE_DIGITS}


def _phones_meet(mine: set[str], theirs: set[str]) -> bool:
    return any(a.endswith(b) or b.endswith(a) for a in mine for b in theirs)


def _person_title(hits: list[Hit]) -> str:
    """A name rather than an id: the first title with a space in it ("Priya Raman", not "Client 3061")."""
    names = [hit.title for hit in hits if " " in hit.title and not any(ch.isdigit() for ch in hit.title)]
    return names[0] if names else hits[0].title
