"""File › Settings: what a person can change for every vendor, checked next to the field."""

from __future__ import annotations

import logging

import certifi
from PySide6.QtWidgets import QDialog

from app.services.settings import Settings
from tests.ui.helpers import click, close_window, open_window


def open_settings(qtbot, main):
    file_menu = main.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "&Settings…")
    action.trigger()
    dialog = main.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def test_saved_settings_reach_the_file_and_the_open_connections(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    try:
        service = main.workspace.service("pgi")
        old_client = service.client
        dialog = open_settings(qtbot, main)
        assert dialog.timeout.value() == 30 and dialog.concurrency.value() == 4
        assert dialog.log_level.currentText() == "Normal"
        dialog.timeout.setValue(45)
        dialog.concurrency.setValue(6)
        dialog.ca_bundle.setText(certifi.where())
        dialog.log_level.setCurrentIndex(dialog.log_level.findData("DEBUG"))
        click(qtbot, dialog.save_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        saved = Settings()
        assert saved.timeout_s == 45.0 and saved.concurrency == 6
        assert saved.ca_bundle == certifi.where() and saved.log_level == "DEBUG"
        assert service.client is not old_client and service.client.timeout.read == 45.0
        assert logging.getLogger().level == logging.DEBUG
        table = main.vendor_tabs["iinsight"].show_task("company_contacts.list").table
        assert table.concurrency == 6  # the next Load all fetches six pages at once
        assert main.statusBar().currentMessage() == "Settings saved."
    finally:
        logging.getLogger().setLevel(logging.WARNING)
        close_window(qtbot, main)


def test_a_certificate_file_that_cannot_be_used_is_explained_and_nothing_is_saved(
    qtbot, qt_loop, pgi_sandbox, tmp_path
):
    main = open_window(pgi_sandbox)
    try:
        dialog = open_settings(qtbot, main)
        dialog.timeout.setValue(60)
        missing = str(tmp_path / "corporate-ca.pem")
        dialog.ca_bundle.setText(missing)
        click(qtbot, dialog.save_button)
        assert dialog.isVisible()
        assert dialog.ca_error.isVisible()
        assert dialog.ca_error.text() == "There is no file at this place. Choose the certificate file again."
        not_pem = tmp_path / "notes.pem"
        not_pem.write_text("this is not a certificate", encoding="utf-8")
        dialog.ca_bundle.setText(str(not_pem))
        click(qtbot, dialog.save_button)
        assert "holds no certificate" in dialog.ca_error.text()
        assert dialog.timeout.value() == 60 and dialog.ca_bundle.text() == str(not_pem)  # all kept
        assert Settings().timeout_s == 30.0  # nothing stored
        dialog.reject()
        assert dialog.result() == QDialog.DialogCode.Rejected
    finally:
        close_window(qtbot, main)


def test_unsavable_settings_are_said_so_still_apply_and_never_block_closing(qtbot, qt_loop, pgi_sandbox):
    main = open_window(pgi_sandbox)
    try:
        service = main.workspace.service("pgi")
        # Folders where the files belong: nothing can replace them, so every save fails.
        main.settings.path.mkdir(parents=True)
        main.settings.layout_path().mkdir()
        dialog = open_settings(qtbot, main)
        dialog.timeout.setValue(90)
        click(qtbot, dialog.save_button)
        assert dialog.isVisible() and dialog.timeout.value() == 90  # nothing typed is lost
        assert dialog.save_error.text().startswith("The settings could not be saved")
        assert service.client.timeout.read == 90.0  # applied for this session all the same
        dialog.reject()
    finally:
        close_window(qtbot, main)  # closing works although the window layout cannot be saved either
