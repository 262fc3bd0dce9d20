"""Quick lookup in iinsight: contacts whose name, email or phone contains the text
(``search_criteria`` on the contact list; which one follows from what the text looks like)."""

from __future__ import annotations

import re

from app.contract.search import Found, SearchScope, VendorSearch

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
PHONE = re.compile(r"^[+()\d][\d\s()+-]{4,}$")


async def _search(scope: SearchScope, text: str) -> list[Found]:
    key = "email" if EMAIL.match(text) else "phone1" if PHONE.match(text) else "name"
    values = {
        "fields": ["contact_id", "name", "company_name", "email", "phone1"],
        "search_criteria": {key: text},
        "limit": 20,
        "page": 1,
    }
    rows = await scope.read("contacts.list", values) or []
    found, seen = [], set()
    for row in rows if isinstance(rows, list) else []:
        contact = str(row.get("contact_id"))
        if contact in seen:  # a contact on several cases is listed once per case
            continue
        seen.add(contact)
        detail = " · ".join(str(row.get(k)) for k in ("company_name", "email", "phone1") if row.get(k))
        title = str(row.get("name") or contact)
        opens = {"search_criteria": {"contact_id": contact}}
        found.append(
            Found(
                "Contact",
                title,
                f"{contact} · {detail}",
                "contacts.list",
                opens,
                contact,
                emails=_given(row, "email"),
                phones=_given(row, "phone1"),
            )
        )
    return found


def _given(row: dict[str, object], key: str) -> tuple[str, ...]:
    value = row.get(key)
    return (str(value),) if value else ()


quick_search = VendorSearch(
    _search,
    asks="was asked for contacts by name, email or phone",
    known={
        "contact": ("contact", "contacts"),
        "case": ("case", "cases"),
        "company": ("company", "companies"),
    },
)
