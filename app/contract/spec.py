"""Operations declared as data: the single description each vendor gives of itself.

The executor runs any :class:`Operation`; the UI builds forms and tables from the
same declaration; the CLI exposes it by id.  Nothing here knows about Qt or httpx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class FieldKind(Enum):
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"  # sent as a JSON true/false
    YES_NO = "yes/no"  # sent as the strings "Yes" / "No"
    DATE = "date"
    EMAIL = "email"
    CHOICE = "choice"
    MULTI_CHOICE = "choices"  # several of ``choices``, sent comma-separated without spaces
    CRITERIA = "criteria"  # {choice: value} rows built by the user, sent as a JSON object
    JSON = "json"  # JSON text typed by the user (checked before sending)
    ID_LIST = "ids"  # ids typed separated by commas, spaces or lines; sent as a JSON list of strings
    PAIRS = "pairs"  # name and value rows, in the order given (query parameters a person adds)


class Location(Enum):
    PATH = "path"  # a {placeholder} in the path template
    QUERY = "query"  # the query string, for GET and POST alike
    BODY = "body"  # a key of the JSON body; dots in the name nest objects
    BODY_ROOT = "body root"  # the whole JSON body is this field's value
    # A MULTI_CHOICE of the form's BODY fields; each one chosen is sent as "" (a partial-merge update
    # empties what it is sent empty, and leaves out what it is not sent).
    EMPTIES = "empties"
    # The verb, or a part of the path, that the operation's own ``place`` puts in the request.
    ADDRESS = "address"


class ResultKind(Enum):
    """The shape of a successful answer; an answer of another shape is an error that says so."""

    RECORD = "record"  # a JSON object
    LIST = "list"  # a JSON list of objects
    PAGINATED = "paginated"  # one page: a JSON list of objects
    EMPTY = "empty"  # nothing to show (whatever the vendor answers)
    ANY = "any"  # whatever the method answers (a generic call to any method)


class SessionStep(Enum):
    """An operation that is the session's own step rather than a call sent through it."""

    START = "start"  # sign in, and show the vendor's answer (its token redacted)
    END = "end"  # end the session this process holds, if it holds one


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace {field name} placeholders (names may contain dots); unknown ones become blank."""
    return _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "")), template)


DATE_ISO = "YYYY-MM-DD"
DATE_DMY = "DD-MM-YYYY"


@dataclass(frozen=True)
class Lookup:
    """Where a field's choices come from: a look-up operation of the same vendor.

    ``params`` maps each parameter of the look-up to the field of the same form whose
    value it takes (departments of the corporation chosen in ``CorporationId``).
    """

    operation: str
    value_key: str
    label_key: str
    params: Mapping[str, str] = field(default_factory=dict)


def carry_key_of(kind: str) -> str:
    """Where an id of a record of ``kind`` is carried between tasks (every field holding that kind)."""
    return f"record:{kind}"


@dataclass(frozen=True)
class ChoicesBy:
    """Choices that depend on another field of the same form: a US state once the country is the
    United States.  ``choices`` answers the other field's value with the choices, or () for free text."""

    field: str
    choices: Callable[[str], tuple[str, ...]]


@dataclass(frozen=True)
class Field:
    """One input of an operation, named as the vendor document names it."""

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    location: Location = Location.BODY
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    # What a person reads for each choice (the wire value stays the vendor's name).
    choice_labels: Mapping[str, str] = field(default_factory=dict)
    date_format: str = DATE_ISO
    # What a form shows filled in (a visible choice the person can change); never sent by itself:
    # a command sends only what it is given.
    default: str | None = None
    placeholder: str = ""
    group: str = ""  # section title in a form ("Company", "Contact")
    minimum: int | None = None
    maximum: int | None = None
    # Sent when left blank (the document's example shows "" rather than leaving the key out).
    blank_value: str | None = None
    # False: not shown in the window's form (a dialog or the tab sets it); the CLI still takes it.
    in_form: bool = True
    # Choices fetched from the vendor (a drop-down that still accepts a typed id).
    lookup: Lookup | None = None
    # A date field's "All" choice and the value it sends (iinsight: 1900-01-01 = everything).
    all_value: str | None = None
    # The kind of record whose id this field holds ("customer", "order"): an id used in one task is
    # offered to the next task's field of the same meaning, whatever either field is called.  Left
    # empty, an id field carries to fields of the same name.
    holds: str = ""
    # The vendor takes any text; ``choices`` are what the window offers (countries by name).  The
    # window lets a person choose only those; a script may send other text as the vendor allows.
    open_choices: bool = False
    # With ``open_choices``: the window takes typed text too, the choices being suggestions (a firm
    # keeps its own genders and statuses in INSZoom; a country is still chosen from the list).
    others_allowed: bool = False
    # A drop-down whose choices follow another field; free text when that field's value has none.
    choices_by: ChoicesBy | None = None
    # Offered only while another field holds one of these values, its default when blank (a body
    # only for POST): the window disables it otherwise; the operation's rules refuse it if given.
    only_when: tuple[str, tuple[str, ...]] | None = None
    # Where a BODY field goes in the JSON body, dots nesting objects ("params.admin.email"), when
    # that differs from the name a person or a script uses for it ("admin.email"); empty: its name.
    key: str = ""

    @property
    def carry_key(self) -> str:
        """Under which meaning a value of this field is carried between tasks."""
        return carry_key_of(self.holds) if self.holds else self.name

    @property
    def key_path(self) -> tuple[str, ...]:
        """Where a BODY field sits inside the JSON body."""
        return tuple((self.key or self.name).split("."))


