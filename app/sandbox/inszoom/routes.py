"""The INSZoom Zoom API as an ASGI app: the document's paths under /api/v1.0, plus /files.

Every data call is checked in the order a gateway would: subscription key,
bearer token (unknown or expired), then query string and body, then the
operation itself. Bodies are JSON with ``Content-Type: application/json``;
GET and DELETE carry none, except the two "GET (Multiple)" look-ups, which
send a JSON array of ids in the body of a GET.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from app.sandbox.control import SimulatorControl
from app.sandbox.inszoom import documents as files
from app.sandbox.inszoom.records import (
    CASE,
    CLIENT,
    CORP_USER,
    CORPORATION,
    DEPENDENT,
    HEADQUARTER,
    PASSPORT,
    VISA,
    RecordType,
    create_record,
    delete_record,
    find_record,
    invalid,
    not_found,
    update_record,
    view,
)
from app.sandbox.inszoom.store import InsZoomStore
from app.sandbox.scaffold.errors import ApiError, ErrorShape
from app.sandbox.scaffold.keys import (
    TokenRefusals,
    issue_token,
    known_key,
    require_bearer,
    require_header_key,
)
from app.sandbox.scaffold.surface import READ, Endpoint, Handler, content_type, read_json, vendor_app

API = "/api/v1.0"
SUBSCRIPTION_HEADER = "ocp-apim-subscription-key"
DOCUMENTED_VALIDITY_MIN = 5

BAD_KEYS = "Invalid authorization or subscription key."
EXPIRED = "Token expired. Please re-authenticate."
NO_SUBSCRIPTION = (
    "Access denied due to missing subscription key. "
    "Make sure to include subscription key when making requests to an API."
)
WRONG_SUBSCRIPTION = (
    "Access denied due to invalid subscription key. "
    "Make sure to provide a valid key for an active subscription."
)
NO_TOKEN = (
    "Authorization has been denied for this request. Send Authorization: Bearer <token> from api/v1.0/Auth."
)
UNKNOWN_TOKEN = "Invalid token. Please re-authenticate."
TOKEN_REFUSALS = TokenRefusals(missing=NO_TOKEN, unknown=UNKNOWN_TOKEN, expired=EXPIRED)

_FAULT_MESSAGES = {
    400: "The request is invalid.",
    # An injected 401 reads like token expiry, so it exercises the client's re-authentication.
    401: EXPIRED,
    403: "Access is denied.",
    404: "Resource not found.",
    408: "The request timed out.",
    409: "The record was changed by another request.",
    429: "Rate limit is exceeded. Try again later.",
    502: "Bad gateway.",
    503: "The service is temporarily unavailable. Please try again later.",
    504: "The request timed out.",
}
SERVER_ERROR = "An error has occurred."


def _body(error: ApiError) -> dict[str, Any]:
    """``{"Message": ...}``, with ``Errors`` (field -> why) when the request was invalid."""
    body: dict[str, Any] = {"Message": error.message}
    if error.errors is not None:
        body["Errors"] = error.errors
    return body


def _method_not_allowed(request: Request, allowed: Sequence[str]) -> str:
    return f"The requested resource does not support http method '{request.method}'."


ERRORS = ErrorShape(
    body=_body,
    fault=lambda status: ApiError(status, _FAULT_MESSAGES.get(status, SERVER_ERROR)),
    not_found=lambda request: f"No HTTP resource was found that matches the request URI '{request.url}'.",
    method_not_allowed=_method_not_allowed,
    internal=ApiError(500, SERVER_ERROR),
)

NO_BODY, OBJECT, ARRAY = "none", "object", "array"
ARRAY_WANTED = 'Send a non-empty JSON array of id strings, e.g. ["CORP-2001"]'


@dataclass(frozen=True)
class Call:
    """What an operation handler gets: path parameters, the parsed body, the state."""

    params: dict[str, str]
    body: Any
    store: InsZoomStore
    control: SimulatorControl
    request: Request

    @property
    def today(self) -> date:
        return datetime.fromtimestamp(self.control.now(), tz=UTC).date()


Operation = Callable[[Call], Any]


def build_app(store: InsZoomStore, control: SimulatorControl) -> Starlette:
    endpoints = [
        Endpoint(f"{API}/Auth", _auth_endpoint(store, control)),
        *_record_routes(store, control),
        *_lookup_routes(store, control),
        _data(store, control, "GET", "Documents/GetDocumentDownloadURL/{documentId}", _download_url),
        Endpoint("/files/{documentId}", _file_endpoint(store, control), READ),
    ]
    return vendor_app(ERRORS, endpoints)


# ---------------------------------------------------------------- plumbing


def _data(
    store: InsZoomStore,
    control: SimulatorControl,
    method: str,
    path: str,
    handler: Operation,
    body: str = NO_BODY,
) -> Endpoint:
    """A token-protected operation at ``/api/v1.0/<path>``."""

    async def endpoint(request: Request) -> Any:
        _check_token(store, control, request)
        _refuse_query(request)
        parsed = _parse_body(await request.body(), request, body)
        return handler(Call(dict(request.path_params), parsed, store, control, request))

    return Endpoint(f"{API}/{path}", endpoint, READ if method == "GET" else (method,))


def _check_token(store: InsZoomStore, control: SimulatorControl, request: Request) -> None:
    require_header_key(
        request,
        SUBSCRIPTION_HEADER,
        (store.subscription_key,),
        missing=NO_SUBSCRIPTION,
        wrong=WRONG_SUBSCRIPTION,
    )
    require_bearer(request, store.tokens, control.now(), TOKEN_REFUSALS)


def _refuse_query(request: Request) -> None:
    # No INSZoom operation takes query parameters; "send only documented ones".
    if request.query_params:
        raise invalid(
            {key: "Unknown query parameter; this operation takes none" for key in request.query_params}
        )


def _parse_body(raw: bytes, request: Request, expected: str) -> Any:
    if expected == NO_BODY:
        if raw.strip():
            raise invalid({"Body": "This operation takes no request body"})
        return None
    if not raw.strip():
        # Nothing sent is a missing body (400), whatever the Content-Type says.
        raise invalid({"Ids": ARRAY_WANTED} if expected == ARRAY else {"Body": "Send a JSON object"})
    media_type = content_type(request)
    if media_type != "application/json":
        shown = media_type or "(none)"
        raise ApiError(415, f"The request entity's media type '{shown}' is not supported for this resource.")
    try:
        parsed = read_json(raw)
    except ValueError:
        raise invalid({"Body": "Not valid JSON"}) from None
    if expected == OBJECT and not isinstance(parsed, dict):
        raise invalid({"Body": "Send a JSON object"})
    if expected == ARRAY and not (
        parsed and isinstance(parsed, list) and all(isinstance(i, str) for i in parsed)
    ):
        raise invalid({"Ids": ARRAY_WANTED})
    return parsed


# ---------------------------------------------------------------- Auth


def _auth_endpoint(store: InsZoomStore, control: SimulatorControl) -> Handler:
    async def endpoint(request: Request) -> Any:
        # The gateway checks the subscription key before it looks at the body.
        require_header_key(
            request, SUBSCRIPTION_HEADER, (store.subscription_key,), missing=BAD_KEYS, wrong=BAD_KEYS
        )
        key = _parse_body(await request.body(), request, OBJECT).get("AuthorizationKey")
        if not isinstance(key, str) or not known_key(key, (store.authorization_key,)):
            raise ApiError(401, BAD_KEYS)
        now = control.now()
        # Expired tokens are kept for a day so they keep answering "expired", then forgotten.
        for stale in [t for t, expires_at in store.tokens.items() if expires_at < now - 86400]:
            del store.tokens[stale]
        token = issue_token(store.tokens, now + control.lifetime(DOCUMENTED_VALIDITY_MIN * 60))
        # The documented validity, even when a test shortens the real lifetime: a
        # shortened lifetime is there to exercise the client's re-authentication.
        return {"Token": token, "ValidityInMinutes": DOCUMENTED_VALIDITY_MIN}

    return endpoint


# ---------------------------------------------------------------- records


def _get(rtype: RecordType, id_param: str, parents: dict[str, str] | None = None) -> Operation:
    def handler(call: Call) -> Any:
        record = find_record(call.store, rtype, call.params[id_param], _values(call, parents))
        return view(call.store, rtype, record)

    return handler


def _list_of_client(rtype: RecordType) -> Operation:
    """Passport/Get and Visa/Get: every record of one client."""

    def handler(call: Call) -> Any:
        client_id = call.params["clientId"]
        if client_id not in call.store.clients:
            raise not_found("Client")
        records = call.store.collection(rtype.collection).values()
        return [view(call.store, rtype, r) for r in records if r["ClientId"] == client_id]

    return handler


def _create(rtype: RecordType) -> Operation:
    def handler(call: Call) -> Any:
        return {"Id": create_record(call.store, rtype, call.body, call.today), "Message": "Created"}

    return handler


def _update_by_path(rtype: RecordType, id_param: str, parents: dict[str, str] | None = None) -> Operation:
    def handler(call: Call) -> Any:
        path_values = _values(call, parents)
        record = find_record(call.store, rtype, call.params[id_param], path_values)
        # Ids in the body (the record's own, its parent's) must agree with the path.
        in_path = {**path_values, rtype.id_key: call.params[id_param]}
        disagree = {
            k: "Does not match the id in the path"
            for k, v in in_path.items()
            if call.body.get(k) is not None and call.body[k] != v
        }
        if disagree:
            raise invalid(disagree)
        update_record(call.store, rtype, record, call.body, call.today)
        return {"Message": "Updated"}

    return handler


def _update_by_body(rtype: RecordType) -> Operation:
    """Dependent/Passport/Visa Update: the path has no id, the body names the record."""

    def handler(call: Call) -> Any:
        record_id = call.body.get(rtype.id_key)
        if not isinstance(record_id, str) or not record_id.strip():
            raise invalid({rtype.id_key: "Required: the id of the record to update"})
        record = find_record(call.store, rtype, record_id)
        update_record(call.store, rtype, record, call.body, call.today)
        return {"Message": "Updated"}

    return handler


def _delete(rtype: RecordType, id_param: str, parents: dict[str, str] | None = None) -> Operation:
    def handler(call: Call) -> Any:
        record_id = call.params[id_param]
        find_record(call.store, rtype, record_id, _values(call, parents))
        delete_record(call.store, rtype, record_id)
        return {"Message": "Deleted"}

    return handler


def _values(call: Call, parents: dict[str, str] | None) -> dict[str, str]:
    """Record key -> value from the path, for the parent ids a path carries."""
    return {key: call.params[param] for key, param in (parents or {}).items()}


def _record_routes(store: InsZoomStore, control: SimulatorControl) -> list[Endpoint]:
    routes: list[Endpoint] = []

    def add(method: str, path: str, handler: Operation, body: str = NO_BODY) -> None:
        routes.append(_data(store, control, method, path, handler, body))

    for name, rtype, param in (
        ("Headquarter", HEADQUARTER, "headquarterId"),
        ("Corporation", CORPORATION, "corporationId"),
        ("Client", CLIENT, "clientId"),
    ):
        add("GET", f"{name}/Get/{{{param}}}", _get(rtype, param))
        add("POST", f"{name}/Create", _create(rtype), OBJECT)
        add("PUT", f"{name}/Update/{{{param}}}", _update_by_path(rtype, param), OBJECT)
        add("DELETE", f"{name}/Delete/{{{param}}}", _delete(rtype, param))

    corp = {"CorporationId": "corporationId"}
    add("GET", "CorpUser/Get/{corporationId}/{corpUserId}", _get(CORP_USER, "corpUserId", corp))
    add("POST", "CorpUser/Create", _create(CORP_USER), OBJECT)
    add(
        "PUT",
        "CorpUser/Update/{corporationId}/{corpUserId}",
        _update_by_path(CORP_USER, "corpUserId", corp),
        OBJECT,
    )
    add("DELETE", "CorpUser/Delete/{corporationId}/{corpUserId}", _delete(CORP_USER, "corpUserId", corp))

    add("GET", "Dependent/Get/{dependentId}", _get(DEPENDENT, "dependentId"))
    add("POST", "Dependent/Create", _create(DEPENDENT), OBJECT)
    add("PUT", "Dependent/Update", _update_by_body(DEPENDENT), OBJECT)
    add(
        "DELETE",
        "Dependent/Delete/{mainClientId}/{dependentId}",
        _delete(DEPENDENT, "dependentId", {"MainClientId": "mainClientId"}),
    )

    add("GET", "Passport/Get/{clientId}", _list_of_client(PASSPORT))
    add("POST", "Passport/Create", _create(PASSPORT), OBJECT)
    add("PUT", "Passport/Update", _update_by_body(PASSPORT), OBJECT)
    add(
        "DELETE",
        "Passport/Delete/{clientId}/{passportId}",
        _delete(PASSPORT, "passportId", {"ClientId": "clientId"}),
    )

    # The document writes "Visa /Create" etc.; the space is a typo (ASSUMPTIONS.md).
    add("GET", "Visa/Get/{clientId}", _list_of_client(VISA))
    add("POST", "Visa/Create", _create(VISA), OBJECT)
    add("PUT", "Visa/Update", _update_by_body(VISA), OBJECT)
    add(
        "DELETE",
        "Visa/Delete/{ClientId}/{VisaId}/{CountryId}",
        _delete(VISA, "VisaId", {"ClientId": "ClientId", "CountryId": "CountryId"}),
    )

    # Case has no Update in the document, so none here (PUT answers 404).
    add("GET", "Case/Get/{caseId}", _get(CASE, "caseId"))
    add("POST", "Case/Create", _create(CASE), OBJECT)
    add("DELETE", "Case/Delete/{caseId}", _delete(CASE, "caseId"))
    return routes


# ---------------------------------------------------------------- look-ups


def _corporation(call: Call, param: str = "corporationId") -> str:
    corporation_id = call.params[param]
    if corporation_id not in call.store.corporations:
        raise not_found("Corporation")
    return corporation_id


def _corporation_entry(store: InsZoomStore, corporation_id: str) -> dict[str, Any]:
    return {
        "CorporationId": corporation_id,
        "CorporationName": store.corporations[corporation_id]["CorporationName"],
    }


def _headquarter_entry(store: InsZoomStore, headquarter_id: str) -> dict[str, Any]:
    return {
        "HeadquarterId": headquarter_id,
        "HeadquarterName": store.headquarters[headquarter_id]["HeadquarterName"],
    }


def _one_corporation(call: Call) -> Any:
    return _corporation_entry(call.store, _corporation(call))


def _many_corporations(call: Call) -> Any:
    # Known ids in the order asked, each once; unknown ids are left out.
    wanted = dict.fromkeys(call.body)
    return [_corporation_entry(call.store, i) for i in wanted if i in call.store.corporations]


def _one_headquarter(call: Call) -> Any:
    headquarter_id = call.params["headquarterId"]
    if headquarter_id not in call.store.headquarters:
        raise not_found("Headquarter")
    return _headquarter_entry(call.store, headquarter_id)


def _many_headquarters(call: Call) -> Any:
    wanted = dict.fromkeys(call.body)
    return [_headquarter_entry(call.store, i) for i in wanted if i in call.store.headquarters]


def _departments(call: Call) -> Any:
    return [dict(d) for d in call.store.departments.get(_corporation(call), [])]


def _roles(call: Call) -> Any:
    return [dict(r) for r in call.store.roles.get(_corporation(call), [])]


def _petitions(call: Call) -> Any:
    return [dict(p) for p in call.store.petitions.get(call.params["countryId"], [])]


def _case_managers(call: Call) -> Any:
    return [dict(m) for m in call.store.case_managers]


def _signatories(call: Call) -> Any:
    return [dict(s) for s in call.store.signatories.get(_corporation(call, "CorpId"), [])]


def _lookup_routes(store: InsZoomStore, control: SimulatorControl) -> list[Endpoint]:
    entity = "INSZoomEntity"
    table: list[tuple[str, Operation, str]] = [
        ("GetCorporationId/{corporationId}", _one_corporation, NO_BODY),
        ("GetCorporationId", _many_corporations, ARRAY),
        ("GetHeadquarterId/{headquarterId}", _one_headquarter, NO_BODY),
        ("GetHeadquarterId", _many_headquarters, ARRAY),
        ("GetDepartmentList/{corporationId}", _departments, NO_BODY),
        ("GetRoleIdList/{corporationId}", _roles, NO_BODY),
        ("GetPetitionList/{countryId}", _petitions, NO_BODY),
        ("GetCaseManagerList", _case_managers, NO_BODY),
        ("CaseSignatoryList/{CorpId}", _signatories, NO_BODY),
    ]
    return [_data(store, control, "GET", f"{entity}/{path}", handler, body) for path, handler, body in table]


# ---------------------------------------------------------------- documents


def _download_url(call: Call) -> Any:
    document = call.store.documents.get(call.params["documentId"])
    if document is None:
        raise not_found("Document")
    expires = int(call.control.now()) + files.LINK_LIFETIME_S
    url = call.request.url
    # root_path is this host's mount point (/inszoom/api), so the link works in-process and on loopback.
    base = f"{url.scheme}://{url.netloc}{call.request.scope.get('root_path', '')}"
    return {
        "DocumentId": document.document_id,
        "FileName": document.file_name,
        "DownloadUrl": base + files.signed_path(call.store.signing_key, document.document_id, expires),
    }


def _file_endpoint(store: InsZoomStore, control: SimulatorControl) -> Handler:
    async def endpoint(request: Request) -> Response:
        if "authorization" in request.headers or SUBSCRIPTION_HEADER in request.headers:
            raise ApiError(
                403,
                "Download links are pre-signed; send no Authorization or Ocp-Apim-Subscription-Key header.",
            )
        document_id = request.path_params["documentId"]
        query = request.query_params
        problem = files.link_problem(
            store.signing_key, document_id, query.get("expires"), query.get("sig"), control.now()
        )
        if problem:
            raise ApiError(403, problem)
        document = store.documents.get(document_id)
        if document is None:  # deleted after the link was handed out
            raise ApiError(404, "Document not found")
        return Response(
            files.make_pdf(document.lines),
            media_type="application/pdf",
            headers={"Content-Disposition": files.content_disposition(document.file_name)},
        )

    return endpoint
