"""Guided flows a vendor needs beyond one form per operation, listed with its tasks.

Each vendor's flows live in its own package here, ``app/ui/flows/<vendor id>/``, whose ``FLOWS`` lists
them; this module only knows how to find and build them."""

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


def flows_for(vendor_id: str) -> tuple[Flow, ...]:
    """The vendor's flows, declared as ``FLOWS`` in its package ``app.ui.flows.<vendor id>`` (a vendor
    without one has only its catalog's tasks)."""
    try:
        package = importlib.import_module(f"{__name__}.{vendor_id}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{vendor_id}":
            raise  # the package exists but something it imports does not: a bug to see
        return ()
    flows: tuple[Flow, ...] = package.FLOWS
    return flows
