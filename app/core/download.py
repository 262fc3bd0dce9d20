"""Stream a file to disk with progress; a cancelled or failed download leaves no partial file."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import httpx

from app.contract.errors import NetworkError, RemoteError
from app.core.limits import UNBOUNDED

# (bytes received so far, total bytes or None when the server does not say)
ProgressListener = Callable[[int, int | None], None]
CHUNK_BYTES = 64 * 1024


async def download(
    client: httpx.AsyncClient, url: str, target: Path, on_progress: ProgressListener | None = None
) -> int:
    """Fetch ``url`` (a signed link: no vendor headers are sent) into ``target``; answers the size."""
    partial = target.with_name(target.name + ".part")
    received = 0
    try:
        # Read whole, however large: a download has its own progress and Cancel.
        async with client.stream("GET", url, extensions={UNBOUNDED: True}) as response:
            if not response.is_success:
                raise RemoteError(
                    f"The file could not be fetched (status {response.status_code}).", response.status_code
                )
            total = int(response.headers["Content-Length"]) if "Content-Length" in response.headers else None
            with partial.open("wb") as out:
                async for chunk in response.aiter_bytes(CHUNK_BYTES):
                    out.write(chunk)
                    received += len(chunk)
                    if on_progress is not None:
                        on_progress(received, total)
        partial.replace(target)
    except httpx.TransportError:
        raise NetworkError("The download was interrupted: the connection broke. Try again.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()  # only still there when the download did not finish
    return received
