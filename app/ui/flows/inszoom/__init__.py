"""INSZoom's guided flows (the catalog is app/vendors/inszoom/)."""

from app.ui.flows import Flow

FLOWS = (
    Flow(
        "client_overview",
        "Clients",
        "Client overview",
        "A client's details, passports, visas, dependents, cases and documents together.",
        "app.ui.flows.inszoom.overview:ClientOverviewPanel",
        first=True,
    ),
    Flow(
        "document_download",
        "Documents",
        "Download a document",
        "Saves a client's or a case's document on this computer, with progress and Cancel.",
        "app.ui.flows.inszoom.document:DocumentDownloadPanel",
    ),
)
