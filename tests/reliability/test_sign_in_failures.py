"""Sign in, Test connection and Sign out meet a broken network, or a key that cannot be sent.

They must end in the same sentences a data call gives (typed errors of app.contract.errors),
leave the session out of "signing in", and never let an httpx exception escape.  Each case
crosses a real socket on loopback: a port nothing listens on, or an HTTPS server whose
certificate this computer does not trust.
"""

from __future__ import annotations

import socket

import pytest

from app import cli, vendors
from app.contract.errors import AuthError, NetworkError
from app.core.credentials import CredentialStore
from app.core.http import create_client
from app.core.service import check_connection
from app.core.session import SessionState
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from tests.reliability.test_transport import https_vendor, no_proxy_from_this_machine, pki  # noqa: F401

SIGN_IN_VENDORS = ("inszoom", "iinsight", "iqreseller")
KEYS = {
    "inszoom": {"authorization_key": "az-key-0001", "subscription_key": "sub-key-0002"},
    "iinsight": {"username": "someone", "password": "pw-0003-secret"},
    "iqreseller": {"api_key": "iqr-key-0004"},
}


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def production_at(vendor: str, url: str) -> Workspace:
    """``vendor``'s production environment pointed at ``url`` (every host), with keys saved for it."""
    definition = vendors.load(vendor)
    production = next(e for e in definition.environments if e.production)
    settings = Settings()
    settings.set_environment(vendor, production.id)
    for host in production.hosts:
        settings.set_base_url(vendor, production.id, host, url)
    credentials = CredentialStore()
    for field, value in KEYS[vendor].items():
        credentials.set(vendor, production.id, field, value)
    return Workspace(settings, credentials)


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", SIGN_IN_VENDORS)
async def test_sign_in_to_an_unreachable_vendor_is_a_network_sentence(vendor):
    workspace = production_at(vendor, closed_port_url())
    service = workspace.service(vendor)
    with pytest.raises(NetworkError) as caught:
        await service.sign_in()
    name = service.definition.name
    assert caught.value.message.startswith(f"{name} could not be reached (nothing answered)")
    status = service.session.status()
    assert status.state is SessionState.ERROR and status.message == caught.value.message
    await workspace.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", SIGN_IN_VENDORS)
async def test_test_connection_to_an_unreachable_vendor_is_a_network_sentence(vendor):
    workspace = production_at(vendor, closed_port_url())
    service = workspace.service(vendor)
    with pytest.raises(NetworkError, match="could not be reached"):
        await check_connection(service, KEYS[vendor])
    await workspace.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", SIGN_IN_VENDORS)
async def test_sign_in_to_a_vendor_with_an_untrusted_certificate_says_so(vendor, pki):  # noqa: F811
    async with https_vendor(pki) as url:
        workspace = production_at(vendor, url)
        service = workspace.service(vendor)
        with pytest.raises(NetworkError, match="does not trust the certificate"):
            await service.sign_in()
        assert service.session.status().state is SessionState.ERROR
        await workspace.aclose()


@pytest.mark.anyio
async def test_sign_out_when_the_vendor_cannot_be_reached_signs_out_here_and_says_so():
    workspace = Workspace(Settings(), CredentialStore(), sandbox=build_sandbox(["iqreseller"]))
    service = workspace.service("iqreseller")
    await service.sign_in()
    # The network goes away: the session's end cannot be told to IQ Reseller.
    service.hosts = dict.fromkeys(service.hosts, closed_port_url())
    old, service.client = service.client, create_client()
    await old.aclose()
    with pytest.raises(NetworkError) as caught:
        await service.sign_out()
    assert "IQ Reseller could not be reached" in caught.value.message
    assert "signed out" in caught.value.message.lower()
    assert service.session.token is None
    assert service.session.status().state is SessionState.SIGNED_OUT
    await workspace.aclose()


# -- keys as pasted ---------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", SIGN_IN_VENDORS)
async def test_a_saved_key_with_surrounding_line_breaks_and_spaces_still_signs_in(vendor):
    credentials = CredentialStore()
    for field, value in demo_credentials(vendor).items():
        credentials.set(vendor, "sandbox", field, f" \t{value}\r\n")
    workspace = Workspace(Settings(), credentials, sandbox=build_sandbox([vendor]))
    service = workspace.service(vendor)
    await service.sign_in()
    assert service.session.status().state is SessionState.ACTIVE
    await workspace.aclose()


def test_credentials_are_trimmed_when_entered_and_when_read_from_the_environment(memory_keyring):
    store = CredentialStore(environ={"SWITCHBOARD_PGI_API_KEY": "  env-key-0005\r\n"})
    assert store.get("pgi", "sandbox", "api_key") == "env-key-0005"
    saved = CredentialStore()
    saved.set("oneoffice", "sandbox", "api_key", "\tsaved-key-0006 \n")
    assert memory_keyring.entries[("Switchboard", "oneoffice/sandbox/api_key")] == "saved-key-0006"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("vendor", "field", "value", "label"),
    [
        ("inszoom", "subscription_key", "demo-inszoom-\nsubscription-key", "Subscription key"),
        ("iqreseller", "api_key", "iqr-sandbox\r-demo-key", "API key"),
        ("pgi", "api_key", "pgi-demo\x00-key", "API key"),
        ("inszoom", "subscription_key", "demo-inszoom-subscription-kéy", "Subscription key"),  # in a header
    ],
    ids=["line-break", "carriage-return", "nul", "not-ascii-in-a-header"],
)
async def test_a_key_that_cannot_be_sent_is_refused_with_a_sentence_before_sending(
    vendor, field, value, label
):
    credentials = CredentialStore()
    for name, demo in demo_credentials(vendor).items():
        credentials.set(vendor, "sandbox", name, value if name == field else demo)
    sandbox = build_sandbox([vendor])
    workspace = Workspace(Settings(), credentials, sandbox=sandbox)
    service = workspace.service(vendor)
    with pytest.raises(AuthError) as caught:
        await service.sign_in()
    assert label in caught.value.message and "Credentials" in caught.value.message
    assert value not in caught.value.message
    assert list(sandbox.control(vendor).journal) == []
    await workspace.aclose()


def test_the_cli_says_in_a_sentence_that_a_key_holds_a_line_break(monkeypatch, capsys):
    monkeypatch.setenv("SWITCHBOARD_NO_KEYRING", "1")
    monkeypatch.setenv("SWITCHBOARD_IQRESELLER_API_KEY", "iqr-key\n-0007")
    code = cli.main(["iqreseller", "cv.list", "--url", f"signin={closed_port_url()}", "--url",
                     f"api={closed_port_url()}", "--env", "production"])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == AuthError.exit_code
    assert "API key" in err and "line break" in err
    assert "Traceback" not in err and "httpx" not in err
