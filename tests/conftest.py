"""Shared test set-up: no real keyring, no real config directory, no internet."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
