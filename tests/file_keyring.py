"""A test keyring kept in a JSON file, so that separate processes of one test share it (the real
keyring is never touched).  ``PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring`` with
``SWITCHBOARD_TEST_KEYRING=<file>``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment] - keyring declares it as a classproperty

    @property
    def _path(self) -> Path:
        return Path(os.environ["SWITCHBOARD_TEST_KEYRING"])

    def _entries(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}/{username}"] = password
        self._path.write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        entries.pop(f"{service}/{username}", None)
        self._path.write_text(json.dumps(entries))
