"""Credentials: the OS keyring first, environment variables for headless use, memory as a fallback.

Secrets are stored under the service name "Switchboard" with the user name
``<vendor>/<environment>/<field>``.  ``SWITCHBOARD_<VENDOR>_<FIELD>`` overrides
the keyring for every environment (scripts, CI); ``SWITCHBOARD_NO_KEYRING=1``
keeps the keyring out entirely.  When no keyring backend works, values live in
memory for this session only and :attr:`CredentialStore.persistent` says so.

Keys are copied from vendor portals and emails, and arrive with a line break or spaces
around them: every value is trimmed as it comes in (typed, saved, read back, from the
environment).  A control character inside a value cannot be sent at all, and a header
carries only ASCII: :func:`credential_problems` names such a value before anything is sent.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named: reading the store must not import httpx with the vendor contract
    from app.contract.vendor import CredentialField

SERVICE_NAME = "Switchboard"


class Source(Enum):
    ENVIRONMENT = "environment variable"
    KEYRING = "keyring"
    MEMORY = "this session only"


def env_var_name(vendor: str, field: str) -> str:
    return f"SWITCHBOARD_{vendor.upper()}_{field.upper()}"


def trimmed(value: str | None) -> str | None:
    """``value`` without the spaces, tabs and line breaks around it (None when nothing is left)."""
    if value is None:
        return None
    return value.strip() or None


def value_problem(value: str, in_header: bool) -> str:
    """What makes a credential value impossible to send ('' when nothing does), as a phrase."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value):
        return "holds a line break or another control character"
    if in_header and not value.isascii():
        return "holds a character a request header cannot carry (only plain letters, digits and punctuation)"
    return ""


def credential_problems(
    fields: Iterable[CredentialField], header_fields: Collection[str], values: Mapping[str, str]
) -> dict[str, str]:
    """Per field name, the label and why its value cannot be sent: "API key holds a line break…"."""
    problems: dict[str, str] = {}
    for spec in fields:
        problem = value_problem(values.get(spec.name) or "", spec.name in header_fields)
        if problem:
            problems[spec.name] = f"{spec.label} {problem}"
    return problems


class CredentialStore:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        self._memory: dict[str, str] = {}
        # What the keyring answered, absent values included: a request asks for the credentials each
        # time, and a keyring read is a D-Bus or system call on the GUI thread.  This store is the
        # app's only writer, so set() and delete() keep it true.
        self._read: dict[str, str | None] = {}
        self._keyring_checked = False
        self._keyring_error = ""

    # --- keyring availability ------------------------------------------------------------------

    def _keyring(self):  # -> module | None; keyring is imported lazily: discovering backends is slow
        if self._environ.get("SWITCHBOARD_NO_KEYRING") == "1":
            self._keyring_error = "The keyring is switched off (SWITCHBOARD_NO_KEYRING=1)."
            return None
        import keyring
        import keyring.backends.fail

        if not self._keyring_checked:
            self._keyring_checked = True
            backend = keyring.get_keyring()
            if isinstance(backend, keyring.backends.fail.Keyring) or getattr(backend, "priority", 1) <= 0:
                self._keyring_error = (
                    "No system keyring is available, so credentials are kept in memory "
                    "for this session only and must be entered again next time."
                )
        return None if self._keyring_error else keyring

    @property
    def persistent(self) -> bool:
        return self._keyring() is not None

    @property
    def problem(self) -> str:
        """Why credentials are not saved permanently ('' when the keyring works)."""
        self._keyring()
        return self._keyring_error

    # --- values ------------------------------------------------------------------------------

    def get(self, vendor: str, environment: str, field: str) -> str | None:
        value, _ = self.lookup(vendor, environment, field)
        return value

    def lookup(self, vendor: str, environment: str, field: str) -> tuple[str | None, Source | None]:
        from_env = trimmed(self._environ.get(env_var_name(vendor, field)))
        if from_env:
            return from_env, Source.ENVIRONMENT
        key = _user_name(vendor, environment, field)
        if key in self._memory:
            return self._memory[key], Source.MEMORY
        if key not in self._read:
            backend = self._keyring()
            if backend is None:
                return None, None
            try:
                self._read[key] = backend.get_password(SERVICE_NAME, key)
            except backend.errors.KeyringError as exc:
                self._keyring_error = f"The system keyring could not be read ({type(exc).__name__})."
                return None, None
        # Trimmed on the way out too: a value saved by an earlier version may still carry a line break.
        value = trimmed(self._read[key])
        return (value, Source.KEYRING) if value else (None, None)

    def set(self, vendor: str, environment: str, field: str, value: str) -> Source:
        value = value.strip()
        key = _user_name(vendor, environment, field)
        backend = self._keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE_NAME, key, value)
                self._memory.pop(key, None)
                self._read[key] = value
                return Source.KEYRING
            except backend.errors.KeyringError as exc:
                self._keyring_error = (
                    f"The system keyring refused to save ({type(exc).__name__}); "
                    "kept in memory for this session only."
                )
        self._memory[key] = value
        return Source.MEMORY

    def delete(self, vendor: str, environment: str, field: str) -> None:
        key = _user_name(vendor, environment, field)
        self._memory.pop(key, None)
        self._read.pop(key, None)
        backend = self._keyring()
        if backend is not None:
            # Nothing stored means it is already deleted.
            with contextlib.suppress(backend.errors.PasswordDeleteError):
                backend.delete_password(SERVICE_NAME, key)

    def complete(self, vendor: str, environment: str, fields: list[str]) -> dict[str, str] | None:
        """All of ``fields`` for one vendor environment, or None when any is missing."""
        values: dict[str, str] = {}
        for field in fields:
            value = self.get(vendor, environment, field)
            if not value:
                return None
            values[field] = value
        return values


def _user_name(vendor: str, environment: str, field: str) -> str:
    return f"{vendor}/{environment}/{field}"
