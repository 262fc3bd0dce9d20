"""Quick lookup in Acme Notes: notes whose title contains the text (the list's ``q`` filter)."""

from __future__ import annotations

from app.contract.search import Found, SearchScope


async def quick_search(scope: SearchScope, text: str) -> list[Found]:
    rows = await scope.read("notes.list", {"q": text, "page": 1, "per_page": 10}) or []
    found = []
    for row in rows:
        opens = {"noteId": row["id"]}
        detail = f"{row['id']} · {row['notebook']}"
        found.append(Found("Note", str(row["title"]), detail, "note.get", opens, str(row["id"])))
    return found
