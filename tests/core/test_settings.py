"""Settings: declared options, a versioned file, and no secrets in it."""

from __future__ import annotations

import json

from app.services.settings import SETTINGS_VERSION, Settings


def test_settings_round_trip_with_a_version(tmp_path):
    path = tmp_path / "settings.json"
    settings = Settings(path)
    assert settings.get("page_size") == 100
    settings.set_environment("pgi", "test")
    settings.set_base_url("pgi", "production", "api", "https://pgi.example.org")
    settings.save()
    saved = json.loads(path.read_text())
    assert saved["version"] == SETTINGS_VERSION
    reloaded = Settings(path)
    assert reloaded.environment_for("pgi", "sandbox") == "test"
    assert reloaded.environment_for("iinsight", "sandbox") == "sandbox"
    assert reloaded.base_url_overrides("pgi", "production") == {"api": "https://pgi.example.org"}


def test_a_damaged_file_falls_back_to_defaults_and_says_so(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    settings = Settings(path)
    assert settings.get("timeout_s") == 30.0
    assert "could not be read" in settings.load_problem


def test_unknown_keys_in_the_file_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "api_key": "should-not-be-here", "page_size": 50}))
    settings = Settings(path)
    assert settings.get("page_size") == 50
    settings.save()
    assert "api_key" not in path.read_text()
