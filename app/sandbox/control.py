"""Knobs shared by every simulator: latency, injected faults, malformed bodies, a clock.

Simulators read the clock through ``control.now()`` so tests can expire tokens by
calling ``control.advance(seconds)`` instead of sleeping.  Faults and latency are
applied by :class:`FaultMiddleware` before a request reaches the simulator's routes.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# What a vendor answers when a fault is injected: status -> JSON body in its shape.
FaultBody = Callable[[int], Any]

MALFORMED_BODY = b'{"status": "succ'


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the simulator received it (kept for tests that check the wire)."""

    host: str
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class SimulatorControl:
    """Per-simulator knobs. Every field can be changed while the simulator runs."""

    latency_s: float = 0.0
    token_lifetime_s: float | None = None  # None: the vendor's documented lifetime
    fail_status: int = 500
    fail_remaining: int = 0
    malformed_remaining: int = 0
    clock_offset_s: float = 0.0
    journal: deque[RecordedRequest] = field(default_factory=lambda: deque(maxlen=2000))

    def now(self) -> float:
        """Seconds since the epoch, as the simulator sees them."""
        return time.time() + self.clock_offset_s

    def advance(self, seconds: float) -> None:
        """Move the simulator's clock forward (expires tokens without waiting)."""
        self.clock_offset_s += seconds

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next ``count`` requests with ``status`` in the vendor's error shape."""
        self.fail_remaining = count
        self.fail_status = status

    def malformed_next(self, count: int) -> None:
        """Answer the next ``count`` requests with a truncated JSON body."""
        self.malformed_remaining = count

    def lifetime(self, documented_s: float) -> float:
        return documented_s if self.token_lifetime_s is None else self.token_lifetime_s

    def apply(self, settings: dict[str, Any]) -> None:
        """Apply knobs given as JSON (the loopback control endpoint and the CLI use this)."""
        if "latency_ms" in settings:
            self.latency_s = float(settings["latency_ms"]) / 1000
        if "token_lifetime_s" in settings:
            value = settings["token_lifetime_s"]
            self.token_lifetime_s = None if value is None else float(value)
        if "fail_next" in settings:
            spec = settings["fail_next"]
            self.fail_next(int(spec.get("count", 1)), int(spec.get("status", 500)))
        if "malformed_next" in settings:
            self.malformed_next(int(settings["malformed_next"]))
        if "advance_s" in settings:
            self.advance(float(settings["advance_s"]))

    def requests_to(self, path_suffix: str, method: str | None = None) -> list[RecordedRequest]:
        return [
            r for r in self.journal if r.path.endswith(path_suffix) and (method is None or r.method == method)
        ]


class FaultMiddleware:
    """Wraps one simulator host: records the request, then applies latency and faults."""

    def __init__(self, app: ASGIApp, control: SimulatorControl, host: str, fault_body: FaultBody):
        self._app = app
        self._control = control
        self._host = host
        self._fault_body = fault_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        body = await _read_body(receive)
        self._record(scope, body)
        control = self._control
        if control.latency_s > 0:
            await asyncio.sleep(control.latency_s)
        if control.fail_remaining > 0:
            control.fail_remaining -= 1
            payload = json.dumps(self._fault_body(control.fail_status)).encode()
            await _send_raw(send, control.fail_status, payload)
            return
        if control.malformed_remaining > 0:
            control.malformed_remaining -= 1
            await _send_raw(send, 200, MALFORMED_BODY)
            return
        await self._app(scope, _replay(body), send)

    def _record(self, scope: Scope, body: bytes) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self._control.journal.append(
            RecordedRequest(
                host=self._host,
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                headers=headers,
                body=body,
            )
        )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _send_raw(send: Send, status: int, payload: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
