"""What a vendor module declares about itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.contract.auth import AuthStrategy
from app.contract.pages import RecordPage
from app.contract.records import NO_FACTS, RecordFacts, SyncList
from app.contract.search import QuickSearch
from app.contract.spec import Operation


@dataclass(frozen=True)
class Environment:
    id: str
    label: str
    # host name -> base URL; "" when the administrator must enter it (no public URL).
    hosts: dict[str, str]
    production: bool = False
    sandbox: bool = False


def sandbox(*hosts: str) -> Environment:
    """The built-in simulator's environment; its addresses are filled in by the workspace."""
    return Environment("sandbox", "Sandbox (built-in)", dict.fromkeys(hosts or ("api",), ""), sandbox=True)


@dataclass(frozen=True)
class CredentialField:
    name: str
    label: str
    secret: bool = True
    help: str = ""


@dataclass(frozen=True)
class ConnectionProbe:
    """A harmless call that proves the credentials work (for vendors with no sign-in call)."""

    operation: str
    values: dict[str, Any]
    # Statuses that prove the key was accepted (a 404 for a made-up id is such proof).
    accepted: tuple[int, ...] = (200, 404)


@dataclass(frozen=True)
class HarmlessRead:
    """A read of the sandbox's seed data that changes nothing: the installed build's self-check."""

    operation: str
    values: dict[str, Any]


@dataclass(frozen=True)
class RecordTitle:
    """Which keys of a vendor's records name them for a person, best first.

    A tuple of keys is one name in parts, joined by a space (a first and a last name).
    """

    keys: tuple[str | tuple[str, ...], ...] = ()

    def of(self, record: Mapping[str, Any]) -> str:
        """The first name the record fills in, or "" when it fills in none."""
        for key in self.keys:
            if isinstance(key, str):
                if record.get(key):
                    return str(record[key])
                continue
            name = " ".join(str(record.get(part) or "") for part in key).strip()
            if name:
                return name
        return ""


@dataclass(frozen=True)
class VendorDefinition:
    id: str
    name: str
    summary: str
    environments: tuple[Environment, ...]
    credential_fields: tuple[CredentialField, ...]
    make_auth: Callable[[], AuthStrategy]
    operations: tuple[Operation, ...]
    # The vendor's own sentence from an error body, and its per-field messages.
    error_message: Callable[[Any], str | None]
    field_errors: Callable[[Any], dict[str, str]] = field(default=lambda body: {})
    probe: ConnectionProbe | None = None
    # Reads a 2xx answer that may still be a refusal or a question (iinsight's duplicate check):
    # raises the typed error, or returns nothing when the answer is a plain success.
    check_answer: Callable[[Operation, Any], None] = field(default=lambda operation, body: None)
    # Friendly labels for keys of the vendor's answers ("hubUrl" -> "Hub address").
    result_labels: dict[str, str] = field(default_factory=dict)
    # Keys of answers that hold epoch seconds, shown as dates (OneOffice's termEnd).
    timestamp_keys: frozenset[str] = frozenset()
    # Keys of its answers whose values are secrets of their own, never shown in the activity history
    # (INSZoom's signed download link opens the document for anyone who has it).
    secret_answer_keys: frozenset[str] = frozenset()
    # After a success: (record id, a name a person recognises) to name the record in confirmations.
    record_name: Callable[[str, dict[str, Any], Any], tuple[str, str] | None] = field(
        default=lambda operation_id, values, data: None
    )
    # How a record (an answer, or the values that open one) is titled in Recent and in questions.
    record_title: RecordTitle = RecordTitle()
    # How the quick lookup asks this vendor; None: the vendor is not asked.
    quick_search: QuickSearch | None = None
    # The self-check's call; None: it signs in instead (or uses the connection probe).
    smoke_read: HarmlessRead | None = None
    # Keys of a possible duplicate shown, in this order, to the person deciding whether to create anyway.
    duplicate_columns: tuple[str, ...] = ()
    # What a successful answer says about records (for the record index): given the operation id,
    # the values sent and the answer's data.  Reads, lists, creates, changes and deletes all teach.
    record_facts: Callable[[str, Mapping[str, Any], Any], RecordFacts] = field(
        default=lambda operation_id, values, data: NO_FACTS
    )
    # The lists walked in the background to fill the record index (where the vendor can list).
    sync_lists: tuple[SyncList, ...] = ()
    # Its records' own pages (details, related records, actions); none: records open as tasks.
    record_pages: tuple[RecordPage, ...] = ()

    def operation(self, operation_id: str) -> Operation:
        for operation in self.operations:
            if operation.id == operation_id:
                return operation
        raise KeyError(operation_id)

    def environment(self, environment_id: str) -> Environment:
        for environment in self.environments:
            if environment.id == environment_id:
                return environment
        raise KeyError(environment_id)

    @property
    def default_environment(self) -> Environment:
        return next((e for e in self.environments if e.sandbox), self.environments[0])
