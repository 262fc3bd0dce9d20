"""The generic call: any IQ Reseller method, as its document and as real integrations send it.

iqreseller.txt shows ``POST {api}/webapi.svc/{Area}/json/{Method}`` with a JSON body; integrations
(iqreseller-integrations.md) also send ``GET …/webapi.svc/SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0``,
``POST …/SO/UDFS/JSON`` and the XML form ``SO/XML/GetSOs``.  So the method is named either by its area
and method (POST ``{area}/json/{method}``, the document's form) or by its path after ``webapi.svc/``
exactly as IQ Reseller's method list writes it, query string included; the verb is POST unless GET is
chosen, and a GET carries no body.  The path is sent as typed, so it is checked to stay below
``webapi.svc/``: nothing that a URL parser would resolve elsewhere (``..``, an address, a backslash).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from app.contract.spec import Placement
from app.core.prepare import with_query

BASE = "/webapi.svc/"
_NAME = re.compile(r"[A-Za-z0-9_]+")
# "https:", "mailto:", "C:": a scheme (or a drive) before any slash.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
EXAMPLE = "SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0"
WHICH_PART = f"Enter only what follows webapi.svc/, e.g. {EXAMPLE}."


def path_problem(path: str) -> str:
    """Why ``path`` cannot be sent below webapi.svc/ as typed ("" when it can)."""
    if _CONTROL.search(path):
        return "The path cannot hold tabs, line breaks or other control characters."
    if "\\" in path:
        return "The path cannot hold a backslash; separate its parts with /."
    if any(char.isspace() for char in path):
        return "The path cannot hold spaces; write a space in a value as %20."
    if "#" in path:
        return "The path cannot hold #: what follows it would never be sent."
    if path.startswith("/") or _SCHEME.match(path) or path.lower().startswith("webapi.svc"):
        return WHICH_PART
    route = path.partition("?")[0]
    if not route:
        return f"Name the method before the query string, e.g. {EXAMPLE}."
    for segment in route.split("/"):
        # Decoded as a server would: %2e%2e is "..", %2f a slash in the middle of a name.
        decoded = unquote(segment)
        if decoded in (".", "..") or "/" in decoded or "\\" in decoded:
            return f"The path cannot hold “{segment}”: it would leave webapi.svc/. {WHICH_PART}"
    return ""


def names_one_method(values: Mapping[str, Any]) -> dict[str, str]:
    """The path, or the area and the method: one of the two ways, and each part plain."""
    path, area, method = (values.get(name) for name in ("path", "area", "method"))
    if path is not None:
        if area is not None or method is not None:
            return {"path": "Give the method's path, or its area and method, not both."}
        problem = path_problem(str(path))
        return {"path": problem} if problem else {}
    if area is None and method is None:
        return {"path": f"Give the method's path (e.g. {EXAMPLE}), or its area and method."}
    errors: dict[str, str] = {}
    for name, label, example in (("area", "Area", "CV"), ("method", "Method", "GetCVs")):
        given = values.get(name)
        if given is None:
            errors[name] = f"{label} is required."
        elif not _NAME.fullmatch(str(given)):
            errors[name] = f"Enter the name alone, in letters and digits (e.g. {example})."
    return errors


def get_sends_no_body(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("http_method") == "GET" and "body" in values:
        return {"body": "A GET sends no body: leave it out (no --body), or send the method with POST."}
    return {}


def place(values: Mapping[str, Any]) -> Placement:
    """The request the checked values name: the path as typed, then the query rows in their order."""
    if "path" in values:
        target = BASE + str(values["path"])
    else:
        target = f"{BASE}{values['area']}/json/{values['method']}"
    target = with_query(target, values.get("query") or {})
    if values.get("http_method") == "GET":
        return Placement("GET", target)
    return Placement("POST", target, values.get("body", {}), has_body=True)
