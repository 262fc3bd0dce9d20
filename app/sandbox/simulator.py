"""What every vendor simulator module provides to the sandbox framework."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.sandbox.control import ASGIApp, FaultBody, SimulatorControl


@dataclass
class Simulator:
    """One vendor's simulator: its hosts (name -> ASGI app), error shape and live state.

    Host names are the vendor's: ``api`` for every vendor, plus ``signin`` for
    IQ Reseller.  ``state`` is the simulator's in-memory store, exposed so tests
    can inspect or arrange records directly.
    """

    vendor: str
    hosts: dict[str, ASGIApp]
    fault_body: FaultBody
    control: SimulatorControl
    state: Any
