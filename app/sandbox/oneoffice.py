"""OneOffice / ZeGenie enterprise simulator (vendor id ``oneoffice``), written from oneoffice.txt.

One endpoint, the host root (``$URL``; under the sandbox's mount that is
``.../oneoffice/api/`` with the slash: the mount answers the bare base URL with a
307 redirect to it).  Every call is ``GET $URL`` with header ``x-api-key`` and a
JSON body ``{"method": "<name>", "params": {...}}``.
Methods: createCustomer, createFirstOrder, createRenewalOrder, cancelOrder, suspendOrder.

Errors are ``{"error": {"code", "message"}}``: 400 invalid_params, 401 unauthorized,
404 not_found (unknown customer/order, or a path other than the root), 405
method_not_allowed (any HTTP method but GET), 409 duplicate / renewal_too_early /
order_cancelled, 500 internal_error (injected faults).

Seeded records (times are relative to the simulator clock when the sandbox starts):

- customers ``ACME`` (internal id 1), ``GLOBEX`` (2), ``INITECH`` (3); the next
  customer created gets internal id 4.
- ``ORD-ACME-1``: ACME, oo-std, 25 licences, monthly, 10 days left on the term, so
  a renewal is allowed now.
- ``ORD-GLOBEX-1``: GLOBEX, erp-std, 10 licences, yearly, 335 days left, so a
  renewal is refused (renewal_too_early).
- ``ORD-INITECH-1``: INITECH, oo-lite, 5 licences, monthly, expired 5 days ago, so a
  renewal starts its term today.

Reading of the document beyond ASSUMPTIONS.md: an unknown ``method`` name, unknown
parameters and a missing/wrong Content-Type are 400 invalid_params; exactly 15 days
left is not "more than 15 days", so the renewal is allowed; a renewal, cancel or
suspend that names a renewal order instead of a first order is 400 invalid_params;
suspending a suspended chain answers it unchanged; a suspended chain may be renewed
(the renewal stays suspended with the rest of its chain) or cancelled.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.sandbox.control import ASGIApp, Receive, Scope, Send, SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["oneoffice"])

PRODUCTS = ("oo-lite", "oo-std", "oo-ent", "erp-std", "erp-admin", "erp-lim")
DURATION_DAYS = {"monthly": 30, "yearly": 365}
DAY_S = 86_400
RENEWAL_WINDOW_S = 15 * DAY_S

STATUS_CODES = {
    400: "invalid_params",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    409: "duplicate",
}


class ApiError(Exception):
    """A refusal in OneOffice's error shape."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def fault_body(status: int) -> dict[str, Any]:
    code = STATUS_CODES.get(status, "internal_error")
    return error_body(code, f"Injected fault ({status}).")


@dataclass
class Customer:
    internal_id: int
    remote_id: str
    name: str
    email: str
    created_at: int
    phone: str | None = None
    display_name: str | None = None
    partner: int = 0
    is_active: bool = True

    def to_json(self) -> dict[str, Any]:
        # Field order and content exactly as the document's createCustomer response.
        return {
            "name": self.name,
            "partner": self.partner,
            "createdAt": self.created_at,
            "id": self.internal_id,
            "isActive": self.is_active,
            "admin": {"email": self.email},
            "remoteId": self.remote_id,
        }


@dataclass
class Order:
    id: str
    customer: str
    product: str
    licenses: int
    duration: str
    status: str
    term_start: int
    term_end: int
    parent: str | None = None  # None: a first order; else the first order of its chain

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer": self.customer,
            "product": self.product,
            "licenses": self.licenses,
            "duration": self.duration,
            "status": self.status,
            "termStart": self.term_start,
            "termEnd": self.term_end,
        }


@dataclass
class OneOfficeStore:
    """Everything the simulator knows; tests may read or arrange it directly."""

    api_keys: set[str] = field(default_factory=lambda: {DEMO_CREDENTIALS["api_key"]})
    customers: dict[str, Customer] = field(default_factory=dict)  # by remote id
    orders: dict[str, Order] = field(default_factory=dict)  # by remote order id
    next_customer_id: int = 1

    def add_customer(self, remote_id: str, name: str, email: str, created_at: int, **extra: Any) -> Customer:
        customer = Customer(self.next_customer_id, remote_id, name, email, created_at, **extra)
        self.next_customer_id += 1
        self.customers[remote_id] = customer
        return customer

    def chain(self, first_id: str) -> list[Order]:
        """The first order and its renewals, oldest first."""
        return [o for o in self.orders.values() if o.id == first_id or o.parent == first_id]

    def latest_term_end(self, first_id: str) -> int:
        return max(o.term_end for o in self.chain(first_id))


# ---------------------------------------------------------------- parameter checks


