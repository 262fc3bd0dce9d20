"""Sandbox simulator of PGi / ZipConferencing client provisioning (vendor id ``pgi``).

Written from the vendor document (pgi-zipconferencing.txt) and ASSUMPTIONS.md alone.
Mounted by the framework at ``/pgi/api``; the routes below are the document's paths.

Demo API key (header ``X-AUTH-TOKEN``): ``pgi-demo-key-2026``.

Seeded data (the same every run) a tester can try:

* ``clientId`` 10863894 — active (Laurentian Freight Logistics, Montreal; the id the
  document uses in its deactivate example).  companyId 418203, hubId 530117.
* ``clientId`` 10863897 — inactive (same company, same hub).
* ``clientId`` 24410582 — inactive (Harborview Legal Services, Boston MA).
* ``clientId`` 24410577 — active, same company as 24410582.
* ``clientId`` 99999999 — never provisioned (404).
* Re-provisioning ``company.externalId`` 1001 with ``client.externalId`` 5001 answers
  client 10863894 again (idempotency by the external id pair).

Decisions where the document is silent (for docs/vendor-notes.md):

* ``externalId`` values are shown as numbers; a whole number or a non-blank string is
  accepted and 50 and "50" are the same key (they are the caller's own ids).
* ``enterpriseId`` and ``clientId`` must be whole numbers (JSON numbers; booleans,
  fractions and numeric strings are refused; 12345678.0 is the JSON number 12345678).
  ``null`` for an optional field means "not given"; for a required one, "missing".
* The USA test ignores case and spaces only, as settled: "U.S.A." is not the USA.
* ``client.email`` must at least look like ``someone@somewhere``.
* Provision answers 200 both when it creates and when it finds the pair; all
  problems of one body are named in one 400 message, separated by "; ".
* Unknown fields are refused with 400 ("the vendors may refuse unknown ones").
* A body without ``Content-Type: application/json`` is refused with 415.
* Re-provisioning a known pair updates names, e-mail and contact but answers the
  stored ids, password, passcodes and hub, and leaves the active flag alone.
* ``client/get`` answers inactive clients too: they still exist and are provisioned.
* Authentication is checked inside each route, so an unknown path (404) or a wrong
  method (405) is reported as such even without a key.
"""

from __future__ import annotations

import hmac
import json
import random
import re
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.sandbox.control import SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["pgi"])

AUTH_HEADER = "X-AUTH-TOKEN"
_SEED = 20260214  # fixed so passwords, passcodes and new ids repeat run after run

# contact.country values that make contact.state mandatory, compared without case or spaces.
_US_SPELLINGS = frozenset({"usa", "us", "unitedstates"})

_FAULT_MESSAGES: dict[int, str] = {
    400: "Bad request",
    401: "Invalid API key",
    403: "Access denied",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timed out",
    409: "Conflict",
    415: "Content-Type must be application/json",
    429: "Too many requests; slow down and retry later",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service temporarily unavailable; retry later",
    504: "Gateway timed out",
}


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class ApiError(Exception):
    """A refusal the routes answer as ``{"status": "error", "message": ...}``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(message: str) -> dict[str, str]:
    return {"status": "error", "message": message}


def fault_body(status: int) -> dict[str, str]:
    """The vendor's error shape with a message that fits ``status`` (used for injected faults)."""
    message = _FAULT_MESSAGES.get(status)
    if message is None:
        try:
            message = HTTPStatus(status).phrase
        except ValueError:
            message = f"Error {status}"
    return error_body(message)


def _error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(message), status_code=status, headers=headers)


# ---------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Seed data
# ---------------------------------------------------------------------------

# The tables read better one record a line, so the formatter leaves them alone.
# fmt: off
# (companyId, hubId, company.externalId, name, enterpriseId, address, city, state, country, postal code)
_SEED_COMPANIES: tuple[tuple[int, int, int, str, int, str, str, str, str, str], ...] = (
    (418203, 530117, 1001, "Laurentian Freight Logistics Inc.", 799,
     "1450 Rue Peel", "Montreal", "Quebec", "Canada", "H3A 1T1"),
    (426915, 541288, 1002, "Cascadia Dental Partners LLC", 799,
     "811 SW Naito Pkwy", "Portland", "OR", "USA", "97204"),
    (433077, 548630, 1003, "Maple Ridge Accounting Group", 812,
     "700 2 St SW, Suite 1800", "Calgary", "Alberta", "Canada", "T2P 2W2"),
    (441562, 556904, 1004, "Harborview Legal Services PC", 812,
     "60 State Street", "Boston", "Massachusetts", "United States", "02109"),
    (450318, 563471, 1005, "Prairie Sky Insurance Brokers Ltd.", 799,
     "201 Portage Ave", "Winnipeg", "MB", "Canada", "R3B 3K6"),
    (458840, 571025, 1006, "Lone Star Solar Installations Inc.", 845,
     "401 Congress Ave", "Austin", "Texas", "US", "78701"),
    (467129, 578392, 1007, "Bluewater Marine Supply Co.", 845,
     "1969 Upper Water St", "Halifax", "Nova Scotia", "Canada", "B3J 3R7"),
    (475604, 586150, 1008, "Great Lakes Pediatric Clinic", 812,
     "2800 Plymouth Rd", "Ann Arbor", "Michigan", "usa", "48105"),
)

