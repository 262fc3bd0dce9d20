"""A vendor address must be https (plain http only to this computer), wherever an address enters.

Keys travel in headers and bodies: over plain http they cross the network in clear.  The
sandbox served on loopback (``python -m app sandbox``) is the one place http is fine.
"""

from __future__ import annotations

import json

import httpx
import pytest

from app import cli
from app.core.credentials import CredentialStore
from app.core.http import address_problem
from app.services import workspace as workspace_module
from app.services.settings import Settings
from app.services.workspace import Workspace

IINSIGHT_PRODUCTION = "https://api-usa.iinsightonline.com"


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com",
        "https://api.example.com:8443/v1/",
        "http://127.0.0.1:8765/pgi/api",
        "http://127.5.6.7",
        "http://localhost:9000",
        "http://[::1]:9000/x",
    ],
)
def test_https_and_loopback_http_are_accepted(url):
    assert address_problem(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://api.example.com",
        "http://10.0.0.5",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "ftp://api.example.com",
        "api.example.com",
        "https://",
        "",
    ],
)
def test_plain_http_elsewhere_and_non_addresses_are_refused(url):
    problem = address_problem(url)
    assert problem.startswith(("must", "is not")) and problem.endswith(".")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("https://api.example.com:99999", "is not a web address"),
        ("https://api.example.com:0", "port 0"),
        ("https://api.example.com:http", "is not a web address"),
        ("https://[::1", "is not a web address"),
        ("https://api.example.com/v1\r\nX-Injected: 1", "line break"),
        ("https://api.example.com/v1\n", "line break"),
        ("https://api.example.com/\tv1", "a tab"),
        ("https://api.example .com", "a space"),
        ("https://api.example.com/\x00", "control character"),
        ("javascript:alert(1)", "is not a web address"),
        ("file:///etc/passwd", "is not a web address"),
        ("https://ops:pw-addr-5151@api.example.com", "must not contain a user name or password"),
        ("https://ops:pw-addr-5151@[::1", "must not contain a user name or password"),
        ("https://ops:pw/addr-5151@api.example.com", "is not a web address"),
    ],
)
def test_an_address_that_would_fail_every_call_or_carry_a_password_is_refused_in_a_sentence(url, said):
    problem = address_problem(url)
    assert said in problem and problem.endswith(".")
    assert "pw-addr-5151" not in problem and "pw/addr-5151" not in problem


def test_an_address_with_an_at_sign_in_its_path_or_query_holds_no_password():
    assert address_problem("https://api.example.com/people/a@b.example?cc=c@d.example") == ""


class Recorder:
    """Stands in for every vendor client: records what would have been sent, answers 200 {}."""

    def __init__(self, monkeypatch) -> None:
        self.sent: list[httpx.Request] = []
        real = workspace_module.create_client

        def create_client(**options):
            transport = httpx.MockTransport(self._answer)
            return real(**{**options, "transport": transport})

        monkeypatch.setattr(workspace_module, "create_client", create_client)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(200, json={"token": "t-recorded-123", "expires_in": 3600})


def test_a_plain_http_address_in_the_settings_falls_back_and_is_reported(tmp_path):
    settings = Settings(tmp_path / "settings.json")
    settings.set_base_url("iinsight", "production", "api", "http://api-usa.iinsightonline.com")
    settings.set_base_url("pgi", "test", "api", "http://127.0.0.1:8765/pgi/api")  # this computer: kept
    working = Workspace(settings, CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}))
    assert working.service("iinsight", "production").hosts["api"] == IINSIGHT_PRODUCTION
    assert working.service("pgi", "test").hosts["api"] == "http://127.0.0.1:8765/pgi/api"
    [problem] = working.address_problems
    assert "http://api-usa.iinsightonline.com" in problem and "https://" in problem
    assert "iinsight" in problem and IINSIGHT_PRODUCTION in problem


def test_cli_refuses_a_plain_http_url_with_exit_2_and_sends_nothing(monkeypatch, capsys):
    recorder = Recorder(monkeypatch)
    monkeypatch.setenv("SWITCHBOARD_NO_KEYRING", "1")
    monkeypatch.setenv("SWITCHBOARD_PGI_API_KEY", "k-plain-http-0001")
    code = cli.main(
        ["pgi", "client.get", "--env", "test", "--url", "api=http://testapi.zipconferencing.com",
         "-p", "clientId=1"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 2
    assert json.loads(out)["error"]["kind"] == "usage"
    assert "https://" in err and "http://testapi.zipconferencing.com" in err
    assert "Traceback" not in err
    assert recorder.sent == []


def test_cli_falls_back_from_a_plain_http_address_in_the_settings_and_says_so(monkeypatch, capsys, tmp_path):
    recorder = Recorder(monkeypatch)
    settings = Settings()
    settings.set_base_url("iinsight", "production", "api", "http://api-usa.iinsightonline.com")
    settings.save()
    monkeypatch.setenv("SWITCHBOARD_NO_KEYRING", "1")
    monkeypatch.setenv("SWITCHBOARD_IINSIGHT_USERNAME", "someone")
    monkeypatch.setenv("SWITCHBOARD_IINSIGHT_PASSWORD", "pw-plain-http-0002")
    code = cli.main(
        ["iinsight", "contacts.details", "--env", "production", "-p", "case_id=1", "-p", "contact_id=2"]
    )
    _, err = capsys.readouterr()
    assert code == 0
    assert recorder.sent and all(str(r.url).startswith(IINSIGHT_PRODUCTION + "/") for r in recorder.sent)
    assert "http://api-usa.iinsightonline.com" in err and "https://" in err
