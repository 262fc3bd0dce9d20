"""The iinsight simulator's in-memory records: companies, contacts, cases and case contacts.

A *contact* belongs to one company and carries the person's details.  A *case contact*
links a contact to a case with the four roles, a per-case disabled flag and the number
of invoices billed to it on that case.  Each record keeps one ``modified`` timestamp
that the API's ``modified_since`` filters on; every change made through the API
updates it.

Every change to a record or a table, made by the API or arranged directly by a test or
a benchmark, is counted (:func:`changes`): the API keeps each listing built from the
records for as long as that count stands still.  (A case contact's ``custom_fields``
list can change in place unseen; no listing shows it.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsKeysAndGetItem

_changes = 0


def changes() -> int:
    """How many changes any store has seen: a listing built at one count is current while it holds."""
    return _changes


def _changed() -> None:
    global _changes
    _changes += 1


class _Tracked:
    """Setting any field is a change (records, and the store's own fields)."""

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        _changed()


_T = TypeVar("_T")


class Table(dict[int, _T]):
    """A store's table (id -> record): adding, replacing or removing a record is a change.

    A dict subclass, so that reads stay as fast as a dict's; every method that writes
    is overridden.
    """

    def __setitem__(self, key: int, value: _T) -> None:
        super().__setitem__(key, value)
        _changed()

    def __delitem__(self, key: int) -> None:
        super().__delitem__(key)
        _changed()

    # Typed as typeshed types dict.__ior__ (its mapping overload); mypy still compares an in-place
    # operator of a dict subclass with dict's overloaded __or__ and refuses every signature that returns Self.
    def __ior__(self, other: SupportsKeysAndGetItem[int, _T], /) -> Self:  # type: ignore[override, misc]
        self.update(other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        _changed()

    def setdefault(self, key: int, default: Any = None) -> Any:
        _changed()
        return super().setdefault(key, default)

    def pop(self, key: int, *default: Any) -> Any:
        _changed()
        return super().pop(key, *default)

    def popitem(self) -> tuple[int, _T]:
        _changed()
        return super().popitem()

    def clear(self) -> None:
        super().clear()
        _changed()


def normalized(text: str) -> str:
    """Text compared the way the vendor compares names and phones: ignoring case and spaces."""
    return "".join(text.split()).casefold()


@dataclass
class Company(_Tracked):
    company_id: int
    name: str
    kind: str  # insurer, employer, medical, legal or other (created through the API)


@dataclass
class Contact(_Tracked):
    contact_id: int
    company_id: int
    last_name: str
    first_name: str = ""
    title: str = ""
    position: str = ""
    job_title: str = ""
    department: str = ""
    email: str = ""
    phone1: str = ""
    phone2: str = ""
    fax: str = ""
    mobile: str = ""
    notes: str = ""
    provider_no: str = ""
    biller_id: str = ""
    # Address parts are None when the contact has no address (the document shows null).
    street: str | None = None
    postcode: str | None = None
    suburb: str | None = None
    sublocality: str | None = None
    state: str | None = None
    country: str | None = None
    latitude: str | None = None
    longitude: str | None = None
    care_of: str = ""
    mmm_classification: str = ""
    disabled: bool = False
    created: date = date(2020, 1, 1)
    modified: datetime = datetime(2020, 1, 1)


@dataclass
class Case(_Tracked):
    case_id: int
    code: str  # the case reference shown as "case" in case_contacts, e.g. NAT111
    claimant: str
    opened: date


@dataclass
class CaseContact(_Tracked):
    case_contact_id: int
    case_id: int
    contact_id: int
    created_on: date
    bill_to: bool = False
    employer: bool = False
    referrer: bool = False
    bill_to_cc: bool = False
    disabled: bool = False
    disabled_on: date | None = None
    invoices: int = 0
    custom_fields: list[dict[str, Any]] = field(default_factory=list)
    modified: datetime = datetime(2020, 1, 1)


@dataclass
class Store(_Tracked):
    """Everything the simulator knows; tests may read and arrange it directly."""

    companies: Table[Company] = field(default_factory=Table)
    contacts: Table[Contact] = field(default_factory=Table)
    cases: Table[Case] = field(default_factory=Table)
    case_contacts: Table[CaseContact] = field(default_factory=Table)
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (control clock)
    # Ids are never reused, even after a delete, so counters live apart from the tables.
    next_company_id: int = 1
    next_contact_id: int = 101
    next_case_contact_id: int = 14001

    def add_company(self, name: str, kind: str = "other") -> Company:
        company = Company(self.next_company_id, name, kind)
        self.companies[company.company_id] = company
        self.next_company_id += 1
        return company

    def company_named(self, name: str) -> Company | None:
        wanted = normalized(name)
        return next((c for c in self.companies.values() if normalized(c.name) == wanted), None)

    def add_contact(self, company_id: int, last_name: str, **details: Any) -> Contact:
        contact = Contact(self.next_contact_id, company_id, last_name, **details)
        self.contacts[contact.contact_id] = contact
        self.next_contact_id += 1
        return contact

    def add_case_contact(
        self, case_id: int, contact_id: int, created_on: date, **details: Any
    ) -> CaseContact:
        link = CaseContact(self.next_case_contact_id, case_id, contact_id, created_on, **details)
        self.case_contacts[link.case_contact_id] = link
        self.next_case_contact_id += 1
        return link

    def case_contact(self, case_id: int, contact_id: int) -> CaseContact | None:
        return next(
            (
                link
                for link in self.case_contacts.values()
                if link.case_id == case_id and link.contact_id == contact_id
            ),
            None,
        )

    def links_of(self, contact_id: int) -> list[CaseContact]:
        return [link for link in self.case_contacts.values() if link.contact_id == contact_id]

    def company_name(self, company_id: int) -> str:
        company = self.companies.get(company_id)
        return company.name if company else ""
