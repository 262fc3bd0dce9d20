"""IQ Reseller simulator (vendor id ``iqreseller``), written from iqreseller.txt.

Two hosts sharing one store, mounted by the framework at /iqreseller/signin and
/iqreseller/api.  A path that belongs to the other host answers 404.

signin host
  ``POST /api/IntegrationAPI/Session``  headers Content-Type and Accept:
  application/json, body ``{"APIToken": "<api key>"}`` → 200 ``{"Data": "<session token>"}``.
  ``DELETE /api/IntegrationAPI/Session``  header ``Authorization: Bearer <session token>``,
  no body → 200 with an empty body; the session is over.

api host
  ``POST /webapi.svc/{Area}/json/{Method}``  header ``iqr-session-token``, JSON body.
  Methods (paths are case-sensitive):

  - ``CV/json/GetCVs``             ``{}`` (whole list) or ``{"Page", "PageSize"}`` (1-based)
                                   → list of 340 CVs; pages of 100 end with a page of 40.
  - ``CV/json/GetCV``              ``{"CVID": <number>}`` → one CV, or 404.
  - ``Customer/json/GetCustomers`` ``{}`` or ``{"Page", "PageSize"}`` → list of 60 customers.
  - ``Inventory/json/GetItems``    ``{}`` or ``{"Page", "PageSize"}`` → list of 120 items.

Sessions end after 20 minutes without a call (each accepted call restarts the 20
minutes; ``control.token_lifetime_s`` replaces these 20 minutes) and in any case
12 hours after they started.  The document gives no lifetime; these are our choice.

Errors are ``{"Message": "..."}``: 400 bad body, 401 bad key / missing, unknown,
ended or expired session, 404 unknown path or method or record, 405 wrong HTTP
method on a known path, 406 no ``Accept: application/json`` (POSTs), 415 a POST
body without ``Content-Type: application/json``, 500 (injected).

Reading of the document beyond ASSUMPTIONS.md: ``Accept: */*`` does not count as
``application/json``; DELETE needs no Accept or Content-Type but refuses a body
(400, "No request payload is accepted"); an empty POST body to the api is a 400
(the client sends ``{}``); unknown body keys are a 400; ``CVID``/``Page``/``PageSize``
must be JSON numbers; a page past the end is ``[]``.  CV fields beyond the six
settled ones (Title, Skills as one comma-separated string, YearsExperience,
UpdatedAt as ISO 8601 UTC) are invented for the sandbox.
"""

from __future__ import annotations

import hmac
import json
import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.sandbox.control import Receive, Scope, Send, SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["iqreseller"])

SESSION_PATH = "/api/IntegrationAPI/Session"
METHOD_PATH = re.compile(r"^/webapi\.svc/(?P<area>[^/]+)/json/(?P<method>[^/]+)$")
IDLE_LIFETIME_S = 20 * 60
ABSOLUTE_LIFETIME_S = 12 * 3600

FAULT_MESSAGES = {
    400: "The request is invalid.",
    401: "Authorization has been denied for this request.",
    404: "Not found.",
    406: "Not acceptable.",
}

Handler = Callable[[dict[str, Any]], Any]


class ApiError(Exception):
    """A refusal in IQ Reseller's error shape."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers

    def response(self) -> JSONResponse:
        return JSONResponse({"Message": self.message}, status_code=self.status, headers=self.headers)


def fault_body(status: int) -> dict[str, str]:
    return {"Message": FAULT_MESSAGES.get(status, "An error has occurred.")}


# ---------------------------------------------------------------- store


@dataclass
class Session:
    token: str
    api_key: str
    started_at: float
    last_used_at: float
    ended_at: float | None = None

    def state(self, now: float, idle_s: float) -> str:
        """``active``, ``ended`` (DELETE Session) or ``expired``."""
        if self.ended_at is not None:
            return "ended"
        absolute_s = max(ABSOLUTE_LIFETIME_S, idle_s)
        if now - self.last_used_at > idle_s or now - self.started_at > absolute_s:
            return "expired"
        return "active"


@dataclass
class IqrStore:
    """Sessions and records; tests may read or arrange them directly."""

    api_keys: set[str] = field(default_factory=lambda: {DEMO_CREDENTIALS["api_key"]})
    sessions: dict[str, Session] = field(default_factory=dict)  # by token, in start order
    cvs: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)

    def start_session(self, api_key: str, now: float) -> Session:
        session = Session(str(uuid.uuid4()), api_key, now, now)
        self.sessions[session.token] = session
        return session

    def started_tokens(self) -> list[str]:
        return list(self.sessions)

    def ended_tokens(self) -> list[str]:
        return [s.token for s in self.sessions.values() if s.ended_at is not None]


# ---------------------------------------------------------------- request helpers


def _route_path(scope: Scope) -> str:
    """The path below the mount point (/iqreseller/<host>)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _media_types(header: str) -> list[str]:
    return [part.split(";")[0].strip().lower() for part in header.split(",")]


