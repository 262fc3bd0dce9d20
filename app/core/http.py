"""One httpx.AsyncClient per vendor environment, with explicit limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from app import APP_NAME, __version__

USER_AGENT = f"{APP_NAME}/{__version__} (+httpx {httpx.__version__})"


def create_client(
    transport: httpx.AsyncBaseTransport | None = None,
    timeout_s: float = 30.0,
    max_connections: int = 10,
    event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
) -> httpx.AsyncClient:
    # TLS verification stays on (httpx's default); the system's proxy settings are honoured (trust_env).
    return httpx.AsyncClient(
        transport=transport,
        event_hooks=event_hooks,
        timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,
    )
