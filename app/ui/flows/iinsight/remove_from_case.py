"""iinsight: remove a contact from a case safely.

First ``check_delete_from_case``; then say in words what it found and offer only
what the server allows — Delete, Disable, or moving the invoices first — never a
delete the server said is not allowed.  Confirmations name the contact and the case.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.attempt import attempt
from app.ui.context import TabContext
from app.ui.headings import add_heading
from app.ui.operation_form import OperationForm
from app.ui.runner import CheckButton, Report

CHECK = "contacts.check_delete_from_case"
ROLE_WORDS = (("bill_to", "bill-to"), ("referrer", "referrer"), ("employer", "employer"))


def describe_roles(check: dict[str, Any]) -> str:
    roles = [name for key, name in ROLE_WORDS if check.get(key)]
    if not roles:
        return "has no billing, referrer or employer role"
    if len(roles) == 1:
        return f"is the {roles[0]}"
    return "is the " + ", ".join(roles[:-1]) + " and " + roles[-1]


def describe_invoices(count: int) -> str:
    if count == 0:
        return "no linked invoices"
    return "1 linked invoice" if count == 1 else f"{count} linked invoices"


class RemoveFromCasePanel(QWidget):
    def __init__(self, context: TabContext) -> None:
        super().__init__()
        self._context = context
        self._check: dict[str, Any] = {}
        self._who = ""
        layout = QVBoxLayout(self)
        add_heading(
            layout,
            "Remove a contact from a case",
            "Switchboard first asks iinsight what removing this contact would affect, "
            "then offers only what iinsight allows.",
        )
        self.form = OperationForm(context.definition.operation(CHECK))
        self.form.attach_pickers(context.find_records, context.tasks.start, context.memory.name)
        layout.addWidget(self.form)
        self.check_button = QPushButton("Check what removing would affect")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(lambda: context.tasks.start(self.check()))
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings)
        self.lost_answer_check = CheckButton()
        layout.addWidget(self.lost_answer_check, 0, Qt.AlignmentFlag.AlignLeft)
        actions = QHBoxLayout()
        self.delete_button = QPushButton("Delete from case")
        self.delete_button.setProperty("destructive", True)
        self.delete_button.clicked.connect(lambda: context.tasks.start(self.act("contacts.delete_from_case")))
        self.disable_button = QPushButton("Disable on case")
        self.disable_button.clicked.connect(
            lambda: context.tasks.start(self.act("contacts.disable_from_case"))
        )
        self.transfer_button = QPushButton("Move invoices first…")
        self.transfer_button.setToolTip("See which contacts on the same cases can take over the invoices")
        self.transfer_button.clicked.connect(lambda: context.tasks.start(self.show_transfer_choices()))
        for button in (self.delete_button, self.disable_button, self.transfer_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.transfer_host = QWidget()
        transfer = QVBoxLayout(self.transfer_host)
        transfer.setContentsMargins(0, 0, 0, 0)
        pick_row = QHBoxLayout()
        pick_row.addWidget(QLabel("Move the invoices to:"))
        self.transfer_to = QComboBox()
        self.transfer_to.setAccessibleName("Contact to take over the invoices")
        self.transfer_to.currentIndexChanged.connect(self._explain_transfer)
        pick_row.addWidget(self.transfer_to, 1)
        transfer.addLayout(pick_row)
        self.transfer_note = QLabel()
        self.transfer_note.setObjectName("transfer-note")
        self.transfer_note.setWordWrap(True)
        transfer.addWidget(self.transfer_note)
        layout.addWidget(self.transfer_host)
        layout.addStretch(1)
        self._show_actions({})

    # --- what the user sees ------------------------------------------------------------------

    def _show_actions(self, check: dict[str, Any]) -> None:
        self.delete_button.setVisible(bool(check.get("delete")))
        self.disable_button.setVisible(bool(check.get("disable")))
        self.transfer_button.setVisible(bool(check.get("transfer_invoices")))
        self.transfer_host.hide()

    def _say(self, text: str, ok: bool = True) -> None:
        self.findings.setText(text)
        self.findings.setProperty("role", "finding" if ok else "failure")
        self.findings.style().unpolish(self.findings)
        self.findings.style().polish(self.findings)

    def _ids(self) -> dict[str, object]:
        return self.form.values()

    # --- steps -------------------------------------------------------------------------------------

    async def check(self) -> None:
        self._show_actions({})
        values = self._ids()
        found = await self._context.runner.run(
            CHECK,
            values,
            parent=self,
            report=Report(self._say),
            form=self.form,
            buttons=(self.check_button,),
            done=f"Checked what removing contact {values['contact_id']} from case {values['case_id']} "
            "would affect.",
        )
        if found is None:
            return
        self._check = found.data if isinstance(found.data, dict) else {}
        self._who = await self._name_of(values)
        self._say(self._sentence(values))
        self._show_actions(self._check)

    async def _name_of(self, values: dict[str, object]) -> str:
        """'Olivia Nguyen (contact 101)', or 'contact 101' when iinsight cannot say."""
        answer = await attempt(self._context.service.run("contacts.details", values))
        data = answer.value.data if answer.value is not None else None
        details = data if isinstance(data, dict) else {}
        name = " ".join(str(details.get(k) or "") for k in ("first_name", "last_name")).strip()
        contact = f"contact {values['contact_id']}"
        self._context.memory.name(values["contact_id"], name)
        return f"{name} ({contact})" if name else contact

    def _sentence(self, values: dict[str, object]) -> str:
        check = self._check
        invoices = int(check.get("invoices") or 0)
        case = values["case_id"]
        found = f"{self._who} {describe_roles(check)} on case {case} and has {describe_invoices(invoices)}."
        allowed = []
        if check.get("delete"):
            allowed.append("delete it from the case")
        if check.get("disable"):
            allowed.append("disable it on the case")
        if not allowed:
            return found + " iinsight allows neither deleting nor disabling it right now."
        text = found + " iinsight allows you to " + " or ".join(allowed) + "."
        if check.get("transfer_invoices") and not check.get("delete"):
            text += (
                " It cannot be deleted while invoices are linked to it: move them to another contact first."
            )
        return text

    async def act(self, operation_id: str) -> None:
        values = self._ids()
        case = values["case_id"]
        done = "deleted from" if operation_id == "contacts.delete_from_case" else "disabled on"
        result = await self._context.runner.run(
            operation_id,
            values,
            parent=self,
            report=Report(self._say, self.lost_answer_check),
            buttons=(self.delete_button, self.disable_button),
            done=f"{self._who} was {done} case {case}.",
        )
        if result is None:
            return
        message = result.data.get("message") if isinstance(result.data, dict) else ""
        if message:
            self._say(f"{self._who} was {done} case {case}. ({message})")
        self._show_actions({})

    async def show_transfer_choices(self) -> None:
        values = {"contact_id": self._ids().get("contact_id")}  # the case is not one of its parameters
        answer = await attempt(self._context.service.run("contacts.for_transfer_invoices", values))
        if answer.error is not None:
            self._say(answer.error.message, ok=False)
            return
        candidates = answer.value.data if answer.value is not None else []
        self.transfer_to.clear()
        for row in candidates if isinstance(candidates, list) else []:
            name = f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()
            self.transfer_to.addItem(f"{name} (contact {row.get('contact_id')})", row.get("contact_id"))
        if self.transfer_to.count() == 0:
            self.transfer_note.setText(
                "No other contact shares a case with this one, so nobody can take over."
            )
        self.transfer_host.show()
        self._explain_transfer()

    def _explain_transfer(self, *_: object) -> None:
        if self.transfer_to.count() == 0:
            return
        invoices = describe_invoices(int(self._check.get("invoices") or 0))
        self.transfer_note.setText(
            "iinsight's API has no call that moves invoices. In iinsight, move the "
            f"{invoices} of {self._who} to {self.transfer_to.currentText()}, then check again here: "
            "deleting is offered once no invoice is linked."
        )
