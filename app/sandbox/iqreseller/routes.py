"""IQ Reseller's HTTP surface: the sign-in host (sessions) and the api host (the methods).

Errors are ``{"Message": ...}``, from the shared scaffolding; a path that belongs
to the other host answers 404 there.  Which document each route follows
(``txt`` = iqreseller.txt, ``integrations`` = iqreseller-integrations.md,
``ASSUMPTIONS`` = its IQ Reseller sections):

signin host
  POST   /api/IntegrationAPI/Session            txt "Generating Session Token"; ASSUMPTIONS
  DELETE /api/IntegrationAPI/Session            txt "End Session"; ASSUMPTIONS

api host (``{fmt}`` is ``json`` or ``JSON``: integrations, second bullet, and "both
forms must work"; any other spelling is 404)
  POST   /webapi.svc/CV/{fmt}/GetCVs            txt "Calling IQ Reseller API using Session
                                                Token"; integrations table, last row
  POST   /webapi.svc/CV/{fmt}/GetCV,            sandbox methods beyond the documents
         Customer/{fmt}/GetCustomers,           (ASSUMPTIONS: "Other IQ Reseller methods
         Inventory/{fmt}/GetItems               exist"), the package docstring
  GET    /webapi.svc/SO/{fmt}/GetSOs            integrations table "sales orders"; paging
                                                bullet (0-based, 0/0 = all, 500 past the end)
  GET    /webapi.svc/SO/XML/GetSOs (and xml)    integrations table "the same as XML"
  GET    /webapi.svc/SODetail/{fmt}/GetSODetails?SOid=      integrations "one order's lines"
  GET    /webapi.svc/Contact/{fmt}/GetContactsByCVid?cvid=  integrations "a CV's contacts"
  GET    /webapi.svc/Condition/{fmt}/GetConditions          integrations "conditions"
  GET    /webapi.svc/Inventory/{fmt}/GetInventoriesByPOId?POId=  integrations "inventory of a PO"
  GET    /webapi.svc/MI/{fmt}/GetItemByItemId?ItemId=       integrations "an item"
  POST   /webapi.svc/SO/UDFS/{fmt}              integrations "update an order's own fields"

Every api method checks, in this order: ``Accept`` names application/json (the XML
form also takes application/xml or text/xml), else 406; the ``iqr-session-token``
header names a live session, else 401 (integrations first bullet; ASSUMPTIONS
"Calls"); then a POST needs ``Content-Type: application/json`` (415) and a JSON
object body (400), a GET no body at all (400) and its query string (400, see
query.py).  The wrong verb is a 405 before anything else is looked at: POST on a
GET path above, GET on the POST pattern ``{Area}/{fmt}/{Method}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from app.sandbox.control import SimulatorControl
from app.sandbox.iqreseller import sales
from app.sandbox.iqreseller.store import IDLE_LIFETIME_S, IqrStore, Session
from app.sandbox.iqreseller.xmlform import array_of_so
from app.sandbox.scaffold.errors import ApiError, ErrorShape
from app.sandbox.scaffold.keys import bearer_token, known_key
from app.sandbox.scaffold.surface import (
    Endpoint,
    Handler,
    content_type,
    media_types,
    read_json,
    route_path,
    vendor_app,
)

SESSION_PATH = "/api/IntegrationAPI/Session"
# The format segment as the vendor's document writes it, and as most integrations do.
JSON_SPELLINGS = ("json", "JSON")
XML_SPELLINGS = ("xml", "XML")
DENIED = "Authorization has been denied for this request."

FAULT_MESSAGES = {
    400: "The request is invalid.",
    401: DENIED,
    404: "Not found.",
    406: "Not acceptable.",
}


def _not_found(request: Request) -> str:
    return f"No HTTP resource was found that matches the request URI '{route_path(request)}'."


def _method_not_allowed(request: Request, allowed: Sequence[str]) -> str:
    return f"The requested resource does not support http method '{request.method}'."


ERRORS = ErrorShape(
    body=lambda error: {"Message": error.message},
    fault=lambda status: ApiError(status, FAULT_MESSAGES.get(status, "An error has occurred.")),
    not_found=_not_found,
    method_not_allowed=_method_not_allowed,
    internal=ApiError(500, "An error has occurred."),
)

Method = Callable[[dict[str, Any]], Any]  # a POST method: its JSON body -> its answer
Read = Callable[[IqrStore, Request], Any]  # a GET method: the request's query -> its answer


# ---------------------------------------------------------------- request checks


def _require_accept_json(request: Request) -> None:
    # The document lists Accept: application/json; */* alone is refused so a client
    # that forgets the header finds out in the sandbox.
    if "application/json" not in media_types(request.headers.get("accept", "")):
        raise ApiError(406, "The request must accept application/json (Accept: application/json).")


def _require_accept_xml(request: Request) -> None:
    # Integrations send Accept: application/json on every call, the XML form included.
    accepted = set(media_types(request.headers.get("accept", "")))
    if not accepted & {"application/json", "application/xml", "text/xml"}:
        raise ApiError(406, "The request must accept application/xml or application/json.")


def _require_json_content(request: Request) -> None:
    if content_type(request) != "application/json":
        raise ApiError(415, "The request entity's media type is not supported; send application/json.")


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        body = read_json(await request.body())
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


# ---------------------------------------------------------------- signin host


def signin_app(store: IqrStore, control: SimulatorControl) -> Starlette:
    async def start(request: Request) -> Any:
        _require_accept_json(request)
        _require_json_content(request)
        body = await _json_object(request)
        _refuse_unknown_keys(body, {"APIToken"})
        key = body.get("APIToken")
        if not isinstance(key, str) or not known_key(key, store.api_keys):
            raise ApiError(401, "Invalid API token.")
        return {"Data": store.start_session(key, control.now()).token}

    async def end(request: Request) -> Response:
        if await request.body():
            raise ApiError(400, "No request payload is accepted.")
        token = bearer_token(request)
        if token is None:
            raise ApiError(401, DENIED)
        now = control.now()
        _live_session(store, token, now, control).ended_at = now
        return Response(status_code=200)

    async def session(request: Request) -> Any:
        return await (start if request.method == "POST" else end)(request)

    return vendor_app(ERRORS, [Endpoint(SESSION_PATH, session, methods=("POST", "DELETE"))])


# ---------------------------------------------------------------- api host


def api_app(store: IqrStore, control: SimulatorControl) -> Starlette:
    methods: dict[tuple[str, str], Method] = {
        ("CV", "GetCVs"): lambda body: _paged(store.cvs, body),
        ("CV", "GetCV"): lambda body: _get_cv(store, body),
        ("Customer", "GetCustomers"): lambda body: _paged(store.customers, body),
        ("Inventory", "GetItems"): lambda body: _paged(store.items, body),
    }

    def authenticate(request: Request) -> None:
        token = request.headers.get("iqr-session-token", "").strip()
        if not token:
            raise ApiError(401, "The iqr-session-token header is required.")
        now = control.now()
        # Any authenticated call restarts the idle timer, whatever its outcome.
        _live_session(store, token, now, control).last_used_at = now

    def call_at(fmt: str) -> Handler:
        async def call(request: Request) -> Any:
            _require_accept_json(request)
            authenticate(request)
            area, name = request.path_params["area"], request.path_params["method"]
            method = methods.get((area, name))
            if method is None:
                raise ApiError(404, f"Unknown method {area}/{fmt}/{name}.")
            _require_json_content(request)
            return method(await _json_object(request))

        return call

    def read(accept: Callable[[Request], None], answer: Read) -> Handler:
        async def handler(request: Request) -> Any:
            accept(request)
            authenticate(request)
            if await request.body():
                raise ApiError(400, "A GET request carries no body; its parameters go in the query string.")
            return answer(store, request)

        return handler

    async def update_fields(request: Request) -> Any:
        _require_accept_json(request)
        authenticate(request)
        _require_json_content(request)
        return sales.update_order_fields(store, await _json_object(request))

    reads: list[tuple[str, str, Read]] = [
        ("SO", "GetSOs", sales.get_sos),
        ("SODetail", "GetSODetails", sales.get_so_details),
        ("Contact", "GetContactsByCVid", sales.get_contacts_by_cvid),
        ("Condition", "GetConditions", sales.get_conditions),
        ("Inventory", "GetInventoriesByPOId", sales.get_inventories_by_po_id),
        ("MI", "GetItemByItemId", sales.get_item_by_item_id),
    ]
    # The named paths come first: a known GET path asked with POST is then a 405, not a method call.
    endpoints = [
        Endpoint(f"/webapi.svc/{area}/{fmt}/{name}", read(_require_accept_json, answer), methods=("GET",))
        for area, name, answer in reads
        for fmt in JSON_SPELLINGS
    ]
    endpoints += [
        Endpoint(f"/webapi.svc/SO/{fmt}/GetSOs", read(_require_accept_xml, _sos_as_xml), methods=("GET",))
        for fmt in XML_SPELLINGS
    ]
    endpoints += [Endpoint(f"/webapi.svc/SO/UDFS/{fmt}", update_fields) for fmt in JSON_SPELLINGS]
    endpoints += [Endpoint(f"/webapi.svc/{{area}}/{fmt}/{{method}}", call_at(fmt)) for fmt in JSON_SPELLINGS]
    return vendor_app(ERRORS, endpoints)


def _sos_as_xml(store: IqrStore, request: Request) -> Response:
    return array_of_so(sales.get_sos(store, request))


def _get_cv(store: IqrStore, body: dict[str, Any]) -> dict[str, Any]:
    _refuse_unknown_keys(body, {"CVID"})
    if "CVID" not in body:
        raise ApiError(400, "CVID is required.")
    cv_id = _positive_int(body, "CVID")
    cv = store.cv(cv_id)
    if cv is None:
        raise ApiError(404, f"CV {cv_id} not found.")
    return cv


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
