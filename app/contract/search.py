"""How a vendor answers the quick lookup: the interface between its search and the generic lookup.

A vendor declares one :data:`QuickSearch` (in its package's ``search.py``): given what the person
typed, it decides which of its operations to call with which values, and turns the answers into
:class:`Found` records.  The lookup in app/services runs every vendor's search at once, skips the
vendors that are not signed in, and keeps one vendor's failure from hiding the others.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

Kept = TypeVar("Kept")


@dataclass(frozen=True)
class Found:
    """One record a vendor's search found, and the operation (or flow) that opens it in its tab."""

    kind: str  # "Client", "Contact", "CV"...
    title: str
    detail: str
    operation: str
    values: dict[str, Any] = field(default_factory=dict)
    record_id: str = ""  # the record's own id (what `python -m app find` prints as "id")
    # What tells one person known to several vendors: the lookup groups hits sharing one of these.
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


class SearchScope(Protocol):
    """What a vendor's search may use: its current environment's service, and nothing else."""

    @property
    def environment_id(self) -> str: ...

    @property
    def memo(self) -> dict[str, Any]:
        """Kept for this vendor environment as long as the lookup lives (a list fetched once)."""
        ...

    def kept(self, name: str, make: Callable[[Path], Kept]) -> Kept:
        """The vendor environment's local record called ``name`` (what its API cannot list, such as
        OneOffice's orders), made once from its file by ``make`` and shared with every screen."""
        ...

    async def read(self, operation_id: str, values: Mapping[str, Any]) -> Any:
        """The answer's data; errors are raised as the typed errors of app.contract.errors."""
        ...

    async def find(self, operation_id: str, values: Mapping[str, Any]) -> Any | None:
        """Like :meth:`read`, but None when the vendor has no such record (a 400 or 404 is no error)."""
        ...

    async def read_all_pages(self, operation_id: str, values: Mapping[str, Any]) -> list[Any]: ...


QuickSearch = Callable[[SearchScope, str], Awaitable[list[Found]]]


@dataclass(frozen=True)
class VendorSearch:
    """A vendor's quick search with what it honestly reaches, for the note the lookup shows.

    ``asks`` completes "<Vendor> itself …" ("can only be asked by id"), so the person knows what a
    name typed there can and cannot find; ``known`` names, per record kind, what the records this
    computer keeps are called, one and many ({"client": ("client", "clients")}) — kinds not listed
    are not counted in the note."""

    run: QuickSearch
    asks: str
    known: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    async def __call__(self, scope: SearchScope, text: str) -> list[Found]:
        return await self.run(scope, text)


@runtime_checkable
class Retells(Protocol):
    """A local record (see :meth:`SearchScope.kept`) whose file may hold what the record index never
    heard: written by a version before the index, or while the vendor's list was kept off."""

    def answers(self) -> list[tuple[str, Mapping[str, Any], Any]]:
        """(operation id, values, answer) that tell the index what the file holds, read by the
        vendor's ``record_facts`` like any answer."""
        ...


class Keeper(Protocol):
    """Gives one vendor environment's local records (see :meth:`SearchScope.kept`)."""

    def __call__(self, name: str, make: Callable[[Path], Kept]) -> Kept: ...
