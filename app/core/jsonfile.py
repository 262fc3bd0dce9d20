"""Small JSON files (settings, window layout, Recent, the OneOffice order book), read and saved safely.

A save never leaves a half-written file behind: the new content goes to a temporary file in the
same folder (so the final rename stays on one file system), is flushed to the disk, and then
replaces the old file in one step.  A crash or a full disk leaves the previous version intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def read_json(path: Path) -> Any:
    """The file's content.  FileNotFoundError when there is none; another OSError when it cannot be
    read; ValueError when it is not JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def save_json(path: Path, data: Any) -> None:
    """Replace ``path`` with ``data`` as JSON, all or nothing.  An OSError reaches the caller, who
    knows what the file is for and how to say it failed; the old file is then unchanged."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A unique name: two windows (or a window and the CLI) saving at once never share a temporary file.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
