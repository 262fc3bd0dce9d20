"""Help › About: the version and build, and each folder Switchboard writes in, with a way to open it."""

from __future__ import annotations

from pathlib import Path

from app import __version__
from app.services.settings import config_dir
from app.ui import about_dialog
from app.ui.about_dialog import AboutDialog


def test_about_names_the_version_and_every_folder_and_opens_them(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(tmp_path / "data"))
    opened: list[str] = []

    def open_url(url) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(about_dialog.QDesktopServices, "openUrl", open_url)
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert __version__ in dialog.build.text() and "Python" in dialog.build.text()
    assert dialog.paths["Settings"].text() == str(config_dir())
    assert dialog.paths["Activity history"].text() == str(config_dir() / "activity.jsonl")
    assert dialog.paths["Records kept on this computer"].text() == str(tmp_path / "data" / "index")
    assert dialog.paths["Logs"].text()
    dialog.open_buttons["Activity history"].click()
    dialog.open_buttons["Records kept on this computer"].click()
    assert opened == [str(config_dir()), str(tmp_path / "data" / "index")]
    assert Path(opened[1]).is_dir()  # made when it was not there yet, so the file manager opens it
