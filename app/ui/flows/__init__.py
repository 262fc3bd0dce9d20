"""Guided flows a vendor needs beyond one form per operation, listed with its tasks."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.context import TabContext


@dataclass(frozen=True)
class Flow:
    key: str
    category: str
    label: str
    description: str
    widget: str  # "module:Class", imported when the tab is built
    first: bool = False  # listed before the vendor's operations (an overview), else after them

    def build(self, context: TabContext) -> QWidget:
        module_name, class_name = self.widget.split(":")
        widget: QWidget = getattr(importlib.import_module(module_name), class_name)(context)
        return widget


FLOWS: dict[str, tuple[Flow, ...]] = {
    "iinsight": (
        Flow(
            "remove_from_case",
            "Contacts",
            "Remove a contact from a case",
            "Checks what removing would affect, then offers only what iinsight allows.",
            "app.ui.flows.iinsight_remove:RemoveFromCasePanel",
        ),
    ),
    "inszoom": (
        Flow(
            "client_overview",
            "Clients",
            "Client overview",
            "A client's details, passports, visas, dependents, cases and documents together.",
            "app.ui.flows.inszoom_overview:ClientOverviewPanel",
            first=True,
        ),
        Flow(
            "document_download",
            "Documents",
            "Download a document",
            "Saves a client's or a case's document on this computer, with progress and Cancel.",
            "app.ui.flows.inszoom_document:DocumentDownloadPanel",
        ),
    ),
    "oneoffice": (
        Flow(
            "orders",
            "Orders",
            "Orders placed from Switchboard",
            "The orders placed from this computer, with renew, cancel and suspend.",
            "app.ui.flows.oneoffice_orders:OrdersPanel",
        ),
    ),
}


def flows_for(vendor_id: str) -> tuple[Flow, ...]:
    return FLOWS.get(vendor_id, ())
