"""PGi's record page: a conference account (``VENDOR.record_pages``).

PGi's look-up answers only the client's id and its hub, never whether the account is active; the
page shows the status this session's own deactivations and reactivations taught, and otherwise says
it is not known.  Deactivate is offered unless the account is known to be deactivated, Reactivate
unless it is known to be active (the document: either call succeeds on an account already so).
"""

from __future__ import annotations

from collections.abc import Callable

from app.contract.pages import PageAction, PageData, PageScope, Record, RecordPage

STATUS_WORDS = {"active": "Active", "deactivated": "Deactivated"}


async def load_client(scope: PageScope, client_id: str) -> PageData:
    answer = await scope.read("client.get", {"clientId": client_id})
    if not isinstance(answer, dict):
        raise LookupError(f"PGi sent no client {client_id}.")
    hub = answer.get("hub")
    hub = hub if isinstance(hub, dict) else {}
    learnt = scope.learnt("client", client_id)
    status = learnt.status if learnt is not None else ""
    return PageData(
        title=(learnt.title if learnt is not None else "") or f"Conference account {client_id}",
        record={
            "clientId": answer.get("clientId", client_id),
            "hubUrl": hub.get("hubUrl"),
            "hubId": hub.get("hubId"),
            "account_status": STATUS_WORDS.get(status, "Not known"),
        }
        | ({"company": learnt.company} if learnt is not None and learnt.company else {}),
        note="" if status else "PGi's look-up does not say whether the account is active.",
    )


def _refused_if(status: str, sentence: str) -> Callable[[Record], str]:
    return lambda record: sentence if record.get("account_status") == status else ""


CLIENT = RecordPage(
    kind="client",
    noun="conference account",
    opened_by=("client.get",),
    record_id=lambda values: str(values.get("clientId") or ""),
    opening=lambda record_id: {"clientId": record_id},
    load=load_client,
    actions=(
        PageAction(
            "Deactivate this account",
            "client.deactivate",
            lambda record: {"clientId": record.get("clientId")},
            refusal=_refused_if("Deactivated", "This account is already deactivated."),
            sends=True,
        ),
        PageAction(
            "Reactivate this account",
            "client.reactivate",
            lambda record: {"clientId": record.get("clientId")},
            refusal=_refused_if("Active", "This account is active."),
            sends=True,
        ),
    ),
)

PAGES = (CLIENT,)
