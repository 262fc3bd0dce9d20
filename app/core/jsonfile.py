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


class UnreadableJson(ValueError):
    """A file that holds no JSON this app can read; its message is a phrase for a sentence about the
    file: "it is not UTF-8 text"."""


def read_json(path: Path) -> Any:
    """The file's content.  FileNotFoundError when there is none; another OSError when it cannot be
    read; UnreadableJson when it is not JSON."""
    return parse_json(path.read_bytes())


def parse_json(raw: bytes) -> Any:
    """A file's bytes as JSON, or UnreadableJson saying why not, whatever the bytes are.

    A file anyone can edit may be cut, saved in another encoding, or built to hurt: nested
    100,000 levels deep (json gives up with RecursionError), or a number of 5,000 digits
    (Python refuses to convert it, with a ValueError that is no JSONDecodeError)."""
    try:
        text = raw.decode("utf-8-sig")  # Notepad may save a byte-order mark
    except UnicodeDecodeError:
        raise UnreadableJson("it is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableJson(f"it is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise UnreadableJson("it is nested too deeply to be read") from None
    except ValueError:
        raise UnreadableJson("it holds a number too long to be read") from None


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