# (company.externalId, clientId, client.externalId, first, last, email, active)
_SEED_CLIENTS: tuple[tuple[int, int, int, str, str, str, bool], ...] = (
    (1001, 10863894, 5001, "Amélie", "Tremblay", "amelie.tremblay@laurentianfreight.example", True),
    (1001, 10863895, 5002, "Marc", "Gagnon", "marc.gagnon@laurentianfreight.example", True),
    (1001, 10863897, 5003, "Sophie", "Roy", "sophie.roy@laurentianfreight.example", False),
    (1002, 17325410, 5011, "Megan", "Whitaker", "mwhitaker@cascadiadental.example", True),
    (1002, 17325412, 5012, "Daniel", "Okafor", "dokafor@cascadiadental.example", True),
    (1003, 20917736, 5021, "Priya", "Sandhu", "priya@mapleridgecpa.example", True),
    (1003, 20917738, 5022, "Graham", "MacLeod", "graham@mapleridgecpa.example", True),
    (1003, 20917741, 5023, "Chloé", "Bélanger", "chloe@mapleridgecpa.example", True),
    (1003, 20917745, 5024, "Owen", "Fraser", "owen@mapleridgecpa.example", True),
    (1004, 24410577, 5031, "Eleanor", "Walsh", "ewalsh@harborviewlegal.example", True),
    (1004, 24410582, 5032, "Thomas", "Keane", "tkeane@harborviewlegal.example", False),
    (1005, 31158203, 5041, "Kyle", "Friesen", "kfriesen@prairiesky.example", True),
    (1005, 31158207, 5042, "Jasmine", "Klassen", "jklassen@prairiesky.example", True),
    (1005, 31158211, 5043, "Raj", "Mehta", "rmehta@prairiesky.example", True),
    (1006, 38762049, 5051, "Carlos", "Mendoza", "carlos@lonestarsolar.example", True),
    (1006, 38762053, 5052, "Hannah", "Boyd", "hannah@lonestarsolar.example", True),
    (1006, 38762058, 5053, "Tyler", "Nguyen", "tyler@lonestarsolar.example", True),
    (1006, 38762060, 5054, "Rebecca", "Stone", "rebecca@lonestarsolar.example", True),
    (1006, 38762064, 5055, "Luis", "Garza", "luis@lonestarsolar.example", True),
    (1007, 45293318, 5061, "Fiona", "MacDonald", "fiona@bluewatermarine.example", True),
    (1007, 45293322, 5062, "Liam", "Doucette", "liam@bluewatermarine.example", True),
    (1008, 52680471, 5071, "Grace", "Kowalski", "gkowalski@greatlakespeds.example", True),
    (1008, 52680475, 5072, "Samuel", "Reed", "sreed@greatlakespeds.example", True),
    (1008, 52680479, 5073, "Aisha", "Rahman", "arahman@greatlakespeds.example", True),
)
# fmt: on


def seed(store: PgiStore) -> None:
    """Fill ``store`` with the fixed companies and clients listed above."""
    companies = {row[2]: row for row in _SEED_COMPANIES}
    for company_ext, client_id, client_ext, first, last, email, active in _SEED_CLIENTS:
        company_id, hub_id, _, name, enterprise_id, *address = companies[company_ext]
        request = ProvisionRequest(
            company_external_id=str(company_ext),
            company_name=name,
            enterprise_id=enterprise_id,
            global_meet_enabled=True,
            web_conf_enabled=company_ext % 2 == 0,
            client_external_id=str(client_ext),
            password="",
            first=first,
            last=last,
            email=email,
            contact=Contact(*address),
        )
        client = store.provision(request, company_id=company_id, hub_id=hub_id, client_id=client_id)
        client.active = active


