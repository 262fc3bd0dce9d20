"""The in-process route to the simulators: an httpx transport that builds them on first use."""

from __future__ import annotations

import asyncio
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
            self._sandbox = self._build()
        return self._sandbox

    async def prepare(self) -> None:
        """Build the simulators on a worker thread (~125 ms of seeding), not on the caller's."""
        if self._sandbox is None:
            built = await asyncio.to_thread(self._build)
            if self._sandbox is None:  # a request may have needed it meanwhile and built it itself
                self._sandbox = built

    def _build(self) -> Sandbox:
        # Imported on first use, not at start-up: the simulators need starlette.
        from app.sandbox.registry import build_sandbox

        return build_sandbox(self._vendors)

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