# A rule across fields: receives the coerced values, answers {field name: message}.
CrossFieldRule = Callable[[Mapping[str, Any]], dict[str, str]]


@dataclass(frozen=True)
class Paging:
    """How a paginated list is walked, and how its end is recognised."""

    page_field: str
    size_field: str | None = None
    first_page: int = 1
    max_size: int = 100
    # "empty": only an empty page is the end; "short": a page shorter than asked for is.
    end_rule: str = "empty"
    # The vendor's words refusing a page past the end (IQ Reseller's GetSOs answers a 500 "Object
    # reference not set…"): such a refusal of a page after the first is an empty page, not an error.
    end_error: str = ""


@dataclass(frozen=True)
class Placement:
    """The request line and body a vendor's own code chose for an operation whose verb and path the
    user names (IQ Reseller's generic call), where a fixed method and path template cannot say it."""

    method: str
    # Below the host; a query string in it is sent exactly as written, in its order.
    path: str
    body: Any = None
    has_body: bool = False


@dataclass(frozen=True)
class OpenBody:
    """The vendor takes body keys beyond the declared fields (a record type whose document lists no
    fields, a method body the vendor defines): a key the user gives that no field declares is sent,
    at the top of the JSON body, as typed, once the vendor's rules for keys accept it."""

    # What the help says about the keys this operation takes beyond its fields.
    help: str
    # The same for a person at the window's "More fields" (no -p, no --body); empty: ``help``.
    form_help: str = ""
    # A key the vendor can take; None: any key.
    key_pattern: re.Pattern[str] | None = None
    # Why a key that does not match is refused ("Keys are PascalCase, e.g. FirstName.").
    key_sentence: str = ""
    # The vendor document's rules for a (key, value): what is wrong, or "" when nothing is.
    check: Callable[[str, Any], str] | None = None
    # A value typed as text is read as JSON when it is JSON (2, true, "2"), else kept as text: for a
    # body the vendor reads as typed JSON, where a page number must be a number.
    json_values: bool = False


@dataclass(frozen=True)
class Operation:
    """One vendor call: what the user sees, and exactly what goes over the wire."""

    id: str
    label: str
    method: str
    path: str
    fields: tuple[Field, ...] = ()
    description: str = ""
    category: str = ""
    host: str = "api"
    destructive: bool = False
    # Asks first though nothing is destroyed (a billable order): the confirmation names what it costs.
    asks_first: bool = False
    # Shown in the confirmation; {field} placeholders are filled from the values.
    confirm_text: str = ""
    # The sentence shown after success, with the same placeholders.
    done_text: str = ""
    idempotent: bool = False
    result: ResultKind = ResultKind.RECORD
    paging: Paging | None = None
    body_constants: Mapping[str, Any] = field(default_factory=dict)
    # The body's fields sent as the one record of a list under this key, {"sos": [{…}]} (IQ
    # Reseller's SO/UDFS/JSON takes a list of orders); "" sends them as the body itself.
    body_in_list: str = ""
    rules: tuple[CrossFieldRule, ...] = ()
    # Columns of a list answer, (key, label), in the order a person reads them.
    columns: tuple[tuple[str, str], ...] = ()
    # False for steps that only make sense inside a guided flow (they stay in the CLI).
    listed: bool = True
    # Given the checked values, the request itself (then ``method`` and ``path`` are what --help shows
    # and the ADDRESS fields are this function's to place); None: the declaration places every field.
    place: Callable[[Mapping[str, Any]], Placement] | None = None
    # An answer sent as XML (application/xml, text/xml) is the answer's text rather than a failure.
    xml_answers: bool = False
    # Keys beyond the declared fields are sent rather than refused (see OpenBody).
    open_body: OpenBody | None = None
    # The session's own start or end (IQ Reseller's session ids), run by the session, not sent through it.
    session: SessionStep | None = None
    # What one record of its answer is, for a person ("client", "CV"), and more than one ("CVs");
    # empty: the record kind of its id ("corp_user" → "corp user") and that with an "s".
    noun: str = ""
    nouns: str = ""

    @property
    def record(self) -> str:
        """The kind of record the id names ("client" in "client.get")."""
        return self.id.rpartition(".")[0]

    @property
    def record_noun(self) -> str:
        return self.noun or self.record.replace("_", " ") or self.id

    @property
    def record_nouns(self) -> str:
        return self.nouns or self.record_noun + "s"

    @property
    def reads(self) -> bool:
        """Only looks (get, details, list): safe to reopen, and shows whether a change happened."""
        return self.id.rpartition(".")[2] in ("get", "details", "list")

    def by_field_names(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with a value keyed by where its field goes in the body (as Recent kept
        OneOffice's "params.id" before fields had names of their own) keyed by the field's name."""
        wire = {spec.key: spec.name for spec in self.fields if spec.key}
        named: dict[str, Any] = {}
        for name, value in values.items():
            field_name = wire.get(name, name)
            # A value given under the field's own name too is the one kept for it.
            named[name if field_name != name and field_name in values else field_name] = value
        return named

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name.lower() == name.lower():
                return candidate
        raise KeyError(name)

    @property
    def has_body(self) -> bool:
        return (
            bool(self.body_constants)
            or self.open_body is not None
            or any(f.location in (Location.BODY, Location.BODY_ROOT) for f in self.fields)
        )