# ---------------------------------------------------------------------------
# Request validation
# ---------------------------------------------------------------------------

_SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "company": ("externalId", "enterpriseId", "name", "isGlobalMeetEnabled", "isWebConfEnabled"),
    "client": ("externalId", "password", "first", "last", "email"),
    "contact": ("address", "city", "state", "country", "postalCode"),
}
_REQUIRED_TEXT = ("company.name", "client.first", "client.last", "client.email", "contact.country")
_OPTIONAL_TEXT = ("client.password", "contact.address", "contact.city", "contact.state", "contact.postalCode")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_us_country(country: str) -> bool:
    return "".join(country.split()).lower() in _US_SPELLINGS


def _is_whole_number(value: Any) -> bool:
    if isinstance(value, bool):  # JSON true/false are not numbers, though Python says so
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


class _Fields:
    """Reads dotted fields from a provision body, collecting every problem found."""

    def __init__(self, sections: dict[str, dict[str, Any]]) -> None:
        self._sections = sections
        self.problems: list[str] = []

    def raw(self, dotted: str) -> Any:
        section, key = dotted.split(".")
        return self._sections[section].get(key)

    def external_id(self, dotted: str) -> str:
        value = self.raw(dotted)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problems.append(f"{dotted} is required")
        elif _is_whole_number(value):
            return str(int(value))
        elif isinstance(value, str):
            return value.strip()
        else:
            self.problems.append(f"{dotted} must be a number")
        return ""

    def text(self, dotted: str, *, required: bool) -> str:
        value = self.raw(dotted)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problems.append(f"{dotted} must be a string")
            return ""
        if required and not value.strip():
            self.problems.append(f"{dotted} is required")
        # A password is kept exactly as sent (spaces may be part of it); blank means "generate one".
        if dotted == "client.password":
            return value if value.strip() else ""
        return value.strip()

    def number(self, dotted: str) -> int | None:
        value = self.raw(dotted)
        if value is None:
            return None
        if not _is_whole_number(value):
            self.problems.append(f"{dotted} must be a number")
            return None
        return int(value)

    def flag(self, dotted: str) -> bool | None:
        value = self.raw(dotted)
        if value is not None and not isinstance(value, bool):
            self.problems.append(f"{dotted} must be a boolean (true or false)")
            return None
        return value


def _sections(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    unknown = sorted(set(body) - set(_SECTION_FIELDS))
    if unknown:
        raise ApiError(400, f"Unknown field(s): {', '.join(unknown)}")
    sections: dict[str, dict[str, Any]] = {}
    for name, allowed in _SECTION_FIELDS.items():
        section = body.get(name, {})
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise ApiError(400, f"{name} must be a JSON object")
        extra = sorted(set(section) - set(allowed))
        if extra:
            raise ApiError(400, f"Unknown field(s): {', '.join(f'{name}.{key}' for key in extra)}")
        sections[name] = section
    return sections


def parse_provision(body: Any) -> ProvisionRequest:
    """Validate a provision body; every problem is named in one 400 message."""
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    fields = _Fields(_sections(body))
    company_ext = fields.external_id("company.externalId")
    client_ext = fields.external_id("client.externalId")
    text = {name: fields.text(name, required=True) for name in _REQUIRED_TEXT}
    text.update({name: fields.text(name, required=False) for name in _OPTIONAL_TEXT})
    enterprise_id = fields.number("company.enterpriseId")
    global_meet = fields.flag("company.isGlobalMeetEnabled")
    web_conf = fields.flag("company.isWebConfEnabled")
    if text["client.email"] and not _EMAIL.match(text["client.email"]):
        fields.problems.append("client.email is not an e-mail address")
    if is_us_country(text["contact.country"]) and not text["contact.state"]:
        fields.problems.append("contact.state is required when contact.country is the USA")
    if fields.problems:
        raise ApiError(400, "; ".join(fields.problems))
    return ProvisionRequest(
        company_external_id=company_ext,
        company_name=text["company.name"],
        enterprise_id=enterprise_id,
        global_meet_enabled=global_meet,
        web_conf_enabled=web_conf,
        client_external_id=client_ext,
        password=text["client.password"],
        first=text["client.first"],
        last=text["client.last"],
        email=text["client.email"],
        contact=Contact(
            address=text["contact.address"],
            city=text["contact.city"],
            state=text["contact.state"],
            country=text["contact.country"],
            postal_code=text["contact.postalCode"],
        ),
    )


def parse_client_id(body: Any) -> int:
    """Deactivate, reactivate and get take exactly ``{"clientId": <number>}``."""
    if not isinstance(body, dict):
        raise ApiError(400, 'Request body must be a JSON object: {"clientId": <number>}')
    extra = sorted(set(body) - {"clientId"})
    if extra:
        shape = '{"clientId": <number>}'
        raise ApiError(400, f"Unknown field(s): {', '.join(extra)}; the body is exactly {shape}")
    if body.get("clientId") is None:
        raise ApiError(400, "clientId is required")
    if not _is_whole_number(body["clientId"]):
        raise ApiError(400, "clientId must be a number")
    return int(body["clientId"])


# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------


def hub_json(hub: Hub) -> dict[str, Any]:
    return {"hubId": hub.hub_id, "hubUrl": hub.hub_url}


def provision_json(store: PgiStore, client: Client) -> dict[str, Any]:
    company = store.company_of(client)
    return {
        "status": "success",
        "data": {
            "companyId": company.company_id,
            "clientId": client.client_id,
            "password": client.password,
            "passCodes": {
                "moderatorPassCode": client.moderator_passcode,
                "participantPassCode": client.participant_passcode,
            },
            "hub": hub_json(company.hub),
        },
    }


# ---------------------------------------------------------------------------
# HTTP plumbing
# ---------------------------------------------------------------------------


def _check_auth(request: Request) -> None:
    sent = request.headers.get(AUTH_HEADER, "")
    expected = DEMO_CREDENTIALS["api_key"]
    # compare_digest so the sandbox does not teach timing-leaky comparisons by example
    if not hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode()):
        raise ApiError(401, "Invalid API key")


