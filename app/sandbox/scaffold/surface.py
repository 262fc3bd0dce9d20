"""A vendor's HTTP surface: its endpoints as one Starlette app answering in its error shape.

Methods are checked here, before any key, so an unknown path (404) or a wrong
method (405, with ``Allow`` listing the methods in the order the vendor declares
them) is reported as such even without credentials.  HEAD is answered only where a
vendor lists it.  Paths are exact: ``/x/`` is not ``/x`` (no redirects).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from app.sandbox.scaffold.errors import ApiError, ErrorShape

# A handler answers JSON-able data (sent as a 200) or a Response of its own, and refuses by raising ApiError.
Handler = Callable[[Request], Awaitable[Any]]

# The methods of a read, as Starlette answers them by default: HEAD wherever GET.
READ = ("GET", "HEAD")


@dataclass(frozen=True)
class Endpoint:
    path: str  # below the host's mount point, in Starlette's syntax: /client/{clientId}
    handler: Handler
    methods: tuple[str, ...] = ("POST",)


def vendor_app(errors: ErrorShape, endpoints: Sequence[Endpoint]) -> Starlette:
    """One host of a vendor: ``endpoints`` answering, and refusing, in the shape ``errors``."""

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:  # the only refusal the router makes itself: methods are checked per endpoint
            return errors.response(ApiError(404, errors.not_found(request)))
        return errors.response(errors.fault(status))

    async def internal_error(request: Request, exc: Exception) -> Response:
        return errors.response(errors.internal)

    app = Starlette(
        routes=[Route(e.path, _Answer(errors, e)) for e in endpoints],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
    )
    app.router.redirect_slashes = False
    return app


class _Answer:
    """One endpoint as a plain ASGI app, so that Starlette routes every method to it and this checks them."""

    def __init__(self, errors: ErrorShape, endpoint: Endpoint) -> None:
        self._errors = errors
        self._handler = endpoint.handler
        self._allowed = endpoint.methods
        self._allow_header = {"Allow": ", ".join(endpoint.methods)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self._respond(request)
        await response(scope, receive, send)

    async def _respond(self, request: Request) -> Response:
        try:
            if request.method not in self._allowed:
                message = self._errors.method_not_allowed(request, self._allowed)
                raise ApiError(405, message, headers=self._allow_header)
            result = await self._handler(request)
        except ApiError as error:
            return self._errors.response(error)
        return result if isinstance(result, Response) else JSONResponse(result)


def route_path(request: Request) -> str:
    """The request's path below the host's mount point (``/oneoffice/api`` and the like)."""
    path: str = request.scope["path"]
    root: str = request.scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def media_types(value: str) -> list[str]:
    """The media types of a Content-Type or Accept value, without parameters, lower case."""
    return [part.split(";")[0].strip().lower() for part in value.split(",")]


def content_type(request: Request) -> str:
    return media_types(request.headers.get("content-type", ""))[0]


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def read_json(raw: bytes) -> Any:
    """A JSON body as RFC 8259 has it: UTF-8, and no NaN or Infinity (ValueError otherwise)."""
    return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