def _invalid(message: str) -> ApiError:
    return ApiError(400, "invalid_params", message)


def _check_keys(params: dict[str, Any], required: set[str], optional: set[str], where: str) -> None:
    missing = sorted(required - params.keys())
    if missing:
        raise _invalid(f"Missing parameter(s) in {where}: {', '.join(missing)}.")
    unknown = sorted(params.keys() - required - optional)
    if unknown:
        raise _invalid(f"Unknown parameter(s) in {where}: {', '.join(unknown)}.")


def _text(params: dict[str, Any], key: str, label: str | None = None) -> str:
    value = params[key]
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"'{label or key}' must be a non-empty string.")
    return value


def _optional_text(params: dict[str, Any], key: str, label: str) -> str | None:
    if key not in params or params[key] is None:
        return None
    if not isinstance(params[key], str):
        raise _invalid(f"'{label}' must be a string.")
    return params[key]


def _licenses(value: Any) -> int:
    # bool is an int in Python but not a licence count; strings are refused because the
    # document shows a JSON number.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _invalid("'licenses' must be a positive whole number (a JSON number).")
    return value


def _choice(params: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = params[key]
    if value not in allowed:
        raise _invalid(f"'{key}' must be one of {', '.join(allowed)}.")
    return value


# ---------------------------------------------------------------- methods


class OneOfficeApi:
    """The five documented methods over one store."""

    def __init__(self, store: OneOfficeStore, control: SimulatorControl):
        self.store = store
        self.control = control
        self.methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "createCustomer": self.create_customer,
            "createFirstOrder": self.create_first_order,
            "createRenewalOrder": self.create_renewal_order,
            "cancelOrder": self.cancel_order,
            "suspendOrder": self.suspend_order,
        }

    def _now(self) -> int:
        return int(self.control.now())

    def create_customer(self, params: dict[str, Any]) -> dict[str, Any]:
        _check_keys(params, {"id", "name", "admin"}, set(), "params")
        remote_id = _text(params, "id")
        name = _text(params, "name")
        admin = params["admin"]
        if not isinstance(admin, dict):
            raise _invalid("'admin' must be an object.")
        _check_keys(admin, {"email"}, {"phone", "displayName"}, "admin")
        email = _text(admin, "email", "admin.email")
        if "@" not in email:
            raise _invalid("'admin.email' must be an email address.")
        phone = _optional_text(admin, "phone", "admin.phone")
        display_name = _optional_text(admin, "displayName", "admin.displayName")
        if remote_id in self.store.customers:
            raise ApiError(409, "duplicate", f"Customer '{remote_id}' already exists.")
        customer = self.store.add_customer(
            remote_id, name, email, self._now(), phone=phone, display_name=display_name
        )
        return customer.to_json()

    def create_first_order(self, params: dict[str, Any]) -> dict[str, Any]:
        _check_keys(params, {"customer", "id", "product", "licenses", "duration"}, set(), "params")
        customer_id = _text(params, "customer")
        order_id = _text(params, "id")
        product = _choice(params, "product", PRODUCTS)
        licenses = _licenses(params["licenses"])
        duration = _choice(params, "duration", tuple(DURATION_DAYS))
        if customer_id not in self.store.customers:
            raise ApiError(404, "not_found", f"Customer '{customer_id}' not found.")
        self._refuse_duplicate_order(order_id)
        start = self._now()
        order = Order(
            order_id,
            customer_id,
            product,
            licenses,
            duration,
            "active",
            start,
            start + DURATION_DAYS[duration] * DAY_S,
        )
        self.store.orders[order_id] = order
        return order.to_json()

    def create_renewal_order(self, params: dict[str, Any]) -> dict[str, Any]:
        _check_keys(params, {"parent", "id"}, set(), "params")
        first = self._first_order(_text(params, "parent"), "parent")
        order_id = _text(params, "id")
        self._refuse_duplicate_order(order_id)
        self._refuse_cancelled(first)
        now = self.control.now()
        latest_end = self.store.latest_term_end(first.id)
        if latest_end - now > RENEWAL_WINDOW_S:
            days_left = (latest_end - now) / DAY_S
            raise ApiError(
                409,
                "renewal_too_early",
                f"Order '{first.id}' has {days_left:.1f} days left; renewals open 15 days before the end.",
            )
        # Expired: the new term starts today; otherwise it follows the current term.
        start = int(now) if latest_end < now else latest_end
        renewal = Order(
            order_id,
            first.customer,
            first.product,
            first.licenses,
            first.duration,
            first.status,
            start,
            start + DURATION_DAYS[first.duration] * DAY_S,
            parent=first.id,
        )
        self.store.orders[order_id] = renewal
        return renewal.to_json()

    def cancel_order(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_chain_status(params, "cancelled")

    def suspend_order(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_chain_status(params, "suspended")

    def _set_chain_status(self, params: dict[str, Any], status: str) -> dict[str, Any]:
        _check_keys(params, {"id"}, set(), "params")
        first = self._first_order(_text(params, "id"), "id")
        self._refuse_cancelled(first)
        for order in self.store.chain(first.id):
            order.status = status
        return first.to_json()

    def _first_order(self, order_id: str, key: str) -> Order:
        order = self.store.orders.get(order_id)
        if order is None:
            raise ApiError(404, "not_found", f"Order '{order_id}' not found.")
        if order.parent is not None:
            raise _invalid(f"'{key}' must be a first order's id; '{order_id}' renews '{order.parent}'.")
        return order

    def _refuse_duplicate_order(self, order_id: str) -> None:
        if order_id in self.store.orders:
            raise ApiError(409, "duplicate", f"Order '{order_id}' already exists.")

    @staticmethod
    def _refuse_cancelled(first: Order) -> None:
        if first.status == "cancelled":
            raise ApiError(409, "order_cancelled", f"Order '{first.id}' is cancelled.")


# ---------------------------------------------------------------- HTTP layer


def _route_path(scope: Scope) -> str:
    """The path below the mount point (the framework mounts this app at /oneoffice/api)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _json_error(error: ApiError) -> JSONResponse:
    headers = {"Allow": "GET"} if error.status == 405 else None
    return JSONResponse(error_body(error.code, error.message), status_code=error.status, headers=headers)


def _check_request(request: Request, path: str, store: OneOfficeStore) -> None:
    if path not in ("", "/"):
        raise ApiError(404, "not_found", "Not found. The API has a single endpoint.")
    if request.method != "GET":
        raise ApiError(405, "method_not_allowed", "Only GET is supported.")
    key = request.headers.get("x-api-key", "")
    if not any(hmac.compare_digest(key.encode(), k.encode()) for k in store.api_keys):
        raise ApiError(401, "unauthorized", "Missing or invalid x-api-key.")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise _invalid("Content-Type must be application/json.")


def _parse_call(raw: bytes) -> tuple[str, dict[str, Any]]:
    try:
        body = json.loads(raw)
    except ValueError as exc:  # includes UnicodeDecodeError
        raise _invalid("The body is not valid JSON.") from exc
    if not isinstance(body, dict):
        raise _invalid('The body must be a JSON object {"method", "params"}.')
    _check_keys(body, {"method", "params"}, set(), "body")
    if not isinstance(body["method"], str):
        raise _invalid("'method' must be a string.")
    if not isinstance(body["params"], dict):
        raise _invalid("'params' must be an object.")
    return body["method"], body["params"]


def build_app(api: OneOfficeApi) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        response: Response
        try:
            _check_request(request, _route_path(scope), api.store)
            method, params = _parse_call(await request.body())
            handler = api.methods.get(method)
            if handler is None:
                raise _invalid(f"Unknown method '{method}'.")
            response = JSONResponse(handler(params))
        except ApiError as error:
            response = _json_error(error)
        await response(scope, receive, send)

    return app


# ---------------------------------------------------------------- seed and factory


def seed(store: OneOfficeStore, now: int) -> None:
    """Three customers and three first orders; see the module docstring."""
    store.add_customer(
        "ACME",
        "Acme Corporation",
        "it@acme.example.com",
        now - 90 * DAY_S,
        phone="+1 555 0100",
        display_name="Dana Reyes",
    )
    store.add_customer("GLOBEX", "Globex Ltd", "admin@globex.example.com", now - 60 * DAY_S)
    store.add_customer(
        "INITECH", "Initech Inc", "ops@initech.example.com", now - 120 * DAY_S, display_name="Sam Okoro"
    )
    seeds = [
        ("ORD-ACME-1", "ACME", "oo-std", 25, "monthly", now - 20 * DAY_S),
        ("ORD-GLOBEX-1", "GLOBEX", "erp-std", 10, "yearly", now - 30 * DAY_S),
        ("ORD-INITECH-1", "INITECH", "oo-lite", 5, "monthly", now - 35 * DAY_S),
    ]
    for order_id, customer, product, licenses, duration, start in seeds:
        end = start + DURATION_DAYS[duration] * DAY_S
        store.orders[order_id] = Order(order_id, customer, product, licenses, duration, "active", start, end)


def create(control: SimulatorControl) -> Simulator:
    store = OneOfficeStore()
    seed(store, int(control.now()))
    app = build_app(OneOfficeApi(store, control))
    return Simulator(
        vendor="oneoffice", hosts={"api": app}, fault_body=fault_body, control=control, state=store
    )
