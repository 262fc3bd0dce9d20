"""A keyring backend that leaves a mark when anything asks for the keyring at all.

``PYTHON_KEYRING_BACKEND=tests.packaging.tripwire_keyring.Tripwire`` makes keyring
use it for every call; the smoke run must never get that far.
"""

from __future__ import annotations

import os
from pathlib import Path

from keyring.backend import KeyringBackend


class Tripwire(KeyringBackend):
    priority = 1  # type: ignore[assignment] - keyring declares it as a classproperty

    def __init__(self) -> None:
        super().__init__()
        Path(os.environ["SWITCHBOARD_TRIPWIRE"]).write_text("the keyring was used", encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None
