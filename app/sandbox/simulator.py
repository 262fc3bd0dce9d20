"""What every vendor simulator package provides to the sandbox framework."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.sandbox.control import ASGIApp, SimulatorControl
from app.sandbox.scaffold.errors import ErrorShape


@dataclass
class Simulator:
    """One vendor's simulator: its hosts (name -> ASGI app), error shape and live state.

    Host names are the vendor's: ``api`` for every vendor, plus ``signin`` for
    IQ Reseller.  ``state`` is the simulator's in-memory store, exposed so tests
    can inspect or arrange records directly.  ``errors`` also words the injected
    faults of ``control``.
    """

    vendor: str
    hosts: Mapping[str, ASGIApp]
    errors: ErrorShape
    control: SimulatorControl
    state: Any

    def fault_body(self, status: int) -> Any:
        """What this vendor answers when a fault with ``status`` is injected."""
        return self.errors.fault_body(status)
