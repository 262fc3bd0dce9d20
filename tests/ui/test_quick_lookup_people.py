"""The quick lookup as a person sees it: one person in two vendors first, a line per vendor, Enter opens."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt

from app.sandbox.registry import build_sandbox
from app.ui.quick_lookup import QuickLookupDialog
from tests.conftest import make_workspace

PRIYA_EMAIL = "priya.raman@northwind-software.example"


def run(qtbot, coroutine):
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


async def priya_in_two_vendors(workspace) -> None:
    for vendor in ("inszoom", "iinsight"):
        await workspace.service(vendor).sign_in()
    await workspace.service("inszoom").run("client.get", {"clientId": "CL-10001"})
    await workspace.service("iinsight").run(
        "contacts.create",
        {"company_name": "Northwind", "first_name": "Priya", "last_name": "Raman", "email": PRIYA_EMAIL},
    )
    await workspace.known.settled()


def rows(dialog: QuickLookupDialog) -> list[tuple[str, list[str]]]:
    tree = dialog.results
    return [
        (group.text(0), [group.child(n).text(0) for n in range(group.childCount())])
        for group in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    ]


def test_a_person_in_two_vendors_is_one_group_and_enter_opens_the_chosen_line(qtbot, qt_loop):
    workspace = make_workspace(build_sandbox(["inszoom", "iinsight"]))
    run(qtbot, priya_in_two_vendors(workspace))
    opened: list[tuple[str, str, dict]] = []
    dialog = QuickLookupDialog(workspace, lambda *target: opened.append(target))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.query, "raman priya")
    qtbot.waitUntil(lambda: [group for group, _ in rows(dialog)][:1] == ["Priya Raman"], timeout=5000)
    qtbot.waitUntil(lambda: "searching…" not in {g.text(1) for g in dialog._groups.values()}, timeout=5000)
    shown = rows(dialog)
    assert shown[0] == ("Priya Raman", ["INSZoom — Client: Priya Raman", "iinsight — Contact: Priya Raman"])
    assert dialog.results.topLevelItem(0).text(1) == "the same person in INSZoom and iinsight"
    # The vendors' own groups keep their notes first; their lines are in the person above, not twice.
    groups = dict(shown[1:])
    assert groups["iinsight"][0].startswith("1 contact and 1 company known on this computer; iinsight itself")
    assert groups["INSZoom"] == [
        "1 client known on this computer; INSZoom itself can only be asked by id",
        "Document: Passport_Priya_Raman.pdf",  # her passport's scan, found by her name
    ]
    assert [item.text(0) for item in dialog.hit_items()][:2] == [line for line in shown[0][1]]

    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)  # from the first line to the second: iinsight's
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert len(opened) == 1
    vendor, operation, values = opened[0]
    assert (vendor, operation) == ("iinsight", "contacts.list")
    assert set(values["search_criteria"]) == {"contact_id"}
    run(qtbot, workspace.aclose())
