"""Refusals in the vendor's own shape: one exception, one renderer a vendor declares.

Each simulator raises :class:`ApiError` wherever it says no; the vendor's
:class:`ErrorShape` turns it into the JSON body its document shows.  The same shape
answers unknown paths, wrong methods, bugs in the simulator and injected faults, so
a client never meets a plain-text or foreign error from the sandbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse


class ApiError(Exception):
    """An answer other than success.

    ``code`` is a vendor's machine-readable error name where its shape has one;
    ``errors`` names each bad field where its shape lists them (field -> why).
    """

    def __init__(
        self,
        status: int,
        message: str = "",
        *,
        code: str | None = None,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.errors = errors
        self.headers = headers


@dataclass(frozen=True)
class ErrorShape:
    """How one vendor says no, declared by its package and rendered by :meth:`response`."""

    body: Callable[[ApiError], Any]  # the documented error body
    fault: Callable[[int], ApiError]  # what an injected fault with this status says
    not_found: Callable[[Request], str]  # a path the vendor does not have
    method_not_allowed: Callable[[Request, Sequence[str]], str]  # the method, then the allowed ones
    internal: ApiError  # a bug in the simulator, answered as the vendor's own 500

    def response(self, error: ApiError) -> JSONResponse:
        return JSONResponse(self.body(error), status_code=error.status, headers=error.headers)

    def fault_body(self, status: int) -> Any:
        """The body of an injected fault (the knobs' ``fail_next``)."""
        return self.body(self.fault(status))


def phrase(status: int, unknown: str) -> str:
    """The standard reason phrase of ``status`` ("Service Unavailable"), or ``unknown``."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return unknown
