"""“Forget what this computer knows about <vendor>…”: asks first, naming the vendor and what is kept
in each of its environments, then empties the vendor's record index and its recent records."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.workspace import Workspace
from app.ui.dialogs import confirm


def _records(count: int) -> str:
    return f"{count:,} record{'' if count == 1 else 's'}"


async def forget_vendor_records(parent: QWidget, workspace: Workspace, vendor_id: str) -> bool:
    """True when the person confirmed and it was forgotten."""
    name = workspace.definition(vendor_id).name
    known = await workspace.known_about(vendor_id)
    if known:
        places = "; ".join(
            f"{environment.label}{' (live records)' if environment.production else ''}: {_records(count)}"
            for environment, count in known
        )
        environments = f"{len(known)} environment{'' if len(known) == 1 else 's'}"
        kept = f"This computer keeps a list of {name} records in {environments} — {places}."
    else:
        kept = f"This computer keeps no list of {name} records."
    text = (
        f"Forget what this computer knows about {name}?\n\n{kept}\n\nThe list and {name}'s recent and "
        f"pinned records are emptied. Nothing changes in {name} itself; the list fills again as you "
        "work, unless it is turned off in Settings."
    )
    if not await confirm(parent, f"Forget {name} records", text, "Forget"):
        return False
    await workspace.forget_records(vendor_id)
    return True
