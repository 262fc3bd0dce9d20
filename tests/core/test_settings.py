"""Settings: typed options declared once, a versioned file with upgrade steps, defaults for any
value that cannot be used, and no secrets in it."""

from __future__ import annotations

import errno
import json

import pytest

from app.services import settings as settings_module
from app.services.layout import WindowLayout
from app.services.settings import Settings


def test_settings_round_trip_with_a_version(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings(path)
    assert settings.page_size == 100
    settings.set_environment("pgi", "test")
    settings.set_base_url("pgi", "production", "api", "https://pgi.example.org")
    settings.save()
    saved = json.loads(path.read_text())
    assert saved["version"] == Settings.VERSION == 2
    reloaded = Settings(path)
    assert reloaded.environment_for("pgi", "sandbox") == "test"
    assert reloaded.environment_for("iinsight", "sandbox") == "sandbox"
    assert reloaded.base_url_overrides("pgi", "production") == {"api": "https://pgi.example.org"}


def test_a_damaged_file_falls_back_to_defaults_and_says_so(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    settings = Settings(path)
    assert settings.timeout_s == 30.0
    assert "could not be read" in settings.load_problem


def test_unknown_keys_in_the_file_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "api_key": "should-not-be-here", "page_size": 50}))
    settings = Settings(path)
    assert settings.page_size == 50
    settings.save()
    assert "api_key" not in path.read_text()


def test_values_that_cannot_be_used_fall_back_to_their_defaults_and_are_named_once(tmp_path):
    path = tmp_path / "settings.json"
    written = {
        "version": 2,
        "timeout_s": "fast",
        "concurrency": 11,
        "appearance": "purple",
        "environment": {"pgi": 3},
        "log_level": "DEBUG",  # usable: kept
        "page_size": 50.0,  # a whole number written as a float: kept as 50
    }
    path.write_text(json.dumps(written))
    settings = Settings(path)
    assert (settings.timeout_s, settings.concurrency, settings.appearance) == (30.0, 4, "system")
    assert settings.environment == {} and settings.environment_for("pgi", "sandbox") == "sandbox"
    assert settings.log_level == "DEBUG"
    assert settings.page_size == 50 and isinstance(settings.page_size, int)
    assert settings.load_problem == (
        "Some of your settings could not be used and are back to their defaults: "
        "Environment chosen per vendor (environment) must be a JSON object of the shape Switchboard writes; "
        "Seconds to wait for a vendor to answer (timeout_s) must be a number; "
        "Pages fetched at once (concurrency) must be between 1 and 10; "
        "Appearance (appearance) must be one of system, light, dark."
    )
    assert "fast" not in settings.load_problem  # values are never repeated: one might be a pasted secret


def test_a_missing_file_is_no_problem_and_booleans_are_no_numbers(tmp_path):
    assert Settings(tmp_path / "settings.json").load_problem == ""
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"version": 2, "concurrency": True}))
    settings = Settings(path)
    assert settings.concurrency == 4
    assert "Pages fetched at once (concurrency) must be a whole number" in settings.load_problem


def test_an_unreadable_file_says_why_in_words(tmp_path):
    (tmp_path / "settings.json").mkdir()
    assert Settings(tmp_path / "settings.json").load_problem == (
        "Your settings could not be read (Is a directory), so Switchboard uses its defaults."
    )
    listed = tmp_path / "listed.json"
    listed.write_text("[1, 2]")
    assert "listed.json does not hold a JSON object" in Settings(listed).load_problem


def test_assigning_a_value_the_declaration_refuses_raises_and_keeps_the_old_one(tmp_path):
    settings = Settings(tmp_path / "settings.json")
    with pytest.raises(ValueError, match="concurrency must be between 1 and 10"):
        settings.concurrency = 0
    with pytest.raises(ValueError, match="appearance must be one of system, light, dark"):
        settings.appearance = "purple"
    assert settings.concurrency == 4 and settings.appearance == "system"
    settings.timeout_s = 45  # an int for a float option is stored as a float
    assert settings.timeout_s == 45.0 and isinstance(settings.timeout_s, float)


def test_a_mapping_read_is_a_copy_changed_only_by_assigning_it(tmp_path):
    settings = Settings(tmp_path / "settings.json")
    chosen = settings.environment
    chosen["pgi"] = "production"
    assert settings.environment_for("pgi", "sandbox") == "sandbox"
    settings.environment = chosen
    assert settings.environment_for("pgi", "sandbox") == "production"


def test_settings_not_stored_are_never_read_or_written(tmp_path, monkeypatch):
    monkeypatch.setenv("SWITCHBOARD_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text(json.dumps({"version": 2, "concurrency": 8}))
    settings = Settings(stored=False)
    assert settings.concurrency == 4 and settings.layout_path() is None
    settings.concurrency = 2
    settings.save()
    assert json.loads((tmp_path / "settings.json").read_text())["concurrency"] == 8


V1_FILE = {
    "version": 1,
    "environment": {"pgi": "test"},
    "timeout_s": 45.0,
    "window_geometry": "AdnQywADAAA=",
    "window_state": "AAAA/wAAAAA=",
    "splitter_state": {"pgi": "AAAA/wAAAAE="},
    "last_tab": "iinsight",
}


def test_a_version_1_file_is_upgraded_its_window_layout_moved_to_a_file_of_its_own(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(V1_FILE))
    settings = Settings(path)
    assert settings.load_problem == ""
    assert settings.environment_for("pgi", "sandbox") == "test" and settings.timeout_s == 45.0
    assert json.loads(path.read_text()) == {"version": 2, "environment": {"pgi": "test"}, "timeout_s": 45.0}
    layout = WindowLayout(settings.layout_path())
    assert settings.layout_path() == tmp_path / "layout.json"
    assert (layout.window_geometry, layout.window_state) == ("AdnQywADAAA=", "AAAA/wAAAAA=")
    assert layout.splitter_state == {"pgi": "AAAA/wAAAAE="} and layout.last_tab == "iinsight"
    assert layout.problems == [] and json.loads((tmp_path / "layout.json").read_text())["version"] == 1


def test_an_upgrade_never_overwrites_a_window_layout_already_kept_apart(tmp_path):
    (tmp_path / "layout.json").write_text(json.dumps({"version": 1, "last_tab": "pgi"}))
    (tmp_path / "settings.json").write_text(json.dumps(V1_FILE))
    Settings(tmp_path / "settings.json")
    assert WindowLayout(tmp_path / "layout.json").last_tab == "pgi"
    assert "last_tab" not in (tmp_path / "settings.json").read_text()


def test_an_upgrade_that_cannot_write_leaves_the_file_as_it_was_and_uses_its_values(tmp_path, monkeypatch):
    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(settings_module, "save_json", disk_full)
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(V1_FILE))
    settings = Settings(path)
    assert settings.timeout_s == 45.0 and settings.load_problem == ""
    assert json.loads(path.read_text()) == V1_FILE  # the next start tries again
    assert not (tmp_path / "layout.json").exists()
