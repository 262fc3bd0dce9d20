"""Every request the app sends, redacted, for the Activity panel and for escalations to a vendor.

Entries never hold a secret: the credential headers and secret JSON keys each vendor
declares (:class:`Redaction`, derived from its auth strategy and credential fields) are
replaced before the entry exists, and every value the process holds as secret
(:mod:`app.core.secrets`) is replaced wherever it appears, so the panel, "Copy as curl"
and the history file are safe to share.  The history is capped and kept in the config
directory.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import shlex
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from app.core.secrets import REDACTED, cut, redact_known

if TYPE_CHECKING:
    from app.contract.vendor import VendorDefinition

# HTTP's own credential headers: secret whoever sends them.
HTTP_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
# JSON keys and query parameters that mean a secret in any API, the signature of a signed link among
# them.  A vendor's own names come from its declaration (see Redaction.for_vendor).
GENERAL_SECRET_KEYS = frozenset(
    {"password", "secret", "client_secret", "token", "access_token", "refresh_token", "api_key", "apikey",
     "sig", "signature"}
)  # fmt: skip
BODY_LIMIT = 4_000  # characters kept of a body: enough to escalate, small enough to keep a history
_REDACTED_JSON = json.dumps(REDACTED)
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_Item = TypeVar("_Item")

# Which operation the request now being sent belongs to (set by the executor around each call).
current_operation: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "current_operation", default=("", "sign-in or sign-out")
)


@dataclass(frozen=True)
class Redaction:
    """What is secret in one vendor's requests and answers: headers, JSON keys and query parameters
    (lower case), and the paths whose answer is itself a token (its sign-in)."""

    secret_headers: frozenset[str] = HTTP_SECRET_HEADERS
    secret_keys: frozenset[str] = GENERAL_SECRET_KEYS
    token_paths: tuple[str, ...] = ()

    @classmethod
    def for_vendor(cls, definition: VendorDefinition) -> Redaction:
        """From the vendor's declaration: its auth strategy's headers, sign-in keys and sign-in paths,
        the names of its credential fields declared secret, and the answer keys it declares secret."""
        strategy = definition.make_auth()
        fields = {spec.name.lower() for spec in definition.credential_fields if spec.secret}
        answers = {key.lower() for key in definition.secret_answer_keys}
        return cls(
            HTTP_SECRET_HEADERS | strategy.secret_headers,
            GENERAL_SECRET_KEYS | strategy.secret_keys | fields | answers,
            strategy.token_paths,
        )

    def headers(self, headers: httpx.Headers | Mapping[str, str]) -> dict[str, str]:
        return {k: (REDACTED if k.lower() in self.secret_headers else v) for k, v in dict(headers).items()}

    def value(self, value: Any) -> Any:
        """Decoded JSON with the value of every secret key replaced, at any depth."""
        if isinstance(value, dict):
            keys = self.secret_keys
            return {k: (REDACTED if str(k).lower() in keys else self.value(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value

    def text(self, text: str, path: str) -> str:
        """A JSON body with its secret keys replaced; a token answer replaced whole; other text truncated.

        A JSON body becomes ``json.dumps(self.value(json.loads(text)), ensure_ascii=False)``
        cut to ``BODY_LIMIT``, but only what is kept is redacted and encoded, and an array is
        decoded only as far as that: every answer passes through here, and a page of a hundred
        records costs what its first few do.
        """
        if not text:
            return ""
        secret_answer = bool(self.token_paths) and path.endswith(self.token_paths)
        start = _after_space(text, 0)
        try:
            if text.startswith("[", start) and not secret_answer:
                items = _array_items(text, start)
                encoded = _joined("[", "]", items, self._encoded, BODY_LIMIT)
            else:
                parsed = json.loads(text)
                if secret_answer and isinstance(parsed, dict):
                    parsed = {k: REDACTED for k in parsed}
                encoded = self._encoded(parsed, BODY_LIMIT)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than any record would be
            # Text that is not JSON has no keys to redact; an unreadable token answer may hold the token.
            return REDACTED if secret_answer else cut(text, BODY_LIMIT)
        return cut(encoded, BODY_LIMIT)

    def query(self, url: httpx.URL) -> str:
        """The URL as sent, without a user name and password and with its secret parameters redacted."""
        if url.userinfo:  # refused where addresses are entered; never kept if one gets through
            url = url.copy_with(userinfo=b"")
        params = url.params.multi_items()
        keys = self.secret_keys
        if not any(k.lower() in keys for k, _ in params):
            return str(url)  # as sent: rebuilding a URL costs more than the rest of an entry
        return str(url.copy_with(params=[(k, REDACTED if k.lower() in keys else v) for k, v in params]))

    def _encoded(self, value: Any, budget: int) -> str:
        """``json.dumps(self.value(value), ensure_ascii=False)`` for decoded JSON, or a prefix of it
        at least ``budget`` characters long.

        Lists and objects that hold lists or objects (a page of records, an answer wrapping a
        page) are encoded one item at a time until the budget is spent; the others are encoded
        whole, which is faster than taking them apart.
        """
        if isinstance(value, list):
            if any(isinstance(item, list | dict) for item in value):
                return _joined("[", "]", value, self._encoded, budget)
            return json.dumps(value, ensure_ascii=False)  # no object inside: nothing to redact
        if isinstance(value, dict):
            if any(isinstance(item, list | dict) for item in value.values()):
                return _joined("{", "}", value.items(), self._member, budget)
            keys = self.secret_keys
            flat = {k: (REDACTED if str(k).lower() in keys else v) for k, v in value.items()}
            return json.dumps(flat, ensure_ascii=False)
        return json.dumps(value, ensure_ascii=False)

    def _member(self, member: tuple[str, Any], budget: int) -> str:
        """One member of an object, its value redacted if its key names a secret."""
        key, value = member
        name = json.dumps(key, ensure_ascii=False) + ": "
        if str(key).lower() in self.secret_keys:
            return name + _REDACTED_JSON
        return name + self._encoded(value, budget - len(name))


# For text of no known vendor (the log file's JSON messages, tests): HTTP's and the general names.
GENERAL = Redaction()


def _array_items(text: str, start: int) -> Iterator[Any]:
    """The items of the JSON array at ``text[start]``, each decoded only when it is asked for.

    Raises ValueError where the text stops being that array, as far as it is read.
    """
    position = _after_space(text, start + 1)
    if text.startswith("]", position):
        end = position + 1
    else:
        while True:
            item, position = _DECODER.raw_decode(text, position)
            yield item
            position = _after_space(text, position)
            if text.startswith(",", position):
                position = _after_space(text, position + 1)
            elif text.startswith("]", position):
                end = position + 1
                break
            else:
                raise ValueError(f"Expecting ',' or ']' at {position}")
    if _after_space(text, end) != len(text):
        raise ValueError(f"Extra data at {end}")


def _after_space(text: str, position: int) -> int:
    """Where the next JSON token starts: JSON allows spaces, tabs and line ends between tokens."""
    space = _SPACE.match(text, position)
    assert space is not None  # the pattern matches the empty string too
    return space.end()


def _joined(
    opening: str, closing: str, items: Iterable[_Item], encode: Callable[[_Item, int], str], budget: int
) -> str:
    """A list's or an object's encoding, its items encoded only while fewer than ``budget`` characters are."""
    parts: list[str] = []
    size = len(opening)
    for item in items:
        if parts:
            size += 2  # the ", " before this item
        part = encode(item, budget - size)
        parts.append(part)
        size += len(part)
        if size >= budget:
            return opening + ", ".join(parts)  # the rest would be cut off
    return opening + ", ".join(parts) + closing


_log = logging.getLogger(__name__)


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
        # Each entry's line as written: a rewrite joins them instead of encoding 500 entries again on
        # the window's thread (36 ms in the sync benchmark).
        self._lines: deque[str] = deque(maxlen=capacity)
        self._listeners: list[Listener] = []
        self._lines_in_file = 0
        self.file_problem = ""  # why the history file could not be written ('' while it can)
        self._load()

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            for line in self.path.read_text(encoding="utf-8").splitlines():
                self.entries.append(ActivityEntry(**json.loads(line)))
                self._lines.append(line + "\n")
                self._lines_in_file += 1
        except (OSError, ValueError, TypeError):
            self.entries.clear()  # a damaged history is dropped, never half-read
            self._lines.clear()

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def record(self, entry: ActivityEntry) -> None:
        _without_known_secrets(entry)
        self.entries.append(entry)
        try:
            self._append_to_file(entry)
        except OSError as exc:
            # A full disk or a read-only folder must not fail the request this entry describes: the
            # Activity panel still lists it, and the file is tried again with the next one.
            self._file_failed(exc)
        else:
            self.file_problem = ""
        for listener in list(self._listeners):
            listener(entry)

    def _file_failed(self, error: OSError) -> None:
        if not self.file_problem:
            _log.warning("The activity history file %s could not be written: %s", self.path, error)
        self.file_problem = f"The activity history could not be saved ({error.strerror or error})."

    def _append_to_file(self, entry: ActivityEntry) -> None:
        if self.path is None:
            return
        line = _line(entry)
        self._lines.append(line)
        try:
            self._append(line)
        except FileNotFoundError:
            # The folder is created when it is missing, not checked for on every answer.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._append(line)
        self._lines_in_file += 1
        # Rewritten to the capped history only once the file holds twice as many lines: each request
        # appends one line, and the cost of a rewrite is spread over `capacity` requests.
        if self._lines_in_file >= 2 * self.capacity:
            self._rewrite()

    def _append(self, line: str) -> None:
        assert self.path is not None
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line)

    def _rewrite(self) -> None:
        assert self.path is not None
        self.path.write_text("".join(self._lines), encoding="utf-8")
        self._lines_in_file = len(self._lines)

    def clear(self) -> None:
        self.entries.clear()
        self._lines.clear()
        self._lines_in_file = 0
        if self.path is not None and self.path.exists():
            try:
                self.path.write_text("", encoding="utf-8")
            except OSError as exc:
                self._file_failed(exc)


def _without_known_secrets(entry: ActivityEntry) -> None:
    """Every value held as secret, in any spelling, out of the entry (a vendor may echo a key)."""
    entry.url = redact_known(entry.url)
    entry.request_headers = {name: redact_known(value) for name, value in entry.request_headers.items()}
    entry.request_body = redact_known(entry.request_body)
    entry.response_body = redact_known(entry.response_body)
    entry.error = redact_known(entry.error)


def _line(entry: ActivityEntry) -> str:
    # vars(), not asdict(): the fields are plain values, so asdict's deep copy would be wasted work.
    # ASCII with escapes: an answer may hold a lone surrogate (valid JSON), which UTF-8 cannot write.
    return json.dumps(vars(entry)) + "\n"


def _request_body(request: httpx.Request, redaction: Redaction) -> str:
    try:
        content = request.content
    except httpx.RequestNotRead:
        return ""
    return redaction.text(content.decode("utf-8", "replace"), request.url.path) if content else ""


def record_failure(
    log: ActivityLog, vendor: str, request: httpx.Request, error: Exception, redaction: Redaction = GENERAL
) -> None:
    """A request that got no answer at all (refused, timed out): logged with what went wrong."""
    started = float(request.extensions.get("switchboard_started", time.time()))
    log.record(
        ActivityEntry(
            started_at=started,
            vendor=vendor,
            operation=str(request.extensions.get("switchboard_operation", current_operation.get()[1])),
            method=request.method,
            url=redaction.query(request.url),
            status=None,
            duration_ms=int((time.time() - started) * 1000),
            request_headers=redaction.headers(request.headers),
            request_body=_request_body(request, redaction),
            error=type(error).__name__,
        )
    )


def event_hooks(
    log: ActivityLog, vendor: str, redaction: Redaction = GENERAL
) -> dict[str, list[Callable[..., Any]]]:
    """httpx event hooks that record each request of ``vendor``'s client in ``log``, redacted."""

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
            body = redaction.text(response.text, request.url.path)
        log.record(
            ActivityEntry(
                started_at=started,
                vendor=vendor,
                operation=str(request.extensions.get("switchboard_operation", "")),
                method=request.method,
                url=redaction.query(request.url),
                status=response.status_code,
                duration_ms=int((time.time() - started) * 1000),
                request_headers=redaction.headers(request.headers),
                request_body=_request_body(request, redaction),
                response_body=body,
            )
        )

    return {"request": [on_request], "response": [on_response]}
