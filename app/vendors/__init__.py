"""The five vendors, in tab order.  Modules are imported only when a vendor is used."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from app.vendors.base import VendorDefinition


@dataclass(frozen=True)
class VendorEntry:
    id: str
    name: str
    summary: str
    module: str | None  # None: not built yet; its tab says so plainly


VENDORS: tuple[VendorEntry, ...] = (
    VendorEntry(
        "inszoom", "INSZoom", "Immigration clients, passports, visas and cases", "app.vendors.inszoom"
    ),
    VendorEntry("pgi", "PGi", "Conference accounts (ZipConferencing provisioning)", "app.vendors.pgi"),
    VendorEntry("iinsight", "iinsight", "Case contacts and company contacts", "app.vendors.iinsight"),
    VendorEntry("oneoffice", "OneOffice", "Customers and licence orders", "app.vendors.oneoffice"),
    VendorEntry("iqreseller", "IQ Reseller", "CVs and other IQ Reseller records", "app.vendors.iqreseller"),
)


def entry(vendor_id: str) -> VendorEntry:
    for candidate in VENDORS:
        if candidate.id == vendor_id:
            return candidate
    raise KeyError(vendor_id)


def load(vendor_id: str) -> VendorDefinition:
    module_name = entry(vendor_id).module
    if module_name is None:
        raise KeyError(f"{vendor_id} is not available yet")
    return importlib.import_module(module_name).VENDOR


def available() -> list[VendorEntry]:
    return [candidate for candidate in VENDORS if candidate.module is not None]
