"""The one failure path of the window: awaited work either gives its value or a typed error whose
sentence a person can read.  Only this module catches ``SwitchboardError`` in app/ui."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.contract.errors import SwitchboardError

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What awaited work gave: its value, or the typed error a person can read."""

    value: T | None = None
    error: SwitchboardError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


async def attempt(work: Awaitable[T]) -> Attempt[T]:
    """Await ``work``; a vendor, network or validation failure becomes an :class:`Attempt` with its
    sentence.  Anything else is a bug and goes to the crash handler."""
    try:
        return Attempt(value=await work)
    except SwitchboardError as exc:
        return Attempt(error=exc)