def _require_accept_json(request: Request) -> None:
    # The document lists Accept: application/json; */* alone is refused so a client
    # that forgets the header finds out in the sandbox.
    if "application/json" not in _media_types(request.headers.get("accept", "")):
        raise ApiError(406, "The request must accept application/json (Accept: application/json).")


def _require_json_content(request: Request) -> None:
    if _media_types(request.headers.get("content-type", ""))[0] != "application/json":
        raise ApiError(415, "The request entity's media type is not supported; send application/json.")


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw)
    except ValueError as exc:  # empty body, bad JSON or bad UTF-8
        raise ApiError(
            400, "The request body must be a JSON object ({} when there is nothing to send)."
        ) from exc
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return body


def _refuse_unknown_keys(body: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(body.keys() - allowed)
    if unknown:
        raise ApiError(400, f"Unknown parameter(s): {', '.join(unknown)}.")


def _positive_int(body: dict[str, Any], key: str) -> int:
    value = body[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ApiError(400, f"{key} must be a positive whole number.")
    return value


def _method_not_allowed(method: str, allow: str) -> ApiError:
    return ApiError(405, f"The requested resource does not support http method '{method}'.", {"Allow": allow})


# ---------------------------------------------------------------- hosts


class _Host:
    """One ASGI host over the shared store; subclasses route by the path below the mount."""

    def __init__(self, store: IqrStore, control: SimulatorControl):
        self.store = store
        self.control = control

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        try:
            response = await self._dispatch(request, _route_path(scope))
        except ApiError as error:
            response = error.response()
        await response(scope, receive, send)

    async def _dispatch(self, request: Request, path: str) -> Response:
        raise NotImplementedError


class SigninHost(_Host):
    async def _dispatch(self, request: Request, path: str) -> Response:
        if path != SESSION_PATH:
            raise ApiError(404, f"No HTTP resource was found that matches the request URI '{path}'.")
        if request.method == "POST":
            return await self._start(request)
        if request.method == "DELETE":
            return await self._end(request)
        raise _method_not_allowed(request.method, "POST, DELETE")

    async def _start(self, request: Request) -> Response:
        _require_accept_json(request)
        _require_json_content(request)
        body = await _json_object(request)
        _refuse_unknown_keys(body, {"APIToken"})
        key = body.get("APIToken")
        if not isinstance(key, str) or not _known_key(key, self.store.api_keys):
            raise ApiError(401, "Invalid API token.")
        session = self.store.start_session(key, self.control.now())
        return JSONResponse({"Data": session.token})

    async def _end(self, request: Request) -> Response:
        if await request.body():
            raise ApiError(400, "No request payload is accepted.")
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "Authorization has been denied for this request.")
        now = self.control.now()
        session = _live_session(self.store, token.strip(), now, self.control)
        session.ended_at = now
        return Response(status_code=200)


def _known_key(key: str, keys: set[str]) -> bool:
    return any(hmac.compare_digest(key.encode(), k.encode()) for k in keys)


def _live_session(store: IqrStore, token: str, now: float, control: SimulatorControl) -> Session:
    """The active session for ``token``, or a 401 that says why not."""
    session = store.sessions.get(token)
    if session is None:
        raise ApiError(401, "Invalid session token.")
    state = session.state(now, control.lifetime(IDLE_LIFETIME_S))
    if state == "ended":
        raise ApiError(401, "The session has ended.")
    if state == "expired":
        raise ApiError(401, "The session has expired.")
    return session


# ---------------------------------------------------------------- api host


class ApiHost(_Host):
    def __init__(self, store: IqrStore, control: SimulatorControl):
        super().__init__(store, control)
        self.methods: dict[tuple[str, str], Handler] = {
            ("CV", "GetCVs"): lambda body: _paged(store.cvs, body),
            ("CV", "GetCV"): self.get_cv,
            ("Customer", "GetCustomers"): lambda body: _paged(store.customers, body),
            ("Inventory", "GetItems"): lambda body: _paged(store.items, body),
        }

    async def _dispatch(self, request: Request, path: str) -> Response:
        match = METHOD_PATH.match(path)
        if match is None:
            raise ApiError(404, f"No HTTP resource was found that matches the request URI '{path}'.")
        if request.method != "POST":
            raise _method_not_allowed(request.method, "POST")
        _require_accept_json(request)
        token = request.headers.get("iqr-session-token", "").strip()
        if not token:
            raise ApiError(401, "The iqr-session-token header is required.")
        now = self.control.now()
        # Any authenticated call restarts the idle timer, whatever its outcome.
        _live_session(self.store, token, now, self.control).last_used_at = now
        handler = self.methods.get((match["area"], match["method"]))
        if handler is None:
            raise ApiError(404, f"Unknown method {match['area']}/json/{match['method']}.")
        _require_json_content(request)
        body = await _json_object(request)
        return JSONResponse(handler(body))

    def get_cv(self, body: dict[str, Any]) -> dict[str, Any]:
        _refuse_unknown_keys(body, {"CVID"})
        if "CVID" not in body:
            raise ApiError(400, "CVID is required.")
        cv_id = _positive_int(body, "CVID")
        for cv in self.store.cvs:
            if cv["CVID"] == cv_id:
                return cv
        raise ApiError(404, f"CV {cv_id} not found.")


def _paged(records: list[dict[str, Any]], body: dict[str, Any]) -> list[dict[str, Any]]:
    """``{}``: everything; ``{"Page", "PageSize"}``: one 1-based page (``[]`` past the end)."""
    _refuse_unknown_keys(body, {"Page", "PageSize"})
    if not body:
        return list(records)
    if body.keys() != {"Page", "PageSize"}:
        raise ApiError(400, "Send both Page and PageSize, or neither.")
    page = _positive_int(body, "Page")
    size = _positive_int(body, "PageSize")
    start = (page - 1) * size
    return records[start : start + size]


# ---------------------------------------------------------------- deterministic seed data


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    """
    Amelia Oliver Isla Jack Ava Noah Mia Leo Grace Arthur Sofia Lucas Chloe Ethan Emily Mateo
    Hannah Liam Zara Samuel Priya Arjun Mei Kenji Fatima Omar Elena Marco Ingrid Lars Aisha
    Daniel Nadia Tomas Clara Felix Rosa Victor Leila Hugo
    """
)
LAST_NAMES = _words(
    """
    Hughes Patel Nguyen Schmidt Rossi Kowalski Murphy Okafor Tanaka Silva Andersson Dubois
    Garcia Novak Chen Walker Fischer Romano Jensen Haddad Kim Lopez Brennan Costa Yilmaz
    Moreau Singh Petrov Larsen Mensah Bauer Ortiz Sato Horvat Fraser Quinn Ahmed Lindqvist
    Byrne Alvarez
    """
)
# title -> skills it draws from
TITLES: dict[str, tuple[str, ...]] = {
    "Network Engineer": ("Cisco IOS", "BGP", "OSPF", "Juniper", "Firewalls", "VPN", "Wireshark"),
    "Systems Administrator": (
        "Windows Server",
        "Linux",
        "VMware",
        "Active Directory",
        "PowerShell",
        "Backup",
    ),
    "Sales Account Manager": ("B2B Sales", "CRM", "Negotiation", "Forecasting", "Channel Sales", "Quoting"),
    "Procurement Specialist": ("Sourcing", "Vendor Management", "ERP", "Contracts", "Excel", "Logistics"),
    "Warehouse Supervisor": ("Inventory Control", "RMA", "Shipping", "Forklift", "Cycle Counts", "Lean"),
    "Data Center Technician": ("Rack and Stack", "Cabling", "Server Hardware", "IPMI", "Storage", "RAID"),
    "Software Developer": ("Python", "C#", "SQL", "REST APIs", "Git", "JavaScript", "Azure"),
    "IT Asset Manager": ("ITAD", "Asset Tracking", "Data Erasure", "Compliance", "Auditing", "ERP"),
    "Technical Support Engineer": ("Troubleshooting", "Ticketing", "Networking", "Windows", "Customer Care"),
    "Operations Manager": ("Team Leadership", "KPIs", "Budgeting", "Process Improvement", "Reporting"),
}
# (city, country, phone prefix, random digits); prefixes use fictional/drama ranges where they exist.
PLACES = (
    ("New York", "United States", "+1 212 555 01", 2),
    ("Austin", "United States", "+1 512 555 01", 2),
    ("Chicago", "United States", "+1 312 555 01", 2),
    ("Toronto", "Canada", "+1 416 555 01", 2),
    ("London", "United Kingdom", "+44 20 7946 0", 3),
    ("Manchester", "United Kingdom", "+44 161 496 0", 3),
    ("Dublin", "Ireland", "+353 1 555 0", 3),
    ("Berlin", "Germany", "+49 30 5550 ", 4),
    ("Amsterdam", "Netherlands", "+31 20 555 ", 4),
    ("Sydney", "Australia", "+61 2 5550 ", 4),
    ("Melbourne", "Australia", "+61 3 5550 ", 4),
    ("Singapore", "Singapore", "+65 5550 ", 4),
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
UPDATED_BASE = datetime(2025, 6, 30, 17, 0, tzinfo=UTC)

COMPANY_STEMS = (
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Proseware",
    "Lucerne",
    "Coho",
    "Alpine",
    "Woodgrove",
    "Wingtip",
    "Southridge",
    "Blue Yonder",
    "Trey",
    "Fourth Coffee",
    "Humongous",
    "Adatum",
    "Relecloud",
    "Datum",
    "VanArsdel",
)
COMPANY_SUFFIXES = ("Systems", "Networks", "Traders")
TERMS = ("Net 30", "Net 15", "Net 45", "Prepaid", "COD")

# (manufacturer, part number, description, list price in USD)
PRODUCTS = (
    ("Cisco", "C9300-48P-E", "Catalyst 9300 48-port PoE+ switch", 6450.00),
    ("Cisco", "WS-C2960X-24PS-L", "Catalyst 2960-X 24-port PoE switch", 1295.00),
    ("Cisco", "ISR4331/K9", "ISR 4331 integrated services router", 2890.00),
    ("Cisco", "AIR-AP2802I-B-K9", "Aironet 2800 access point", 645.00),
    ("Juniper", "EX4300-48T", "EX4300 48-port switch", 4120.00),
    ("Juniper", "SRX340-SYS-JB", "SRX340 services gateway", 2350.00),
    ("HPE", "P19766-B21", "ProLiant DL380 Gen10 Plus server", 7980.00),
    ("HPE", "876936-B21", "ProLiant DL360 Gen10 chassis", 3150.00),
    ("HPE", "JL256A", "Aruba 2930F 48G PoE+ switch", 2210.00),
    ("Dell", "R740-BASE", "PowerEdge R740 2U server", 5420.00),
    ("Dell", "R650-BASE", "PowerEdge R650 1U server", 4875.00),
    ("Dell", "U2723QE", "UltraSharp 27 4K USB-C monitor", 579.00),
    ("Lenovo", "7X06A0EBNA", "ThinkSystem SR650 server", 5210.00),
    ("Lenovo", "20XW00A5US", "ThinkPad X1 Carbon Gen 9 laptop", 1389.00),
    ("Intel", "BX806954214R", "Xeon Silver 4214R processor", 694.00),
    ("Samsung", "M393A4K40DB3-CWE", "64GB DDR4-3200 RDIMM", 238.00),
    ("Seagate", "ST16000NM001G", "Exos X16 16TB SATA drive", 329.00),
    ("NetApp", "X357A", "3.8TB SSD for AFF systems", 1890.00),
    ("APC", "SMT1500RM2U", "Smart-UPS 1500VA rack UPS", 899.00),
    ("Ubiquiti", "USW-PRO-48-POE", "UniFi Pro 48-port PoE switch", 1099.00),
)
CONDITIONS = (
    ("New", 1.0),
    ("Refurbished", 0.62),
    ("Used", 0.41),
    ("New Open Box", 0.85),
    ("For Parts", 0.12),
)
WAREHOUSES = ("DAL-01", "RNO-02", "LHR-01", "AMS-01")


def _phone(rng: random.Random, prefix: str, digits: int) -> str:
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits))


