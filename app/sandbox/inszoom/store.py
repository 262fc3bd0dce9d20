"""The INSZoom simulator's in-memory state: records, look-up tables, documents and tokens.

Exposed as ``Simulator.state`` so tests can inspect or arrange records directly.
Records are plain dicts with the PascalCase keys the API answers, so what a test
reads from the store is exactly what ``.../Get/...`` would return.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

# Where each id series starts. Prefixes make the ids readable and make it obvious
# when a client id is sent where a case id belongs (INSZoom's own ids are opaque
# strings; the document says nothing about their form).
ID_STARTS: dict[str, int] = {
    "HQ": 1001,
    "CORP": 2001,
    "CU": 3001,
    "DEP": 4001,
    "PP": 5001,
    "VISA": 6001,
    "CASE": 7001,
    "DOC": 8001,
    "CL": 10001,
    "CM": 501,
    "SIG": 601,
    "DEPT": 101,
    "ROLE": 201,
}

# The roles every corporation starts with (GetRoleIdList); a corporation created
# through the API gets its own copies so its RoleIds are usable at once.
STANDARD_ROLES: tuple[str, ...] = (
    "HR Administrator",
    "HR Manager",
    "Hiring Manager",
    "Employee Self-Service",
    "Read-only Viewer",
)


@dataclass
class StoredDocument:
    """A document attached to a client or a case; its PDF is generated on download."""

    document_id: str
    file_name: str
    document_type: str
    owner_key: str  # "ClientId" or "CaseId"
    owner_id: str
    lines: tuple[str, ...]  # the text printed on the page, first line as the heading

    def summary(self) -> dict[str, str]:
        return {
            "DocumentId": self.document_id,
            "FileName": self.file_name,
            "DocumentType": self.document_type,
        }


@dataclass
class InsZoomStore:
    authorization_key: str
    subscription_key: str
    headquarters: dict[str, Record] = field(default_factory=dict)
    corporations: dict[str, Record] = field(default_factory=dict)
    corp_users: dict[str, Record] = field(default_factory=dict)
    clients: dict[str, Record] = field(default_factory=dict)
    dependents: dict[str, Record] = field(default_factory=dict)
    passports: dict[str, Record] = field(default_factory=dict)
    visas: dict[str, Record] = field(default_factory=dict)
    cases: dict[str, Record] = field(default_factory=dict)
    # Look-up tables keyed by corporation id / country id.
    departments: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    roles: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    signatories: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    petitions: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    case_managers: list[dict[str, str]] = field(default_factory=list)
    documents: dict[str, StoredDocument] = field(default_factory=dict)
    # token -> the simulator time at which it stops being accepted.
    tokens: dict[str, float] = field(default_factory=dict)
    # Signs download URLs; fresh per run, so links do not outlive the simulator.
    signing_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    counters: dict[str, int] = field(default_factory=dict)

    def collection(self, name: str) -> dict[str, Record]:
        table: dict[str, Record] = getattr(self, name)
        return table

    def new_id(self, prefix: str) -> str:
        number = self.counters.get(prefix, ID_STARTS.get(prefix, 1))
        self.counters[prefix] = number + 1
        return f"{prefix}-{number}"

    def petition(self, petition_id: str) -> tuple[str, dict[str, str]] | None:
        """(country id, petition) for a petition id, or None if no country offers it."""
        for country_id, petitions in self.petitions.items():
            for petition in petitions:
                if petition["PetitionId"] == petition_id:
                    return country_id, petition
        return None

    def add_standard_roles(self, corporation_id: str) -> None:
        self.roles[corporation_id] = [
            {"RoleId": self.new_id("ROLE"), "RoleName": name} for name in STANDARD_ROLES
        ]

    def add_document(
        self, owner_key: str, owner_id: str, document_type: str, file_name: str, lines: tuple[str, ...]
    ) -> StoredDocument:
        document = StoredDocument(self.new_id("DOC"), file_name, document_type, owner_key, owner_id, lines)
        self.documents[document.document_id] = document
        return document

    def documents_of(self, owner_key: str, owner_id: str) -> list[StoredDocument]:
        return [d for d in self.documents.values() if d.owner_key == owner_key and d.owner_id == owner_id]

    def drop_documents_of(self, owner_key: str, owner_id: str) -> None:
        for document in self.documents_of(owner_key, owner_id):
            del self.documents[document.document_id]
