"""A vendor that echoes the key it received, and an address holding a password: neither secret
reaches the history, the log, the screen or stdout.

The server is hostile on loopback (tests/loopback.py): every error it answers writes back each
header and JSON value it was sent, as is, as PHP and .NET write JSON, HTML-escaped and in base64,
with the key placed across the point where the history cuts a body.  Failures name where a
secret was found, never the secret.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.loopback import echoed_spellings, serve_echo

# Letters and the characters each spelling writes differently (no quote: the history's JSON keeps it).
KEY = "Hx7/Qe+Lw=9Tz/Ka+Rv=-echoed-key-5150"
PASSWORD = "pw-in-an-address-7781"

# vendor: its operation and values, the hosts pointed at the server, the status the server answers
VENDORS = {
    "pgi": (["client.get", "-p", "clientId=1"], ["api"], 400),
    "oneoffice": (
        [
            "customer.create",
            "--yes",
            "-p",
            "id=c-1",
            "-p",
            "name=Acme",
            "-p",
            "admin.email=a@b.example",
        ],
        ["api"],
        400,
    ),
    "iqreseller": (["cv.list"], ["signin", "api"], 401),  # refused at sign-in, in the vendor's words
}


def call(args: list[str], config: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {"SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_CONFIG_DIR": str(config),
         "SWITCHBOARD_DATA_DIR": str(config / "data"), "SWITCHBOARD_LOG_DIR": str(config / "logs"), **env}
    )  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "app", "call", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def assert_nothing_of(secret: str, where: str, text: str) -> None:
    """No spelling of ``secret``, nor the half of it a cut would leave behind."""
    found = [name for name, form in echoed_spellings(secret).items() if form in text]
    if secret[: len(secret) // 2] in text:
        found.append("first half")
    if found:
        pytest.fail(f"the {', '.join(found)} spelling of a secret is in {where}")


def everything_written(done: subprocess.CompletedProcess[str], config: Path) -> dict[str, str]:
    files = {str(path.relative_to(config)): path.read_text(errors="replace") for path in config.rglob("*")
             if path.is_file()}  # fmt: skip
    return {"stdout": done.stdout, "stderr": done.stderr, **files}


@pytest.mark.parametrize("vendor", list(VENDORS))
def test_a_key_echoed_by_the_vendor_is_nowhere(vendor, tmp_path):
    operation, hosts, status = VENDORS[vendor]
    with serve_echo(status) as received:
        urls = [arg for host in hosts for arg in ("--url", f"{host}={received.url}")]
        done = call(
            [vendor, *operation, "--env", "production", *urls],
            tmp_path,
            {f"SWITCHBOARD_{vendor.upper()}_API_KEY": KEY},
        )
    assert received, done.stderr  # the key went to the server, which echoed it
    assert KEY in json.dumps([r["headers"] for r in received]) + "".join(r["body"] for r in received)
    assert done.returncode not in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert "[redacted]" in done.stdout  # the vendor's sentence is shown, with the key taken out
    written = everything_written(done, tmp_path)
    assert "activity.jsonl" in written
    for where, text in written.items():
        assert_nothing_of(KEY, where, text)


def test_an_address_with_a_password_is_refused_with_exit_2_and_sends_nothing(tmp_path):
    with serve_echo(400) as received:
        address = received.url.replace("http://", f"http://ops:{PASSWORD}@")
        arguments = [
            "pgi",
            "client.get",
            "-p",
            "clientId=1",
            "--env",
            "production",
            "--url",
            f"api={address}",
        ]
        done = call(arguments, tmp_path, {"SWITCHBOARD_PGI_API_KEY": KEY})
    assert done.returncode == 2
    assert received == []
    assert "must not contain a user name or password" in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["error"]["kind"] == "usage"
    for where, text in everything_written(done, tmp_path).items():
        assert_nothing_of(PASSWORD, where, text)


def test_an_address_with_a_password_in_the_settings_falls_back_and_is_never_shown(tmp_path):
    with serve_echo(400) as received:
        address = received.url.replace("http://", f"http://ops:{PASSWORD}@")
        settings = {"version": 2, "base_urls": {"pgi": {"production": {"api": address}}}}
        (tmp_path / "settings.json").write_text(json.dumps(settings))
        done = call(["pgi", "client.get", "-p", "clientId=1", "--env", "production"], tmp_path,
                    {"SWITCHBOARD_PGI_API_KEY": KEY})  # fmt: skip
    assert received == []  # PGi production has no usual address: nothing is sent anywhere
    assert (
        "address in the settings" in done.stderr and "must not contain a user name or password" in done.stderr
    )
    assert "Traceback" not in done.stderr
    for where, text in everything_written(done, tmp_path).items():
        if where != "settings.json":  # the person's own file, as they wrote it
            assert_nothing_of(PASSWORD, where, text)
