"""OneOffice's HTTP surface: one endpoint, the host root, and the five methods named in its body.

Every call is ``GET $URL`` with ``x-api-key``, ``Content-Type: application/json`` and
``{"method": "<name>", "params": {...}}``.  Errors are ``{"error": {"code", "message"}}``,
from the shared scaffolding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request

from app.sandbox.control import SimulatorControl
from app.sandbox.oneoffice.store import (
    DAY_S,
    DURATION_DAYS,
    PRODUCTS,
    RENEWAL_WINDOW_S,
    OneOfficeStore,
    Order,
)
from app.sandbox.scaffold.errors import ApiError, ErrorShape
from app.sandbox.scaffold.keys import require_header_key
from app.sandbox.scaffold.surface import Endpoint, content_type, read_json, vendor_app

# The code of a refusal whose status says it all; 409s name theirs (duplicate, renewal_too_early, ...).
STATUS_CODES = {
    400: "invalid_params",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    409: "duplicate",
}


def _body(error: ApiError) -> dict[str, Any]:
    code = error.code or STATUS_CODES.get(error.status, "internal_error")
    return {"error": {"code": code, "message": error.message}}


def _method_not_allowed(request: Request, allowed: Sequence[str]) -> str:
    return f"Only {' or '.join(allowed)} is supported."


ERRORS = ErrorShape(
    body=_body,
    fault=lambda status: ApiError(status, f"Injected fault ({status})."),
    not_found=lambda request: "Not found. The API has a single endpoint.",
    method_not_allowed=_method_not_allowed,
    internal=ApiError(500, "Internal error."),
)


# ---------------------------------------------------------------- parameter checks


def _invalid(message: str) -> ApiError:
    return ApiError(400, message, code="invalid_params")


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
            raise ApiError(409, f"Customer '{remote_id}' already exists.", code="duplicate")
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
            raise ApiError(404, f"Customer '{customer_id}' not found.", code="not_found")
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
                f"Order '{first.id}' has {days_left:.1f} days left; renewals open 15 days before the end.",
                code="renewal_too_early",
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
            raise ApiError(404, f"Order '{order_id}' not found.", code="not_found")
        if order.parent is not None:
            raise _invalid(f"'{key}' must be a first order's id; '{order_id}' renews '{order.parent}'.")
        return order

    def _refuse_duplicate_order(self, order_id: str) -> None:
        if order_id in self.store.orders:
            raise ApiError(409, f"Order '{order_id}' already exists.", code="duplicate")

    @staticmethod
    def _refuse_cancelled(first: Order) -> None:
        if first.status == "cancelled":
            raise ApiError(409, f"Order '{first.id}' is cancelled.", code="order_cancelled")


# ---------------------------------------------------------------- HTTP layer

UNAUTHORIZED = "Missing or invalid x-api-key."


def _parse_call(raw: bytes) -> tuple[str, dict[str, Any]]:
    try:
        body = read_json(raw)
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


def build_app(api: OneOfficeApi) -> Starlette:
    async def call(request: Request) -> Any:
        require_header_key(request, "x-api-key", api.store.api_keys, missing=UNAUTHORIZED, wrong=UNAUTHORIZED)
        if content_type(request) != "application/json":
            raise _invalid("Content-Type must be application/json.")
        method, params = _parse_call(await request.body())
        handler = api.methods.get(method)
        if handler is None:
            raise _invalid(f"Unknown method '{method}'.")
        return handler(params)

    return vendor_app(ERRORS, [Endpoint("/", call, methods=("GET",))])
