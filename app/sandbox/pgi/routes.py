"""PGi's HTTP surface: four POST calls, each with the key, media type and JSON body checks.

Errors are ``{"status": "error", "message": ...}`` (the document's shape), from the
shared scaffolding; authentication is checked inside each call, so an unknown path
(404) or a wrong method (405) is reported as such even without a key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request

from app.sandbox.pgi.bodies import parse_client_id, parse_provision
from app.sandbox.pgi.store import Client, Hub, PgiStore
from app.sandbox.scaffold.errors import ApiError, ErrorShape, phrase
from app.sandbox.scaffold.keys import require_header_key
from app.sandbox.scaffold.surface import Endpoint, content_type, read_json, vendor_app

AUTH_HEADER = "X-AUTH-TOKEN"
INVALID_KEY = "Invalid API key"

_FAULT_MESSAGES: dict[int, str] = {
    400: "Bad request",
    401: INVALID_KEY,
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


def _body(error: ApiError) -> dict[str, str]:
    return {"status": "error", "message": error.message}


def _fault(status: int) -> ApiError:
    return ApiError(status, _FAULT_MESSAGES.get(status) or phrase(status, f"Error {status}"))


def _method_not_allowed(request: Request, allowed: Sequence[str]) -> str:
    return f"Method {request.method} not allowed; use {' or '.join(allowed)}"


ERRORS = ErrorShape(
    body=_body,
    fault=_fault,
    not_found=lambda request: f"No such endpoint: {request.url.path}",
    method_not_allowed=_method_not_allowed,
    internal=ApiError(500, "Internal server error"),
)


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


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        raise ApiError(400, "Request body is empty; expected a JSON object")
    try:
        return read_json(raw)
    except ValueError as exc:
        raise ApiError(400, f"Request body is not valid JSON ({exc})") from exc


Call = Callable[[PgiStore, Any], dict[str, Any]]


def _call(store: PgiStore, api_keys: Collection[str], call: Call) -> Callable[[Request], Awaitable[Any]]:
    """Wrap a call with the checks every PGi call gets: key, media type, JSON body."""

    async def handler(request: Request) -> Any:
        require_header_key(request, AUTH_HEADER, api_keys, missing=INVALID_KEY, wrong=INVALID_KEY)
        if content_type(request) != "application/json":
            raise ApiError(415, "Content-Type must be application/json")
        return call(store, _json_body(await request.body()))

    return handler


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


def build_app(store: PgiStore, api_keys: Collection[str]) -> Starlette:
    calls = {
        "/provisioning/client/provision": _provision,
        "/provisioning/client/deactivate": _deactivate,
        "/provisioning/client/reactivate": _reactivate,
        "/client/get": _get,
    }
    return vendor_app(ERRORS, [Endpoint(path, _call(store, api_keys, call)) for path, call in calls.items()])
