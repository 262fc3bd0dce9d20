"""What the reliability tests saw, printed after the run by tests/reliability/conftest.py.

The tests write here as they go (one process, no xdist); the terminal summary turns
it into the matrix's counts and the fuzz counts.  Kept apart from the test modules
so both the tests and the conftest import the same objects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Seen:
    """One matrix case: how often the operation was sent, the waits, and what the user read."""

    path: str
    vendor: str
    kind: str
    fault: str
    idempotent: bool
    attempts: int = -1
    waits: list[float] = field(default_factory=list)
    sentence: str = ""
    outcome: str = "not run"  # passed / failed / xfailed (a known bug) / skipped


# (path, vendor, kind, fault) -> what happened
MATRIX: dict[tuple[str, str, str, str], Seen] = {}
# "vendor operation" -> examples hypothesis ran through the response handling
FUZZ: Counter[str] = Counter()
# test id -> the bug it pins (strict xfails anywhere under tests/reliability)
KNOWN_BUGS: dict[str, str] = {}
