"""Which vendors' records this computer keeps: Settings, the organisation profile, and Forget…"""

from __future__ import annotations

import asyncio
import json

from app.sandbox.registry import build_sandbox
from app.services.lookup import QuickLookup
from app.services.profile import PROFILE_NAME, apply_organisation_profile
from app.services.settings import Settings, config_dir
from tests.ui.helpers import click, close_window, confirmation_box, open_window
from tests.ui.test_settings_dialog import open_settings


def run(qtbot, coroutine):
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


def saved_settings() -> dict:
    return json.loads((config_dir() / "settings.json").read_text(encoding="utf-8"))


def test_settings_turn_a_vendors_list_off_and_keep_the_days(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    try:
        dialog = open_settings(qtbot, main)
        boxes = dialog.keep_records
        assert list(boxes) == ["inszoom", "pgi", "iinsight", "oneoffice", "iqreseller"]
        assert boxes["pgi"].text() == "Keep a list of PGi's records on this computer"
        assert all(box.isChecked() and box.isEnabled() for box in boxes.values())
        assert dialog.record_days.value() == 90
        boxes["pgi"].setChecked(False)
        dialog.record_days.setValue(30)
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        stored = saved_settings()
        assert stored["record_index"] == {"pgi": "off"} and stored["record_index_days"] == 30
        assert not main.workspace.known.enabled("pgi") and main.workspace.known.enabled("iinsight")
        # Turned on again: the vendor's entry goes, nothing "on" is left to misread.
        dialog = open_settings(qtbot, main)
        assert not dialog.keep_records["pgi"].isChecked()
        dialog.keep_records["pgi"].setChecked(True)
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        assert saved_settings()["record_index"] == {}
        assert main.workspace.known.enabled("pgi")
    finally:
        close_window(qtbot, main)


def write_profile(folder, vendors: dict, revision: int = 1):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PROFILE_NAME
    path.write_text(json.dumps({"format": 1, "revision": revision, "vendors": vendors}), encoding="utf-8")
    return path


def test_the_organisation_profile_wins_and_the_box_says_why(qtbot, qt_loop, pgi_sandbox, tmp_path):
    profile = write_profile(tmp_path / "it", {"pgi": {"record_index": "off"}})
    settings = Settings()
    settings.set_keeps_records("pgi", True)
    apply_organisation_profile(settings, [profile])
    assert not settings.keeps_records("pgi") and settings.records_locked("pgi")
    assert saved_settings()["record_index_locked"] == {"pgi": "off"}
    main = open_window(pgi_sandbox)
    try:
        assert not main.workspace.known.enabled("pgi")
        dialog = open_settings(qtbot, main)
        box = dialog.keep_records["pgi"]
        assert not box.isChecked() and not box.isEnabled()
        assert dialog.locked_notes["pgi"].text() == (
            "Your organisation keeps PGi's records off this computer, so this stays off."
        )
        assert "iinsight" not in dialog.locked_notes and dialog.keep_records["iinsight"].isEnabled()
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        assert not Settings().keeps_records("pgi")
    finally:
        close_window(qtbot, main)
    # A later revision that no longer says "off" gives the choice back.
    again = write_profile(tmp_path / "it", {"pgi": {"default_environment": "sandbox"}}, revision=2)
    settings = Settings()
    apply_organisation_profile(settings, [again])
    assert settings.keeps_records("pgi") and not settings.records_locked("pgi")


def test_a_profile_with_an_unknown_record_index_value_is_refused(tmp_path):
    profile = write_profile(tmp_path / "it", {"pgi": {"record_index": "no"}})
    outcome = apply_organisation_profile(Settings(), [profile])
    assert '"vendors.pgi.record_index" must be "on" or "off".' in outcome.message


def test_forget_asks_naming_the_vendor_and_its_environments_then_the_lookup_finds_nothing(qtbot, qt_loop):
    main = open_window(build_sandbox(["inszoom"]))
    workspace = main.workspace
    try:
        run(qtbot, workspace.service("inszoom").run("client.get", {"clientId": "CL-10001"}))
        run(qtbot, workspace.known.settled())

        async def inszoom_hits():
            outcomes = await QuickLookup(workspace).search("Priya Raman", lambda _o: None, only="inszoom")
            return [(hit.title, hit.source) for hit in outcomes[0].hits if hit.kind == "Client"]

        assert run(qtbot, inszoom_hits()) == [("Priya Raman", "index")]
        known = run(qtbot, workspace.known.count("inszoom", "sandbox"))
        dialog = open_settings(qtbot, main)
        click(qtbot, dialog.forget_buttons["inszoom"])
        box = confirmation_box(qtbot, dialog)
        assert box.text().startswith("Forget what this computer knows about INSZoom?")
        sandbox = workspace.definition("inszoom").environment("sandbox").label
        assert f"in 1 environment — {sandbox}: {known:,} records." in box.text()
        box.escapeButton().click()  # Cancel: nothing is forgotten
        qtbot.waitUntil(lambda: not dialog._tasks.busy, timeout=3000)
        assert run(qtbot, inszoom_hits()) == [("Priya Raman", "index")]

        click(qtbot, dialog.forget_buttons["inszoom"])
        confirmation_box(qtbot, dialog).confirm_button.click()
        qtbot.waitUntil(lambda: dialog.forget_note.text() != "", timeout=5000)
        assert dialog.forget_note.text() == "Forgotten: this computer knows nothing of INSZoom now."
        assert run(qtbot, workspace.known.count("inszoom", "sandbox")) == 0
        assert run(qtbot, inszoom_hits()) == []
    finally:
        close_window(qtbot, main)


def test_the_vendor_menu_forgets_the_vendor_in_front(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    try:
        main.tabs.setCurrentWidget(main.vendor_tabs["pgi"])
        tab = main.vendor_tabs["pgi"]
        tab.open_record("client.get", {"clientId": "10863894"})
        qtbot.waitUntil(lambda: tab.recent_box.items.count() == 1, timeout=5000)
        vendor_menu = main.menuBar().actions()[2].menu()
        vendor_menu.aboutToShow.emit()
        assert main.forget_action.text() == "&Forget what this computer knows about PGi…"
        main.forget_action.trigger()
        box = confirmation_box(qtbot, main)
        sandbox = main.workspace.definition("pgi").environment("sandbox").label
        assert f"a list of PGi records in 1 environment — {sandbox}: 1 record." in box.text()
        box.confirm_button.click()
        qtbot.waitUntil(lambda: tab.recent_box.items.count() == 0, timeout=5000)
        said = main.statusBar().currentMessage()
        assert said == "PGi: what this computer knew of its records was forgotten."
    finally:
        close_window(qtbot, main)
