"""The organisation profile: checked as a whole, applied once, never half-applied, no secrets."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from app.services.profile import (
    PROFILE_NAME,
    ProfileError,
    ProfileState,
    apply_organisation_profile,
    load_profile,
    profile_locations,
)
from app.services.settings import Settings, config_dir

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "organisation-profile.json"


def write(folder: Path, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PROFILE_NAME
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return caught.value.problems


def start(folder: Path) -> tuple[ProfileState, Settings]:
    """What the app does at start-up: fresh Settings from disk, then the profile."""
    settings = Settings()
    outcome = apply_organisation_profile(settings, [folder / PROFILE_NAME])
    return outcome.state, settings


# --- valid -------------------------------------------------------------------------------------------


def test_example_profile_is_valid_and_applies_urls_and_environments(tmp_path: Path) -> None:
    settings = Settings()
    outcome = apply_organisation_profile(settings, [EXAMPLE])
    assert outcome.state is ProfileState.APPLIED
    assert "Example Ltd" in outcome.message
    reloaded = Settings()  # it was saved, not only set in memory
    assert reloaded.environment_for("pgi", "sandbox") == "test"  # the vendor's own choice wins
    assert reloaded.environment_for("oneoffice", "sandbox") == "production"  # the global default
    assert reloaded.environment_for("iqreseller", "sandbox") == "sandbox"
    assert reloaded.base_url_overrides("oneoffice", "production") == {
        "api": "https://partners.oneoffice.example.com/api/example-ltd"
    }
    assert reloaded.organisation_profile["revision"] == 1


def test_partial_profile_sets_only_what_it_names_and_keeps_the_rest(tmp_path: Path) -> None:
    settings = Settings()
    settings.set_environment("iinsight", "uat")
    settings.set_base_url("pgi", "test", "api", "https://own-choice.example.com")
    settings.page_size = 25
    settings.save()
    folder = tmp_path / "profile"
    write(
        folder, {"format": 1, "vendors": {"pgi": {"base_urls": {"production": {"api": "https://pgi.corp"}}}}}
    )

    state, settings = start(folder)

    assert state is ProfileState.APPLIED
    assert settings.base_url_overrides("pgi", "production") == {"api": "https://pgi.corp"}
    assert settings.base_url_overrides("pgi", "test") == {"api": "https://own-choice.example.com"}
    assert settings.environment_for("iinsight", "sandbox") == "uat"
    assert settings.environment_for("pgi", "sandbox") == "sandbox"  # no environment in the profile
    assert settings.page_size == 25


def test_profile_is_applied_once_and_the_users_later_choice_survives(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    write(folder, {"format": 1, "vendors": {"iinsight": {"default_environment": "production"}}})
    state, settings = start(folder)
    assert state is ProfileState.APPLIED
    settings.set_environment("iinsight", "sandbox")  # the user switches back and quits
    settings.save()

    state, settings = start(folder)

    assert state is ProfileState.ALREADY_APPLIED
    assert settings.environment_for("iinsight", "x") == "sandbox"


def test_a_higher_revision_is_applied_again(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    write(folder, {"format": 1, "vendors": {"iinsight": {"default_environment": "production"}}})
    start(folder)
    write(folder, {"format": 1, "revision": 2, "vendors": {"iinsight": {"default_environment": "uat"}}})

    state, settings = start(folder)

    assert state is ProfileState.APPLIED
    assert settings.environment_for("iinsight", "x") == "uat"
    assert settings.organisation_profile["revision"] == 2


def test_http_is_accepted_for_this_computer_only(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    write(
        folder,
        {"format": 1, "vendors": {"pgi": {"base_urls": {"test": {"api": "http://127.0.0.1:8765/pgi/api"}}}}},
    )
    assert (
        load_profile(folder / PROFILE_NAME).base_urls["pgi"]["test"]["api"] == "http://127.0.0.1:8765/pgi/api"
    )


def test_a_byte_order_mark_from_notepad_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / PROFILE_NAME
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": 1, "default_environment": "sandbox"}).encode())
    assert load_profile(path).environments["pgi"] == "sandbox"


# --- invalid: reported, and nothing applied ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "must be a JSON object"),
        ({"vendors": {}}, '"format" must be 1'),
        ({"format": 1}, "sets nothing"),
        ({"format": 1, "default_environment": "staging"}, 'no vendor has an environment called "staging"'),
        ({"format": 1, "vendor": {}}, '"vendor" is not a profile setting'),
        ({"format": 1, "vendors": {"acme": {}}}, '"vendors.acme": no such vendor'),
        (
            {"format": 1, "vendors": {"pgi": {"default_environment": "uat"}}},
            "PGi has sandbox, test, production",
        ),
        (
            {"format": 1, "vendors": {"pgi": {"base_urls": {"sandbox": {"api": "https://x.example"}}}}},
            "built in",
        ),
        (
            {"format": 1, "vendors": {"pgi": {"base_urls": {"test": {"signin": "https://x.example"}}}}},
            "hosts api",
        ),
        (
            {"format": 1, "vendors": {"pgi": {"base_urls": {"test": {"api": "ftp://x.example"}}}}},
            "web address",
        ),
        ({"format": 1, "vendors": {"pgi": {"base_urls": {"test": {"api": "http://x.example"}}}}}, "https://"),
        ({"format": 1, "revision": 0, "default_environment": "sandbox"}, '"revision" must be'),
        (
            {"format": 1, "vendors": {"oneoffice": {"default_environment": "production"}}},
            'add "vendors.oneoffice.base_urls.production.api"',
        ),
    ],
)
def test_invalid_profile_says_what_is_wrong(tmp_path: Path, data: Any, expected: str) -> None:
    problems = problems_of(write(tmp_path, data))
    assert any(expected in problem for problem in problems), problems


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {"format": 2, "vendors": {"acme": {}, "pgi": {"default_environment": "nope"}}, "extra": True},
    )
    assert len(problems_of(path)) == 4


def test_one_bad_entry_means_nothing_is_applied_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    write(
        folder,
        {
            "format": 1,
            "vendors": {
                "pgi": {
                    "default_environment": "test",
                    "base_urls": {"production": {"api": "https://pgi.corp"}},
                },
                "iinsight": {"default_environment": "staging"},
            },
        },
    )
    settings = Settings()
    outcome = apply_organisation_profile(settings, [folder / PROFILE_NAME])

    assert outcome.state is ProfileState.INVALID
    assert "nothing in it was applied" in outcome.message
    assert '"vendors.iinsight.default_environment"' in outcome.message
    assert settings.environment == {} and settings.base_urls == {}
    assert settings.organisation_profile == {}
    assert not (config_dir() / "settings.json").exists()


def test_an_invalid_profile_is_reported_again_at_the_next_start(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    write(folder, {"format": 1, "default_environment": "staging"})
    assert start(folder)[0] is ProfileState.INVALID
    assert start(folder)[0] is ProfileState.INVALID


# --- secrets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"format": 1, "vendors": {"pgi": {"api_key": "k-123"}}}, "vendors.pgi.api_key"),
        ({"format": 1, "vendors": {"iinsight": {"password": "pw"}}}, "vendors.iinsight.password"),
        ({"format": 1, "vendors": {"iinsight": {"username": "ops"}}}, "vendors.iinsight.username"),
        ({"format": 1, "default_environment": "sandbox", "X-Auth-Token": "t"}, "X-Auth-Token"),
        ({"format": 1, "credentials": {"pgi": {"key": "k"}}}, "credentials"),
        (
            {
                "format": 1,
                "vendors": {"pgi": {"base_urls": {"test": {"api": "https://x.example", "apiKey": "k"}}}},
            },
            "vendors.pgi.base_urls.test.apiKey",
        ),
    ],
)
def test_secrets_are_refused_by_name(tmp_path: Path, data: Any, where: str) -> None:
    problems = problems_of(write(tmp_path, data))
    assert any(f'"{where}" looks like a credential' in problem for problem in problems), problems


@pytest.mark.parametrize(
    "url",
    [
        "https://ops:secret@pgi.example.com",
        "https://pgi.example.com/?api_key=abc",
        "https://x.example/?token=t",
    ],
)
def test_secrets_inside_urls_are_refused(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, {"format": 1, "vendors": {"pgi": {"base_urls": {"test": {"api": url}}}}})
    problems = problems_of(path)
    assert any("credentials stay in the keychain" in problem for problem in problems), problems
    assert all("secret" not in problem and "abc" not in problem for problem in problems)  # never echoed


# --- where it is found ---------------------------------------------------------------------------------


def test_from_source_only_the_config_directory_is_searched() -> None:
    assert profile_locations() == [config_dir() / PROFILE_NAME]


def test_frozen_app_also_looks_beside_the_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "Switchboard" / "Switchboard.exe"))
    assert profile_locations() == [config_dir() / PROFILE_NAME, tmp_path / "Switchboard" / PROFILE_NAME]


def test_frozen_mac_app_looks_in_its_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contents = tmp_path / "Switchboard.app" / "Contents"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(contents / "MacOS" / "Switchboard"))
    assert profile_locations()[1:] == [
        contents / "Resources" / PROFILE_NAME,
        contents / "MacOS" / PROFILE_NAME,
    ]


def test_the_config_directory_profile_wins_over_the_one_beside_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    beside = tmp_path / "Switchboard"
    write(beside, {"format": 1, "organisation": "Shipped", "default_environment": "sandbox"})
    write(config_dir(), {"format": 1, "organisation": "Per user", "default_environment": "sandbox"})
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(beside / "Switchboard.exe"))

    outcome = apply_organisation_profile(Settings())

    assert "Per user" in outcome.message


def test_no_profile_changes_nothing() -> None:
    settings = Settings()
    assert apply_organisation_profile(settings).state is ProfileState.NONE
    assert not (config_dir() / "settings.json").exists()


# --- a corporate proxy's certificates -----------------------------------------------------------------


def test_a_certificate_file_shipped_beside_the_profile_is_trusted_by_every_user(tmp_path: Path) -> None:
    import certifi

    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "corporate-ca.pem").write_text(Path(certifi.where()).read_text(encoding="utf-8"), "utf-8")
    write(folder, {"format": 1, "organisation": "Example Ltd", "ca_bundle": "corporate-ca.pem"})
    state, _ = start(folder)
    assert state is ProfileState.APPLIED
    assert Settings().ca_bundle == str(folder / "corporate-ca.pem")  # saved, as an absolute path


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (42, '"ca_bundle" must be the path of a certificate file (.pem).'),
        ("missing.pem", '"ca_bundle": there is no file at '),
        ("notes.txt", "holds no certificate that can be read"),
    ],
)
def test_a_certificate_setting_that_cannot_work_refuses_the_whole_profile(tmp_path, value, problem) -> None:
    (tmp_path / "notes.txt").write_text("not a certificate", encoding="utf-8")
    path = write(tmp_path, {"format": 1, "default_environment": "sandbox", "ca_bundle": value})
    assert any(problem in text for text in problems_of(path))
    state, settings = start(tmp_path)
    assert state is ProfileState.INVALID and settings.ca_bundle == ""
