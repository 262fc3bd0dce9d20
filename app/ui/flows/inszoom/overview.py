"""INSZoom: a client at a glance — details, passports, visas and dependents side by side, cases and documents.

Client, passports and visas load concurrently.  INSZoom has no call that lists a
client's dependents or cases, so those columns hold the ones opened or created in
this session (and any opened here by id); the documents come from the client and
its cases.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.attempt import attempt
from app.ui.context import TabContext
from app.ui.download_bar import DownloadBar
from app.ui.headings import add_heading
from app.ui.opening_table import OpeningTable
from app.ui.records_model import RecordsTableModel
from app.ui.result_view import ResultView

PASSPORT_COLUMNS = [("PassportNumber", "Passport number"), ("IssuingCountry", "Issued by"),
                    ("IssueDate", "Issued"), ("ExpiryDate", "Expires")]  # fmt: skip
VISA_COLUMNS = [("VisaType", "Visa"), ("CountryId", "Country"), ("Status", "Status"),
                ("ValidFrom", "Valid from"), ("ValidTo", "Valid to")]  # fmt: skip
DEPENDENT_COLUMNS = [("DependentId", "Id"), ("FirstName", "First name"), ("LastName", "Last name"),
                     ("Relationship", "Relationship"), ("DateOfBirth", "Born")]  # fmt: skip
CASE_COLUMNS = [("CaseId", "Case"), ("PetitionName", "Petition"), ("CaseStatus", "Status"),
                ("PriorityDate", "Priority date"), ("CaseManagerId", "Case manager")]  # fmt: skip
DOCUMENT_COLUMNS = [("DocumentId", "Id"), ("FileName", "File"), ("DocumentType", "Type"), ("From", "From")]
SUMMARY_KEYS = ("ClientId", "FirstName", "LastName", "DateOfBirth", "CountryOfCitizenship", "Email", "Phone",
                "EmployeeId", "JobTitle", "ImmigrationStatus", "StatusExpiryDate")  # fmt: skip


def _table(columns: list[tuple[str, str]], name: str) -> tuple[OpeningTable, RecordsTableModel]:
    view = OpeningTable(columns, name)
    return view, view.records


# What a row of the tables the client's page does not have opens (Enter or a double-click); the
# passports and visas open as the client's page declares (its change form, filled in, never sent).
ROW_OPENS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "Dependents": ("dependent.get", lambda row: {"dependentId": row.get("DependentId")}),
    "Cases": ("case.get", lambda row: {"caseId": row.get("CaseId")}),
    "Documents": ("document_download", lambda row: {"documentId": row.get("DocumentId")}),
}


def _boxed(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class ClientOverviewPanel(QWidget):
    def __init__(self, context: TabContext) -> None:
        super().__init__()
        self._context = context
        self.client_id = ""
        self._client: dict[str, Any] = {}
        # Records opened or created this session, by client: INSZoom cannot list them by client.
        self._dependents: dict[str, dict[str, dict[str, Any]]] = {}
        self._cases: dict[str, dict[str, dict[str, Any]]] = {}
        layout = QVBoxLayout(self)
        add_heading(layout, "Client overview")
        row = QHBoxLayout()
        row.addWidget(QLabel("Client id:"))
        self.id_box = QLineEdit()
        self.id_box.setPlaceholderText("e.g. CL-10001")
        self.id_box.setAccessibleName("Client id")
        self.id_box.returnPressed.connect(self._open_clicked)
        row.addWidget(self.id_box)
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open_clicked)
        row.addWidget(self.open_button)
        self.page_button = QPushButton("Client's page")
        self.page_button.setToolTip("The client's own page: add a passport, a visa, a dependent or a case")
        self.page_button.setEnabled(False)
        self.page_button.clicked.connect(
            lambda: context.open_task("client.get", {"clientId": self.client_id})
        )
        row.addWidget(self.page_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel("Open a client to see their passports, visas, dependents, cases and documents.")
        self.status.setObjectName("overview-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.summary = ResultView(context.definition.result_labels)
        self.summary.raw_toggle.setVisible(False)
        upper = QSplitter(Qt.Orientation.Horizontal)
        self.passports, self.passport_model = _table(PASSPORT_COLUMNS, "Passports")
        self.visas, self.visa_model = _table(VISA_COLUMNS, "Visas")
        self.dependents, self.dependent_model = _table(DEPENDENT_COLUMNS, "Dependents")
        self.dependent_id = QLineEdit()
        self.dependent_id.setPlaceholderText("Open a dependent by id, e.g. DEP-4001")
        self.dependent_id.setAccessibleName("Dependent id")
        self.dependent_id.returnPressed.connect(
            lambda: context.tasks.start(self.open_dependent(self.dependent_id.text()))
        )
        upper.addWidget(_boxed("Details", self.summary))
        upper.addWidget(_boxed("Passports", self.passports))
        upper.addWidget(_boxed("Visas", self.visas))
        upper.addWidget(_boxed("Dependents", self.dependents, self.dependent_id))
        layout.addWidget(upper, 3)

        lower = QSplitter(Qt.Orientation.Horizontal)
        self.cases, self.case_model = _table(CASE_COLUMNS, "Cases")
        self.case_id = QLineEdit()
        self.case_id.setPlaceholderText("Open a case by id, e.g. CASE-7001")
        self.case_id.setAccessibleName("Case id")
        self.case_id.returnPressed.connect(lambda: context.tasks.start(self.open_case(self.case_id.text())))
        self.documents, self.document_model = _table(DOCUMENT_COLUMNS, "Documents")
        self.download_button = QPushButton("Download…")
        self.download_button.setToolTip("Save the chosen document on this computer")
        self.download_button.clicked.connect(self._download_clicked)
        self.download = DownloadBar(context)
        lower.addWidget(_boxed("Cases", self.cases, self.case_id))
        lower.addWidget(_boxed("Documents", self.documents, self.download_button, self.download))
        layout.addWidget(lower, 2)
        for view in (self.passports, self.visas, self.dependents, self.cases, self.documents):
            name = view.accessibleName()
            view.sig_open.connect(lambda row, table=name: self._open_row(table, row))
        context.signals.sig_succeeded.connect(self._remember)

    def _open_row(self, table: str, row: dict[str, Any]) -> None:
        if table in ROW_OPENS:
            operation_id, values = ROW_OPENS[table]
            self._context.open_task(operation_id, values(row))
            return
        client = next(page for page in self._context.definition.record_pages if page.kind == "client")
        related = next(r for r in client.related if r.title == table)
        opening = related.opens(row)
        if opening is not None:
            self._context.open_task(*opening)

    # --- what the session has seen -----------------------------------------------------------------

    def _remember(self, operation_id: str, values: dict[str, Any], data: Any) -> None:
        if not isinstance(data, dict):
            return
        if operation_id == "dependent.get" and data.get("MainClientId"):
            self._dependents.setdefault(str(data["MainClientId"]), {})[str(data.get("DependentId"))] = data
        elif operation_id == "case.get" and data.get("ClientId"):
            self._cases.setdefault(str(data["ClientId"]), {})[str(data.get("CaseId"))] = data
        else:
            return
        if self.client_id:
            self._show_known()

    def _show_known(self) -> None:
        self.dependent_model.clear()
        self.dependent_model.append_rows(list(self._dependents.get(self.client_id, {}).values()))
        self.case_model.clear()
        self.case_model.append_rows(list(self._cases.get(self.client_id, {}).values()))
        self._show_documents()

    def _show_documents(self) -> None:
        rows = [
            {**doc, "From": "Client"} for doc in self._client.get("Documents") or [] if isinstance(doc, dict)
        ]
        for case in self._cases.get(self.client_id, {}).values():
            rows += [
                {**doc, "From": case.get("CaseId")}
                for doc in case.get("Documents") or []
                if isinstance(doc, dict)
            ]
        self.document_model.clear()
        self.document_model.append_rows(rows)

    # --- loading --------------------------------------------------------------------------------------

    def _open_clicked(self) -> None:
        self._context.tasks.start(self.open_client(self.id_box.text()))

    async def open_client(self, client_id: str) -> None:
        client_id = client_id.strip()
        if not client_id:
            self.status.setText("Type the client's id first (e.g. CL-10001).")
            return
        service = self._context.service
        self.status.setText(f"Opening client {client_id}…")
        client, passports, visas = await asyncio.gather(
            attempt(service.run("client.get", {"clientId": client_id})),
            attempt(service.run("passport.get", {"clientId": client_id})),
            attempt(service.run("visa.get", {"clientId": client_id})),
        )
        if client.error is not None or client.value is None:
            self.status.setText(client.error.message if client.error else "INSZoom sent no client.")
            return
        self.client_id = client_id
        self.page_button.setEnabled(True)
        self._client = client.value.data if isinstance(client.value.data, dict) else {}
        self.summary.show_data({key: self._client.get(key) for key in SUMMARY_KEYS})
        self.summary.raw_toggle.setVisible(False)
        problems = []
        for model, answer, what in (
            (self.passport_model, passports, "passports"),
            (self.visa_model, visas, "visas"),
        ):
            model.clear()
            if answer.error is not None:
                problems.append(f"The {what} could not be loaded: {answer.error.message}")
            elif answer.value is not None and isinstance(answer.value.data, list):
                model.append_rows([row for row in answer.value.data if isinstance(row, dict)])
        self._show_known()
        name = f"{self._client.get('FirstName', '')} {self._client.get('LastName', '')}".strip()
        self.status.setText(" ".join([f"{name} ({client_id}).", *problems]))

    async def open_dependent(self, dependent_id: str) -> None:
        await self._open_related("dependent.get", {"dependentId": dependent_id.strip()}, "MainClientId")
        self.dependent_id.clear()

    async def open_case(self, case_id: str) -> None:
        await self._open_related("case.get", {"caseId": case_id.strip()}, "ClientId")
        self.case_id.clear()

    async def _open_related(self, operation_id: str, values: dict[str, str], client_key: str) -> None:
        answer = await attempt(self._context.service.run(operation_id, values))
        if answer.error is not None or answer.value is None:
            self.status.setText(answer.error.message if answer.error else "INSZoom sent nothing.")
            return
        record = answer.value.data
        if isinstance(record, dict) and str(record.get(client_key)) != self.client_id:
            self.status.setText(
                f"That record belongs to client {record.get(client_key)}, not {self.client_id}."
            )
        self._remember(operation_id, values, record)

    def _download_clicked(self) -> None:
        rows = self.documents.selectionModel().selectedRows()
        if not rows:
            self.status.setText("Choose a document in the list first.")
            return
        document_id = str(self.document_model.record(rows[0].row())["DocumentId"])
        self._context.tasks.start(self.download.choose_and_download(document_id))
