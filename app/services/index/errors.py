"""What can go wrong when opening a record index, in words a person can act on."""

from __future__ import annotations

from app.contract.errors import SwitchboardError


class IndexUnavailable(SwitchboardError):
    """The index file cannot be opened or created (folder not writable, disk full, damaged file)."""

    kind = "index"


class IndexLocked(IndexUnavailable):
    """The file exists but cannot be read with the key given: wrong or missing key, or damaged."""

    kind = "index_locked"