def _check_content_type(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "Content-Type must be application/json")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse_json(raw: bytes) -> Any:
    if not raw.strip():
        raise ApiError(400, "Request body is empty; expected a JSON object")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, f"Request body is not valid JSON ({exc})") from exc


Handler = Callable[[PgiStore, Any], dict[str, Any]]


def _endpoint(store: PgiStore, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler with the checks every PGi call gets: key, media type, JSON body."""

    async def endpoint(request: Request) -> Response:
        try:
            _check_auth(request)
            _check_content_type(request)
            body = _parse_json(await request.body())
            return JSONResponse(handler(store, body))
        except ApiError as exc:
            return _error_response(exc.status, exc.message)

    return endpoint


def _provision(store: PgiStore, body: Any) -> dict[str, Any]:
    return provision_json(store, store.provision(parse_provision(body)))


def _deactivate(store: PgiStore, body: Any) -> dict[str, Any]:
    store.set_active(parse_client_id(body), False)
    return {"status": "success"}


def _reactivate(store: PgiStore, body: Any) -> dict[str, Any]:
    store.set_active(parse_client_id(body), True)
    return {"status": "success"}


def _get(store: PgiStore, body: Any) -> dict[str, Any]:
    client_id = parse_client_id(body)
    client = store.client(client_id)
    if client is None:
        raise ApiError(404, f"Client {client_id} not found")
    return {"clientId": client.client_id, "hub": hub_json(store.company_of(client).hub)}


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """Routing refusals (unknown path, wrong method) in the vendor's error shape."""
    if exc.status_code == 405:
        message = f"Method {request.method} not allowed; use POST"
    elif exc.status_code == 404:
        message = f"No such endpoint: {request.url.path}"
    else:
        message = fault_body(exc.status_code)["message"]
    return _error_response(exc.status_code, message, dict(exc.headers or {}))


async def _server_error(request: Request, exc: Exception) -> Response:
    return _error_response(500, "Internal server error")


def build_app(store: PgiStore) -> Starlette:
    routes = [
        Route("/provisioning/client/provision", _endpoint(store, _provision), methods=["POST"]),
        Route("/provisioning/client/deactivate", _endpoint(store, _deactivate), methods=["POST"]),
        Route("/provisioning/client/reactivate", _endpoint(store, _reactivate), methods=["POST"]),
        Route("/client/get", _endpoint(store, _get), methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    # Paths are exact: "/client/get/" is an unknown path, not a redirect.
    app.router.redirect_slashes = False
    return app


def create(control: SimulatorControl) -> Simulator:
    store = PgiStore()
    seed(store)
    return Simulator(
        vendor="pgi",
        hosts={"api": build_app(store)},
        fault_body=fault_body,
        control=control,
        state=store,
    )
