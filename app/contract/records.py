"""Records as people think of them: what a vendor's answers say about who and what exists.

A vendor declares how its answers become :class:`RecordFacts` (``VendorDefinition.record_facts``);
the record index in app/services keeps them, one index per vendor environment, so that a person can
be found by name, email or phone where the vendor itself can only be asked by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordRef:
    """Which record: its kind in the vendor's words ("client", "passport", "contact") and its id."""

    kind: str
    id: str


@dataclass(frozen=True)
class IndexedRecord:
    """What identifies and links one record — never its whole body, never a secret."""

    ref: RecordRef
    title: str  # a name a person recognises ("Priya Raman", "Order SB-ORDER-1")
    detail: str = ""  # one line that tells two alike apart ("CL-10001 · Northwind · H-1B")
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # as the vendor wrote them; the index compares their digits
    company: str = ""  # employer, company or customer
    status: str = ""
    # The operation (or flow) that opens the record in its tab, with its values.
    opens: str = ""
    opens_with: Mapping[str, Any] = field(default_factory=dict)
    # Records this one belongs to or links (a passport's client, a contact's cases).
    related: tuple[RecordRef, ...] = ()
    # What the vendor can never be asked again and this computer must keep of the record (a
    # OneOffice order's product, licences and term end: OneOffice cannot read an order).  Plain
    # values only, never a secret; a record seen again keeps the keys a new answer does not tell.
    keeps: Mapping[str, Any] = field(default_factory=dict)
    # Not dropped for being unseen before this time (epoch seconds): an order is needed until its
    # term ends, however long nobody looked at it.
    keep_until: float = 0.0


@dataclass(frozen=True)
class RecordFacts:
    """What one answer taught: records seen (added or changed) and records that no longer exist."""

    seen: tuple[IndexedRecord, ...] = ()
    gone: tuple[RecordRef, ...] = ()


NO_FACTS = RecordFacts()


@dataclass(frozen=True)
class SyncList:
    """A list the app may walk in the background to learn a vendor's records before anyone asks.

    ``since_field`` is the filter that asks only for what changed since a date (iinsight's
    ``modified_since``): the first sync sends ``first_since`` (everything), later ones the date the
    previous sync started.  Without it the whole list is walked each time."""

    operation: str  # a paginated list of the catalog
    noun: str  # what its rows are, for "1,151 contacts on this computer"
    values: Mapping[str, Any] = field(default_factory=dict)
    since_field: str = ""
    first_since: str = ""
