"""A record's own page, as a vendor declares it: what fills it, what it lists, what can be done from it.

A vendor lists its :class:`RecordPage` declarations in ``VendorDefinition.record_pages`` (its
``pages.py``).  The window builds one generic page from a declaration: the record's name as title,
its details in the catalog's labels, the related records as small tables whose rows open their own
record, and one button per :class:`PageAction` — enabled only when the action's rule allows it, with
the record's ids filled in.  Opening a record with an operation a page declares (``opened_by``)
shows that page instead of the operation's form or search list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app.contract.records import IndexedRecord
from app.contract.search import Kept

Record = Mapping[str, Any]
# (operation or flow that opens a row's record, its values), or None when the row opens nothing.
Opening = tuple[str, dict[str, Any]] | None


class PageScope(Protocol):
    """What a page's loading may use: its environment's service and local records, nothing else."""

    async def read(self, operation_id: str, values: Mapping[str, Any]) -> Any:
        """The answer's data; errors are raised as the typed errors of app.contract.errors."""
        ...

    def kept(self, name: str, make: Callable[[Path], Kept]) -> Kept:
        """The environment's local record called ``name`` (OneOffice's order book)."""
        ...

    @property
    def opened_with(self) -> Mapping[str, Any]:
        """The values the page was opened with (what a duplicate check said of the record)."""
        ...

    def linked(self, kind: str) -> list[IndexedRecord]:
        """The records of ``kind`` this computer's index links to the page's record (a contact's
        cases, where the vendor's own read of the contact does not list them)."""
        ...

    def learnt(self, kind: str, record_id: str) -> IndexedRecord | None:
        """What this session's changes taught of the record (PGi's provision named the person, its
        deactivation the status), or None."""
        ...


@dataclass
class PageData:
    """What a page shows of one record, as its loading found it."""

    title: str  # the person's or the record's name
    record: dict[str, Any]  # its details, shown in this order (the vendor's keys)
    related: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # rows by RelatedList.title
    # Sentences about what could not be loaded ("The visas could not be loaded: …").
    problems: list[str] = field(default_factory=list)
    # A sentence under the title (where the vendor cannot tell something, say so).
    note: str = ""
    # What the actions' rules and values need beyond the details shown (a term's end in seconds).
    facts: dict[str, Any] = field(default_factory=dict)

    def known(self) -> dict[str, Any]:
        """What the actions see: the details and the facts."""
        return {**self.record, **self.facts}


@dataclass(frozen=True)
class RelatedList:
    title: str  # "Passports"
    columns: tuple[tuple[str, str], ...]  # (key, label)
    opens: Callable[[Record], Opening] = lambda row: None


@dataclass(frozen=True)
class PageAction:
    label: str  # "Add a passport"
    operation: str
    values: Callable[[Record], dict[str, Any]]  # the operation's values from the record shown
    # Why the action is not possible for this record now ("" when it is).
    refusal: Callable[[Record], str] = lambda record: ""
    # True: sent from the page (the runner still asks first where the catalog says so);
    # False: opens the task with the record's ids filled, for the person to complete.
    sends: bool = False


@dataclass(frozen=True)
class RecordPage:
    kind: str  # the record kind of the record index ("client")
    noun: str  # for a person: "client", "contact"
    opened_by: tuple[str, ...]  # operations (or flows) whose opening shows this page instead
    record_id: Callable[[Record], str]  # the record's id from the values that open it ("" if none)
    load: Callable[[PageScope, str], Awaitable[PageData]]
    related: tuple[RelatedList, ...] = ()
    actions: tuple[PageAction, ...] = ()
    # The values that open this page for a record id (Recent, a related row elsewhere).
    opening: Callable[[str], dict[str, Any]] = lambda record_id: {}
    # The id of a possible duplicate the vendor names (iinsight's "record_id"), when its candidates
    # are this kind of record: the person may then use that one instead of creating another.
    duplicate_id: Callable[[Record], str] | None = None

    def id_in(self, operation_id: str, values: Record) -> str:
        """The record this opening shows on this page, or "" when it is not this page's."""
        if operation_id == page_key(self.kind):
            return str(values.get("id") or "")
        if operation_id not in self.opened_by:
            return ""
        try:
            return str(self.record_id(values) or "").strip()
        except (AttributeError, KeyError, TypeError, ValueError):
            return ""


def page_key(kind: str) -> str:
    """The opening that shows a kind's page whatever opens it in the vendor (with ``{"id": …}``):
    for records no operation reads (a OneOffice customer)."""
    return f"page:{kind}"


def duplicate_page(pages: tuple[RecordPage, ...]) -> RecordPage | None:
    """The page a vendor's possible duplicates open on, if it declares one."""
    return next((page for page in pages if page.duplicate_id is not None), None)


def page_for(
    pages: tuple[RecordPage, ...], operation_id: str, values: Record
) -> tuple[RecordPage, str] | None:
    """The page an opening shows, with the record's id; None when it opens no page."""
    for page in pages:
        if record_id := page.id_in(operation_id, values):
            return page, record_id
    return None
