"""The query string of IQ Reseller's GET methods, read strictly.

Parameter names are matched without regard to case: the integrations page itself
writes them both ways (``SOid``, ``cvid``), as a WCF service reads them.  A name the
method does not take, a name given twice, a missing required one and a value that
is not a whole number are each a 400 naming the parameter as the page spells it.
"""

from __future__ import annotations

import re

from starlette.requests import Request

from app.sandbox.scaffold.errors import ApiError

_WHOLE = re.compile(r"[0-9]+")


def whole_numbers(
    request: Request, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, int]:
    """The parameters sent, by their documented spelling; each a whole number (0 or more)."""
    spelling = {name.casefold(): name for name in (*required, *optional)}
    values: dict[str, int] = {}
    for sent, raw in request.query_params.multi_items():
        name = spelling.get(sent.casefold())
        if name is None:
            raise ApiError(400, f"Unknown parameter: {sent}.")
        if name in values:
            raise ApiError(400, f"{name} is given more than once.")
        if not _WHOLE.fullmatch(raw):
            raise ApiError(400, f"{name} must be a whole number (it is {raw!r}).")
        values[name] = int(raw)
    missing = [name for name in required if name not in values]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise ApiError(400, f"{' and '.join(missing)} {verb} required in the query string.")
    return values


def positive_id(request: Request, name: str) -> int:
    """The one parameter of a look-up by id: a whole number of 1 or more."""
    value = whole_numbers(request, (name,))[name]
    if value < 1:
        raise ApiError(400, f"{name} must be a positive whole number.")
    return value
