"""Servers on a free loopback port for tests that cross a real socket: ``python -m app sandbox``, and a
hostile server that echoes what it receives."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def serve_sandbox(*vendors: str) -> Iterator[dict[str, str]]:
    """Yields the printed lines as {"<vendor> <host>": url, "<vendor> demo-credentials": "k=v, ..."}."""
    command = [sys.executable, "-m", "app", "sandbox", "--port", "0"]
    for vendor in vendors:
        command += ["--vendor", vendor]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    lines: dict[str, str] = {}
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Press Ctrl+C"):
                break
            # "<vendor> <host or 'demo-credentials'> <value>"
            vendor, what, value = line.strip().split(" ", 2)
            lines[f"{vendor} {what}"] = value
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=10)


# Where the history cuts a body (app/core/activity.py's BODY_LIMIT): the echo puts a key across it.
HISTORY_BODY_LIMIT = 4_000


def echoed_spellings(value: str) -> dict[str, str]:
    """How a hostile or careless server writes back a value it received, by name: as is, as PHP and
    .NET write JSON, HTML-escaped, in base64."""
    import base64
    import html

    kept = "/=-_.~"  # what .NET's encoder writes as it is, besides ASCII letters and digits
    dotnet = "".join(c if (c.isascii() and c.isalnum()) or c in kept else f"\\u{ord(c):04X}" for c in value)
    return {
        "plain": value,
        "php-json": json.dumps(value)[1:-1].replace("/", "\\/"),
        "dotnet-json": dotnet,
        "html": html.escape(value),
        "base64": base64.b64encode(value.encode()).decode(),
        "base64-url": base64.urlsafe_b64encode(value.encode()).decode().rstrip("="),
    }


@contextmanager
def serve_echo(status: int = 400) -> Iterator[list[dict[str, Any]]]:
    """A server on a free loopback port that answers every request with ``status`` and a JSON error
    whose message echoes every header value and JSON string it received, in every spelling of
    :func:`echoed_spellings`, the longest of them placed across the history's cut.

    Yields the list of requests received (method, path, headers, body); its ``url`` attribute is
    the server's address."""
    received = _Received()

    class Echo(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            received.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                             "body": body})  # fmt: skip
            values = sorted({*self.headers.values(), *_strings_in(body)}, key=len, reverse=True)
            # '{"message": "' is 13 characters: the longest value starts 8 characters before the cut.
            message = "a" * (HISTORY_BODY_LIMIT - 13 - 8) + (values[0] if values else "")
            for value in values:
                message += " | " + " ".join(
                    f"{name}: {form}" for name, form in echoed_spellings(value).items()
                )
            # Where each vendor's error shape puts its sentence.
            error = {"code": "invalid", "message": message}
            answer = json.dumps({"message": message, "error": error, "Message": message, "status": False})
            encoded = answer.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, *args: Any) -> None:  # quiet: the test reads what was received instead
            pass

    with _serving(Echo, received):
        yield received


class _Received(list[dict[str, Any]]):
    url = ""


def _strings_in(body: str) -> list[str]:
    try:
        parsed = json.loads(body)
    except ValueError:
        return [body] if body else []
    found: list[str] = []
    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@contextmanager
def serve_endless_json(chunk: int = 1024 * 1024) -> Iterator[_Received]:
    """A server that answers every request 200 with a chunked JSON array that never ends (a hostile
    or broken vendor); ``sent`` on the yielded list counts the bytes it managed to send."""
    received = _Received()
    received.sent = 0  # type: ignore[attr-defined]

    class Endless(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            received.append({"method": self.command, "path": self.path})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            piece = b'["' + b"x" * (chunk - 4) + b'",'
            try:
                self.wfile.write(b"1\r\n[\r\n")
                while received.sent < 4 * 1024**3:  # type: ignore[attr-defined]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    received.sent += len(piece)  # type: ignore[attr-defined]
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what is being tested

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    with _serving(Endless, received):
        yield received


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], received: _Received) -> Iterator[None]:
    """``handler`` on a free loopback port, in a thread, for the ``with`` block; its address in
    ``received.url``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    received.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
