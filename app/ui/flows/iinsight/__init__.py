"""iinsight's guided flows (the catalog is app/vendors/iinsight/)."""

from app.ui.flows import Flow

FLOWS = (
    Flow(
        "remove_from_case",
        "Contacts",
        "Remove a contact from a case",
        "Checks what removing would affect, then offers only what iinsight allows.",
        "app.ui.flows.iinsight.remove_from_case:RemoveFromCasePanel",
    ),
)
