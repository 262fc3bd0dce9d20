"""Start ``python -m app sandbox`` on a free loopback port for tests that cross a real socket."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


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
