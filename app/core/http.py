"""One httpx.AsyncClient per vendor environment, with explicit limits.

Transport safety: TLS certificates are always verified, against the operating system's
certificate store and the usual roots.  A corporate proxy that re-signs TLS traffic is
trusted through the system's store, or by adding its CA (settings: ``ca_bundle``), never
by switching verification off.  The system's proxy settings
are honoured (``trust_env``: HTTP(S)_PROXY / NO_PROXY, and on Windows and macOS
the system's own proxy configuration, which httpx reads through urllib).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import ssl
import unicodedata
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from app import APP_NAME, __version__
from app.contract.errors import NetworkError, OutcomeUnknown
from app.core.limits import MEGABYTE, AnswerTooLarge, size_limit
from app.core.retry import NOT_DELIVERED, certificate_refused
from app.core.secrets import REDACTED

USER_AGENT = f"{APP_NAME}/{__version__} (+httpx {httpx.__version__})"
DEFAULT_TIMEOUT_S = 30.0
# Opening a connection never needs as long as an answer may: a dead address is reported sooner.
MAX_CONNECT_TIMEOUT_S = 10.0
DEFAULT_MAX_ANSWER_MB = 50  # the largest answer read by default (File › Settings › Largest answer)

log = logging.getLogger(__name__)


def address_problem(url: object) -> str:
    """Why ``url`` cannot be a vendor's address ('' when it can), to follow the name of where it was set.

    Keys travel in every request, so an address must be https; plain http only reaches this
    computer (the sandbox served on loopback), where nothing crosses a network.  It names a
    host and, if any, a port from 1 to 65535; a space, a tab, a line break or another control
    character would make every call to it fail; a user name or password in it would be sent
    and written into the history, so credentials go in the keychain instead.  The sentence
    never repeats a password the address held."""
    if not isinstance(url, str) or not url.strip():
        return "must be a web address such as https://api.example.com."
    shown = without_credentials(url)
    if any(char.isspace() or unicodedata.category(char)[0] == "C" for char in url):
        return f"holds a space, a tab, a line break or another control character ({shown!r})."
    if _USERINFO.match(url):
        return (
            f"must not contain a user name or password ({shown}); credentials stay in the keychain "
            "(enter them under Credentials…)."
        )
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # an unbalanced [ in the host, a port that is not a number or above 65535
        return f"is not a web address such as https://api.example.com ({shown!r})."
    if parts.scheme not in ("https", "http") or not host or not _httpx_accepts(url):
        return f"is not a web address such as https://api.example.com ({shown!r})."
    if port == 0:
        return f"names port 0; a port is a number from 1 to 65535 ({shown!r})."
    if parts.scheme == "http" and not is_loopback(host):
        return "must use https:// (plain http:// is accepted only for this computer, e.g. http://127.0.0.1)."
    return ""


# A user name and password: what stands between "scheme://" and the last "@" before the host.
_USERINFO = re.compile(r"(?i)^[a-z][a-z0-9+.-]*://[^/?#]*@")
# In a sentence about an address refused, anything up to the last "@": a password may hold a "/".
_SHOWN_USERINFO = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://)(.*)@")


def without_credentials(url: str) -> str:
    """``url`` for a sentence about it: a user name and password it may hold are replaced."""
    return _SHOWN_USERINFO.sub(lambda match: f"{match.group(1)}{REDACTED}@", url, count=1)


def _httpx_accepts(url: str) -> bool:
    try:
        httpx.URL(url)
    except httpx.InvalidURL:  # a space or another character no URL may hold
        return False
    return True


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: addresses that never leave this computer."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def too_large_sentence(vendor_name: str, error: AnswerTooLarge) -> str:
    return (
        f"{vendor_name}'s answer was larger than {error.limit // MEGABYTE:,} MB, so Switchboard stopped "
        "reading it and did not ask again. Ask for less (a smaller page, fewer records), or raise "
        "“Largest answer” under File › Settings."
    )


def network_error(vendor_name: str, error: httpx.TransportError, write_label: str = "") -> NetworkError:
    """The sentence for a request that got no answer, the same for data calls, sign-ins and sign-outs.

    ``write_label`` names a write that may have been done (it was sent, no answer came): the
    user is then told to check before trying again, since repeating could do it twice."""
    if isinstance(error, AnswerTooLarge):
        sentence = too_large_sentence(vendor_name, error)
        if write_label:  # sent, and its answer not read to the end: it may have been done
            return OutcomeUnknown(f"{sentence} Check whether “{write_label}” was done before trying again.")
        return NetworkError(sentence)
    if certificate_refused(error):
        return NetworkError(
            f"{vendor_name} could not be reached securely: this computer does not trust the certificate "
            "it was shown (neither this computer's certificate store nor the usual roots vouch for it). "
            "If your organisation inspects web traffic, ask IT to add its certificate to this "
            "computer's store, or for the file to add under File › Settings › Extra trusted certificates."
        )
    if isinstance(error, NOT_DELIVERED):
        why = "the connection timed out" if isinstance(error, httpx.ConnectTimeout) else "nothing answered"
        return NetworkError(f"{vendor_name} could not be reached ({why}). Check the network and the address.")
    timed_out = isinstance(error, httpx.TimeoutException)
    what = "did not answer in time" if timed_out else "broke the connection before answering"
    if write_label:
        return OutcomeUnknown(
            f"{vendor_name} {what}, so it is not known whether "
            f'"{write_label}" was done. Check the record before trying again.'
        )
    if timed_out:
        return NetworkError(f"{vendor_name} did not answer in time. Try again, or check the network.")
    return NetworkError(f"The connection to {vendor_name} broke before it answered. Try again.")


def ca_bundle_problem(path: str) -> str:
    """Why the CA bundle at ``path`` cannot be used ('' when it can, or when none is set)."""
    if not path:
        return ""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except (OSError, ssl.SSLError, ValueError) as exc:
        return _problem(path, exc)
    return ""


def _problem(path: str, error: Exception) -> str:
    why = "it does not exist" if isinstance(error, FileNotFoundError) else f"{type(error).__name__}"
    return (
        f"The CA bundle {path} could not be used ({why}), so only the usual certificate "
        "authorities are trusted. Check the CA bundle in Settings."
    )


def tls_verification(ca_bundle: str = "") -> ssl.SSLContext:
    """What httpx's ``verify`` gets: a context that trusts the operating system's own certificate
    store (truststore: the Windows and macOS stores, OpenSSL's on Linux), the usual roots besides
    (certifi, or SSL_CERT_FILE / SSL_CERT_DIR when set), and ``ca_bundle`` when given.

    Behind a corporate proxy that inspects TLS, IT has usually put its certificate in the system's
    store already, so nothing needs setting here.  The context keeps CERT_REQUIRED and hostname
    checking; a bundle that cannot be loaded is reported in the log and left out, so a broken
    setting never turns verification off.
    """
    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _load_usual_roots(context)
    if ca_bundle:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError, ValueError) as exc:
            log.warning(_problem(ca_bundle, exc))
    return context


def _load_usual_roots(context: ssl.SSLContext) -> None:
    """The roots httpx trusts by default (SSL_CERT_FILE / SSL_CERT_DIR when set, else certifi)."""
    if os.environ.get("SSL_CERT_FILE"):
        context.load_verify_locations(cafile=os.environ["SSL_CERT_FILE"])
    elif os.environ.get("SSL_CERT_DIR"):
        context.load_verify_locations(capath=os.environ["SSL_CERT_DIR"])
    else:
        import certifi

        context.load_verify_locations(cafile=certifi.where())


def create_client(
    transport: httpx.AsyncBaseTransport | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_connections: int = 10,
    event_hooks: dict[str, list[Callable[..., Any]]] | None = None,
    ca_bundle: str = "",
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_MB * MEGABYTE,
) -> httpx.AsyncClient:
    timeout_s = timeout_s if timeout_s > 0 else DEFAULT_TIMEOUT_S  # 0 would mean "fail at once"
    hooks = {key: list(value) for key, value in (event_hooks or {}).items()}
    # First of the response hooks: the activity history's reads the answer within the limit too.
    hooks["response"] = [size_limit(max_answer_bytes), *hooks.get("response", [])]
    return httpx.AsyncClient(
        transport=transport,
        event_hooks=hooks,
        verify=tls_verification(ca_bundle),
        trust_env=True,
        timeout=httpx.Timeout(timeout_s, connect=min(MAX_CONNECT_TIMEOUT_S, timeout_s)),
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,
    )
