"""OneOffice's guided flows (the catalog is app/vendors/oneoffice/)."""

from app.ui.flows import Flow

FLOWS = (
    Flow(
        "orders",
        "Orders",
        "Orders placed from Switchboard",
        "The orders placed from this computer, with renew, cancel and suspend.",
        "app.ui.flows.oneoffice.orders:OrdersPanel",
    ),
)
