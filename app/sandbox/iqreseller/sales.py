"""The methods real integrations call (iqreseller-integrations.md, "What integrations send").

Reads take their parameters from the query string (:mod:`.query`) and answer
records of the store; ``SO/UDFS/JSON`` changes an order's own fields.  The request
checks every api method shares (Accept, session token, no body on a GET) are made
by the routes before these run.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from app.sandbox.iqreseller.query import positive_id, whole_numbers
from app.sandbox.iqreseller.store import IqrStore
from app.sandbox.scaffold.errors import ApiError

# What IQ Reseller answers for a page past the last one (the page's words; a .NET null dereference).
PAST_THE_END = "Object reference not set to an instance of an object."
# The fields SO/UDFS/JSON may change, as the page's example body names them.
ORDER_OWN_FIELDS = (*(f"userdefined{n}" for n in range(1, 6)), "lastupdatedby")


def get_sos(store: IqrStore, request: Request) -> list[dict[str, Any]]:
    """One 0-based page of sales orders, each with its ``SODetails``; ``Page=0&PageSize=0`` is all.

    ``Page=0`` always answers (an empty list when there are no orders); any later
    page that starts at or past the last order is IQ Reseller's 500.
    """
    params = whole_numbers(request, ("Page", "PageSize"), ("SortBy",))
    if params.get("SortBy", 0) != 0:
        raise ApiError(400, f"SortBy {params['SortBy']} is not known to the sandbox; SortBy=0 is soid order.")
    page, size = params["Page"], params["PageSize"]
    if size == 0:  # no paging: everything is page 0, and there is no page 1
        size = max(len(store.orders), 1)
    chosen = store.orders[page * size : (page + 1) * size]
    if page > 0 and not chosen:
        raise ApiError(500, PAST_THE_END)
    return [_with_lines(store, order) for order in chosen]


def get_so_details(store: IqrStore, request: Request) -> list[dict[str, Any]]:
    soid = positive_id(request, "SOid")
    if store.order(soid) is None:
        raise ApiError(404, f"Sales order {soid} not found.")
    return [dict(line) for line in store.order_lines.get(soid, [])]


def get_contacts_by_cvid(store: IqrStore, request: Request) -> list[dict[str, Any]]:
    cvid = positive_id(request, "cvid")
    if store.cv(cvid) is None:
        raise ApiError(404, f"CV {cvid} not found.")
    return [dict(contact) for contact in store.contacts.get(cvid, [])]


def get_conditions(store: IqrStore, request: Request) -> list[dict[str, Any]]:
    whole_numbers(request, ())  # takes no parameters: refuses any
    return [dict(condition) for condition in store.conditions]


def get_inventories_by_po_id(store: IqrStore, request: Request) -> list[dict[str, Any]]:
    poid = positive_id(request, "POId")
    if poid not in store.po_inventories:
        raise ApiError(404, f"PO {poid} not found.")
    return [dict(row) for row in store.po_inventories[poid]]


def get_item_by_item_id(store: IqrStore, request: Request) -> dict[str, Any]:
    item_id = positive_id(request, "ItemId")
    item = store.item(item_id)
    if item is None:
        raise ApiError(404, f"Item {item_id} not found.")
    return dict(item)


def update_order_fields(store: IqrStore, body: dict[str, Any]) -> list[dict[str, Any]]:
    """``{"sos": [{"soid", <own fields>…}, …]}``: all checked, then all applied; answers the orders."""
    if body.keys() != {"sos"}:
        unknown = sorted(body.keys() - {"sos"})
        raise ApiError(400, f"Unknown parameter(s): {', '.join(unknown)}." if unknown else "sos is required.")
    entries = body["sos"]
    if not isinstance(entries, list) or not entries:
        raise ApiError(400, "sos must be a non-empty list of sales orders.")
    changes = [_change(store, position, entry) for position, entry in enumerate(entries, start=1)]
    for order, fields in changes:
        order.update(fields)
    return [_with_lines(store, order) for order, _fields in changes]


def _change(store: IqrStore, position: int, entry: Any) -> tuple[dict[str, Any], dict[str, str]]:
    where = f"sos[{position}]"
    if not isinstance(entry, dict):
        raise ApiError(400, f"{where} must be an object.")
    unknown = sorted(entry.keys() - {"soid", *ORDER_OWN_FIELDS})
    if unknown:
        raise ApiError(400, f"{where}: unknown field(s) {', '.join(unknown)}.")
    soid = entry.get("soid")
    if isinstance(soid, bool) or not isinstance(soid, int) or soid < 1:
        raise ApiError(400, f"{where}: soid must be a positive whole number.")
    fields = {key: value for key, value in entry.items() if key != "soid"}
    if not fields:
        raise ApiError(400, f"{where} changes nothing: give {', '.join(ORDER_OWN_FIELDS)}.")
    for key, value in fields.items():
        if not isinstance(value, str):
            raise ApiError(400, f"{where}: {key} must be a string.")
    order = store.order(soid)
    if order is None:
        raise ApiError(404, f"Sales order {soid} not found.")
    return order, fields


def _with_lines(store: IqrStore, order: dict[str, Any]) -> dict[str, Any]:
    return {**order, "SODetails": [dict(line) for line in store.order_lines.get(order["soid"], [])]}
