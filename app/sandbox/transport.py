"""The in-process route to the simulators: an httpx transport that builds them on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from app.sandbox.registry import Sandbox

# The in-process simulators' origin: a reserved name (.invalid), so nothing can ever resolve it.
IN_PROCESS_ORIGIN = "http://sandbox.switchboard.invalid"


def sandbox_base_url(vendor: str, host: str, origin: str = IN_PROCESS_ORIGIN) -> str:
    return f"{origin}/{vendor}/{host}"


class InProcessSandbox:
    """Owns one set of simulators for the whole app; built lazily to keep start-up fast."""

    def __init__(self, sandbox: Sandbox | None = None, vendors: list[str] | None = None) -> None:
        self._sandbox = sandbox
        self._vendors = vendors
        self._transport: httpx.ASGITransport | None = None

    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            # Imported on the first sandbox request, not at start-up: the simulators need starlette.
            from app.sandbox.registry import build_sandbox

            self._sandbox = build_sandbox(self._vendors)
        return self._sandbox

    def transport(self) -> httpx.AsyncBaseTransport:
        return _LazyTransport(self)

    def asgi_transport(self) -> httpx.ASGITransport:
        if self._transport is None:
            # A simulator bug answers 500 like a real server would, instead of raising into the app.
            self._transport = httpx.ASGITransport(app=self.sandbox.app, raise_app_exceptions=False)
        return self._transport


class _LazyTransport(httpx.AsyncBaseTransport):
    def __init__(self, owner: InProcessSandbox) -> None:
        self._owner = owner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._owner.asgi_transport().handle_async_request(request)
