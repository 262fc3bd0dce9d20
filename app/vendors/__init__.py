"""The five vendors, in tab order.  Modules are imported only when a vendor is used: the window's
first frame needs only these names, not the catalogs (nor httpx, which they import)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.contract.vendor import VendorDefinition


@dataclass(frozen=True)
class VendorEntry:
    id: str
    name: str
    summary: str
    module: str  # its catalog: VENDOR, a VendorDefinition


VENDORS: tuple[VendorEntry, ...] = (
    VendorEntry(
        "inszoom", "INSZoom", "Immigration clients, passports, visas and cases", "app.vendors.inszoom"
    ),
    VendorEntry("pgi", "PGi", "Conference accounts (ZipConferencing provisioning)", "app.vendors.pgi"),
    VendorEntry("iinsight", "iinsight", "Case contacts and company contacts", "app.vendors.iinsight"),
    VendorEntry("oneoffice", "OneOffice", "Customers and licence orders", "app.vendors.oneoffice"),
    VendorEntry("iqreseller", "IQ Reseller", "CVs and other IQ Reseller records", "app.vendors.iqreseller"),
)
# The tab in front on the very first start, before the window remembers one.
FIRST_TAB = "pgi"


def entry(vendor_id: str) -> VendorEntry:
    for candidate in VENDORS:
        if candidate.id == vendor_id:
            return candidate
    raise KeyError(vendor_id)


def load(vendor_id: str) -> VendorDefinition:
    return importlib.import_module(entry(vendor_id).module).VENDOR


def available() -> list[VendorEntry]:
    return list(VENDORS)
