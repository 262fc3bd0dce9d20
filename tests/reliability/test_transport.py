"""Transport safety: TLS always verified, a CA bundle for corporate proxies, system proxies, timeouts.

The TLS tests make their own certificate authority and serve HTTPS on loopback,
so verification is shown to work for real: a certificate from an unknown CA is
refused (and the user reads a sentence), and trusted once its CA is the bundle
set in Settings.  Nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from app.contract.errors import NetworkError
from app.core.credentials import CredentialStore
from app.core.http import DEFAULT_TIMEOUT_S, ca_bundle_problem, create_client, tls_verification
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings, config_dir
from app.services.workspace import Workspace

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_from_this_machine(monkeypatch):
    """The tests say which proxy settings exist; the machine running them has no say."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


def pool_context(client: httpx.AsyncClient) -> ssl.SSLContext:
    return client._transport._pool._ssl_context


def trusted_subjects(context: ssl.SSLContext) -> list[str | None]:
    """The roots a context trusts besides the system's store (truststore keeps them in its inner one)."""
    inner = getattr(context, "_ctx", context)
    return [dict(item[0] for item in ca["subject"]).get("commonName") for ca in inner.get_ca_certs()]


# --- certificates made for the test -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    """A CA, and a certificate it signed for 127.0.0.1 (PEM files)."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("pki")
    now = datetime.datetime.now(datetime.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    # A CA signs certificates and nothing else.
    ca_key_usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(name("Switchboard Test Corporate Proxy CA"))
        .issuer_name(name("Switchboard Test Corporate Proxy CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(ca_key_usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = {"ca": folder / "ca.pem", "cert": folder / "server.pem", "key": folder / "server.key"}
    files["ca"].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return files


ANSWER = {"clientId": 4242, "hub": {"hubUrl": "https://hub.example"}}


@asynccontextmanager
async def https_vendor(pki: dict[str, Path]) -> AsyncIterator[str]:
    """A vendor on https://127.0.0.1:<port> with the test CA's certificate; answers every POST with ANSWER."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki["cert"], pki["key"])

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                0,
            )
            await reader.readexactly(length)
            body = json.dumps(ANSWER).encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass  # a client that refused our certificate hangs up mid-handshake
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def workspace_for(url: str, ca_bundle: str = "") -> Workspace:
    settings = Settings()
    settings.ca_bundle = ca_bundle
    settings.set_base_url("pgi", "test", "api", url)
    credentials = CredentialStore()
    credentials.set("pgi", "test", "api_key", "tls-test-key")
    return Workspace(settings, credentials, sandbox=build_sandbox(["pgi"]))


# --- TLS ---------------------------------------------------------------------------------------------------


def test_tls_verification_is_on_by_default_and_uses_the_systems_certificate_store():
    import truststore

    client = create_client()
    context = pool_context(client)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    # Verified by the operating system (a corporate proxy's CA that IT put in the store is trusted),
    # with the usual roots besides, for a machine whose store lacks them.
    assert isinstance(context, truststore.SSLContext)
    assert len(trusted_subjects(context)) > 100


def test_a_ca_bundle_is_trusted_besides_the_usual_roots_and_verification_stays_on(pki):
    context = tls_verification(str(pki["ca"]))
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    subjects = trusted_subjects(context)
    assert "Switchboard Test Corporate Proxy CA" in subjects
    assert len(subjects) > 1, "the usual roots are still trusted"
    client = create_client(ca_bundle=str(pki["ca"]))
    assert pool_context(client).verify_mode == ssl.CERT_REQUIRED
    assert len(trusted_subjects(pool_context(client))) == len(subjects)


@pytest.mark.parametrize("problem", ["missing", "not a certificate"])
def test_a_ca_bundle_that_cannot_be_used_is_logged_and_verification_stays_on(problem, tmp_path, caplog):
    path = tmp_path / "bundle.pem"
    if problem == "not a certificate":
        path.write_text("this is not PEM", encoding="utf-8")
    assert ca_bundle_problem(str(path)).startswith(f"The CA bundle {path} could not be used")
    assert ca_bundle_problem("") == ""
    with caplog.at_level("WARNING"):
        client = create_client(ca_bundle=str(path))
    assert pool_context(client).verify_mode == ssl.CERT_REQUIRED
    assert "could not be used" in caplog.text


def test_workspace_clients_get_the_ca_bundle_from_the_settings(pki):
    workspace = workspace_for("https://testapi.example", str(pki["ca"]))
    service = workspace.service("pgi", "test")
    assert "Switchboard Test Corporate Proxy CA" in trusted_subjects(pool_context(service.client))


@pytest.mark.anyio
async def test_a_certificate_from_an_unknown_ca_is_refused_with_a_sentence(pki):
    async with https_vendor(pki) as url:
        workspace = workspace_for(url)
        service = workspace.service("pgi", "test")

        waits: list[float] = []

        async def no_wait(seconds: float) -> None:
            waits.append(seconds)

        service.sleep = no_wait
        with pytest.raises(NetworkError) as caught:
            await service.run("client.get", {"clientId": 4242})
        await workspace.aclose()
    assert caught.value.message.startswith("PGi could not be reached securely")
    assert "does not trust the certificate" in caught.value.message
    assert "File › Settings › Extra trusted certificates" in caught.value.message  # where to mend it
    assert "CERTIFICATE_VERIFY_FAILED" not in caught.value.message
    assert waits == []  # not tried again: the same certificate would be refused again


@pytest.mark.anyio
async def test_with_its_ca_in_the_settings_the_same_vendor_is_trusted(pki):
    async with https_vendor(pki) as url:
        workspace = workspace_for(url, str(pki["ca"]))
        result = await workspace.service("pgi", "test").run("client.get", {"clientId": 4242})
        await workspace.aclose()
    assert result.data == ANSWER


@pytest.mark.anyio
async def test_a_hostname_that_does_not_match_the_certificate_is_refused(pki):
    async with https_vendor(pki) as url:
        # Same server, same trusted CA, but reached as "localhost": the certificate names 127.0.0.1 only.
        client = create_client(ca_bundle=str(pki["ca"]))
        with pytest.raises(httpx.ConnectError):
            await client.post(url.replace("127.0.0.1", "localhost") + "/client/get", json={})
        await client.aclose()


# --- proxies ------------------------------------------------------------------------------------------------


def test_the_systems_proxy_settings_are_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp.example:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    client = create_client()
    assert client._transport_for_url(httpx.URL("https://api.vendor.example/x")) is not client._transport
    proxied = client._transport_for_url(httpx.URL("https://api.vendor.example/x"))
    assert type(proxied._pool).__name__ == "AsyncHTTPProxy"
    assert proxied._pool._proxy_url.host == b"proxy.corp.example"
    assert client._transport_for_url(httpx.URL("https://internal.example/x")) is client._transport
    # The proxy's own TLS checks stay on as well.
    assert proxied._pool._ssl_context.verify_mode == ssl.CERT_REQUIRED


def test_the_in_process_sandbox_never_goes_through_a_proxy(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp.example:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.corp.example:3128")
    workspace = Workspace(Settings(), CredentialStore(), sandbox=build_sandbox(["pgi"]))
    service = workspace.service("pgi")
    url = httpx.URL(service.url_for("api", "/client/get"))
    assert service.client._transport_for_url(url) is service.client._transport


# --- timeouts ---------------------------------------------------------------------------------------------


def test_timeouts_have_sane_defaults():
    client = create_client()
    assert client.timeout.read == DEFAULT_TIMEOUT_S == 30.0
    assert client.timeout.connect == 10.0  # a dead address is reported sooner than a slow answer


@pytest.mark.parametrize(
    ("setting", "read", "connect"), [(5.0, 5.0, 5.0), (120.0, 120.0, 10.0), (0, 30.0, 10.0)]
)
def test_the_timeout_setting_reaches_every_client(setting, read, connect):
    # As written in the file: a timeout of 0 cannot be used and is read as the default.
    (config_dir() / "settings.json").parent.mkdir(parents=True)
    (config_dir() / "settings.json").write_text(json.dumps({"version": 2, "timeout_s": setting}))
    settings = Settings()
    workspace = Workspace(settings, CredentialStore(), sandbox=build_sandbox(["pgi"]))
    client = workspace.service("pgi").client
    assert (client.timeout.read, client.timeout.connect) == (read, connect)
