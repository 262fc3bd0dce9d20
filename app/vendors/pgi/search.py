"""Quick lookup in PGi: a client by its id, which is a number (anything else cannot be one)."""

from __future__ import annotations

from app.contract.search import Found, SearchScope, VendorSearch


async def _search(scope: SearchScope, text: str) -> list[Found]:
    if not text.isdigit():
        return []
    client = await scope.find("client.get", {"clientId": text})
    if not isinstance(client, dict):
        return []
    hub = (client.get("hub") or {}).get("hubUrl", "")
    return [Found("Conference client", f"Client {text}", hub, "client.get", {"clientId": text}, text)]


quick_search = VendorSearch(
    _search, asks="can only be asked by a client's number", known={"client": ("client", "clients")}
)
