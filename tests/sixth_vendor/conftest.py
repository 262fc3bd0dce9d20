"""Acme Notes registered as the real vendors are — in the vendor registry, the simulators' registry
and the demo credentials — for the length of one test (plain data; nothing of core or ui changes)."""

from __future__ import annotations

import pytest

from app import vendors
from app.sandbox import demo, registry
from tests.sixth_vendor import simulator

ACME = vendors.VendorEntry("acme", "Acme Notes", "Notebooks and notes", "tests.sixth_vendor.acme")


@pytest.fixture(autouse=True)
def acme_registered(monkeypatch: pytest.MonkeyPatch) -> vendors.VendorEntry:
    monkeypatch.setattr(vendors, "VENDORS", (*vendors.VENDORS, ACME))
    monkeypatch.setitem(registry.SIMULATOR_MODULES, "acme", "tests.sixth_vendor.simulator")
    monkeypatch.setitem(demo.DEMO_CREDENTIALS, "acme", dict(simulator.DEMO_CREDENTIALS))
    return ACME
