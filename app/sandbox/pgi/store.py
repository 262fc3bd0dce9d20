"""The PGi simulator's state: companies, their hubs and clients, and the id generators.

Everything random (new ids, passwords, passcodes) comes from one seeded generator,
so the same requests give the same answers run after run.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

from app.sandbox.scaffold.errors import ApiError

_SEED = 20260214  # fixed so passwords, passcodes and new ids repeat run after run


@dataclass
class Hub:
    hub_id: int
    hub_url: str


@dataclass
class Contact:
    address: str = ""
    city: str = ""
    state: str = ""
    country: str = ""
    postal_code: str = ""


@dataclass
class Company:
    company_id: int
    external_id: str
    name: str
    hub: Hub
    enterprise_id: int | None = None
    global_meet_enabled: bool = False
    web_conf_enabled: bool = False


@dataclass
class Client:
    client_id: int
    company_id: int
    external_id: str
    first: str
    last: str
    email: str
    password: str
    moderator_passcode: str
    participant_passcode: str
    contact: Contact
    active: bool = True


@dataclass(frozen=True)
class ProvisionRequest:
    """A validated provision body (external ids already normalised to text)."""

    company_external_id: str
    company_name: str
    enterprise_id: int | None
    global_meet_enabled: bool | None
    web_conf_enabled: bool | None
    client_external_id: str
    password: str
    first: str
    last: str
    email: str
    contact: Contact


@dataclass
class PgiStore:
    """Companies, their hubs and clients; ``simulator.state`` is one of these."""

    rng: random.Random = field(default_factory=lambda: random.Random(_SEED))
    companies: dict[int, Company] = field(default_factory=dict)
    clients: dict[int, Client] = field(default_factory=dict)
    _company_by_external: dict[str, int] = field(default_factory=dict)
    _client_by_pair: dict[tuple[str, str], int] = field(default_factory=dict)
    _used_ids: set[int] = field(default_factory=set)
    _used_passcodes: set[str] = field(default_factory=set)
    _used_hub_urls: set[str] = field(default_factory=set)

    # -- reading -----------------------------------------------------------

    def client(self, client_id: int) -> Client | None:
        return self.clients.get(client_id)

    def is_active(self, client_id: int) -> bool:
        return self.clients[client_id].active

    def company_of(self, client: Client) -> Company:
        return self.companies[client.company_id]

    def client_by_external(self, company_external_id: str, client_external_id: str) -> Client | None:
        client_id = self._client_by_pair.get((company_external_id, client_external_id))
        return None if client_id is None else self.clients[client_id]

    # -- changing ----------------------------------------------------------

    def set_active(self, client_id: int, active: bool) -> Client:
        client = self.clients.get(client_id)
        if client is None:
            raise ApiError(404, f"Client {client_id} not found")
        client.active = active  # setting the same value again is the documented no-op success
        return client

    def provision(
        self,
        request: ProvisionRequest,
        *,
        company_id: int | None = None,
        hub_id: int | None = None,
        client_id: int | None = None,
    ) -> Client:
        """Create or refresh the company and client; the fixed ids are for seeding only."""
        company = self._upsert_company(request, company_id, hub_id)
        existing = self.client_by_external(request.company_external_id, request.client_external_id)
        if existing is not None:
            self._refresh_client(existing, request)
            return existing
        return self._add_client(company, request, client_id)

    def _upsert_company(
        self, request: ProvisionRequest, company_id: int | None, hub_id: int | None
    ) -> Company:
        known = self._company_by_external.get(request.company_external_id)
        if known is not None:
            company = self.companies[known]
            company.name = request.company_name
        else:
            company = Company(
                company_id=self._claim_id(company_id, 100_000, 999_999),
                external_id=request.company_external_id,
                name=request.company_name,
                hub=Hub(self._claim_id(hub_id, 100_000, 999_999), self._hub_url(request.company_name)),
            )
            self.companies[company.company_id] = company
            self._company_by_external[company.external_id] = company.company_id
        # Only what the caller actually sent replaces what is stored.
        if request.enterprise_id is not None:
            company.enterprise_id = request.enterprise_id
        if request.global_meet_enabled is not None:
            company.global_meet_enabled = request.global_meet_enabled
        if request.web_conf_enabled is not None:
            company.web_conf_enabled = request.web_conf_enabled
        return company

    def _add_client(self, company: Company, request: ProvisionRequest, client_id: int | None) -> Client:
        client = Client(
            client_id=self._claim_id(client_id, 10_000_000, 99_999_999),
            company_id=company.company_id,
            external_id=request.client_external_id,
            first=request.first,
            last=request.last,
            email=request.email,
            password=request.password or self._new_password(),
            moderator_passcode=self._new_passcode(),
            participant_passcode=self._new_passcode(),
            contact=request.contact,
        )
        self.clients[client.client_id] = client
        self._client_by_pair[(company.external_id, client.external_id)] = client.client_id
        return client

    @staticmethod
    def _refresh_client(client: Client, request: ProvisionRequest) -> None:
        # Ids, password and passcodes stay: the document promises no duplicate entries,
        # and ASSUMPTIONS.md that the same pair answers the same data.
        client.first, client.last, client.email = request.first, request.last, request.email
        client.contact = request.contact

    # -- generators --------------------------------------------------------

    def _claim_id(self, wanted: int | None, low: int, high: int) -> int:
        if wanted is not None and wanted in self._used_ids:
            raise ValueError(f"seed id {wanted} is used twice")  # a typo in the seed tables
        value = wanted
        while value is None or value in self._used_ids:
            value = self.rng.randint(low, high)
        self._used_ids.add(value)
        return value

    def _new_passcode(self) -> str:
        while True:
            # Ten digits, no leading zero, unique so that no two conferences share a code.
            code = str(self.rng.randint(1_000_000_000, 9_999_999_999))
            if code not in self._used_passcodes:
                self._used_passcodes.add(code)
                return code

    def _new_password(self) -> str:
        letters = "".join(self.rng.choice(string.ascii_lowercase) for _ in range(4))
        digits = "".join(self.rng.choice(string.digits) for _ in range(4))
        return letters + digits  # like the document's "abc123": letters then digits

    def _hub_url(self, company_name: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", company_name.lower()).strip("-")[:40].strip("-") or "company"
        slug, n = base, 2
        while f"{slug}.example.com" in self._used_hub_urls:
            slug, n = f"{base}-{n}", n + 1
        url = f"{slug}.example.com"
        self._used_hub_urls.add(url)
        return url
