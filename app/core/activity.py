"""Every request the app sends, redacted, for the Activity panel and for escalations to a vendor.

Entries never hold a secret: credential headers and secret JSON keys are replaced
before the entry exists, so the panel, "Copy as curl" and the history file are safe
to share.  The history is capped and kept in the config directory.
"""

from __future__ import annotations

import contextvars
import json
import shlex
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset(
    {"authorization", "x-auth-token", "x-api-key", "iqr-session-token", "ocp-apim-subscription-key", "cookie"}
)
# JSON keys whose values are secrets wherever they appear (login bodies, token answers).
SECRET_KEYS = frozenset(
    {"password", "apitoken", "authorizationkey", "token", "access_token", "api_key", "apikey", "secret",
     # INSZoom's signed download link opens the document for anyone who has it.
     "downloadurl", "sig", "signature"}
)  # fmt: skip
# Answers that are themselves a secret: IQ Reseller's session start answers {"Data": "<token>"}.
SECRET_ANSWER_PATHS = ("/api/IntegrationAPI/Session", "/auth/login", "/api/v1.0/Auth")
BODY_LIMIT = 4_000  # characters kept of a body: enough to escalate, small enough to keep a history

# Which operation the request now being sent belongs to (set by the executor around each call).
current_operation: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "current_operation", default=("", "sign-in or sign-out")
)


def redact_headers(headers: httpx.Headers | dict[str, str]) -> dict[str, str]:
    return {k: (REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in dict(headers).items()}


def redact_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (REDACTED if str(k).lower() in SECRET_KEYS else redact_value(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    return value


def redact_text(text: str, path: str) -> str:
    """A JSON body with its secret keys replaced; a token answer replaced whole; other text truncated."""
    if not text:
        return ""
    try:
        parsed = json.loads(text)
    except ValueError:
        return text[:BODY_LIMIT]
    if path.endswith(SECRET_ANSWER_PATHS) and isinstance(parsed, dict):
        parsed = {k: REDACTED for k in parsed}
    return json.dumps(redact_value(parsed), ensure_ascii=False)[:BODY_LIMIT]


def redact_query(url: httpx.URL) -> str:
    params = [(k, REDACTED if k.lower() in SECRET_KEYS else v) for k, v in url.params.multi_items()]
    return str(url.copy_with(params=params)) if params else str(url)


@dataclass
class ActivityEntry:
    started_at: float
    vendor: str
    operation: str
    method: str
    url: str
    status: int | None
    duration_ms: int
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: str = ""
    response_body: str = ""
    error: str = ""

    def as_curl(self) -> str:
        """The request as a curl command a vendor's support can run (secrets stay redacted)."""
        parts = ["curl", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.request_headers.items():
            if name.lower() in ("content-length", "host", "accept-encoding", "connection"):
                continue
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body:
            parts += ["--data", shlex.quote(self.request_body)]
        return " ".join(parts)


Listener = Callable[[ActivityEntry], None]


class ActivityLog:
    def __init__(self, path: Path | None = None, capacity: int = 500) -> None:
        self.path = path
        self.capacity = capacity
        self.entries: deque[ActivityEntry] = deque(maxlen=capacity)
        self._listeners: list[Listener] = []
        self._lines_in_file = 0
        self._load()

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            for line in self.path.read_text(encoding="utf-8").splitlines():
                self.entries.append(ActivityEntry(**json.loads(line)))
                self._lines_in_file += 1
        except (OSError, ValueError, TypeError):
            self.entries.clear()  # a damaged history is dropped, never half-read

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def record(self, entry: ActivityEntry) -> None:
        self.entries.append(entry)
        self._append_to_file(entry)
        for listener in list(self._listeners):
            listener(entry)

    def _append_to_file(self, entry: ActivityEntry) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        self._lines_in_file += 1
        # Rewritten to the capped history only once the file holds twice as many lines: each request
        # appends one line, and the cost of a rewrite is spread over `capacity` requests.
        if self._lines_in_file >= 2 * self.capacity:
            self._rewrite()

    def _rewrite(self) -> None:
        assert self.path is not None
        lines = "".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in self.entries)
        self.path.write_text(lines, encoding="utf-8")
        self._lines_in_file = len(self.entries)

    def clear(self) -> None:
        self.entries.clear()
        self._lines_in_file = 0
        if self.path is not None and self.path.exists():
            self.path.write_text("", encoding="utf-8")


def _request_body(request: httpx.Request) -> str:
    try:
        content = request.content
    except httpx.RequestNotRead:
        return ""
    return redact_text(content.decode("utf-8", "replace"), request.url.path) if content else ""


def record_failure(log: ActivityLog, vendor: str, request: httpx.Request, error: Exception) -> None:
    """A request that got no answer at all (refused, timed out): logged with what went wrong."""
    started = float(request.extensions.get("switchboard_started", time.time()))
    log.record(
        ActivityEntry(
            started_at=started,
            vendor=vendor,
            operation=str(request.extensions.get("switchboard_operation", current_operation.get()[1])),
            method=request.method,
            url=redact_query(request.url),
            status=None,
            duration_ms=int((time.time() - started) * 1000),
            request_headers=redact_headers(request.headers),
            request_body=_request_body(request),
            error=type(error).__name__,
        )
    )


def event_hooks(log: ActivityLog, vendor: str) -> dict[str, list[Callable[..., Any]]]:
    """httpx event hooks that record each request of ``vendor``'s client in ``log``."""

    async def on_request(request: httpx.Request) -> None:
        request.extensions["switchboard_started"] = time.time()
        request.extensions["switchboard_operation"] = current_operation.get()[1]

    async def on_response(response: httpx.Response) -> None:
        request = response.request
        started = float(request.extensions.get("switchboard_started", time.time()))
        content_type = response.headers.get("content-type", "")
        body = ""
        if "json" in content_type or not content_type:
            await response.aread()  # small JSON answers only: a file download keeps streaming
            body = redact_text(response.text, request.url.path)
        log.record(
            ActivityEntry(
                started_at=started,
                vendor=vendor,
                operation=str(request.extensions.get("switchboard_operation", "")),
                method=request.method,
                url=redact_query(request.url),
                status=response.status_code,
                duration_ms=int((time.time() - started) * 1000),
                request_headers=redact_headers(request.headers),
                request_body=_request_body(request),
                response_body=body,
            )
        )

    return {"request": [on_request], "response": [on_response]}