def make_cvs(count: int = 340, seed: int = 1701) -> list[dict[str, Any]]:
    """Deterministic CVs, CVIDs 1001..1000+count."""
    rng = random.Random(seed)
    emails: set[str] = set()
    cvs = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        title = rng.choice(list(TITLES))
        city, country, prefix, digits = rng.choice(PLACES)
        email = f"{first}.{last}@{rng.choice(EMAIL_DOMAINS)}".lower()
        if email in emails:  # same name twice: keep addresses unique as a real mailbox would be
            email = email.replace("@", f"{index}@")
        emails.add(email)
        updated = UPDATED_BASE - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        cvs.append(
            {
                "CVID": 1001 + index,
                "Name": f"{first} {last}",
                "Email": email,
                "Phone": _phone(rng, prefix, digits),
                "City": city,
                "Country": country,
                "Title": title,
                "Skills": ", ".join(rng.sample(TITLES[title], 3)),
                "YearsExperience": rng.randint(1, 25),
                "UpdatedAt": updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    return cvs


def make_customers(seed: int = 42) -> list[dict[str, Any]]:
    """60 deterministic customers, CustomerIDs 5001..5060."""
    rng = random.Random(seed)
    customers = []
    for index, (stem, suffix) in enumerate((s, x) for s in COMPANY_STEMS for x in COMPANY_SUFFIXES):
        name = f"{stem} {suffix}"
        city, country, prefix, digits = rng.choice(PLACES)
        slug = stem.replace(" ", "").lower()
        customers.append(
            {
                "CustomerID": 5001 + index,
                "Name": name,
                "AccountNumber": f"C-{10001 + index}",
                "Email": f"purchasing@{slug}-{suffix.lower()}.example.com",
                "Phone": _phone(rng, prefix, digits),
                "City": city,
                "Country": country,
                "Terms": rng.choice(TERMS),
                "CreditLimit": rng.choice((5000, 10000, 25000, 50000, 100000)),
                "Active": rng.random() > 0.1,
            }
        )
    return customers


def make_items(seed: int = 7) -> list[dict[str, Any]]:
    """120 deterministic inventory lines (each product in several conditions), ItemIDs 70001..70120."""
    rng = random.Random(seed)
    items = []
    for product_index, (maker, part, description, price) in enumerate(PRODUCTS):
        for condition_index in range(6):
            condition, factor = CONDITIONS[(product_index + condition_index) % len(CONDITIONS)]
            items.append(
                {
                    "ItemID": 70001 + len(items),
                    "PartNumber": part,
                    "Manufacturer": maker,
                    "Description": description,
                    "Condition": condition,
                    "QuantityOnHand": rng.randint(0, 250),
                    "UnitPrice": round(price * factor * rng.uniform(0.9, 1.1), 2),
                    "Warehouse": WAREHOUSES[condition_index % len(WAREHOUSES)],
                }
            )
    return items


# ---------------------------------------------------------------- factory


def create(control: SimulatorControl) -> Simulator:
    store = IqrStore(cvs=make_cvs(), customers=make_customers(), items=make_items())
    hosts = {"signin": SigninHost(store, control), "api": ApiHost(store, control)}
    return Simulator(vendor="iqreseller", hosts=hosts, fault_body=fault_body, control=control, state=store)
