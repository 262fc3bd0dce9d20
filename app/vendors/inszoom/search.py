"""Quick lookup in INSZoom: the API finds records by id only, so the text is tried as a client id
and as a case id at once."""

from __future__ import annotations

import asyncio

from app.contract.search import Found, SearchScope, VendorSearch


async def _search(scope: SearchScope, text: str) -> list[Found]:
    client, case = await asyncio.gather(
        scope.find("client.get", {"clientId": text}), scope.find("case.get", {"caseId": text})
    )
    found = []
    if isinstance(client, dict):
        name = f"{client.get('FirstName', '')} {client.get('LastName', '')}".strip()
        detail = f"{text} · {client.get('Email') or ''}".strip(" ·")
        found.append(
            Found(
                "Client",
                name or text,
                detail,
                "client.get",
                {"clientId": text},
                text,
                emails=_given(client, "Email"),
                phones=_given(client, "Phone"),
            )
        )
    if isinstance(case, dict):
        title = str(case.get("PetitionName") or case.get("CaseDescription") or text)
        detail = f"{text} · client {case.get('ClientId', '')}"
        found.append(Found("Case", title, detail, "case.get", {"caseId": text}, text))
    return found


def _given(record: dict[str, object], key: str) -> tuple[str, ...]:
    value = record.get(key)
    return (str(value),) if value else ()


quick_search = VendorSearch(
    _search,
    asks="can only be asked by id",
    known={
        "client": ("client", "clients"),
        "corporation": ("corporation", "corporations"),
        "case": ("case", "cases"),
    },
)
